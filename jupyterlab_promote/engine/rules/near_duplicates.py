"""duplication: blocks copied with small edits (DU003), and figure code pasted three times or more (DU004)."""

from collections.abc import Iterator

from ..notebook.figure_shapes import figure_fingerprint
from ..notebook.fingerprints import (
    DEFAULT_MIN_LINES,
    MIN_DISTINCT_SHAPES,
    PRESENTATION,
    Block,
    CellFingerprint,
    Extent,
    NotebookFingerprint,
    cell_fingerprint,
    described_from,
    notebook_fingerprint,
    ordered_blocks,
    overlapping,
    window_keys,
    window_length,
)
from ..notebook.model import Cell, Notebook
from ..notebook.near_copies import MIN_FIGURE_STATEMENTS, NearCopy, Region, near_copies, searched_runs
from ..notebook.repeat_memo import kept_parts, kept_search, keys_by_cell
from .base import Fix, Rule, Violation
from .figure_pairs import long_figure_pairs

PARAMETERISE = Fix("make-function", "Make one function with a parameter for what differs", "manual")
PLOT_FUNCTION = Fix("plot-function", "Make the figure a function and call it for each plot", "manual")
MIN_FIGURE_COPIES = 3
"""A figure drawn twice is common and harmless; a third copy is a pattern worth a function."""
FIGURE_BLOCK_LINES = 4
"""Figure code is short (a plot, two labels, a legend): with three copies asked for, four lines are enough."""
FIGURE_BLOCK_CHARS = 40
"""And fewer characters than DU001 asks: `plt.xlabel(...)` normalises to a dozen."""


def _lines(nb: Notebook) -> tuple[int, int]:
    """DU003's and DU004's least block lengths (settings `duplicate_block_lines`, `figure_block_lines`)."""
    code = nb.config.threshold("duplicate_block_lines", DEFAULT_MIN_LINES)
    return code, nb.config.threshold("figure_block_lines", FIGURE_BLOCK_LINES)


def _all_near_copies(nb: Notebook) -> list[NearCopy]:
    """Near copies as long as the shorter of both lengths: found once, each rule keeps its own."""
    return near_copies(nb, max(min(_lines(nb)), 2))


def _cells(nb: Notebook, min_lines: int, keep) -> tuple[CellFingerprint, ...]:
    """The notebook's cell fingerprints that `keep` accepts: most cells can hold no block of interest."""
    return tuple(cell for cell in notebook_fingerprint(nb, min_lines=min_lines).cells if keep(cell))


def _exact_copies(nb: Notebook, min_lines: int, cells: set[int]) -> list[tuple[Region, ...]]:
    """The places of each block DU001 reports between these cells: a near copy that adds little to one
    of them is its business. Kept per group of cells linked by a repeated window (repeat_memo.kept_parts):
    an edit elsewhere leaves them as they were."""
    found = _cells(nb, min_lines, lambda cell: cell.cell_index in cells)
    window = window_length(min_lines)
    blocks = kept_parts(("DU003 exact", min_lines), found, lambda cell: window_keys(cell.shapes, window),
                        lambda group: ordered_blocks([NotebookFingerprint("", group)], min_lines))
    return [tuple(Region(o.cell_index, o.start_line, o.end_line) for o in block.occurrences) for block in blocks]


def _already_exact(copy: NearCopy, exact: list[tuple[Region, ...]], min_lines: int) -> bool:
    """DU001 links these two places, and the near copy reaches fewer than `min_lines` lines beyond it."""
    for places in exact:
        here = [p for p in places if overlapping(p, copy.first)]
        there = [p for p in places if overlapping(p, copy.second)]
        if here and there:
            beyond = copy.first.end_line - copy.first.start_line + 1 - (here[0].end_line - here[0].start_line + 1)
            if beyond < min_lines:
                return True
    return False


Group = tuple[Region, list[tuple[Region, float]]]


def _grouped(copies: list[NearCopy]) -> list[Group]:
    """Each first place with its near copies: a results cell pasted after every experiment is one finding.
    A group holds the places compared with its first one (not copies of copies, which drift away);
    a place is listed in one group only. Overlapping places of one cell are one place."""
    places: list[Region] = []

    def place(region: Region) -> int:
        found = next((i for i, p in enumerate(places) if overlapping(p, region)), None)
        if found is None:
            places.append(region)
            found = len(places) - 1
        return found

    similar: dict[tuple[int, int], float] = {}
    for copy in copies:
        a, b = sorted((place(copy.first), place(copy.second)))
        if a != b:
            similar[a, b] = max(similar.get((a, b), 0.0), copy.similarity)
    waiting = sorted(range(len(places)), key=lambda i: (places[i].cell_index, places[i].start_line))
    groups = []
    while waiting:
        first, *rest = waiting
        others = [i for i in rest if (min(first, i), max(first, i)) in similar]
        if others:
            groups.append((places[first], [(places[i], similar[min(first, i), max(first, i)]) for i in others]))
        waiting = [i for i in rest if i not in others]
    return groups


def _similar(similarity: float) -> str:
    return f"{int(100 * similarity)} % similar"  # rounded down: a near copy is never "100 % similar"


def _near_copy_groups(nb: Notebook, min_lines: int) -> list[Group]:
    copies = [copy for copy in _all_near_copies(nb) if not copy.figure and copy.aligned >= min_lines]
    if not copies:
        return []
    exact = _exact_copies(nb, min_lines, {r.cell_index for copy in copies for r in (copy.first, copy.second)})
    return _grouped([copy for copy in copies if not _already_exact(copy, exact, min_lines)])


