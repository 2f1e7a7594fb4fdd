"""Blocks of code copied with a line inserted, removed or changed: near copies, found line by line.

Exact copies (every line the same shape) are fingerprints.find_blocks' business. Here each cell becomes
a sequence of line shapes, one per physical line of its statements, so a config dict copied with one
more key, or a call given one more argument on a line of its own, differs by one line. The shapes are
those of fingerprints.normalise, except that dict keys written as strings (`"lr":`) and keyword
argument names (`epochs=`) stay: they say what a line sets, and two dicts of numbers would otherwise
be the same line repeated (keyed_shapes.py).

Bounded, so it stays linear-ish in the notebook size: cells are paired only when they share a run
of three line shapes (runs found in many cells are boilerplate and pair nothing), pairs are aligned
with difflib (cached per pair of cell texts, so an edit re-aligns only the edited cell's pairs), a cell
is aligned with itself only from where its lines start to repeat, and cells longer than MAX_LINES are
left out.
"""

import re
import zlib
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import combinations

from .cell_memo import per_cell, per_text
from .fingerprints import PRESENTATION, TextFingerprint, fingerprint_text
from .keyed_shapes import keyed_line_shapes
from .model import Cell, Notebook
from .repeat_memo import kept_parts

GRAM = 3
MIN_SHARED_GRAMS = 1
MAX_PLACES = 12
"""A run of three line shapes found in more cells than this is an idiom (a plot's last lines), not a copy."""
MAX_LINES = 300
MAX_GAP = 2
"""Lines inserted, removed or changed in a row that still leave one copy."""
MIN_SIMILARITY = 0.75
MIN_LOGIC_LINES = 3
"""Aligned lines that do more than draw or style a figure, for a near copy of code; with fewer it is a
near copy of a figure if it aligns MIN_FIGURE_STATEMENTS statements that draw, and nothing otherwise."""
MIN_FIGURE_STATEMENTS = 3

_HAS_CODE = re.compile(r"[^\W\d]")
# Statements that build a plotly, altair or holoviews figure: drawing, like fingerprints' PRESENTATION.
_BUILDS_FIGURE = re.compile(r"\s*(?:\w+\s*=\s*)?(?:px|go|alt|hv)\.")
_FIGURE_MODULES = ("px.", "go.", "alt.", "hv.")  # one of them in each match of _BUILDS_FIGURE


@dataclass(frozen=True, eq=False)
class CellLines:
    """The shaped physical lines of one cell's statements (imports, blank and comment lines left out).

    Compared by identity: it is kept with the cell's text (per_text), so the alignments cached for a pair
    of them are found again with one hash of each, not of all their lines."""

    lines: tuple[int, ...] = ()
    """1-based line number of each shaped line."""
    shapes: tuple[int, ...] = ()
    sizes: tuple[int, ...] = ()
    statement: tuple[int, ...] = ()
    """Index (in fingerprint_text's statements) of the statement each line belongs to."""
    starts: tuple[int, ...] = ()
    """First and last line of each statement, and whether it only draws or styles a figure."""
    ends: tuple[int, ...] = ()
    figure: tuple[bool, ...] = ()
    grams: frozenset[tuple[int, ...]] = frozenset()
    repeats: bool = False
    """Some run of GRAM lines occurs twice in the cell: it may hold a block pasted twice."""
    gram_keys: frozenset[int] = frozenset()
    """hash() of each run: what repeat_memo counts (equal runs, equal keys)."""


@dataclass(frozen=True)
class Region:
    cell_index: int
    start_line: int
    end_line: int


@dataclass(frozen=True)
class NearCopy:
    """Two places whose lines align but for a few inserted, removed or changed ones."""

    first: Region
    second: Region
    similarity: float
    """2 × aligned lines / lines of both places, as difflib's ratio."""
    aligned: int
    figure: bool
    """Mostly draws or styles a figure: fewer than MIN_LOGIC_LINES of the aligned lines do anything else."""


@per_text
def cell_lines(cell: Cell) -> CellLines:
    python = cell.parsed.python
    statements = fingerprint_text(python)
    if not statements.lines:
        return CellLines()
    physical = keyed_line_shapes(python)
    found = []
    for index, (start, end) in enumerate(zip(statements.lines, statements.ends)):
        for number in range(start, end + 1):
            shape = physical[number - 1]
            # Most shapes hold a name (`x`): the pattern is only asked about the others.
            if "x" in shape or _HAS_CODE.search(shape):
                found.append((number, zlib.crc32(shape.encode()), len(shape), index))
    if not found or len(found) > MAX_LINES:
        return CellLines()
    lines, shapes, sizes, owners = zip(*found)
    grams = frozenset(zip(*(shapes[i:] for i in range(GRAM))))  # each run of GRAM shapes, as shapes[i:i + GRAM]
    return CellLines(lines, shapes, sizes, owners, statements.lines, statements.ends, _figure(python, statements),
                     grams, len(grams) < len(shapes) - GRAM + 1, frozenset(map(hash, grams)))


