"""`jupyter-promote extract`: writes module, tests and notebook; refusals and dry runs change nothing."""

import json
from pathlib import Path

import pytest

from jupyterlab_promote.cli import main

from factories import notebook_json

CELLS = ["import math", "RADIUS = 2.0\n\n\ndef area(r):\n    return math.pi * r ** 2", "print(area(RADIUS))"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def notebook(tmp_path) -> Path:
    path = tmp_path / "shapes.ipynb"
    path.write_text(json.dumps(notebook_json(*CELLS)), encoding="utf-8")
    return path


def test_extract_writes_the_module_the_tests_and_the_notebook(notebook, capsys):
    assert main(["extract", str(notebook), "--cells", "1", "--module", "geometry.py"]) == 0
    folder = notebook.parent
    assert "def area(r):" in (folder / "geometry.py").read_text()
    assert "extracted.area" in (folder / "test_geometry.py").read_text()
    cells = json.loads(notebook.read_text())["cells"]
    assert "".join(cells[1]["source"]) == "from geometry import RADIUS, area"
    assert "wrote" in capsys.readouterr().out


def test_cells_can_be_named_by_id_and_tests_skipped(notebook):
    assert main(["extract", str(notebook), "--cells", "c1", "--module", "geometry.py", "--no-tests"]) == 0
    assert not (notebook.parent / "test_geometry.py").exists()


def test_dry_run_prints_and_changes_nothing(notebook, capsys):
    before = snapshot(notebook.parent)
    assert main(["extract", str(notebook), "--cells", "1", "--module", "geometry.py", "--dry-run"]) == 0
    assert "def area(r):" in capsys.readouterr().out
    assert snapshot(notebook.parent) == before


def test_a_dry_run_of_a_repeated_block_shows_every_cell_it_changes(tmp_path, capsys):
    from test_extract_duplicates import CELLS as SCALING

    path = tmp_path / "scaling.ipynb"
    path.write_text(json.dumps(notebook_json(*SCALING)), encoding="utf-8")
    before = snapshot(tmp_path)
    assert main(["extract", str(path), "--duplicate", "2:2", "--module", "steps.py", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "# the notebook's cell #3 (index 2) becomes:\nfrom steps import repeated_block" in out
    assert "# the notebook's cell #4 (index 3) becomes:" in out and "note: 2 copies become calls" in out
    assert snapshot(tmp_path) == before


def test_a_refusal_exits_1_and_changes_nothing(notebook, capsys):
    before = snapshot(notebook.parent)
    assert main(["extract", str(notebook), "--cells", "2", "--module", "../outside.py"]) == 1
    assert "refused, nothing written" in capsys.readouterr().out
    assert snapshot(notebook.parent) == before


@pytest.mark.parametrize("args", [["--cells", ",", "--module", "m.py"], ["--module", "m.py"]])
def test_usage_errors_exit_2(notebook, capsys, args):
    assert main(["extract", str(notebook), *args]) == 2
    assert capsys.readouterr().err.startswith("jupyter-promote: error:")


def test_an_unreadable_notebook_is_a_usage_error(tmp_path, capsys):
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{", encoding="utf-8")
    assert main(["extract", str(broken), "--cells", "0", "--module", "m.py"]) == 2
    assert "truncated" in capsys.readouterr().err


def test_a_repeated_block_is_extracted_from_the_cli(tmp_path, capsys):
    from test_extract_duplicates import CELLS as REPEATED

    path = tmp_path / "scaling.ipynb"
    path.write_text(json.dumps(notebook_json(*REPEATED)), encoding="utf-8")
    assert main(["extract", str(path), "--duplicate", "2:2", "--module", "steps.py", "--function", "scale"]) == 0
    sources = ["".join(c["source"]) for c in json.loads(path.read_text())["cells"]]
    assert sources[3].endswith("scaled_test = scale(test, 2.0)")
    assert main(["extract", str(path), "--duplicate", "2", "--module", "x.py"]) == 2


def test_without_a_boundary_the_projects_tests_folder_above_is_still_used(tmp_path):
    (tmp_path / "tests").mkdir()
    notebook = tmp_path / "analysis" / "shapes.ipynb"
    notebook.parent.mkdir()
    notebook.write_text(json.dumps(notebook_json(*CELLS)), encoding="utf-8")
    assert main(["extract", str(notebook), "--cells", "1", "--module", "geometry.py"]) == 0
    assert (tmp_path / "tests" / "test_geometry.py").is_file() and (notebook.parent / "geometry.py").is_file()


def test_a_module_name_too_long_for_the_file_system_is_a_usage_error(notebook, capsys):
    before = snapshot(notebook.parent)
    assert main(["extract", str(notebook), "--cells", "1", "--module", "pkg/" + "m" * 300 + ".py"]) == 2
    assert capsys.readouterr().err.count("\n") == 1 and snapshot(notebook.parent) == before
