"""Choosing and applying fixes for `jupyter-promote check --fix`.

Safe fixes keep the notebook's meaning, so `--fix` applies every one of them; when two fixes touch the
same cell text, only the first (highest impact) is applied this round and the next run picks up the rest.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..files.atomic import write_text_atomic
from ..notebook.reading import notebook_text
from .edits import Edit, EditError, apply_edits, apply_file_edit


@dataclass
class FixOutcome:
    applied: list[str] = field(default_factory=list)
    """Titles of the fixes applied."""
    files: list[Path] = field(default_factory=list)
    """Project files created or changed."""
    skipped: list[str] = field(default_factory=list)
    """Fixes left for another run, with the reason."""


def find_fix(entry: dict[str, Any], fix_id: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The finding and fix with this id in a report entry."""
    for finding in entry["findings"]:
        for fix in finding["fixes"]:
            if fix["id"] == fix_id:
                return finding, fix
    return None


def _touched_cells(edits: list[Edit]) -> set[str]:
    return {edit["cell_id"] for edit in edits if edit.get("cell_id") and edit["type"] != "set_metadata"}


def safe_edits(entry: dict[str, Any]) -> tuple[list[Edit], list[str], list[str]]:
    """The edits of all safe fixes that do not collide; their titles; and what was held back."""
    edits: list[Edit] = []
    titles: list[str] = []
    held_back: list[str] = []
    touched: set[str] = set()
    structural = False
    for finding in entry["findings"]:
        for fix in finding["fixes"]:
            if fix["applicability"] != "safe" or not fix["edits"]:
                continue
            cells = _touched_cells(fix["edits"])
            moves = any(e["type"] in ("insert_cell", "delete_cell", "move_cell") for e in fix["edits"])
            if cells & touched or (moves and structural):
                held_back.append(f"{fix['title']} ({finding['code']}): overlaps another fix, run --fix again")
                continue
            touched |= cells
            structural = structural or moves
            edits.extend(fix["edits"])
            titles.append(f"{fix['title']} ({finding['code']})")
            break
    return edits, titles, held_back


def with_cell_ids(data: dict[str, Any]) -> dict[str, Any]:
    """Fixes address cells by id: notebooks older than nbformat 4.5 get ids (and become 4.5) first."""
    if all(isinstance(cell.get("id"), str) and cell["id"] for cell in data["cells"]):
        return data
    from nbformat.v4.nbbase import random_cell_id

    cells = [dict(cell, id=cell.get("id") or random_cell_id()) for cell in data["cells"]]
    return dict(data, cells=cells, nbformat_minor=max(int(data.get("nbformat_minor") or 0), 5))


def fix_notebook_file(path: Path, data: dict[str, Any], entry: dict[str, Any], project_root: Path | None = None) -> FixOutcome:
    """Apply the safe fixes of one analysed notebook file, writing it (and project files) atomically.

    `data` must be what `entry` was computed from (see with_cell_ids). Project files may be written
    anywhere below `project_root` (the git work tree), else below the notebook's folder.
    """
    edits, titles, held_back = safe_edits(entry)
    outcome = FixOutcome(skipped=held_back)
    if not edits:
        return outcome
    try:
        fixed, file_edits = apply_edits(data, edits)
        for edit in file_edits:
            outcome.files.append(apply_file_edit(path.parent, edit, project_root))
    except EditError as error:
        outcome.skipped.append(f"fixes not applied: {error}")
        return outcome
    write_text_atomic(path, notebook_text(fixed))
    outcome.applied = titles
    return outcome
