"""Normalised line shapes of code cells: the fingerprint each copy search compares.

A line's shape is its text with every variable name replaced by `x`, every literal by a placeholder and
whitespace and comments removed; keywords and attribute names (`.groupby`, `.fit`) stay, because they
carry what the code does. Two blocks with the same sequence of shapes are the same code with other
names: copy-paste. Blank lines, comments, imports and lines of bare brackets carry no shape.

Shapes are stable hashes (crc32), so fingerprints computed in different processes can be compared.
fingerprints.find_blocks finds the blocks of lines that repeat with the same shape.
"""

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .cell_memo import per_cell
from .handed_shapes import handed_fingerprint
from .line_shapes import HAS_CODE, line_shapes
from .merge_memo import merged
from .model import Cell, Notebook

DEFAULT_MIN_LINES = 6
PLAIN, PRESENTATION, HEADER = 0, 1, 2

# A statement that only draws or styles a figure: copies of these differ in their data, and six of them
# in a row are a plot, not logic worth a function.
_PRESENTATION = re.compile(r"\s*(?:plt|sns|fig\w*|ax\w*)\s*[.\[]|\s*(?:fig\w*|ax\w*)\s*(?:,\s*ax\w*\s*)?=\s*(?:plt|fig\w*)\.")
_DRAWING_NAMES = ("plt", "sns", "fig", "ax")  # one of them in each match of _PRESENTATION



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
    A batch run's folder readers may have worked it out already (handed_shapes).
    """
    handed = handed_fingerprint(python)
    if handed is not None:
        return handed
    found: list[tuple[int, int, int, str, int]] = []  # start, end, indent, shape, kind
    physical = python.split("\n")
    # A line continued by a backslash needs one in the text, and a figure statement one of the names
    # _PRESENTATION starts with: most texts hold neither, and skip the tests.
    backslash, drawing = "\\" in python, any(map(python.__contains__, _DRAWING_NAMES))
    start, depth, shape = 0, 0, ""
    for number, part in enumerate(line_shapes(python), start=1):
        if not shape:
            start = number
        if part:  # a line without a shape adds nothing to the statement, nor brackets
            shape += part
            depth += (part.count("(") + part.count("[") + part.count("{")
                      - part.count(")") - part.count("]") - part.count("}"))
        if depth > 0 or (backslash and physical[number - 1].rstrip().endswith("\\")):
            continue
        depth = 0
        if shape and not _is_import(shape) and ("x" in shape or HAS_CODE.search(shape)):
            text = physical[start - 1]
            kind = (HEADER if shape.endswith(":") else PRESENTATION if drawing and _PRESENTATION.match(text)
                    else PLAIN)
            found.append((start, number, len(text) - len(text.lstrip()), shape, kind))
        shape = ""
    if not found:
        return TextFingerprint()
    starts, ends, indents, shapes, kinds = zip(*found)
    return TextFingerprint(starts, tuple(map(zlib.crc32, map(str.encode, shapes))), tuple(map(len, shapes)),
                           ends, indents, kinds)


def notebook_fingerprint(nb: Notebook, path: str = "", min_lines: int = DEFAULT_MIN_LINES) -> NotebookFingerprint:
    """Fingerprints of a notebook's Python cells (none for other languages).

    Cells with fewer than `min_lines` lines cannot hold a block of that size and are left out. Kept
    while the cells stay the same objects, and after an edit updated for the edited cells (merge_memo).
    """
    path = path or (str(nb.path) if nb.path else "")
    return merged(_fingerprints, nb.python_cells, path, min_lines, update=_update_fingerprints)[1]


def _fingerprints(cells: Sequence[Cell], path: str, min_lines: int) -> tuple[list, NotebookFingerprint]:
    """Each cell's fingerprint (None for a short one, as cell_fingerprint), and the notebook's: picked from
    every cell's, read once for all the lengths and paths the searches ask for."""
    found = [fingerprint if lines >= min_lines else None
             for fingerprint, lines in merged(_every_fingerprint, cells, update=_update_every_fingerprint)]
    return found, NotebookFingerprint(path, tuple(filter(None, found)))


def _every_fingerprint(cells: Sequence[Cell]) -> list[tuple[CellFingerprint | None, int]]:
    """Each cell's fingerprint, whatever its length, and its number of lines."""
    return [(_fingerprint(cell), cell.parsed.python.count("\n") + 1) for cell in cells]


def _update_every_fingerprint(last: list[tuple[CellFingerprint | None, int]], cells: Sequence[Cell],
                              changed: list[int]) -> list[tuple[CellFingerprint | None, int]]:
    found = list(last)
    for position in changed:
        found[position] = (_fingerprint(cells[position]), cells[position].parsed.python.count("\n") + 1)
    return found


def _update_fingerprints(last: tuple[list, NotebookFingerprint], cells: Sequence[Cell], changed: list[int],
                         path: str, min_lines: int) -> tuple[list, NotebookFingerprint]:
    found = list(last[0])
    for position in changed:
        found[position] = cell_fingerprint(cells[position], min_lines)
    return found, NotebookFingerprint(path, tuple(filter(None, found)))


@per_cell
def cell_fingerprint(cell: Cell, min_lines: int) -> CellFingerprint | None:
    """The cell's fingerprint, None for a cell of fewer than `min_lines` lines or without a statement. One
    object for every `min_lines` (the searches ask for four)."""
    if cell.parsed.python.count("\n") + 1 < min_lines:
        return None
    return _fingerprint(cell)


@per_cell
def _fingerprint(cell: Cell) -> CellFingerprint | None:
    text = fingerprint_text(cell.parsed.python)
    return text.of_cell(cell.index, cell.id) if text.lines else None
