"""What the tool writes: inside the server's root, all or nothing, with ordinary permissions, and a
symbolic link stays a link (the text goes to the file it points to, when that file may be written)."""

import json
import os
import stat
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_promote.cli import main
from jupyterlab_promote.engine.extract import files as extract_files
from jupyterlab_promote.engine.files import atomic
from jupyterlab_promote.engine.notebook.stamp import write_stamp

from factories import notebook_json

CELLS = ["import math", "RADIUS = 2.0\n\n\ndef area(r):\n    return math.pi * r ** 2", "print(area(RADIUS))"]
LONG_MODULE = "m" * 300 + ".py"


async def post(jp_fetch, route: str, **body) -> tuple[int, dict]:
    try:
        response = await jp_fetch("jupyterlab-promote", route, method="POST", body=json.dumps(body))
    except HTTPClientError as error:
        return error.code, json.loads(error.response.body)
    return response.code, json.loads(response.body)


def files_below(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_027():
    previous = os.umask(0o027)
    yield
    os.umask(previous)


# Permissions


def test_new_files_get_the_mode_open_would_give_and_existing_files_keep_theirs(tmp_path, umask_027):
    atomic.write_text_atomic(tmp_path / "new.txt", "x\n")
    atomic.write_text_atomic(tmp_path / "created.txt", "x\n", exclusive=True)
    kept = tmp_path / "kept.txt"
    kept.write_text("old\n")
    kept.chmod(0o604)
    atomic.write_text_atomic(kept, "new\n")
    assert (mode(tmp_path / "new.txt"), mode(tmp_path / "created.txt"), mode(kept)) == (0o640, 0o640, 0o604)


def test_the_umask_is_read_without_changing_it(umask_027):
    assert atomic.current_umask() == 0o027 and atomic.new_file_mode() == 0o640


def test_the_umask_is_read_where_proc_is_missing(umask_027, monkeypatch):
    def no_proc(*args, **kwargs):
        raise FileNotFoundError("/proc/self/status")

    monkeypatch.setattr(atomic, "open", no_proc, raising=False)
    assert atomic.current_umask() == 0o027 and os.umask(0o027) == 0o027


def test_badge_and_extract_from_the_cli_write_readable_files(tmp_path, umask_027):
    notebook = tmp_path / "shapes.ipynb"
    notebook.write_text(json.dumps(notebook_json(*CELLS)), encoding="utf-8")
    assert main(["badge", str(notebook), "-o", str(tmp_path / "badge.svg")]) == 0
    assert main(["extract", str(notebook), "--cells", "1", "--module", "geometry.py"]) == 0
    assert {mode(tmp_path / name) for name in ("badge.svg", "geometry.py", "test_geometry.py")} == {0o640}


# Symbolic links


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old\n")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic.write_text_atomic(link, "new\n")
    assert link.is_symlink() and real.read_text() == "new\n" and mode(real) == 0o640


def test_verify_stamps_a_symlinked_notebook_through_the_link(tmp_path):
    real = tmp_path / "shared" / "analysis.ipynb"
    real.parent.mkdir()
    real.write_text(json.dumps(notebook_json("x = 1")), encoding="utf-8")
    link = tmp_path / "analysis.ipynb"
    link.symlink_to(real)
    write_stamp(link, {"passed": True, "source_hash": "abc"}, 10)
    assert link.is_symlink() and "jupyterlab_promote" in json.loads(real.read_text())["metadata"]


async def fix_for_requirements(jp_fetch, path: str) -> dict:
    data = notebook_json("import nbformat\nprint(nbformat.__version__)")
    code, entry = await post(jp_fetch, "analyze", path=path, notebook=data)
    assert code == 200
    return next(f for finding in entry["findings"] if finding["name"] == "undeclared-dependency"
                for f in finding["fixes"] if any(e["type"] == "file" for e in f["edits"]))


async def test_a_symlinked_requirements_file_inside_the_root_is_written_through(jp_fetch, jp_root_dir):
    (jp_root_dir / "shared").mkdir()
    (jp_root_dir / "shared" / "requirements.txt").write_text("pandas==2.0\n")
    (jp_root_dir / "nb").mkdir()
    link = jp_root_dir / "nb" / "requirements.txt"
    link.symlink_to(jp_root_dir / "shared" / "requirements.txt")
    fix = await fix_for_requirements(jp_fetch, "nb/a.ipynb")
    code, body = await post(jp_fetch, "fix", path="nb/a.ipynb", notebook=notebook_json(
        "import nbformat\nprint(nbformat.__version__)"), fix_id=fix["id"], apply_files=True)
    assert code == 200 and body["files"][0]["path"] == "shared/requirements.txt", body
    assert link.is_symlink() and "nbformat==" in (jp_root_dir / "shared" / "requirements.txt").read_text()


async def test_a_symlinked_requirements_file_pointing_outside_the_root_is_refused(jp_fetch, jp_root_dir,
                                                                                 tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "requirements.txt"
    outside.write_text("pandas==2.0\n")
    (jp_root_dir / "requirements.txt").symlink_to(outside)
    fix = await fix_for_requirements(jp_fetch, "a.ipynb")
    code, body = await post(jp_fetch, "fix", path="a.ipynb", notebook=notebook_json(
        "import nbformat\nprint(nbformat.__version__)"), fix_id=fix["id"], apply_files=True)
    assert code == 409 and "symbolic link to a file outside" in body["message"], body
    assert outside.read_text() == "pandas==2.0\n" and (jp_root_dir / "requirements.txt").is_symlink()


async def test_a_requirements_file_one_folder_up_inside_the_root_is_fixed(jp_fetch, jp_root_dir):
    (jp_root_dir / "requirements.txt").write_text("pandas==2.0\n")
    (jp_root_dir / "analysis").mkdir()
    fix = await fix_for_requirements(jp_fetch, "analysis/a.ipynb")
    code, body = await post(jp_fetch, "fix", path="analysis/a.ipynb", notebook=notebook_json(
        "import nbformat\nprint(nbformat.__version__)"), fix_id=fix["id"], apply_files=True)
    assert code == 200 and body["files"][0]["path"] == "requirements.txt", body
    assert "nbformat==" in (jp_root_dir / "requirements.txt").read_text()


# Extract: inside the root, all or nothing


async def extract(jp_fetch, **body) -> tuple[int, dict]:
    return await post(jp_fetch, "extract", path="shapes.ipynb", notebook=notebook_json(*CELLS), cell_ids=["c1"],
                      **body)


async def test_a_tests_folder_above_the_root_is_not_used(jp_fetch, jp_root_dir):
    """The README's demo: the server's root is examples/, the repository's tests/ is one folder up."""
    above = jp_root_dir.parent / "tests"
    above.mkdir()
    code, plan = await extract(jp_fetch, module="geometry.py")
    assert code == 200 and plan["written"] == ["geometry.py", "test_geometry.py"], plan
    assert list(above.iterdir()) == []


async def test_a_tests_folder_inside_the_root_is_used(jp_fetch, jp_root_dir):
    (jp_root_dir / "tests").mkdir()
    (jp_root_dir / "nb").mkdir()
    code, plan = await post(jp_fetch, "extract", path="nb/shapes.ipynb", notebook=notebook_json(*CELLS),
                            cell_ids=["c1"], module="geometry.py")
    assert code == 200 and plan["written"] == ["nb/geometry.py", "tests/test_geometry.py"], plan


@pytest.mark.parametrize("linked", ["tests", "pkg"])
async def test_a_symlinked_folder_pointing_outside_the_root_is_refused(jp_fetch, jp_root_dir, tmp_path_factory,
                                                                      linked):
    outside = tmp_path_factory.mktemp("outside")
    (jp_root_dir / linked).symlink_to(outside, target_is_directory=True)
    code, body = await extract(jp_fetch, module="pkg/geometry.py")
    assert code == 409 and "outside the server's root directory through a symbolic link" in body["message"], body
    assert list(outside.iterdir()) == [] and files_below(jp_root_dir) == [linked]


async def test_a_failed_second_file_removes_the_first_and_its_folders(jp_fetch, jp_root_dir, monkeypatch):
    (jp_root_dir / "tests").mkdir()
    original = extract_files.write_text_atomic

    def fail_on_the_module(target, content, exclusive=False):
        if target.name == "geometry.py":
            raise OSError(28, "No space left on device", str(target))
        original(target, content, exclusive)

    monkeypatch.setattr(extract_files, "write_text_atomic", fail_on_the_module)
    code, body = await extract(jp_fetch, module="pkg/sub/geometry.py")
    assert code == 409 and "No space left on device" in body["message"], body
    assert files_below(jp_root_dir) == ["tests"]


@pytest.mark.parametrize(("module", "status"), [(LONG_MODULE, 400), ("pkg/" + "p" * 300 + "/x.py", 400),
                                                ("bad\x00name.py", 409)])
async def test_an_unusable_module_name_is_a_clear_4xx(jp_fetch, jp_root_dir, module, status):
    code, body = await extract(jp_fetch, module=module)
    assert code == status and "Nothing was extracted" in body["message"], body
    assert files_below(jp_root_dir) == []


def test_the_cli_says_an_unusable_module_name_in_one_line(tmp_path, capsys):
    notebook = tmp_path / "shapes.ipynb"
    notebook.write_text(json.dumps(notebook_json(*CELLS)), encoding="utf-8")
    assert main(["extract", str(notebook), "--cells", "1", "--module", LONG_MODULE]) == 2
    assert "bytes long" in capsys.readouterr().err and sorted(os.listdir(tmp_path)) == ["shapes.ipynb"]


def test_the_cli_undoes_the_new_files_when_the_notebook_cannot_be_written(tmp_path, capsys, monkeypatch):
    notebook = tmp_path / "shapes.ipynb"
    notebook.write_text(json.dumps(notebook_json(*CELLS)), encoding="utf-8")
    before = notebook.read_bytes()
    original = atomic.write_text_atomic

    def fail_on_the_notebook(target, content, exclusive=False):
        if Path(target).suffix == ".ipynb":
            raise OSError(28, "No space left on device", str(target))
        original(target, content, exclusive)

    monkeypatch.setattr(atomic, "write_text_atomic", fail_on_the_notebook)
    assert main(["extract", str(notebook), "--cells", "1", "--module", "pkg/geometry.py"]) == 1
    assert "nothing written" in capsys.readouterr().out
    assert sorted(os.listdir(tmp_path)) == ["shapes.ipynb"] and notebook.read_bytes() == before


def test_appending_to_a_fifo_named_like_the_module_is_refused_at_once(tmp_path, capsys):
    notebook = tmp_path / "shapes.ipynb"
    notebook.write_text(json.dumps(notebook_json(*CELLS)), encoding="utf-8")
    os.mkfifo(tmp_path / "shapes_lib.py")  # an open() of it would wait for a writer forever
    assert main(["extract", str(notebook), "--cells", "1", "--module", "shapes_lib.py", "--append"]) == 1
    assert "cannot be appended to: not a regular file" in capsys.readouterr().out
    assert sorted(os.listdir(tmp_path)) == ["shapes.ipynb", "shapes_lib.py"]
