"""Per-cell summaries of notebook-level rules, kept with reused cells (cell_memo.py)."""

import ast
import gc
import re
import weakref

from jupyterlab_promote.engine import check_json
from jupyterlab_promote.engine.notebook.cell_memo import (
    SUMMARIES_PER_CELL,
    canonical,
    cells_matching,
    cells_mentioning,
    cells_where,
    per_cell,
    per_node,
    per_source,
    per_text,
)
from jupyterlab_promote.engine.notebook.model import RecentCells, notebook_from_dict
from jupyterlab_promote.engine.notebook.source import parse_cell
from jupyterlab_promote.engine.report.analysis import forget_kept

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


def test_a_full_table_of_summaries_starts_again():
    @per_cell
    def plus(cell, n):
        return n

    cell = RecentCells().cell(0, {"cell_type": "code", "source": "", "metadata": {}})
    for n in range(SUMMARIES_PER_CELL + 1):
        assert plus(cell, n) == n
    assert len(cell.summaries) == 1 and plus(cell, 0) == 0 and len(cell.summaries) == 2


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


def test_a_filter_asks_again_only_about_the_cells_that_changed():
    asked = []

    @per_cell
    def has_x(cell):
        asked.append(cell.source)
        return "x" in cell.source

    recent = RecentCells()
    raw = [{"cell_type": "code", "source": s, "metadata": {}} for s in ("x = 1", "y = 2", "z = 3")]
    cells = [recent.cell(i, c) for i, c in enumerate(raw)]
    assert [c.source for c in cells_where(has_x, cells)] == ["x = 1"]
    assert sorted(asked) == ["x = 1", "y = 2", "z = 3"]
    asked.clear()
    cells[2] = recent.cell(2, dict(raw[2], source="z = x"))
    assert [c.source for c in cells_where(has_x, cells)] == ["x = 1", "z = x"]
    assert asked == ["z = x"]
    cells[1] = recent.cell(1, dict(raw[1], source="y = 3"))
    assert [c.source for c in cells_where(has_x, cells)] == ["x = 1", "z = x"]
    cells[0] = recent.cell(0, dict(raw[0], source="w = 1"))
    assert [c.source for c in cells_where(has_x, cells)] == ["z = x"]
    assert [c.source for c in cells_where(has_x, cells[:2])] == []


def test_text_filters_answer_per_word_list_and_pattern():
    recent = RecentCells()
    cells = [recent.cell(i, {"cell_type": "code", "source": s, "metadata": {}})
             for i, s in enumerate(("model.fit(X)", "print(1)", "%time model.fit(X_test)"))]
    assert cells_mentioning(cells, ("fit(",)) == (cells[0], cells[2])
    assert cells_mentioning(cells, ("predict",)) == ()
    assert cells_matching(cells, re.compile(r"fit\(X_test")) == (cells[2],)


def test_equal_contexts_become_one_object():
    first, second = frozenset({("nump", "numpy.testing")}), frozenset({("nump", "numpy.testing")})
    assert first is not second
    assert canonical(first) is canonical(second) is first
    assert canonical(frozenset({("np", "numpy")})) == frozenset({("np", "numpy")})


def test_text_derived_data_lives_with_the_parse():
    calls = []

    @per_source
    def words(source):
        calls.append(source)
        return len(source.split())

    assert words("a = b + c") == words("a = b + c") == 5
    assert calls == ["a = b + c"]
    parse_cell.cache_clear()
    assert words("a = b + c") == 5 and len(calls) == 2


def test_no_rule_keeps_a_syntax_tree_once_its_parse_and_cells_are_forgotten():
    source = "import pickle, numpy as np\nrows = pickle.load(open('/data/x.pkl', 'rb'))\nnp.random.rand(3)\n"
    data = notebook_json(source, "def fit(X):\n    return StandardScaler().fit(X)\n", "assert fit(1)")
    check_json(data, "trees.ipynb")
    tree = weakref.ref(parse_cell(source).tree)
    forget_kept()
    gc.collect()
    assert tree() is None


def test_a_text_summary_follows_its_text_to_a_renumbered_cell():
    calls = []

    @per_text
    def lines(cell):
        calls.append(cell.index)
        return cell.source.count("\n") + 1

    recent = RecentCells()
    raw = {"cell_type": "code", "source": "x = 1\ny = 2", "metadata": {}}
    assert lines(recent.cell(0, raw)) == 2
    moved = recent.cell(1, raw)  # a cell inserted above: a new Cell with the same text
    assert lines(moved) == 2 and calls == [0]
    assert lines(recent.cell(1, dict(raw, source="z = 3"))) == 1 and calls == [0, 1]


def test_a_text_summary_of_a_raw_or_markdown_cell_is_kept_with_the_cell_unparsed():
    calls = []

    @per_text
    def length(cell):
        calls.append(cell.index)
        return len(cell.source)

    recent = RecentCells()
    for index, kind in enumerate(("raw", "markdown")):
        cell = recent.cell(index, {"cell_type": kind, "source": "%%oops\n!{ not python", "metadata": {}})
        assert length(cell) == length(cell) == 20
        assert "parsed" not in vars(cell)
    assert calls == [0, 1]


def test_a_node_summary_lives_as_long_as_its_node():
    calls = []

    @per_node
    def names(tree):
        calls.append(tree)
        return sorted({n.id for n in ast.walk(tree) if isinstance(n, ast.Name)})

    tree = ast.parse("y = x + x")
    assert names(tree) == names(tree) == ["x", "y"] and len(calls) == 1
    assert names(ast.parse("y = x + x")) == ["x", "y"] and len(calls) == 2  # another tree, another node
    gone = weakref.ref(tree)
    del tree
    calls.clear()
    gc.collect()
    assert gone() is None  # the memo does not keep the node alive


def test_a_text_summary_is_found_again_under_an_equal_context():
    calls = []

    @per_text
    def mentions(cell, words):
        calls.append(words)
        return any(word in cell.source for word in words)

    cell = RecentCells().cell(0, {"cell_type": "code", "source": "model.fit(X)", "metadata": {}})
    fit, plot = ("fit",), ("plot",)
    assert mentions(cell, fit) and not mentions(cell, plot)
    # Equal words in other tuples, asked in another order: the kept answers, not new ones.
    assert mentions(cell, tuple(["fit"])) and not mentions(cell, tuple(["plot"])) and mentions(cell, fit)
    assert calls == [fit, plot]
