"""The papermill `parameters` cell, and the fix that moves a literal into it.

papermill (and the schedulers built on it) injects new values right after the cell tagged `parameters`;
a literal moved there under a name becomes something a run can change without editing the notebook.
"""

import ast
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain

from ...fixes.edits import Edit, delete_cell, insert_cell, set_metadata, text_edit
from ...notebook.cell_memo import per_text
from ...notebook.merge_memo import merged, update_counts
from ...notebook.model import Cell, Notebook
from ..base import Fix, char_column

PARAMETERS_TAG = "parameters"
_CONSTANT_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


def parameters_cell(nb: Notebook) -> Cell | None:
    """The first code cell tagged `parameters` (kept while the cells stay the same objects: merge_memo.py)."""
    return merged(_first_tagged, nb.code_cells)


def _first_tagged(cells: Sequence[Cell]) -> Cell | None:
    return next((c for c in cells if PARAMETERS_TAG in c.tags), None)


@per_text
def _cell_names(cell: Cell) -> frozenset[str]:
    """The names a cell defines or reads at module level."""
    names = cell.parsed.names
    return frozenset(ref.name for ref in names.defined) | frozenset(ref.name for ref in names.used)


@dataclass(frozen=True)
class _Names:
    """How many python cells define or read each name, kept and updated per edited cell (merge_memo.py)."""

    by_cell: tuple[frozenset[str], ...]
    counts: dict[str, int]


def _merge_names(cells: Sequence[Cell]) -> _Names:
    by_cell = tuple(map(_cell_names, cells))
    return _Names(by_cell, dict(Counter(chain.from_iterable(by_cell))))


def _update_names(last: _Names, cells: Sequence[Cell], changed: list[int]) -> _Names:
    by_cell, counts = list(last.by_cell), dict(last.counts)
    for position in changed:
        before, by_cell[position] = by_cell[position], _cell_names(cells[position])
        update_counts(counts, before, by_cell[position])
    return _Names(tuple(by_cell), counts)


def is_constant_name(name: str) -> bool:
    return bool(_CONSTANT_NAME.match(name))


def is_config_cell(cell: Cell) -> bool:
    """A cell of only imports and `ALL_CAPS = literal` assignments: the notebook's settings already."""
    tree = cell.parsed.tree
    if tree is None or not tree.body:
        return False
    assigned = False
    for statement in tree.body:
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            continue
        target = _single_target(statement)
        if target is None or not is_constant_name(target):
            return False
        assigned = True
    return assigned


def _single_target(statement: ast.stmt) -> str | None:
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target = statement.targets[0]
    elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
        target = statement.target
    else:
        return None
    return target.id if isinstance(target, ast.Name) else None


def literal_text(cell: Cell, node: ast.expr) -> str:
    """The literal as the user wrote it (keeps r"..." and quotes), or its repr when it spans lines."""
    fallback = repr(node.value) if isinstance(node, ast.Constant) else "None"
    if node.lineno != node.end_lineno or node.end_col_offset is None:
        return fallback
    lines = cell.parsed.python.split("\n")
    if not 0 < node.lineno <= len(lines):
        return fallback
    line = lines[node.lineno - 1].encode("utf-8")
    return line[node.col_offset:node.end_col_offset].decode("utf-8", errors="replace")


def parameter_name(hint: str) -> str:
    """An ALL_CAPS identifier from a variable name, keyword or file name (`customers.csv` -> CUSTOMERS_CSV)."""
    name = re.sub(r"\W+", "_", hint).strip("_").upper()
    if not name:
        return "PARAMETER"
    return f"P_{name}" if name[0].isdigit() else name


def node_range(cell: Cell, node: ast.AST) -> tuple[int, int, int, int]:
    """(line, column, end_line, end_column) of a node, columns in characters."""
    line, end_line = node.lineno, node.end_lineno or node.lineno
    return (line, char_column(cell, line, node.col_offset) or 0,
            end_line, char_column(cell, end_line, node.end_col_offset) or 0)


def magic_line(cell: Cell, call: ast.Call, argument: str) -> int | None:
    """The 1-based line of the cell's own text holding a magic, found by its text.

    The transformed cell's line numbers can run short inside a `%%capture` cell (IPython drops the blank
    line standing for the cell magic), and an edit must never hit a neighbouring line.
    """
    lines = cell.source.split("\n")
    needle = argument.strip().split("\n", 1)[0]
    start = max(getattr(call, "lineno", 1) - 1, 0)
    for index in [*range(start, len(lines)), *range(min(start, len(lines)))]:
        stripped = lines[index].lstrip()
        if stripped.startswith(("!", "%")) and needle in lines[index]:
            return index + 1
    return None