def _figure(python: str, statements: TextFingerprint) -> tuple[bool, ...]:
    """Whether each statement only draws or styles a figure, or builds a plotly, altair or holoviews one (a
    text without `px.`, `go.`, `alt.` or `hv.` builds none)."""
    if not any(map(python.__contains__, _FIGURE_MODULES)):
        return tuple(kind == PRESENTATION for kind in statements.kinds)
    python_lines = python.split("\n")
    return tuple(kind == PRESENTATION or bool(_BUILDS_FIGURE.match(python_lines[start - 1]))
                 for kind, start in zip(statements.kinds, statements.lines))


def near_copies(nb: Notebook, min_lines: int) -> list[NearCopy]:
    """Pairs of places that are not exact copies, first place first, in two cells or twice in one, with
    at least `min_lines` lines in common (as many as find_blocks asks of an exact copy). Kept for the
    analysis (Notebook.shared): two rules ask."""
    return nb.shared(("near copies", min_lines), lambda nb: _near_copies(nb, min_lines))


# A cell whose lines repeat within it may hold a copy of its own: it counts as holding a repeated run.
_REPEATS_WITHIN = ("repeats within the cell",)


def searched_runs(cell: Cell, min_lines: int) -> tuple:
    """The runs of GRAM lines by which near_copies(nb, min_lines) pairs this cell with others (none for a
    cell too short to be searched): a cell none of whose runs occurs elsewhere is in no near copy."""
    if not _spans(cell.parsed.python, min_lines):
        return ()
    found = cell_lines(cell)
    if len(found.shapes) < min_lines:
        return ()
    return (*found.gram_keys, _REPEATS_WITHIN, _REPEATS_WITHIN) if found.repeats else tuple(found.gram_keys)


def _spans(python: str, min_lines: int) -> bool:
    """Whether the statements of a cell's text span `min_lines` lines: cell_lines shapes at most one line of
    each line a statement spans, so a cell whose statements span fewer is searched for nothing (most cells
    are short: they are not shaped again)."""
    text = fingerprint_text(python)
    return sum(text.ends) - sum(text.lines) + len(text.lines) >= min_lines


def _near_copies(nb: Notebook, min_lines: int) -> list[NearCopy]:
    cells = [placed for cell in nb.python_cells if _spans(cell.parsed.python, min_lines)
             and len((placed := _placed_lines(cell))[1].shapes) >= min_lines]
    # Cells are paired through runs found in other cells: searched again only in the groups of cells linked
    # by such runs that an edit changed (repeat_memo.kept_parts), every pair of a group in that group.
    copies = list(kept_parts(("near copies", min_lines), cells, lambda placed: placed[1].gram_keys,
                             lambda group: _paired_copies(group, min_lines)))
    for index, found in cells:
        if found.repeats:
            split, spans = _aligned_within(found, min_lines)
            copies.extend(_copies(index, found, index, found, spans, split))
    return copies


@per_cell
def _placed_lines(cell: Cell) -> tuple[int, CellLines]:
    """The cell's index and lines: one object per cell while it is unchanged (its lines are per text)."""
    return cell.index, cell_lines(cell)


def _paired_copies(cells: tuple[tuple[int, CellLines], ...], min_lines: int) -> list[tuple[tuple, NearCopy]]:
    """The near copies between cells that share a run of GRAM lines found in at most MAX_PLACES cells,
    each with its pair of cell indexes (the order of the copies)."""
    # Most runs of lines occur once: find the repeated ones with set operations before indexing any.
    seen: set[tuple[int, ...]] = set()
    repeated: set[tuple[int, ...]] = set()
    for _, found in cells:
        repeated |= seen.intersection(found.grams)
        seen |= found.grams
    places: dict[tuple[int, ...], list[int]] = {}
    for position, (_, found) in enumerate(cells):
        for gram in repeated.intersection(found.grams):
            places.setdefault(gram, []).append(position)
    shared: dict[tuple[int, int], int] = {}
    for group in places.values():
        if 1 < len(group) <= MAX_PLACES:
            for pair in combinations(group, 2):
                shared[pair] = shared.get(pair, 0) + 1
    copies = []
    for (a, b), count in sorted(shared.items()):
        if count >= MIN_SHARED_GRAMS:
            (index_a, lines_a), (index_b, lines_b) = cells[a], cells[b]
            spans = _aligned(lines_a, lines_b, min_lines)
            copies.extend(((index_a, index_b), copy) for copy in _copies(index_a, lines_a, index_b, lines_b, spans, 0))
    return copies


# 72 pairs and 12 cells for 300 cells of real notebooks: room for several open notebooks, while a batch
# run's memory stays flat (each entry keeps two cells' lines alive).
@lru_cache(maxsize=1024)
def _aligned(a: CellLines, b: CellLines, min_lines: int) -> tuple:
    return aligned_spans(a.shapes, b.shapes, min_lines)


