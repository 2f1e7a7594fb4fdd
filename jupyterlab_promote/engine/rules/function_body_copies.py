"""duplication: a block of four statements pasted in two functions (with DU001, as information).

DU001 asks five statements of a block pasted twice: four statements pasted twice anywhere is noisy (two
`try`/`except` demonstrations, accumulator bookkeeping). Inside functions it is not: code already put in
functions that two of them repeat (a polynomial fit in two plotting methods, a model's fit and forecast
in two analyses) is the helper function they are missing. Both copies must sit in the bodies of two
different functions (or methods), in one suite each, with some substance (MIN_BODY_CHARS normalised
characters, MIN_BODY_DISTINCT different shapes), and not only draw a figure. Two idioms are left out,
where each line configures something else: a constructor setting attributes (`self.size = size`), and
one object's method chain written a line per call (`dataset = dataset.shuffle(n)`, `.map`, `.batch`).
"""

import ast
import re
from collections.abc import Iterator, Sequence

from ..notebook.cell_memo import cells_where, per_text
from ..notebook.fingerprints import (
    HEADER,
    Block,
    Extent,
    NotebookFingerprint,
    cell_fingerprint,
    clear_of,
    described_from,
    fingerprint_text,
    ordered_blocks,
    window_keys,
)
from ..notebook.model import Cell, Notebook
from ..notebook.repeat_memo import kept_parts
from .base import Fix, Violation

BODY_STATEMENTS = 4
MIN_BODY_CHARS = 40
MIN_BODY_DISTINCT = 3
HELPER = Fix("make-function", "Make the block a helper function both functions call", "manual")
_DEFINES = re.compile(r"^[ \t]*(?:async[ \t]+)?def[ \t]", re.MULTILINE)
_SETS_ATTRIBUTE = re.compile(r"\s*self\.\w+\s*=(?!=)")
_CHAINED = re.compile(r"\s*(?:(\w+)\s*=\s*|return\s+)(\w+)\.\w+\(")


@per_text
def function_spans(cell: Cell) -> tuple[tuple[str, int, int], ...]:
    """Name, first and last line of each function defined in the cell (none without a `def`), found by
    walking statements only (a function is not defined inside an expression)."""
    tree = cell.parsed.tree
    if tree is None or "def" not in cell.parsed.python or not _DEFINES.search(cell.parsed.python):
        return ()
    found, waiting = [], list(tree.body)
    while waiting:
        node = waiting.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.append((node.name, node.lineno, node.end_lineno or node.lineno))
        if not hasattr(node, "body"):
            continue  # a simple statement (every statement with the other fields has a body)
        for field in ("body", "orelse", "finalbody", "handlers"):
            waiting.extend(child for child in getattr(node, field, ()) if isinstance(child, ast.AST))
    return tuple(sorted(found, key=lambda span: span[1]))


@per_text
def _defines(cell: Cell) -> bool:
    return bool(function_spans(cell))


def _innermost(spans: Sequence[tuple[str, int, int]], start: int, end: int) -> tuple[str, int, int] | None:
    inside = [span for span in spans if span[1] < start and end <= span[2]]
    return min(inside, key=lambda span: span[2] - span[1]) if inside else None


def _idiom(cell: Cell, place) -> bool:
    """The place only sets attributes, or only calls methods of one object, a line per call (headers of
    `if`/`for` around them aside)."""
    text = fingerprint_text(cell.parsed.python)
    physical = cell.parsed.python.split("\n")
    lines = [physical[line - 1] for line, kind in zip(text.lines, text.kinds)
             if place.start_line <= line <= place.end_line and kind != HEADER]
    if lines and all(_SETS_ATTRIBUTE.match(line) for line in lines):
        return True
    chained = [_CHAINED.match(line) for line in lines]
    if not lines or not all(chained):
        return False
    names = {match.group(2) for match in chained} | {match.group(1) for match in chained if match.group(1)}
    return len(names) == 1


def _accept(extent: Extent) -> bool:
    return (extent.copies == 2 and extent.statements >= BODY_STATEMENTS and extent.chars >= MIN_BODY_CHARS
            and extent.distinct >= MIN_BODY_DISTINCT)


def _copies(nb: Notebook, blocks: Sequence[Block]) -> list[tuple[Block, tuple[str, str]]]:
    """The blocks whose two places sit in the bodies of two functions, with the functions' names."""
    found = []
    for block in blocks:
        owners = [_innermost(function_spans(nb.cells[o.cell_index]), o.start_line, o.end_line)
                  for o in block.occurrences]
        places = {(o.cell_index, owner) for o, owner in zip(block.occurrences, owners)}
        if all(owners) and len(places) == 2 and not _idiom(nb.cells[block.occurrences[0].cell_index],
                                                               block.occurrences[0]):
            found.append((block, (owners[0][0], owners[1][0])))
    return found


def function_body_copies(nb: Notebook, taken: Sequence[Block]) -> Iterator[Violation]:
    """Four statements or more pasted in the bodies of two functions (DU001, info); places overlapping a
    block DU001 reports (`taken`) are its finding. Only cells that define a function are searched, per
    group of cells linked by a repeated run of four statements (repeat_memo.kept_parts)."""
    cells = tuple(filter(None, (cell_fingerprint(cell, BODY_STATEMENTS)
                                for cell in cells_where(_defines, nb.python_cells))))
    # Searched again only in the groups of cells an edit changed (repeat_memo.kept_parts).
    blocks = kept_parts("DU001 function bodies", cells, lambda cell: window_keys(cell.shapes, BODY_STATEMENTS),
                        lambda group: ordered_blocks([NotebookFingerprint("", group)], BODY_STATEMENTS,
                                                     window=BODY_STATEMENTS, accept=_accept))
    found = _copies(nb, blocks) if blocks else []
    if not found:
        return
    clear = clear_of(taken)
    for block, (here, there) in found:
        if not clear(block):
            continue
        first, second = block.occurrences
        yield Violation(
            f"Lines {first.start_line}–{first.end_line} of `{here}` are pasted in `{there}` "
            f"({described_from(second, first)}): make them a helper function both call",
            nb.cells[first.cell_index],
            first.start_line,
            0,
            first.end_line,
            None,
            severity="info",
            fixes=(HELPER,),
        )
