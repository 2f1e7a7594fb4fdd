"""The blocks of lines that repeat with the same shape (cell_fingerprints.py says what a shape is).

The same functions find repeated blocks inside one notebook and blocks shared by the notebooks of a
folder. Finding blocks is one dictionary of window keys over all lines, so it stays linear in the
notebook size.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .block_extent import apart, extend, extend_back, within_one_suite
from .cell_fingerprints import (
    DEFAULT_MIN_LINES,
    HEADER,
    PLAIN,
    PRESENTATION,
    CellFingerprint,
    NotebookFingerprint,
    TextFingerprint,
    cell_fingerprint,
    fingerprint_text,
    notebook_fingerprint,
)
from .line_shapes import normalise

__all__ = ["DEFAULT_MIN_LINES", "HEADER", "MIN_BLOCK_CHARS", "MIN_DISTINCT_SHAPES", "PLAIN", "PRESENTATION", "Block",
           "CellFingerprint", "Extent", "NotebookFingerprint", "Occurrence", "TextFingerprint", "cell_fingerprint",
           "find_blocks", "find_shared_blocks", "fingerprint_text", "normalise", "notebook_fingerprint",
           "ordered_blocks", "window_keys", "window_length", "windows"]

# A block of trivial lines (`print(x)` six times) is not worth extracting: ask for some substance.
MIN_BLOCK_CHARS = 60
MIN_DISTINCT_SHAPES = 2


@dataclass(frozen=True)
class Occurrence:
    notebook: str
    cell_index: int
    cell_id: str | None
    start_line: int
    end_line: int


@dataclass(frozen=True)
class Block:
    """The same sequence of line shapes found at several places (first occurrence first)."""

    length: int
    """Number of shaped lines."""
    occurrences: tuple[Occurrence, ...]


def overlapping(a: Occurrence, b: Occurrence) -> bool:
    """Whether two places share a line: anything with a cell index and a line span (an Occurrence, a
    near_copies.Region)."""
    return a.cell_index == b.cell_index and a.start_line <= b.end_line and b.start_line <= a.end_line


def described_from(place: Occurrence, first: Occurrence) -> str:
    """Where a copy is, said from the first copy's cell: `this cell lines 4–9`, `cell #7 lines 4–9`."""
    cell = "this cell" if place.cell_index == first.cell_index else f"cell #{place.cell_index + 1}"
    return f"{cell} lines {place.start_line}–{place.end_line}"