def delete_lines(cell: Cell, first: int, last: int) -> Edit:
    """Remove whole lines `first..last` (1-based) of a cell, or the cell when nothing else is left in it."""
    lines = cell.source.split("\n")
    last = min(last, len(lines))
    rest = lines[: first - 1] + lines[last:]
    if all(not line.strip() or line.lstrip().startswith("#") for line in rest):
        return delete_cell(cell)
    if last < len(lines):
        return text_edit(cell, first, 0, last + 1, 0, "")
    return text_edit(cell, first - 1, len(lines[first - 2]), last, len(lines[last - 1]), "")


@dataclass
class ParameterFixes:
    """Builds "Move to the parameters cell" fixes for one notebook; names stay unique in it."""

    nb: Notebook

    @cached_property
    def target(self) -> Cell | None:
        return parameters_cell(self.nb)

    @cached_property
    def _used(self) -> dict[str, int]:
        """The names the notebook's cells define or read (shared between analyses: never changed here)."""
        return merged(_merge_names, self.nb.python_cells, update=_update_names).counts

    @cached_property
    def _given(self) -> set[str]:
        """The names this builder handed out."""
        return set()

    @cached_property
    def insert_after(self) -> Cell | None:
        """A new parameters cell goes after the leading Markdown and import-only cells."""
        after = None
        for cell in self.nb.cells:
            if cell.is_code and cell.source.strip():
                tree = cell.parsed.tree
                only_imports = tree is not None and tree.body and all(
                    isinstance(s, (ast.Import, ast.ImportFrom)) or _is_magic_line(s) for s in tree.body)
                if not only_imports:
                    break
            after = cell
        return after

    def unique(self, hint: str) -> str:
        base = parameter_name(hint)
        name, number = base, 2
        while name in self._used or name in self._given:
            name, number = f"{base}_{number}", number + 1
        self._given.add(name)
        return name

    def move_literal(self, cell: Cell, node: ast.expr, hint: str) -> Fix:
        """Replace the literal with a new name defined in the parameters cell (created when missing)."""
        name = self.unique(hint)
        assignment = f"{name} = {literal_text(cell, node)}"
        line, column, end_line, end_column = node_range(cell, node)
        edits = [self._define(assignment), text_edit(cell, line, column, end_line, end_column, name)]
        safe = self.target is None or self.target.index < cell.index
        return Fix("parameters-cell", "Move to the parameters cell", "safe" if safe else "unsafe", tuple(edits))

    @cached_property
    def definitions(self) -> Counter:
        return Counter(ref.name for cell in self.nb.python_cells for ref in cell.parsed.names.defined)

    def move_statement(self, cell: Cell, statement: ast.stmt, name: str) -> Fix | None:
        """Move a whole `NAME = literal` line into the parameters cell, when NAME is assigned only there."""
        segment = ast.get_source_segment(cell.parsed.python, statement)
        first, last = statement.lineno, statement.end_lineno or statement.lineno
        lines = cell.source.split("\n")
        if segment is None or self.definitions[name] != 1 or "\n".join(lines[first - 1:last]).strip() != segment:
            return None
        safe = self.target is None or self.target.index < cell.index
        edits = (self._define(segment), delete_lines(cell, first, last))
        return Fix("parameters-cell", "Move to the parameters cell", "safe" if safe else "unsafe", edits)

    def tag_config_cell(self, cell: Cell) -> Fix | None:
        """When the literal sits in a settings cell and no cell is tagged yet, tag that cell instead."""
        if self.target is not None or not is_config_cell(cell):
            return None
        tags = [*cell.tags, PARAMETERS_TAG]
        return Fix("tag-parameters", "Tag this cell as the papermill parameters cell", "safe",
                   (set_metadata(cell, "tags", tags),))

    def _define(self, assignment: str) -> Edit:
        target = self.target
        if target is None:
            return insert_cell(self.insert_after, assignment + "\n", metadata={"tags": [PARAMETERS_TAG]})
        lines = target.source.split("\n")
        ends_open = target.source == "" or target.source.endswith("\n")
        text = ("" if ends_open else "\n") + assignment + ("\n" if target.source.endswith("\n") else "")
        return text_edit(target, len(lines), len(lines[-1]), len(lines), len(lines[-1]), text)


def _is_magic_line(statement: ast.stmt) -> bool:
    """`%matplotlib inline` and the like, as IPython transformed them."""
    call = statement.value if isinstance(statement, ast.Expr) else None
    owner = call.func.value if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) else None
    return isinstance(owner, ast.Call) and getattr(owner.func, "id", None) == "get_ipython"
