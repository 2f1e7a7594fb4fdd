"""Text edits that rules build from syntax-tree nodes for their fixes.

A cell's tree is parsed from its Python text, which differs from the cell's source on lines IPython
transformed (`!ls`, `%time`). Every range is therefore checked against the source before an edit is
made from it: a fix that would land on the wrong characters is not offered at all.
"""

import ast

from ..fixes.edits import Edit, insert_cell, text_edit
from ..notebook.model import Cell, Notebook
from .base import char_column

Range = tuple[int, int, int, int]
"""(line, column, end_line, end_column): lines 1-based, columns 0-based characters, as in Violation."""


def node_range(cell: Cell, node: ast.AST) -> Range | None:
    """Where a node's text is in the cell's source, or None when the source there is not the node's text."""
    line, end_line = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
    if line is None or end_line is None or cell.id is None:
        return None
    column = char_column(cell, line, node.col_offset)
    end_column = char_column(cell, end_line, node.end_col_offset)
    if column is None or end_column is None:
        return None
    if python_text(cell, node) != source_text(cell, (line, column, end_line, end_column)):
        return None
    return line, column, end_line, end_column


def python_text(cell: Cell, node: ast.AST) -> str | None:
    """The node's text in the parsed Python (ast.get_source_segment, without its slow line splitting)."""
    lines = cell.parsed.python.split("\n")
    line, end_line = node.lineno, node.end_lineno
    if end_line is None or node.end_col_offset is None or not 0 < line <= end_line <= len(lines):
        return None
    first = lines[line - 1].encode()
    if line == end_line:
        return first[node.col_offset:node.end_col_offset].decode(errors="replace")
    last = lines[end_line - 1].encode()[:node.end_col_offset].decode(errors="replace")
    return "\n".join([first[node.col_offset:].decode(errors="replace"), *lines[line:end_line - 1], last])


def source_text(cell: Cell, where: Range) -> str:
    line, column, end_line, end_column = where
    lines = cell.source.split("\n")
    if not (0 < line <= end_line <= len(lines)):
        return ""
    if line == end_line:
        return lines[line - 1][column:end_column]
    middle = lines[line:end_line - 1]
    return "\n".join([lines[line - 1][column:], *middle, lines[end_line - 1][:end_column]])


def line_indent(cell: Cell, line: int) -> str:
    text = cell.source.split("\n")[line - 1]
    return text[: len(text) - len(text.lstrip())]


def replace_range(cell: Cell, where: Range, text: str) -> Edit:
    return text_edit(cell, *where, text)


def delete_statement(cell: Cell, statement: ast.stmt, parent_body: list[ast.stmt]) -> Edit | None:
    """Delete a statement's whole lines; a block's only statement becomes `pass` so the block stays valid."""
    where = node_range(cell, statement)
    if where is None:
        return None
    line, column, end_line, end_column = where
    lines = cell.source.split("\n")
    shares_line = lines[line - 1][:column].strip() or lines[end_line - 1][end_column:].split("#")[0].strip()
    if len(parent_body) == 1 or shares_line:
        return replace_range(cell, where, "pass")
    if end_line < len(lines):
        return text_edit(cell, line, 0, end_line + 1, 0, "")
    if line > 1:  # the cell's last line: remove the line break before it instead
        return text_edit(cell, line - 1, len(lines[line - 2]), end_line, len(lines[end_line - 1]), "")
    return text_edit(cell, line, 0, end_line, len(lines[end_line - 1]), "")


def imports_module(nb: Notebook, module: str) -> bool:
    """Whether some cell binds the module's name at the top level (`import os`, `import os.path`)."""
    return any(
        any(ref.name == module for ref in cell.parsed.names.defined) for cell in nb.python_cells
    )


def import_edits(nb: Notebook, module: str) -> list[Edit]:
    """The edit that makes `import module` run before any code cell, unless the notebook has it already."""
    if imports_module(nb, module) or not nb.code_cells:
        return []
    first = nb.code_cells[0]
    if first.id is None:
        return []
    starts_plainly = first.parsed.tree is not None and first.parsed.cell_magic is None
    if starts_plainly and "__future__" not in first.source:
        return [text_edit(first, 1, 0, 1, 0, f"import {module}\n")]
    # A cell magic must stay on the first line and __future__ imports first: put the import in a new cell.
    before = nb.cells[first.index - 1] if first.index > 0 else None
    return [insert_cell(before, f"import {module}")]