def clear_of(taken: Sequence[Block]) -> Callable[[Block], bool]:
    """A test that a block shares no line with the blocks another finding reports (`taken`)."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for block in taken:
        for o in block.occurrences:
            spans.setdefault(o.cell_index, []).append((o.start_line, o.end_line))

    def clear(block: Block) -> bool:
        return not any(start <= o.end_line and o.start_line <= end for o in block.occurrences
                       for start, end in spans.get(o.cell_index, ()))

    return clear


def window_length(min_lines: int) -> int:
    """How many statements in a row two places must share to start a block of `min_lines` lines: one
    fewer, so five statements over six lines or more count, and one call spread over six does not."""
    return max(int(min_lines) - 1, 2)


@dataclass(frozen=True)
class Extent:
    """What a candidate block holds, to judge whether it is worth reporting."""

    copies: int
    statements: int
    lines: int
    """Physical lines of its first place."""
    chars: int
    """Normalised characters of one copy: how much code it holds."""
    distinct: int
    """Distinct statement shapes."""


def find_blocks(notebooks: Sequence[NotebookFingerprint], min_lines: int = DEFAULT_MIN_LINES,
                figures: bool = False, window: int | None = None,
                accept: Callable[[Extent], bool] | None = None) -> list[Block]:
    """Maximal blocks of at least `min_lines` lines of code (and `window_length` statements) that occur
    more than once.

    A block whose statements all draw or style a figure but one is left out (copies of a figure differ
    in their data, not in logic); `figures=True` returns those blocks instead, and only those.

    Blocks never cross a cell boundary. Each group of places is reported once, at its longest extent;
    windows inside a block already reported are not reported again.

    `window` (statements in a row two places must share to start a block) and `accept` (which blocks
    are reported) replace what `min_lines` asks, for searches of shorter blocks pasted more often.
    """
    return [block for _, block in ordered_blocks(notebooks, min_lines, figures, window, accept)]


def ordered_blocks(notebooks: Sequence[NotebookFingerprint], min_lines: int = DEFAULT_MIN_LINES,
                   figures: bool = False, window: int | None = None,
                   accept: Callable[[Extent], bool] | None = None) -> list[tuple[tuple[int, int], Block]]:
    """find_blocks, each block with where its search started: (cell index, statement in the cell).

    Blocks come in that order, and the search of a block reads only the cells holding its windows. So
    for one notebook, the search over each group of cells linked by a repeated window, merged in that
    order, gives find_blocks over all the cells (repeat_memo.kept_parts).
    """
    min_lines = max(int(min_lines), 2)
    window = window or window_length(min_lines)
    if accept is None:
        def accept(extent: Extent) -> bool:
            return (extent.statements >= window and extent.lines >= min_lines
                    and extent.chars >= MIN_BLOCK_CHARS and extent.distinct >= MIN_DISTINCT_SHAPES)
    # Most notebooks repeat nothing: find that out from each cell's cached windows before building more.
    seen: set[tuple[int, ...]] = set()
    repeated: set[tuple[int, ...]] = set()
    for fingerprint in notebooks:
        for cell in fingerprint.cells:
            for key in windows(cell.shapes, window):
                (repeated if key in seen else seen).add(key)
    if not repeated:
        return []
    # Flatten every cell into one sequence; `owner[i]` says which cell line i belongs to. Only windows
    # seen more than once can start a block, and a cell without one has no place in any block.
    shapes: list[int] = []
    sizes: list[int] = []
    indents: list[int] = []
    kinds: list[int] = []
    owner: list[int] = []
    places: list[tuple[str, CellFingerprint, int]] = []
    starts_of: dict[tuple[int, ...], list[int]] = {}
    starts: list[tuple[int, tuple[int, ...]]] = []
    for fingerprint in notebooks:
        for cell in fingerprint.cells:
            cell_windows = windows(cell.shapes, window)
            if repeated.isdisjoint(cell_windows):
                continue
            offset = len(shapes)
            owner.extend([len(places)] * len(cell.shapes))
            places.append((fingerprint.path, cell, offset))
            shapes.extend(cell.shapes)
            sizes.extend(cell.sizes)
            indents.extend(cell.indents or [0] * len(cell.shapes))
            kinds.extend(cell.kinds or [PLAIN] * len(cell.shapes))
            for start, key in enumerate(cell_windows, start=offset):
                if key in repeated:
                    starts_of.setdefault(key, []).append(start)
                    starts.append((start, key))
    headers = [kind == HEADER for kind in kinds]
    covered: set[int] = set()
    blocks: list[tuple[tuple[int, int], Block]] = []
    for start, key in starts:
        group = starts_of[key]
        if len(group) < 2 or group[0] != start:
            continue
        # Places inside a block already reported are not reported again as part of a smaller one.
        group = apart([p for p in group if p not in covered], window, owner)
        if len(group) < 2:
            continue
        group, length = extend_back(group, window, shapes, owner, covered)
        length = extend(group, length, shapes, owner)
        group, length = within_one_suite(group, length, indents, headers)
        # A place that overlaps a block already reported is part of that block's finding.
        group = [p for p in group if covered.isdisjoint(range(p, p + length))]
        if len(group) < 2 or not length:
            continue
        first = group[0]
        if not accept(Extent(len(group), length, _physical_lines(places, owner, first, length),
                             sum(sizes[first:first + length]), len(set(shapes[first:first + length])))):
            continue
        figure = sum(kind != PRESENTATION for kind in kinds[first:first + length]) <= 1
        if figure and not figures:
            continue
        for position in group:
            covered.update(range(position, position + length))
        if figure == figures:
            _, cell, offset = places[owner[start]]
            blocks.append(((cell.cell_index, start - offset),
                           Block(length, tuple(_occurrence(places, owner, p, length) for p in group))))
    return blocks


@lru_cache(maxsize=16384)
def windows(shapes: tuple[int, ...], length: int) -> tuple[tuple[int, ...], ...]:
    """Every run of `length` consecutive shapes of one cell; cached, since cells rarely change."""
    return tuple(zip(*(shapes[start:] for start in range(length))))  # shapes[start:start + length], each start


@lru_cache(maxsize=16384)
def window_keys(shapes: tuple[int, ...], length: int) -> tuple[int, ...]:
    """hash() of each of windows(shapes, length): equal windows have equal keys, so a count of the keys
    (repeat_memo) finds every repeated window, and a rare collision only counts one more as repeated."""
    return tuple(map(hash, windows(shapes, length)))


def _physical_lines(places: list[tuple[str, CellFingerprint, int]], owner: list[int], position: int,
                    length: int) -> int:
    """How many physical lines the statements from `position` on take (a call over six lines is six)."""
    _, cell, offset = places[owner[position]]
    first = position - offset
    ends = cell.ends or cell.lines
    return sum(ends[i] - cell.lines[i] + 1 for i in range(first, first + length))


def _occurrence(places: list[tuple[str, CellFingerprint, int]], owner: list[int], position: int,
                length: int) -> Occurrence:
    path, cell, offset = places[owner[position]]
    first, last = position - offset, position - offset + length - 1
    return Occurrence(path, cell.cell_index, cell.cell_id, cell.lines[first], (cell.ends or cell.lines)[last])


def find_shared_blocks(notebooks_fingerprints: Sequence[NotebookFingerprint],
                       min_lines: int = DEFAULT_MIN_LINES) -> list[Block]:
    """Blocks that occur in at least two different notebooks (e.g. the notebooks of one folder).

    Give each notebook's fingerprint (`notebook_fingerprint(nb, path)`); every returned block lists all
    its places, including repeats inside one notebook, first occurrence first.
    """
    return [
        block
        for block in find_blocks(notebooks_fingerprints, min_lines)
        if len({o.notebook for o in block.occurrences}) > 1
    ]
