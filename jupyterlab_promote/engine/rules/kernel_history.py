"""hidden_state, from the live kernel: names and cells that exist only in the kernel's memory.

These rules find something only when the server attached what the notebook's running IPython kernel
said (kernel_state.py, `POST kernel-state`); a plain analysis has no kernel facts and finds nothing.
"""

from collections.abc import Iterator

from ..fixes.edits import insert_cell
from ..notebook.kernel_state import deleted_definitions, facts_of
from ..notebook.kernel_state import edited_since_run as _edited_cells
from ..notebook.model import Notebook
from .base import Fix, Rule, Violation, at_node

MAX_PREVIEW = 60


def name_from_deleted_cell(nb: Notebook) -> Iterator[Violation]:
    """A name lives in the kernel, but the code that defined it is in no cell any more.

    Why: the notebook works only in this kernel session; restarted, or run by anyone else, it fails
    with NameError, and the code that made the value is lost with the session.
    Example: the kernel ran `model = train(X, y)` as [12] in a cell since deleted; a cell still calls
    `model.predict(X_test)`.
    Instead: restore the definition from the kernel's history (the quick-fix inserts it above the first
    use), or remove the use.
    """
    facts = facts_of(nb)
    if facts is None:
        return
    for found in deleted_definitions(nb, facts):
        fixes = ()
        cell = found.cell
        above = nb.cells[cell.index - 1] if cell.index > 0 else None
        if cell.id is not None and (above is None or above.id is not None):
            fixes = (Fix("restore-from-history", f"Restore the code that defined '{found.name}' (kernel input "
                         f"[{found.count}])", "unsafe", (insert_cell(above, found.source),)),)
        first_line = found.source.strip().split("\n", 1)[0][:MAX_PREVIEW]
        yield at_node(
            f"'{found.name}' exists only in the kernel: it was defined by [{found.count}] `{first_line}`, "
            "code that no cell holds any more",
            cell, found.node, fixes=fixes,
        )


def edited_since_run(nb: Notebook) -> Iterator[Violation]:
    """A cell was edited after it ran: its outputs and the kernel's state come from other code.

    Why: what the notebook shows (outputs, later cells' results) does not follow from the code it shows.
    Example: `threshold = 0.5` ran, then was edited to `threshold = 0.7` without running it again.
    Instead: run the cell again (better: restart and run all).
    """
    facts = facts_of(nb)
    if facts is None:
        return
    for cell, before in _edited_cells(nb, facts):
        first_line = before.split("\n", 1)[0]
        shown = first_line[:MAX_PREVIEW] + ("…" if len(first_line) > MAX_PREVIEW or "\n" in before else "")
        yield Violation(f"Edited since it ran as [{cell.execution_count}] (the kernel ran `{shown}`): "
                        "its outputs and the kernel's state come from the old code", cell)


RULES = (
    Rule("HS011", "name-from-deleted-cell", "hidden_state", "warning", name_from_deleted_cell, points=3, fixable=True),
    Rule("HS012", "edited-since-run", "hidden_state", "warning", edited_since_run, points=2),
)
