"""duplication: a long figure pasted twice (with DU004, as information).

DU004 asks three copies of figure code: a figure drawn twice is common. A long one is not: the loss and
then the accuracy plot of a training history, seven statements each with other names, or a forecast
chart's figure, plots, fill_between, labels, title, legend, grid, savefig and close pasted for the
historical chart. Two copies count here when they hold LONG_FIGURE_STATEMENTS statements in a row,
exactly (the plotting call being the parameter, figure_shapes), or LONG_FIGURE_LINES aligned lines of a
near copy (near_copies: a plotly call given other columns and labels).
"""

from collections.abc import Iterator, Sequence

from ..notebook.figure_shapes import figure_fingerprint
from ..notebook.fingerprints import (
    MIN_DISTINCT_SHAPES,
    PRESENTATION,
    CellFingerprint,
    Extent,
    NotebookFingerprint,
    described_from,
    notebook_fingerprint,
    ordered_blocks,
    overlapping,
    window_keys,
)
from ..notebook.model import Notebook
from ..notebook.near_copies import MIN_FIGURE_STATEMENTS, Region, near_copies, searched_runs
from ..notebook.repeat_memo import kept_parts, kept_search, keys_by_cell
from .base import Fix, Violation

LONG_FIGURE_STATEMENTS = 8
LONG_FIGURE_LINES = 8
FIGURE_LINES = 4
"""The least lines of a cell searched (DU004's default `figure_block_lines`)."""
PLOT_FUNCTION = Fix("plot-function", "Make the figure a function and call it for each plot", "manual")


def _accept(extent: Extent) -> bool:
    return (extent.copies == 2 and extent.statements >= LONG_FIGURE_STATEMENTS
            and extent.distinct >= MIN_DISTINCT_SHAPES)


def _draws(cell: CellFingerprint) -> bool:
    return cell.kinds.count(PRESENTATION) >= MIN_FIGURE_STATEMENTS


def _exact(nb: Notebook) -> list[tuple[Region, ...]]:
    """Long figure blocks found exactly twice among the cells that draw, searched again only in the groups
    of cells an edit changed (repeat_memo.kept_parts)."""
    drawing = tuple(figure_fingerprint(nb.cells[cell.cell_index], FIGURE_LINES)
                    for cell in notebook_fingerprint(nb, min_lines=FIGURE_LINES).cells if _draws(cell))
    blocks = kept_parts("DU004 long pairs", drawing, lambda cell: window_keys(cell.shapes, LONG_FIGURE_STATEMENTS),
                        lambda group: ordered_blocks([NotebookFingerprint("", group)], FIGURE_LINES, figures=True,
                                                     window=LONG_FIGURE_STATEMENTS, accept=_accept))
    return [tuple(Region(o.cell_index, o.start_line, o.end_line) for o in block.occurrences) for block in blocks]


def _near(nb: Notebook) -> list[tuple[Region, Region]]:
    """Long near copies of figures, kept with DU003's keys (the cells' runs of lines, repeat_memo): both
    searches ask near_copies again after the same edits, and it is computed once per analysis."""
    cells = notebook_fingerprint(nb, min_lines=FIGURE_LINES).cells
    return kept_search("DU004 long near pairs", cells,
                       keys_by_cell(nb.cells, lambda cell: searched_runs(cell, FIGURE_LINES)),
                       lambda: [(copy.first, copy.second) for copy in near_copies(nb, FIGURE_LINES)
                                if copy.figure and copy.aligned >= LONG_FIGURE_LINES])


def long_figure_pairs(nb: Notebook, reported: Sequence[tuple[Region, list[Region]]]) -> Iterator[Violation]:
    """A long figure pasted twice (DU004, info). Places of DU004's groups (`reported`) are theirs."""
    taken = [region for first, others in reported for region in (first, *others)]
    for first, second in [*_exact(nb), *_near(nb)]:
        if any(overlapping(place, region) for place in (first, second) for region in taken):
            continue
        taken += [first, second]
        yield Violation(
            f"The figure code of lines {first.start_line}–{first.end_line} is pasted again in "
            f"{described_from(second, first)}: make it a function",
            nb.cells[first.cell_index],
            first.start_line,
            0,
            first.end_line,
            None,
            severity="info",
            fixes=(PLOT_FUNCTION,),
        )
