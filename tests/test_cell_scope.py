"""Cell-scoped rules and reused cells: what makes a live re-analysis rebuild only the edited cell."""

from pathlib import Path

import pytest

from jupyterlab_promote.engine import check_json
from jupyterlab_promote.engine.notebook.model import Notebook, RecentCells, notebook_from_dict
from jupyterlab_promote.engine.notebook.reading import read_notebook_file
from jupyterlab_promote.engine.project.config import load_config
from jupyterlab_promote.engine.report.cell_scope import CellScopedFindings
from jupyterlab_promote.engine.rules import ALL_RULES

from factories import notebook_json

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(
    [*(REPO / "examples").rglob("*.ipynb"), *(REPO / "tests" / "golden" / "notebooks").glob("*.ipynb"),
     *(REPO / "tests" / "fixtures").rglob("*.ipynb")]
)
CELL_SCOPED = [rule for rule in ALL_RULES if rule.scope == "cell"]


def _shown(violations) -> list[tuple]:
    return [
        (v.message, v.cell.index if v.cell else None, v.line, v.column, v.end_line, v.end_column,
         [fix.to_json() for fix in v.fixes], v.severity, v.weight)
        for v in violations
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_cell_scoped_rules_find_in_a_notebook_the_union_of_what_they_find_in_each_cell(path):
    nb = notebook_from_dict(read_notebook_file(path, 100), path, load_config(path))
    for rule in CELL_SCOPED:
        per_cell = [v for cell in nb.cells for v in rule.check(Notebook([cell], nb.metadata, nb.path, nb.config))]
        assert _shown(rule.check(nb)) == _shown(per_cell), rule.code


def test_kept_findings_follow_an_edit_and_match_a_fresh_run():
    findings = CellScopedFindings()
    data = notebook_json("for a in x:\n    for b in a:\n        if b:\n            pass", "y = 1")
    rule = next(rule for rule in CELL_SCOPED if rule.code == "MD005")
    first = notebook_from_dict(data)
    assert _shown(findings.check(rule, first)) == _shown(rule.check(first))
    data["cells"][0]["source"] = "z = 2"
    edited = notebook_from_dict(data)
    assert findings.check(rule, edited) == [] == list(rule.check(edited))


def test_unchanged_cells_are_reused_and_changed_ones_are_not():
    cells = RecentCells()
    raw = {"cell_type": "code", "id": "a", "source": "x = 1", "metadata": {}, "outputs": [{"output_type": "stream"}]}
    first = cells.cell(0, raw)
    assert cells.cell(0, raw) is first
    assert cells.cell(1, raw) is not first
    assert cells.cell(0, dict(raw, source="x = 2")) is not first
    assert cells.cell(0, dict(raw, metadata={"tags": ["t"]})) is not first
    assert cells.cell(0, dict(raw, outputs=[{"output_type": "stream"}])) is not first


def test_a_live_edit_gives_the_findings_of_a_fresh_analysis():
    data = notebook_json("import numpy as np\nnp.random.rand(3)", "for a in x:\n    for b in a:\n        if b:\n            pass")
    check_json(data, "live.ipynb")
    data["cells"][1] = dict(data["cells"][1], source="y = np.random.rand(2)")
    again = check_json(data, "live.ipynb")
    fresh = check_json({**data, "cells": [dict(cell) for cell in data["cells"]]}, "live.ipynb")
    assert again == fresh
    assert "MD005" not in {finding["code"] for finding in again["findings"]}