@lru_cache(maxsize=512)
def _aligned_within(found: CellLines, min_lines: int) -> tuple[int, tuple]:
    """The cell's lines before where they start to repeat, aligned with the lines from there. The first
    repeated run may come a line or two into the second copy (its first lines edited): the split that
    aligns most lines, among the few before it, is kept."""
    split = _second_copy(found, min_lines)
    if not split:
        return 0, ()
    tried = [(candidate, aligned_spans(found.shapes[:candidate], found.shapes[candidate:], min_lines))
             for candidate in range(split, max(split - MAX_GAP, min_lines) - 1, -1)]
    return max(tried, key=lambda tried: sum(span[2] for span in tried[1]))


def _second_copy(found: CellLines, min_lines: int) -> int | None:
    """Where a cell's lines start to repeat, at least `min_lines` lines after their first occurrence: the
    same block pasted twice into one cell (for the training set, then for the test set)."""
    if len(found.shapes) < 2 * min_lines:
        return None
    first: dict[tuple[int, ...], int] = {}
    for position in range(len(found.shapes) - GRAM + 1):
        gram = found.shapes[position:position + GRAM]
        if position - first.setdefault(gram, position) >= min_lines:
            return position
    return None


def _copies(index_a: int, lines_a: CellLines, index_b: int, lines_b: CellLines, spans: tuple,
            offset: int) -> list[NearCopy]:
    """The near copies among aligned spans (those of b start `offset` lines into its cell)."""
    copies = []
    for span_a, span_b, matched, runs in spans:
        # Whole statements: a dict given one more key differs inside its statement, not around it.
        span_a = _statements(lines_a, *span_a)
        span_b = _statements(lines_b, span_b[0] + offset, span_b[1] + offset)
        lengths = span_a[1] - span_a[0] + span_b[1] - span_b[0]
        if index_a == index_b and span_a[1] > span_b[0]:
            continue  # two places of one cell that overlap are one place
        if matched * 2 == lengths or 2 * matched / lengths < MIN_SIMILARITY or not _substantial(lines_a, *span_a):
            continue  # an exact copy (fingerprints' business), or too far apart
        aligned = [lines_a.statement[i] for start, length in runs for i in range(start, start + length)]
        logic = sum(not lines_a.figure[statement] for statement in aligned)
        drawing = len({statement for statement in aligned if lines_a.figure[statement]})
        if logic < MIN_LOGIC_LINES and drawing < MIN_FIGURE_STATEMENTS:
            continue
        copies.append(NearCopy(_region(index_a, lines_a, *span_a), _region(index_b, lines_b, *span_b),
                               2 * matched / lengths, matched, logic < MIN_LOGIC_LINES))
    return copies


def aligned_spans(a: tuple[int, ...], b: tuple[int, ...], min_lines: int) -> tuple:
    """Spans ((start, end) in a, (start, end) in b, aligned lines, (start, length) in a of each aligned
    run) where runs of equal shapes follow one another with at most MAX_GAP lines between them on either
    side, with at least `min_lines` aligned lines and a similarity of MIN_SIMILARITY. A single run is
    kept too: the statements around it may differ (a dict given one more key at its end)."""
    blocks = [block for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if block.size]
    found = []
    chain: list = []
    for block in [*blocks, None]:
        if chain and block is not None:
            last = chain[-1]
            if block.a - (last.a + last.size) <= MAX_GAP and block.b - (last.b + last.size) <= MAX_GAP:
                chain.append(block)
                continue
        if chain:
            matched = sum(part.size for part in chain)
            span_a = (chain[0].a, chain[-1].a + chain[-1].size)
            span_b = (chain[0].b, chain[-1].b + chain[-1].size)
            lengths = span_a[1] - span_a[0] + span_b[1] - span_b[0]
            if matched >= min_lines and 2 * matched / lengths >= MIN_SIMILARITY:
                found.append((span_a, span_b, matched, tuple((part.a, part.size) for part in chain)))
        chain = [block] if block is not None else []
    return tuple(found)


def _statements(found: CellLines, start: int, end: int) -> tuple[int, int]:
    """The span of lines widened to the whole statements it starts and ends in."""
    first, last = found.statement[start], found.statement[end - 1]
    while start and found.statement[start - 1] == first:
        start -= 1
    while end < len(found.statement) and found.statement[end] == last:
        end += 1
    return start, end


def _region(cell_index: int, found: CellLines, start: int, end: int) -> Region:
    """The whole statements the aligned lines start and end in."""
    first, last = found.statement[start], found.statement[end - 1]
    return Region(cell_index, found.starts[first], found.ends[last])


def _substantial(found: CellLines, start: int, end: int) -> bool:
    """Some code, not a run of trivial lines: several distinct lines holding some characters."""
    return sum(found.sizes[start:end]) >= 60 and len(set(found.shapes[start:end])) >= 4


def forget_alignments() -> None:
    """Drop the kept alignments of cell pairs and the cells they hold (a batch run, with its other caches)."""
    _aligned.cache_clear()
    _aligned_within.cache_clear()
