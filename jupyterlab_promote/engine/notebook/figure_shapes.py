"""Figure code whose plotting call is the parameter: the same title, labels, limits, legend and show
pasted after `sns.countplot(...)`, `sns.kdeplot(...)` and `sns.violinplot(...)` is one figure function
with the plot as its argument. For the figure search (DU004), each statement that draws a plot takes
one shape, whatever its kind and arguments; every other statement keeps its own.
"""

import re
import zlib
from dataclasses import replace

from .cell_memo import per_cell, per_text
from .fingerprints import CellFingerprint, cell_fingerprint
from .model import Cell

PLOT_SHAPE = zlib.crc32(b"<a plot>")
_PLOT_KINDS = (r"plot|scatter|bar|barh|hist|hist2d|pie|imshow|matshow|boxplot|violinplot|fill_between|errorbar"
               r"|stackplot|contourf?|hexbin|step|stem|pcolormesh|loglog|semilog[xy]|heatmap|clustermap|\w+plot")
# The statement's first call: seaborn's or pyplot's (or an axes') plot kinds, a frame's `.plot` / `.hist`,
# or a function whose name says it plots (`plot_decision_regions`); an assignment in front is allowed.
_DRAWS = re.compile(
    rf"\s*(?:[\w.]+\s*(?:,\s*\w+\s*)*=\s*)?(?:(?:sns|plt|ax\w*|axes\[[^\]]*\])\.(?:{_PLOT_KINDS})"
    rf"|[\w.\[\]'\"]+\.(?:plot(?:\.\w+)?|hist|boxplot)|\w*plot\w*)\s*\(")


@per_text
def plotting_lines(cell: Cell) -> frozenset[int]:
    """The lines (1-based) that start with a plotting call; kept with the text, so a cell renumbered by an
    insertion above it is not read again."""
    return frozenset(number for number, line in enumerate(cell.parsed.python.split("\n"), start=1)
                     if "(" in line and _DRAWS.match(line))


@per_cell
def figure_fingerprint(cell: Cell, min_lines: int) -> CellFingerprint | None:
    """The cell's fingerprint with every plotting statement given PLOT_SHAPE."""
    found = cell_fingerprint(cell, min_lines)
    if found is None:
        return None
    plotting = plotting_lines(cell)
    if not plotting:
        return found
    shapes, drew = [], False
    for line, shape in zip(found.lines, found.shapes):
        draws = line in plotting
        # Only the first of plotting calls in a row: forty `ax.plot(...)` lines are one figure, not forty
        # copies of one statement (and would make every run of them a candidate block).
        shapes.append(PLOT_SHAPE if draws and not drew else shape)
        drew = draws
    return found if tuple(shapes) == found.shapes else replace(found, shapes=tuple(shapes))
