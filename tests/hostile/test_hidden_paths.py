"""Paths the routes accept follow Jupyter's contents API: hidden files stay hidden unless the server
allows them, a symbolic link inside the root is followed, `..` never leaves the root, and a message
names the path as the user typed it."""

import json
import shutil
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError

from factories import notebook_json

EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "churn_analysis.ipynb"
CELLS = ["import math", "RADIUS = 2.0\n\n\ndef area(r):\n    return math.pi * r ** 2", "print(area(RADIUS))"]


async def call(jp_fetch, route: str, **body) -> tuple[int, dict]:
    try:
        if route == "badge":
            response = await jp_fetch("jupyterlab-promote", "badge", params={"path": body["path"]})
            return response.code, {}
        response = await jp_fetch("jupyterlab-promote", route, method="POST", body=json.dumps(body))
    except HTTPClientError as error:
        return error.code, json.loads(error.response.body)
    return response.code, json.loads(response.body)


def saved(folder: Path, name: str = "shapes.ipynb") -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(notebook_json(*CELLS)), encoding="utf-8")
    return name


HIDDEN = [".private/shapes.ipynb", ".shapes.ipynb", "visible/.checkpoints/shapes.ipynb"]


@pytest.mark.parametrize("path", HIDDEN)
@pytest.mark.parametrize("route", ["analyze", "badge", "extract", "fix", "verify"])
async def test_hidden_notebooks_are_404_like_the_contents_api(jp_fetch, jp_root_dir, path, route):
    target = jp_root_dir / path
    saved(target.parent, target.name)
    code, body = await call(jp_fetch, route, path=path, cell_ids=["c1"], module="geometry.py", fix_id="x")
    assert code == 404 and "hidden" in body["message"], body
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


async def test_hidden_notebooks_are_analysed_when_the_server_allows_hidden_files(jp_fetch, jp_root_dir,
                                                                                 jp_serverapp):
    saved(jp_root_dir / ".private")
    jp_serverapp.contents_manager.allow_hidden = True
    code, entry = await call(jp_fetch, "analyze", path=".private/shapes.ipynb")
    assert code == 200 and entry["error"] is None


async def test_extract_never_writes_into_a_hidden_folder(jp_fetch, jp_root_dir):
    (jp_root_dir / ".private").mkdir()
    (jp_root_dir / "pkg").symlink_to(jp_root_dir / ".private", target_is_directory=True)
    code, body = await call(jp_fetch, "extract", path="shapes.ipynb", notebook=notebook_json(*CELLS),
                            cell_ids=["c1"], module="pkg/geometry.py")
    assert code == 409 and "hidden" in body["message"], body
    assert list((jp_root_dir / ".private").iterdir()) == []


async def test_a_fix_never_writes_into_a_hidden_folder(jp_fetch, jp_root_dir):
    (jp_root_dir / ".private").mkdir()
    (jp_root_dir / ".private" / "requirements.txt").write_text("pandas==2.0\n")
    (jp_root_dir / "requirements.txt").symlink_to(jp_root_dir / ".private" / "requirements.txt")
    data = notebook_json("import nbformat\nprint(nbformat.__version__)")
    code, entry = await call(jp_fetch, "analyze", path="a.ipynb", notebook=data)
    fix = next(f for finding in entry["findings"] if finding["name"] == "undeclared-dependency"
               for f in finding["fixes"] if any(e["type"] == "file" for e in f["edits"]))
    code, body = await call(jp_fetch, "fix", path="a.ipynb", notebook=data, fix_id=fix["id"], apply_files=True)
    assert code == 409 and "hidden" in body["message"], body
    assert (jp_root_dir / ".private" / "requirements.txt").read_text() == "pandas==2.0\n"


async def test_a_notebook_reached_through_a_symlinked_folder_is_analysed(jp_fetch, jp_root_dir, tmp_path_factory):
    shared = tmp_path_factory.mktemp("shared")
    shutil.copy(EXAMPLE, shared / "churn.ipynb")
    (jp_root_dir / "shared").symlink_to(shared, target_is_directory=True)
    code, entry = await call(jp_fetch, "analyze", path="shared/churn.ipynb")
    assert code == 200 and entry["path"] == "shared/churn.ipynb" and entry["score"] is not None


async def test_nothing_is_written_next_to_a_notebook_whose_real_folder_is_outside_the_root(
        jp_fetch, jp_root_dir, tmp_path_factory):
    shared = tmp_path_factory.mktemp("shared")
    saved(shared)
    (jp_root_dir / "shared").symlink_to(shared, target_is_directory=True)
    code, body = await call(jp_fetch, "extract", path="shared/shapes.ipynb", cell_ids=["c1"], module="geometry.py")
    assert code == 409 and "outside the server's root" in body["message"], body
    assert sorted(p.name for p in shared.iterdir()) == ["shapes.ipynb"]


@pytest.mark.parametrize("path", ["../x.ipynb", "sub/../../x.ipynb", "shared/../x.ipynb"])
async def test_dot_dot_never_leaves_the_root(jp_fetch, jp_root_dir, tmp_path_factory, path):
    shared = tmp_path_factory.mktemp("shared") / "inner"
    saved(shared, "x.ipynb")
    saved(shared.parent, "x.ipynb")
    saved(jp_root_dir.parent, "x.ipynb")
    (jp_root_dir / "sub").mkdir()
    (jp_root_dir / "shared").symlink_to(shared, target_is_directory=True)
    code, _ = await call(jp_fetch, "analyze", path=path)
    assert code == 403


@pytest.mark.parametrize("route", ["analyze", "badge", "extract", "fix", "verify"])
async def test_a_percent_sign_in_a_path_is_shown_as_typed(jp_fetch, jp_root_dir, route):
    code, body = await call(jp_fetch, route, path="100% done/missing.ipynb", cell_ids=["c1"], module="geometry.py",
                            fix_id="x")
    assert code == 404 and "'100% done/missing.ipynb'" in body["message"], body