def near_duplicate_block(nb: Notebook) -> Iterator[Violation]:
    """A block of lines is repeated in another cell with a few lines inserted, removed or changed.

    Why: a near copy is a copy that has already started to drift: a training function redefined with one
    more argument, a config dict pasted with one more key, a results cell pasted after each experiment.
    A fix made in one copy misses the others, and the small differences are easy to overlook.
    Example: a 9-line evaluation cell pasted after each model, one line changed in each copy.
    Instead: make it one function with a parameter for what differs, and call it at every place.
    """
    lines = _lines(nb)
    searched = max(min(lines), 2)
    # Only cells holding a run of lines found elsewhere take part (repeat_memo): an edit of any other
    # cell leaves the groups as they were. A cell with fewer lines than that is searched for nothing.
    groups = kept_search(("DU003", lines), notebook_fingerprint(nb, min_lines=searched).cells,
                         keys_by_cell(nb.cells, lambda cell: searched_runs(cell, searched)),
                         lambda: _near_copy_groups(nb, lines[0]))
    for first, others in groups:
        places = ", ".join(f"{described_from(region, first)} ({_similar(similarity)})" for region, similarity in others)
        yield Violation(
            f"Lines {first.start_line}–{first.end_line} repeat with small edits in {places}: make them one "
            "function with a parameter for what differs",
            nb.cells[first.cell_index],
            first.start_line,
            0,
            first.end_line,
            None,
            fixes=(PARAMETERISE,),
        )


def _figure_blocks(cells: tuple[CellFingerprint, ...], min_lines: int) -> list[Block]:
    """Exact copies of figure code, the plotting call being the parameter (figure_shapes), kept per group
    of cells linked by a repeated window (repeat_memo.kept_parts). Figure statements are short
    (`plt.xlabel(...)`): FIGURE_BLOCK_CHARS of them are enough, since three copies are asked for."""
    window = window_length(min_lines)

    def accept(extent: Extent) -> bool:
        return (extent.statements >= window and extent.lines >= min_lines and extent.chars >= FIGURE_BLOCK_CHARS
                and extent.distinct >= MIN_DISTINCT_SHAPES)

    return kept_parts(("DU004", min_lines), cells, lambda cell: window_keys(cell.shapes, window),
                      lambda group: ordered_blocks([NotebookFingerprint("", group)], min_lines, figures=True,
                                                   accept=accept))


def _draws(cell: CellFingerprint) -> bool:
    return cell.kinds.count(PRESENTATION) >= MIN_FIGURE_STATEMENTS


def _figure_groups(nb: Notebook, min_lines: int) -> list[tuple[Region, list[Region]]]:
    """Figure code found three times or more, exactly (fingerprints.find_blocks) or nearly: two exact
    copies and a near copy of one of them are three places."""
    drawing = tuple(figure_fingerprint(nb.cells[cell.cell_index], min_lines) for cell in _cells(nb, min_lines, _draws))
    links = []  # exact places first: a place keeps the extent it was first given
    for block in _figure_blocks(drawing, min_lines):
        first, *others = [Region(o.cell_index, o.start_line, o.end_line) for o in block.occurrences]
        links += [NearCopy(first, other, 1.0, 0, True) for other in others]
    links += [copy for copy in _all_near_copies(nb) if copy.figure and copy.aligned >= min_lines]
    return [(first, [region for region, _ in others]) for first, others in _grouped(links)
            if len(others) + 1 >= MIN_FIGURE_COPIES]


def _figure_runs(cell: Cell, lines: tuple[int, int]) -> tuple:
    """What ties a cell to figure code elsewhere: its runs of lines (near copies) and, when it draws, its
    windows of statements (exact copies among drawing cells, find_blocks)."""
    runs = searched_runs(cell, max(min(lines), 2))
    drawing = cell_fingerprint(cell, lines[1])
    if drawing is None or not _draws(drawing):
        return runs
    plotted = figure_fingerprint(cell, lines[1])
    return (*runs, *window_keys(plotted.shapes, window_length(lines[1])))


def repeated_figure_code(nb: Notebook) -> Iterator[Violation]:
    """The same figure code (axes, limits, labels, legend) is pasted in three or more places.

    Why: every copy must be changed when the figure's style changes, and copies that differ only in their
    data hide which one was edited. Two copies are left alone, a figure drawn twice being common, unless
    the figure is long (figure_pairs: eight statements, or eight lines of a near copy), as information.
    Example: `plt.figure`, `plt.plot`, `plt.xlabel`, `plt.ylabel`, `plt.legend`, `plt.show` pasted for
    every model.
    Instead: make the figure a function that takes the data (and the title), and call it for each plot.
    """
    lines = _lines(nb)
    # The cells long enough for the shorter of both searches (fingerprints hold no cell: a kept answer
    # keeps no syntax tree alive).
    searched = notebook_fingerprint(nb, min_lines=max(min(lines), 2)).cells
    groups = kept_search(("DU004", lines), searched, keys_by_cell(nb.cells, lambda cell: _figure_runs(cell, lines)),
                         lambda: _figure_groups(nb, lines[1]))
    for first, others in groups:
        places = ", ".join(
            f"{'this cell' if o.cell_index == first.cell_index else f'cell #{o.cell_index + 1}'} lines "
            f"{o.start_line}–{o.end_line}" for o in others)
        yield Violation(
            f"The figure code of lines {first.start_line}–{first.end_line} is pasted again (or nearly) in {places}: "
            "make it a function",
            nb.cells[first.cell_index],
            first.start_line,
            0,
            first.end_line,
            None,
            fixes=(PLOT_FUNCTION,),
        )
    yield from long_figure_pairs(nb, groups)


RULES = (
    Rule("DU003", "near-duplicate-block", "duplication", "warning", near_duplicate_block, points=2),
    Rule("DU004", "repeated-figure-code", "duplication", "info", repeated_figure_code, points=1),
)
