"""Fixes that open the "Extract to module" dialog in JupyterLab on the code a finding is about."""

from ..fixes.edits import run_command
from ..notebook.model import Cell
from .base import Fix

EXTRACT_COMMAND = "jupyterlab-promote:extract-to-module"


def extract_cell_fix(cell: Cell) -> tuple[Fix, ...]:
    """Move this cell's code into a module (the dialog shows what would change first)."""
    if not cell.id:
        return ()
    label = "Extract this cell to a module"
    return (Fix("extract", f"{label}…", "unsafe", (run_command(EXTRACT_COMMAND, label, {"cellIds": [cell.id]}),)),)


def extract_duplicate_fix(cell_id: str | None, line: int) -> tuple[Fix, ...]:
    """Make a repeated block one function in a module, called at every copy."""
    if not cell_id:
        return ()
    label = "Extract to a module: one function called at every copy"
    args = {"duplicate": {"cell_id": cell_id, "line": line}}
    return (Fix("extract", f"{label}…", "unsafe", (run_command(EXTRACT_COMMAND, label, args),)),)
