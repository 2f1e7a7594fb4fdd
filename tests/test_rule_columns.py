"""Findings' columns are characters, not UTF-8 bytes, and a cell is split into lines once however many
findings it has (a crafted cell with thousands of findings stays linear)."""

import ast

from jupyterlab_promote.engine.rules import base

from factories import notebook


def test_a_column_after_non_ascii_text_counts_characters():
    cell = notebook("label = 'café'; total = 1").cells[0]
    node = ast.parse(cell.source).body[1]
    violation = base.at_node("here", cell, node)
    assert (violation.line, violation.column, violation.end_column) == (1, 16, 25)


def test_a_cell_with_thousands_of_findings_is_split_once():
    source = "\n".join(f"é{i} = {i}" for i in range(3000))
    cell = notebook(source).cells[0]
    base._lines.cache_clear()
    violations = [base.at_node("here", cell, node) for node in ast.parse(source).body]
    assert base._lines.cache_info().misses == 1
    assert [v.end_column for v in violations[:2]] == [6, 6] and violations[-1].end_column == len("é2999 = 2999")
