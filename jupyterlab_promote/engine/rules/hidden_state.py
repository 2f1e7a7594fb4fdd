"""hidden_state: a notebook whose stored results do not follow from running it top to bottom."""

import re
from collections.abc import Iterator

from ..model import BUILTIN_NAMES, Cell, Notebook
from ..source import has_magic_calls, magic_calls
from .base import Rule, Violation, at_node

# Line magics that put names into the namespace that no cell visibly defines.
_NAME_INJECTING_MAGICS = frozenset({"run", "pylab", "store", "load", "R", "Rpull", "sql", "env", "who_ls"})
_NAMESPACE_CALLS = re.compile(r"\b(exec|globals|locals|vars|__builtins__|user_ns|setattr)\b")
_OUTPUT_HISTORY = re.compile(r"_i?\d+$|_i{1,3}$")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


def cell_label(cell: Cell) -> str:
    """How messages name a cell: its 1-based position, as a person counts."""
    return f"cell #{cell.index + 1}"


def out_of_order_execution(nb: Notebook) -> Iterator[Violation]:
    """Cells ran in a different order than they appear.

    Why: the stored outputs come from an order nobody can see; a colleague or a scheduler runs the
    notebook top to bottom and gets different results, or an error.
    Example: cell 3 shows `[7]`, the cell below it `[5]`.
    Instead: restart the kernel and run all cells, then save.
    """
    highest: Cell | None = None
    for cell in nb.code_cells:
        count = cell.execution_count
        if count is None:
            continue
        if highest is not None and count < (highest.execution_count or 0):
            yield Violation(
                f"Ran as [{count}] after {cell_label(highest)} above ran as [{highest.execution_count}]: "
                "top-to-bottom order is not the order it ran",
                cell,
            )
        if highest is None or count > (highest.execution_count or 0):
            highest = cell


def skipped_execution_counts(nb: Notebook) -> Iterator[Violation]:
    """Execution counts skip numbers: code ran that is no longer in the notebook, or ran repeatedly.

    Why: the skipped runs may have defined names or changed data that the saved notebook relies on.
    Example: counts `[1] [2] [6]`: three executions left no trace.
    Instead: restart the kernel and run all cells, then save.
    """
    counts = sorted({c.execution_count for c in nb.code_cells if c.execution_count is not None})
    if len(counts) < 2:
        return
    missing = (counts[-1] - counts[0] + 1) - len(counts)
    if missing <= 0:
        return
    previous = None
    for cell in nb.code_cells:
        count = cell.execution_count
        if count is None:
            continue
        if previous is not None and count > previous + 1:
            yield Violation(
                f"Execution counts skip {missing} number{'s' if missing > 1 else ''} "
                f"(here [{previous}] → [{count}]): code ran that the notebook no longer shows",
                cell,
            )
            return
        previous = count


def unexecuted_cell(nb: Notebook) -> Iterator[Violation]:
    """A code cell was never run while cells around it were.

    Why: its code and the stored results disagree; whatever it would change is missing from them.
    Example: a cell without `[n]` between executed cells.
    Instead: run it (or delete it), ideally with restart-and-run-all.
    """
    if not any(c.execution_count is not None for c in nb.code_cells):
        return
    for cell in nb.code_cells:
        if cell.execution_count is None and cell.source.strip():
            yield Violation("Code cell never ran, although the cells around it did", cell)


def invalid_syntax(nb: Notebook) -> Iterator[Violation]:
    """A code cell is not valid Python (after IPython's magics are taken into account).

    Why: run top to bottom, the notebook stops at this cell.
    Example: `print "hello"` (Python 2) or an unfinished edit.
    Instead: fix the syntax, or make the cell Markdown if it is not code.
    """
    if not nb.is_python:
        return
    for cell in nb.code_cells:
        error = cell.parsed.syntax_error
        if error is None:
            continue
        line = error.lineno if isinstance(error.lineno, int) else None
        column = max((error.offset or 1) - 1, 0) if line else None
        yield Violation(f"Cell does not parse: {error.msg}", cell, line, column, line, column)


