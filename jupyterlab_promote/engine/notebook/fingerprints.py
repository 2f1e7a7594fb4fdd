"""Normalised line shapes of code cells, and the blocks of lines that repeat with the same shape.

A line's shape is its text with every variable name replaced by `x`, every literal by a placeholder and
whitespace and comments removed; keywords and attribute names (`.groupby`, `.fit`) stay, because they
carry what the code does. Two blocks with the same sequence of shapes are the same code with other
names: copy-paste. Blank lines, comments, imports and lines of bare brackets carry no shape.

Shapes are stable hashes (crc32), so fingerprints computed in different processes can be compared: the
same functions find repeated blocks inside one notebook and blocks shared by the notebooks of a folder.
Finding blocks is one dictionary of window keys over all lines, so it stays linear in the notebook size.
"""

import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .block_extent import apart, extend, extend_back, within_one_suite
from .cell_memo import per_cell
from .line_shapes import HAS_CODE, normalise
from .merge_memo import merged
from .model import Cell, Notebook

DEFAULT_MIN_LINES = 6
PLAIN, PRESENTATION, HEADER = 0, 1, 2
# A block of trivial lines (`print(x)` six times) is not worth extracting: ask for some substance.
MIN_BLOCK_CHARS = 60
MIN_DISTINCT_SHAPES = 2

# A statement that only draws or styles a figure: copies of these differ in their data, and six of them
# in a row are a plot, not logic worth a function.
_PRESENTATION = re.compile(r"\s*(?:plt|sns|fig\w*|ax\w*)\s*[.\[]|\s*(?:fig\w*|ax\w*)\s*(?:,\s*ax\w*\s*)?=\s*(?:plt|fig\w*)\.")


@dataclass(frozen=True)
class CellFingerprint:
    """The shaped lines of one code cell."""

    cell_index: int
    cell_id: str | None
    lines: tuple[int, ...]
    """1-based line numbers in the cell where each shaped statement line starts."""
    shapes: tuple[int, ...]
    sizes: tuple[int, ...]
    """Length of each normalised line: how much code it holds."""
    ends: tuple[int, ...] = ()
    """Where each one ends: a call spread over several lines is one line of shape."""
    indents: tuple[int, ...] = ()
    kinds: tuple[int, ...] = ()
    """PLAIN, PRESENTATION (only draws or styles a figure: `plt.xlabel(...)`) or HEADER (`for ...:`)."""


@dataclass(frozen=True)
class NotebookFingerprint:
    path: str
    cells: tuple[CellFingerprint, ...]


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


def _is_import(shape: str) -> bool:
    return shape.startswith("import") or (shape.startswith("from") and "import" in shape)


@dataclass(frozen=True)
class TextFingerprint:
    """The shaped lines of a cell's text: one per logical line (continuation lines joined)."""

    lines: tuple[int, ...] = ()
    shapes: tuple[int, ...] = ()
    sizes: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()
    indents: tuple[int, ...] = ()
    kinds: tuple[int, ...] = ()

    def of_cell(self, cell_index: int, cell_id: str | None) -> CellFingerprint:
        return CellFingerprint(cell_index, cell_id, self.lines, self.shapes, self.sizes, self.ends, self.indents,
                               self.kinds)


@lru_cache(maxsize=8192)
def fingerprint_text(python: str) -> TextFingerprint:
    """The logical lines of a cell that carry a shape; cached by text.

    A statement continued over several lines (open brackets, a trailing backslash) is one line, so a
    block never starts or ends in the middle of a statement, and one long call does not count as six.
    """
    found: list[tuple[int, int, int, str, int]] = []  # start, end, indent, shape, kind
    physical = python.split("\n")
    start, depth, shape = 0, 0, ""
    for number, part in enumerate(normalise(python), start=1):
        if not shape:
            start = number
        shape += part
        depth += sum(part.count(c) for c in "([{") - sum(part.count(c) for c in ")]}")
        if depth > 0 or physical[number - 1].rstrip().endswith("\\"):
            continue
        depth = 0
        if shape and not _is_import(shape) and HAS_CODE.search(shape):
            text = physical[start - 1]
            kind = HEADER if shape.endswith(":") else PRESENTATION if _PRESENTATION.match(text) else PLAIN
            found.append((start, number, len(text) - len(text.lstrip()), shape, kind))
        shape = ""
    if not found:
        return TextFingerprint()
    starts, ends, indents, shapes, kinds = zip(*found)
    return TextFingerprint(starts, tuple(zlib.crc32(s.encode()) for s in shapes), tuple(len(s) for s in shapes),
                           ends, indents, kinds)


def notebook_fingerprint(nb: Notebook, path: str = "", min_lines: int = DEFAULT_MIN_LINES) -> NotebookFingerprint:
    """Fingerprints of a notebook's Python cells (none for other languages).

    Cells with fewer than `min_lines` lines cannot hold a block of that size and are left out. Kept
    while the cells stay the same objects, and after an edit updated for the edited cells (merge_memo).
    """
    path = path or (str(nb.path) if nb.path else "")
    return merged(_fingerprints, nb.python_cells, path, min_lines, update=_update_fingerprints)[1]


def _fingerprints(cells: Sequence[Cell], path: str, min_lines: int) -> tuple[list, NotebookFingerprint]:
    """Each cell's fingerprint (None for a short one), and the notebook's."""
    found = [cell_fingerprint(cell, min_lines) for cell in cells]
    return found, NotebookFingerprint(path, tuple(filter(None, found)))


def _update_fingerprints(last: tuple[list, NotebookFingerprint], cells: Sequence[Cell], changed: list[int],
                         path: str, min_lines: int) -> tuple[list, NotebookFingerprint]:
    found = list(last[0])
    for position in changed:
        found[position] = cell_fingerprint(cells[position], min_lines)
    return found, NotebookFingerprint(path, tuple(filter(None, found)))


@per_cell
def cell_fingerprint(cell: Cell, min_lines: int) -> CellFingerprint | None:
    if cell.parsed.python.count("\n") + 1 < min_lines:
        return None
    text = fingerprint_text(cell.parsed.python)
    return text.of_cell(cell.index, cell.id) if text.lines else None


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
    spans: list[int] = []  # physical lines of each statement
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
            spans.extend(end - start + 1 for start, end in zip(cell.lines, cell.ends or cell.lines))
            for start, key in enumerate(cell_windows, start=offset):
                if key in repeated:
                    starts_of.setdefault(key, []).append(start)
                    starts.append((start, key))
    headers = [kind == HEADER for kind in kinds]
    covered: set[int] = set()
    blocks: list[Block] = []
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
        group = [p for p in group if not any(q in covered for q in range(p, p + length))]
        if len(group) < 2 or not length:
            continue
        first = group[0]
        if not accept(Extent(len(group), length, sum(spans[first:first + length]), sum(sizes[first:first + length]),
                             len(set(shapes[first:first + length])))):
            continue
        figure = sum(kind != PRESENTATION for kind in kinds[first:first + length]) <= 1
        if figure and not figures:
            continue
        for position in group:
            covered.update(range(position, position + length))
        if figure == figures:
            blocks.append(Block(length, tuple(_occurrence(places, owner, p, length) for p in group)))
    return blocks


@lru_cache(maxsize=16384)
def windows(shapes: tuple[int, ...], length: int) -> tuple[tuple[int, ...], ...]:
    """Every run of `length` consecutive shapes of one cell; cached, since cells rarely change."""
    return tuple(shapes[start:start + length] for start in range(len(shapes) - length + 1))


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
