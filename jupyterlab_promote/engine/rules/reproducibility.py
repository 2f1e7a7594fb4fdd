"""hidden_state, from evidence: what the last clean re-run (`jupyter-promote verify`) recorded.

The stamp in `metadata.jupyterlab_promote` (stamp.py) counts only while it is fresh: while the code
cells are the very ones that ran. A stale stamp says nothing about the current code, only that it
should be verified again.
"""

from collections.abc import Iterator

from ..notebook.model import Cell, Notebook
from ..notebook.stamp import failures, is_fresh, read_stamp
from .base import Rule, Violation


def _stamp(nb: Notebook) -> tuple[dict | None, bool]:
    """The stamp and whether it is fresh, hashed once per analysis for the three rules."""
    def compute(nb: Notebook) -> tuple[dict | None, bool]:
        stamp = read_stamp(nb.metadata)
        return stamp, stamp is not None and is_fresh(stamp, (c.source for c in nb.code_cells))

    return nb.shared("verify_stamp", compute)


def _fresh_failures(nb: Notebook, status: str) -> Iterator[tuple[Cell | None, str]]:
    stamp, fresh = _stamp(nb)
    if stamp is None or stamp["passed"] or not fresh:
        return
    by_id = {cell.id: cell for cell in nb.cells if cell.id}
    for failure in failures(stamp):
        if failure["status"] == status:
            yield by_id.get(failure.get("cell_id")), str(failure.get("reason", ""))


def failed_clean_run(nb: Notebook) -> Iterator[Violation]:
    """The notebook failed when it was re-run top to bottom in a fresh kernel.

    Why: it only works with state that the saved notebook does not create (a deleted cell, a different
    order, a file or variable from an earlier session); a scheduler or a colleague gets this error.
    Example: `jupyter-promote verify churn.ipynb` stopped at cell #7 with `NameError: name 'model' is
    not defined`.
    Instead: fix the cell the run stopped at (restore the missing definition, reorder), then verify again.
    """
    for cell, reason in _fresh_failures(nb, "error"):
        yield Violation(f"Fails on a clean re-run: {reason}", cell)


def differs_on_clean_run(nb: Notebook) -> Iterator[Violation]:
    """A cell's output changed when the notebook was re-run top to bottom in a fresh kernel.

    Why: the saved results do not follow from the saved code (out-of-order runs, unseeded randomness,
    data that changed): readers trust numbers nobody can reproduce.
    Example: the stored accuracy is 0.91, the clean re-run prints 0.87.
    Instead: seed randomness, pin the data, restart and run all before saving; then verify again.
    Volatile parts (addresses, times, durations, progress bars) are ignored by the comparison.
    """
    for cell, reason in _fresh_failures(nb, "differs"):
        yield Violation(f"Differs on a clean re-run: {reason}", cell)


def stale_verification(nb: Notebook) -> Iterator[Violation]:
    """The notebook was verified, but its code changed since: the verification no longer applies.

    Why: a badge or a review that says "verified" would describe code that is not there any more.
    Example: verified on Monday, a cell edited on Tuesday.
    Instead: run `jupyter-promote verify` (or the panel's Verify button) again.
    """
    stamp, fresh = _stamp(nb)
    if stamp is not None and not fresh:
        when = stamp.get("verified_at")
        yield Violation(f"The clean re-run{f' of {when}' if isinstance(when, str) else ''} is stale: "
                        "code cells changed since; verify again")


RULES = (
    Rule("HS008", "failed-clean-run", "hidden_state", "error", failed_clean_run, points=6),
    Rule("HS009", "differs-on-clean-run", "hidden_state", "warning", differs_on_clean_run, points=3),
    Rule("HS010", "stale-verification", "hidden_state", "info", stale_verification, points=1),
)