def _definitions(nb: Notebook) -> tuple[dict[str, int], bool]:
    """First cell index defining each name, and whether the namespace can hold names no cell shows."""
    first: dict[str, int] = {}
    opaque = False
    for cell in nb.code_cells:
        parsed = cell.parsed
        if parsed.tree is None:
            if parsed.syntax_error is not None:
                # A cell that does not parse may define anything it mentions: stay quiet about those.
                for name in _IDENTIFIER.findall(cell.source):
                    first.setdefault(name, cell.index)
            continue
        for ref in parsed.names.defined:
            first.setdefault(ref.name, cell.index)
        if parsed.cell_magic == "capture":
            for name in _IDENTIFIER.findall(cell.source.split("\n", 1)[0].replace("%%capture", "")):
                first.setdefault(name, cell.index)
        opaque = opaque or parsed.names.star_import or bool(_NAMESPACE_CALLS.search(parsed.python))
        if parsed.uses_magics and has_magic_calls(parsed.python):
            opaque = opaque or any(kind in _NAME_INJECTING_MAGICS for kind, _, _ in magic_calls(parsed.tree))
    return first, opaque


def _is_builtin(name: str) -> bool:
    return name in BUILTIN_NAMES or bool(_OUTPUT_HISTORY.match(name))


def use_before_definition(nb: Notebook) -> Iterator[Violation]:
    """A cell uses a name that only a cell further down defines.

    Why: it worked because the lower cell ran first; a restart-and-run-all fails with NameError here.
    Example: cell 4 calls `scale(df)`; `def scale` is in cell 7.
    Instead: move the defining cell above its first use.
    """
    first, _ = _definitions(nb)
    for cell in nb.python_cells:
        reported: set[str] = set()
        for ref in cell.parsed.names.used:
            defining = first.get(ref.name)
            if defining is None or defining <= cell.index or ref.name in reported or _is_builtin(ref.name):
                continue
            reported.add(ref.name)
            yield at_node(
                f"'{ref.name}' is used here but defined only further down (cell #{defining + 1}): "
                "a restart-and-run-all fails here",
                cell,
                ref,
            )


def undefined_name(nb: Notebook) -> Iterator[Violation]:
    """A name is used that no cell, import or builtin defines: probably from a deleted cell.

    Why: the kernel still remembers it, so the notebook seems to work; nobody else can run it.
    Example: `model.predict(X)` where the cell defining `model` was deleted.
    Instead: restore the definition (the kernel's history has it) or remove the use.
    """
    first, opaque = _definitions(nb)
    if opaque:
        return
    for cell in nb.python_cells:
        reported: set[str] = set()
        names = cell.parsed.names
        for ref, deferred in [*((r, False) for r in names.used), *((r, True) for r in names.deferred)]:
            if ref.name in first or ref.name in reported or _is_builtin(ref.name):
                continue
            reported.add(ref.name)
            where = " inside a function" if deferred else ""
            yield at_node(
                f"'{ref.name}' is used{where} but no cell defines or imports it (a deleted cell?)",
                cell,
                ref,
                severity="warning" if deferred else None,
            )


RULES = (
    Rule("HS001", "out-of-order-execution", "hidden_state", "warning", out_of_order_execution, points=4),
    Rule("HS002", "skipped-execution-count", "hidden_state", "info", skipped_execution_counts, points=2),
    Rule("HS003", "unexecuted-cell", "hidden_state", "info", unexecuted_cell, points=1),
    Rule("HS004", "use-before-definition", "hidden_state", "error", use_before_definition, points=6),
    Rule("HS005", "undefined-name", "hidden_state", "error", undefined_name, points=6),
    Rule("HS006", "invalid-syntax", "hidden_state", "error", invalid_syntax, points=6),
)
