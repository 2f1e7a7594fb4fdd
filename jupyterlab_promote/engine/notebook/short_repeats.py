"""Blocks too short for DU001's least size that are pasted more often.

DU001 asks for five statements over six lines or more, pasted twice. Here shorter blocks count when
pasted more often, and one line doing many things counts when pasted three times:

- two copies: SHORT_PAIR_STATEMENTS statements, however few physical lines they take;
- three copies or more: MIN_STATEMENTS_COPIED statements;
- three copies or more of one statement of MIN_LINE_OPERATIONS calls, subscripts and attribute reads,
  MIN_OUTER_OPERATIONS of them in its own chain (`df[c] = df[c].replace({0: df[c].median()})`): one
  plain call per cell (`df[c].value_counts()`), one call given other arguments (a layer stack's
  `model.add(Dense(...))`, `model.compile(...)`) or a printed banner is not a copy.

Each copy must hold some code (normalised characters), blocks that only draw or style a figure are
DU004's, and places inside a longer block are that block's. Blocks are found with the same exact-shape
search as fingerprints.find_blocks (windows of three statements); busy lines with their own index.
"""

import re
from collections import Counter
from collections.abc import Callable, Sequence

from .cell_memo import per_text
from .fingerprints import (
    MIN_DISTINCT_SHAPES,
    PRESENTATION,
    Block,
    CellFingerprint,
    Extent,
    NotebookFingerprint,
    Occurrence,
    TextFingerprint,
    fingerprint_text,
    ordered_blocks,
    window_keys,
)
from .line_shapes import line_shapes
from .model import Cell

SHORT_PAIR_STATEMENTS = 5
MIN_COPIES = 3
"""Copies asked of a block shorter than SHORT_PAIR_STATEMENTS, or of one line."""
MIN_STATEMENTS_COPIED = 3
SHORT_WINDOW = MIN_STATEMENTS_COPIED
"""Statements in a row two places must share to start a short block: runs of two repeat everywhere."""
MIN_SHORT_CHARS = 40
MIN_PAIR_CHARS = 50
MIN_LINE_OPERATIONS = 6
MIN_OUTER_OPERATIONS = 4
MIN_LINE_CHARS = 25


def worth_reporting(extent: Extent, pair_statements: int = SHORT_PAIR_STATEMENTS) -> bool:
    """A short block counts when it is pasted often enough for its length (the module's table)."""
    if extent.statements < SHORT_WINDOW or extent.distinct < MIN_DISTINCT_SHAPES:
        return False
    if extent.copies >= MIN_COPIES:
        copied = pair_statements - (SHORT_PAIR_STATEMENTS - MIN_STATEMENTS_COPIED)
        return extent.statements >= copied and extent.chars >= MIN_SHORT_CHARS
    return extent.statements >= pair_statements and extent.chars >= MIN_PAIR_CHARS


# A call or subscript follows a name or a closing bracket; other brackets are literals or grouping.
_APPLIED = re.compile(r"[\w)\]][(\[]")
_PRINT = re.compile(r"\s*print\s*\(")


def operations(shape: str) -> int:
    """Calls, subscripts and attribute reads of a normalised statement."""
    return len(_APPLIED.findall(shape)) + shape.count(".")


def outer_operations(shape: str) -> int:
    """The operations of the statement's own chain, outside any brackets: `model.add(Dense(...))` is one
    call given other arguments (a layer stack), `df[c] = df[c].replace(...)` reads, calls and writes."""
    return operations(outside_brackets(shape))


_BRACKET = re.compile(r"[()\[\]{}]")


def outside_brackets(shape: str) -> str:
    """The statement with what is inside brackets blanked out: the text of its own chain. Read bracket by
    bracket: the text between two keeps the depth it starts at (a closing bracket is blanked unless it
    closes the outermost, an opening one unless it opens it)."""
    depth, outside, last = 0, [], 0
    for match in _BRACKET.finditer(shape):
        at = match.start()
        outside.append(shape[last:at] if depth == 0 else " " * (at - last))
        if shape[at] in ")]}":
            depth -= 1
            outside.append(shape[at] if depth == 0 else " ")
        else:
            outside.append(shape[at] if depth == 0 else " ")
            depth += 1
        last = at + 1
    outside.append(shape[last:] if depth == 0 else " " * (len(shape) - last))
    return "".join(outside)


