"""Per-cell summaries of notebook-level rules, kept with reused cells (cell_memo.py)."""

from jupyterlab_promote.engine import check_json
from jupyterlab_promote.engine.cell_memo import CONTEXTS_PER_CELL, per_cell
from jupyterlab_promote.engine.model import RecentCells, notebook_from_dict

from factories import notebook_json


def test_a_summary_is_computed_once_per_cell_and_context():
    calls = []

    @per_cell
    def length(cell, extra=0):
        calls.append((cell.source, extra))
        return len(cell.source) + extra

    cells = RecentCells()
    cell = cells.cell(0, {"cell_type": "code", "source": "x = 1", "metadata": {}})
    assert length(cell) == length(cell) == 5
    assert length(cell, 10) == 15
    assert calls == [("x = 1", 0), ("x = 1", 10)]
    edited = cells.cell(0, {"cell_type": "code", "source": "x = 22", "metadata": {}})
    assert length(edited) == 6 and len(calls) == 3


def test_a_full_table_of_contexts_starts_again():
    @per_cell
    def plus(cell, n):
        return n

    cell = RecentCells().cell(0, {"cell_type": "code", "source": "", "metadata": {}})
    for n in range(CONTEXTS_PER_CELL + 1):
        assert plus(cell, n) == n
    assert len(cell.summaries[plus.__wrapped__]) == 1


def test_unchanged_cells_keep_their_summaries_through_a_live_edit():
    data = notebook_json("import numpy as np", "np.random.rand(3)", "y = np.random.rand(2)")
    check_json(data, "live.ipynb")
    before = notebook_from_dict(data).cells
    kept = [dict(cell.summaries) for cell in before]
    data["cells"][2] = dict(data["cells"][2], source="y = 2")
    again = check_json(data, "live.ipynb")
    after = notebook_from_dict(data).cells
    assert after[:2] == before[:2] and after[2] is not before[2]
    assert all(kept[i] and after[i].summaries == kept[i] for i in (0, 1))
    assert again == check_json({**data, "cells": [dict(cell) for cell in data["cells"]]}, "live.ipynb")
