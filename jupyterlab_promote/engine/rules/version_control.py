"""version_control: outputs and metadata that make notebook diffs unreviewable; the git hygiene rules are in
git_hygiene.py, and the category's table here."""

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..fixes.edits import replace_cell, set_metadata
from ..notebook.cell_memo import cells_where, per_cell
from ..notebook.merge_memo import merged
from ..notebook.model import Cell, Notebook
from ..notebook.outputs_memo import OutputsMemo
from .base import Fix, Rule, Violation
from .git_hygiene import (
    no_output_stripping,
    notebook_not_in_git,
    stateful_cells,
    stripping_filter_not_installed,
    strips_outputs,
    untracked_notebook,
)

# View state and timings that change when a notebook is looked at or re-run, not when its code changes:
# nbstripout's default extra keys, Colab's run records and JupyterLab's collapsed inputs/outputs.
NOISY_CELL_KEYS = ("collapsed", "scrolled", "ExecuteTime", "execution", "heading_collapsed", "hidden",
                   "executionInfo", "outputId", "papermill")
NOISY_JUPYTER_KEYS = ("outputs_hidden", "source_hidden")
NOISY_NOTEBOOK_KEYS = ("widgets", "signature", "papermill")


def _has_ids(cells: list[Cell]) -> bool:
    """Fix edits address cells by id; notebooks older than nbformat 4.5 have none to address."""
    return all(cell.id for cell in cells)


@dataclass(frozen=True)
class _Clearing:
    """How many of the cells with a run record have outputs, and the edits that clear each of them (None
    when a cell has no id to address). Kept while the cells stay the same, updated for an edit."""

    with_outputs: int
    edits: tuple[dict[str, Any], ...] | None


def _clearing(cells: Sequence[Cell]) -> _Clearing:
    edits = tuple(replace_cell(cell, outputs=[], execution_count=None) for cell in cells) if _has_ids(cells) else None
    return _Clearing(sum(1 for cell in cells if cell.outputs), edits)


def _update_clearing(last: _Clearing, cells: Sequence[Cell], changed: list[int]) -> _Clearing:
    if last.edits is None or not all(cells[position].id for position in changed):
        return _clearing(cells)
    edits = list(last.edits)
    for position in changed:
        edits[position] = replace_cell(cells[position], outputs=[], execution_count=None)
    return _Clearing(sum(1 for cell in cells if cell.outputs), tuple(edits))


def stored_outputs(nb: Notebook) -> Iterator[Violation]:
    """Outputs and execution counts are saved in the notebook.

    Why: every run rewrites them, so diffs fill with counts, images and HTML that no reviewer can read,
    merges conflict on `execution_count`, and whatever the outputs showed stays in the repository history.
    Example: a notebook saved after a run, with `[12]` counts and embedded plots.
    Instead: clear outputs before committing, or let nbstripout do it on every commit.
    """
    cells = stateful_cells(nb)
    if not cells or strips_outputs(nb):
        return
    clearing = merged(_clearing, cells, update=_update_clearing)
    with_outputs = clearing.with_outputs
    what = f"Outputs of {with_outputs} cell{'s' if with_outputs != 1 else ''}" if with_outputs else "Execution counts"
    fixes = ()
    if clearing.edits is not None:
        fixes = (Fix("clear-outputs", "Clear all outputs and execution counts", "unsafe", clearing.edits),)
    yield Violation(f"{what} are saved in the notebook: every re-run rewrites them in the diff", fixes=fixes)


def _size(value: Any) -> int:
    """Characters of text in an output (base64 images, HTML, JSON data), without serialising it."""
    if isinstance(value, str):
        return len(value)
    # Loops, not generators, and no call for a number: an output holds dicts of lists of lines, and a chart's
    # JSON thousands of numbers (54,000 values in a 100-notebook corpus).
    if isinstance(value, dict):
        value = value.values()
    elif not isinstance(value, list):
        return 0
    total = 0
    for item in value:
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, (dict, list)):
            total += _size(item)
    return total


_outputs_size = OutputsMemo(_size)


def _kinds(outputs: list[dict[str, Any]]) -> str:
    kinds: list[str] = []
    for output in outputs:
        data = output.get("data") if isinstance(output.get("data"), dict) else {}
        for mime in data:
            kind = "images" if mime.startswith("image/") else "HTML" if mime == "text/html" else \
                "text" if mime == "text/plain" else "data"
            if kind not in kinds:
                kinds.append(kind)
        if output.get("output_type") in ("stream", "error") and "text" not in kinds:
            kinds.append("text")
    return ", ".join(kinds) or "data"


def _kilobytes(nb: Notebook, name: str, default: float) -> float:
    value = nb.config.threshold(name, default)
    return float(value) if isinstance(value, (int, float)) and value > 0 else default