@per_text
def busy_lines(cell: Cell) -> tuple[int, ...]:
    """Positions (among the cell's fingerprinted statements) of the statements doing many things; kept
    with the text, so a cell renumbered by an insertion above it is not read again."""
    python = cell.parsed.python
    text = fingerprint_text(python)
    # A statement's size is the length of its shape: most cells hold none long enough to be read again.
    candidates = busy_candidates(text)
    if not candidates:
        return ()
    parts, physical = line_shapes(python), python.split("\n")
    found = []
    for position in candidates:
        start, end = text.lines[position], text.ends[position]
        shape = "".join(parts[start - 1:end])
        if (not _PRINT.match(physical[start - 1]) and operations(shape) >= MIN_LINE_OPERATIONS
                and outer_operations(shape) >= MIN_OUTER_OPERATIONS):
            found.append(position)
    return tuple(found)


def busy_candidates(text: TextFingerprint | CellFingerprint) -> tuple[int, ...]:
    """Positions of the statements long enough to be busy lines, that do not draw or style a figure: the
    busy lines are some of them."""
    return tuple(position for position, (size, kind) in enumerate(zip(text.sizes, text.kinds))
                 if kind != PRESENTATION and size >= MIN_LINE_CHARS)


def pasted_busy_lines(cells: Sequence[CellFingerprint], busy: Callable[[CellFingerprint], tuple[int, ...]]) -> list:
    """busy(cell) for each cell, or () for a cell none of whose busy_candidates has a shape found MIN_COPIES
    times among all the candidates: each copy of a busy line is a candidate with its shape, so its busy
    lines could be in no block of find_short_blocks, which asks MIN_COPIES copies of one shape (most cells
    are not read further)."""
    candidates = [busy_candidates(cell) for cell in cells]
    counts = Counter(cell.shapes[position] for cell, held in zip(cells, candidates) for position in held)
    return [busy(cell) if any(counts[cell.shapes[position]] >= MIN_COPIES for position in held) else ()
            for cell, held in zip(cells, candidates)]


def short_keys(cell: CellFingerprint, busy: tuple[int, ...]) -> tuple:
    """The runs by which a cell takes part in a short block: its runs of SHORT_WINDOW statements and its
    busy lines."""
    return (*window_keys(cell.shapes, SHORT_WINDOW), *((cell.shapes[position],) for position in busy))


def short_repeats(cells: Sequence[CellFingerprint],
                  pair_statements: int = SHORT_PAIR_STATEMENTS) -> list[tuple[tuple[int, int], Block]]:
    """The blocks of SHORT_WINDOW statements or more pasted often enough among these cells, in the order of
    fingerprints.ordered_blocks, before those inside a longer block are left out (find_short_blocks)."""
    return ordered_blocks([NotebookFingerprint("", tuple(cells))], SHORT_WINDOW, window=SHORT_WINDOW,
                          accept=lambda extent: worth_reporting(extent, pair_statements))


def find_short_blocks(cells: Sequence[CellFingerprint], busy: Sequence[tuple[int, ...]],
                      taken: Sequence[Block], pair_statements: int = SHORT_PAIR_STATEMENTS,
                      repeats: Sequence[Block] | None = None) -> list[Block]:
    """Short blocks and busy lines pasted often enough, outside the blocks already `taken` (DU001's).

    `busy[i]` is busy_lines of `cells[i]` (or () where they could be in no block: pasted_busy_lines);
    `pair_statements` is what two copies must hold (DU001's
    statements for its least lines: a larger `duplicate_block_lines` asks more of short blocks too).
    `repeats`, when given, are the blocks of short_repeats over the same cells (found group by group)."""
    taken_lines = {(o.cell_index, line) for block in taken for o in block.occurrences
                   for line in range(o.start_line, o.end_line + 1)}

    def free(occurrence: Occurrence) -> bool:
        return all((occurrence.cell_index, line) not in taken_lines
                   for line in range(occurrence.start_line, occurrence.end_line + 1))

    if repeats is None:
        repeats = [block for _, block in short_repeats(cells, pair_statements)]
    found = []
    for block in repeats:
        if all(free(o) for o in block.occurrences):
            found.append(block)
            taken_lines |= {(o.cell_index, line) for o in block.occurrences
                            for line in range(o.start_line, o.end_line + 1)}
    places: dict[int, list[Occurrence]] = {}
    for cell, positions in zip(cells, busy):
        for position in positions:
            end = (cell.ends or cell.lines)[position]
            occurrence = Occurrence("", cell.cell_index, cell.cell_id, cell.lines[position], end)
            if free(occurrence):
                places.setdefault(cell.shapes[position], []).append(occurrence)
    found += [Block(1, tuple(group)) for group in places.values() if len(group) >= MIN_COPIES]
    return sorted(found, key=lambda block: (block.occurrences[0].cell_index, block.occurrences[0].start_line))