def large_output(nb: Notebook) -> Iterator[Violation]:
    """A cell's saved outputs are large (images, HTML, data).

    Why: they bloat the repository for good (git keeps every version), make the notebook slow to open
    and diff, and hide the code changes a reviewer is looking for.
    Example: an interactive Plotly chart or a printed 50 000-row DataFrame saved in the notebook.
    Instead: clear the output before committing; save big figures and data to files the notebook writes.
    """
    threshold_kb = _kilobytes(nb, "large_output_kb", 500)
    large = []
    for cell in nb.code_cells:
        size = _outputs_size(cell.outputs) if cell.outputs else 0
        if size >= threshold_kb * 1024:
            large.append((cell, size))
    if not large or strips_outputs(nb):
        return
    for cell, size in large:
        shown = f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size // 1024} kB"
        fixes = (Fix("clear-cell-outputs", "Clear this cell's outputs", "unsafe", (replace_cell(cell, outputs=[]),)),) \
            if cell.id else ()
        yield Violation(
            f"This cell's outputs hold {shown} of {_kinds(cell.outputs)}: they bloat the repository and bury the code in diffs",
            cell,
            fixes=fixes,
            weight=min(3.0, 1 + math.log2(size / (threshold_kb * 1024))),
        )


@per_cell
def _noisy_cell_edits(cell: Cell) -> tuple[tuple[str, ...], tuple[dict[str, Any], ...]] | None:
    """The noisy metadata keys of one cell and the edits that remove them, or None (kept with the cell)."""
    if not cell.metadata:
        return None
    # `"collapsed": false` on every cell is the classic notebook's default: stable, so not noise.
    keys = [key for key in NOISY_CELL_KEYS if cell.metadata.get(key, False) is not False]
    edits = [set_metadata(cell, key, None) for key in keys]
    jupyter = cell.metadata.get("jupyter")
    if isinstance(jupyter, dict) and any(jupyter.get(key, False) is not False for key in NOISY_JUPYTER_KEYS):
        keys.extend(f"jupyter.{key}" for key in NOISY_JUPYTER_KEYS if jupyter.get(key, False) is not False)
        kept = {k: v for k, v in jupyter.items() if k not in NOISY_JUPYTER_KEYS}
        edits.append(set_metadata(cell, "jupyter", kept or None))
    return (tuple(keys), tuple(edits)) if keys else None


def noisy_metadata(nb: Notebook) -> Iterator[Violation]:
    """Metadata that changes when the notebook is viewed or run, not when its code changes.

    Why: widget state, run timings and collapsed/scrolled flags make diffs of unchanged code, and
    conflicting merges, on every save; widget state can be megabytes.
    Example: `"ExecuteTime": {"end_time": ...}` on every cell, `"scrolled": true`, `metadata.widgets`.
    Instead: remove it before committing (nbstripout removes these keys by default).
    """
    noisy_nb = [key for key in NOISY_NOTEBOOK_KEYS
                if key in nb.metadata and (key != "widgets" or _holds_widgets(nb.metadata[key]))]
    keys: dict[str, int] = {}
    edits = [set_metadata(None, key, None) for key in noisy_nb]
    cells = []
    for cell in cells_where(_noisy_cell_edits, nb.cells):
        found, cell_edits = _noisy_cell_edits(cell)
        cells.append(cell)
        edits.extend(cell_edits)
        for key in found:
            keys[key] = keys.get(key, 0) + 1
    if not (noisy_nb or keys) or strips_outputs(nb):
        return
    parts = [f"{key} ({count} cell{'s' if count > 1 else ''})" for key, count in keys.items()]
    parts += ["widget state" if key == "widgets" else key for key in noisy_nb]
    fixes = (Fix("remove-noisy-metadata", "Remove view-state, timing and widget metadata", "safe", tuple(edits)),) \
        if _has_ids(cells) else ()
    yield Violation(f"View and run metadata changes without any code change: {', '.join(parts)}", fixes=fixes)


def _holds_widgets(value: object) -> bool:
    """Whether saved widget metadata holds any widget: the empty `{"state": {}}` placeholder some
    front ends save never changes."""
    if not isinstance(value, dict):
        return bool(value)
    if isinstance(value.get("state"), dict):
        return bool(value["state"])
    return any(_holds_widgets(inner) for inner in value.values() if isinstance(inner, dict))


RULES = (
    Rule("VC001", "stored-outputs", "version_control", "info", stored_outputs, points=2, fixable=True),
    Rule("VC002", "large-output", "version_control", "warning", large_output, points=2, fixable=True),
    Rule("VC003", "noisy-metadata", "version_control", "info", noisy_metadata, points=1, fixable=True),
    Rule("VC004", "notebook-not-in-git", "version_control", "warning", notebook_not_in_git, points=4),
    Rule("VC005", "untracked-notebook", "version_control", "info", untracked_notebook, points=2),
    Rule("VC006", "no-output-stripping", "version_control", "info", no_output_stripping, points=2, fixable=True),
    Rule("VC007", "stripping-filter-not-installed", "version_control", "warning", stripping_filter_not_installed,
         points=3),
)
