"""duplication: copy-pasted blocks of code."""

import re
from collections.abc import Iterator

from ..notebook.fingerprints import (
    DEFAULT_MIN_LINES,
    Block,
    NotebookFingerprint,
    Occurrence,
    find_shared_blocks,
    notebook_fingerprint,
    ordered_blocks,
    window_keys,
    window_length,
)
from ..notebook.model import Notebook
from ..notebook.repeat_memo import kept_parts, kept_search
from ..notebook.short_repeats import (
    SHORT_WINDOW,
    busy_candidates,
    busy_lines,
    find_short_blocks,
    pasted_busy_lines,
    short_keys,
    short_repeats,
)
from .base import Fix, Rule, Violation
from .cell_run_copies import cell_runs_across_notebooks, copied_cell_runs, pasted_cells
from .extract_fixes import extract_duplicate_fix
from .function_body_copies import function_body_copies
from .renamed_pair_copies import renamed_pair_copies
from .sibling_files import listing_once
from .sibling_notebooks import siblings as sibling_fingerprints

_OWN = "\0this notebook"
_DEFINITION = re.compile(r"\s*(?:async\s+)?(?:def|class)\s")

SHARE = Fix("share-module", "Move the block to a module both notebooks import", "manual")
LOOP_OR_FUNCTION = Fix("make-function", "Make it one function (or a loop) with a parameter for what differs", "manual")


def _place(occurrence: Occurrence, first: Occurrence) -> str:
    cell = "this cell" if occurrence.cell_index == first.cell_index else f"cell #{occurrence.cell_index + 1}"
    return f"{cell} lines {occurrence.start_line}–{occurrence.end_line}"


def _blocks(nb: Notebook, min_lines: int) -> list[Block]:
    """find_blocks over the notebook's fingerprints, kept per group of cells linked by a repeated window
    (repeat_memo.kept_parts): an unchanged cell keeps its fingerprint object (per_cell)."""
    fingerprint = notebook_fingerprint(nb, min_lines=min_lines)
    window = window_length(min_lines)
    return kept_parts(("DU001", min_lines), fingerprint.cells, lambda cell: window_keys(cell.shapes, window),
                      lambda cells: ordered_blocks([NotebookFingerprint(fingerprint.path, cells)], min_lines),
                      context=fingerprint.path)


def _short_blocks(nb: Notebook, min_lines: int, taken: list[Block]) -> list[Block]:
    """Blocks shorter than `min_lines` pasted often enough (short_repeats), kept while the edits leave the
    repeated runs as they were (repeat_memo.kept_search): a cell takes part only through a run of
    statements or a busy line (one of its busy_candidates) found elsewhere, and every cell holding a block
    of _blocks holds such runs."""
    fingerprint = notebook_fingerprint(nb, min_lines=1)
    cells = nb.cells

    def busy(cell) -> tuple[int, ...]:
        return busy_lines(cells[cell.cell_index])

    def search() -> list[Block]:
        pair = window_length(min_lines)
        # Searched again only in the groups of cells an edit changed (repeat_memo.kept_parts).
        repeats = kept_parts(("DU001 short", pair), fingerprint.cells,
                             lambda cell: window_keys(cell.shapes, SHORT_WINDOW), lambda cells: short_repeats(cells, pair))
        found = find_short_blocks(fingerprint.cells, pasted_busy_lines(fingerprint.cells, busy), taken, pair, repeats)
        return [block for block in found if not _defines(cells[block.occurrences[0].cell_index], block.occurrences[0])]

    # A busy line's shape is one of its cell's candidates' (busy_candidates): keys read without the lines.
    return kept_search(("DU001 short", min_lines), fingerprint.cells,
                       lambda cell: short_keys(cell, busy_candidates(cell)), search)


def _defines(cell, place: Occurrence) -> bool:
    """A short block holding a `def` or `class` line is a function defined again (HS013's business)."""
    lines = cell.parsed.python.split("\n")[place.start_line - 1:place.end_line]
    return any(_DEFINITION.match(line) for line in lines)


def duplicated_block(nb: Notebook) -> Iterator[Violation]:
    """A block of lines is repeated elsewhere in the notebook with the same shape (other names or values).

    Why: copies drift apart; a bug fixed in one copy survives in the others, and nobody can tell which
    version the results came from.
    Example: the same 8 lines of cleaning code pasted for `train` and again for `test`.
    Instead: make it a function (or extract it to a module) and call it for each input.
    Shorter blocks pasted more often (five statements on fewer lines twice, three statements three
    times, one line doing many things three times: short_repeats) are reported as information, and so
    are runs of small cells pasted again cell by cell and one cell of heavy statements pasted three
    times (cell_run_copies), two statements pasted three times once per name they make
    (renamed_pair_copies), and four statements pasted in the bodies of two functions
    (function_body_copies).
    """
    min_lines = nb.config.threshold("duplicate_block_lines", DEFAULT_MIN_LINES)
    cells = {cell.index: cell for cell in nb.python_cells}
    blocks = _blocks(nb, min_lines)
    short = _short_blocks(nb, min_lines, blocks)
    yield from _short_findings(short, cells)
    yield from renamed_pair_copies(nb, [*blocks, *short])
    yield from function_body_copies(nb, [*blocks, *short])
    taken_cells = {o.cell_index for block in blocks for o in block.occurrences}
    yield from copied_cell_runs(nb, taken_cells)
    yield from pasted_cells(nb, taken_cells | {o.cell_index for block in short for o in block.occurrences})
    for block in blocks:
        first, others = block.occurrences[0], block.occurrences[1:]
        cell = cells[first.cell_index]
        end_line = cell.source.split("\n")[first.end_line - 1] if first.end_line <= cell.source.count("\n") + 1 else ""
        yield Violation(
            f"Lines {first.start_line}–{first.end_line} repeat with the same shape in "
            f"{', '.join(_place(o, first) for o in others)}: make them one function",
            cell,
            first.start_line,
            0,
            first.end_line,
            len(end_line),
            fixes=extract_duplicate_fix(cell.id, first.start_line),
        )


def _short_findings(blocks: list[Block], cells: dict) -> Iterator[Violation]:
    """Shorter blocks pasted more often: information, since each copy is small."""
    for block in blocks:
        first, others = block.occurrences[0], block.occurrences[1:]
        what = "Line" if block.length == 1 and first.start_line == first.end_line else "Lines"
        where = f"{first.start_line}" if what == "Line" else f"{first.start_line}–{first.end_line}"
        yield Violation(
            f"{what} {where} {'is' if what == 'Line' else 'are'} pasted {len(block.occurrences)} times with the "
            f"same shape (also {', '.join(_place(o, first) for o in others)}): make them one function or a loop",
            cells[first.cell_index],
            first.start_line,
            0,
            first.end_line,
            None,
            severity="info",
            fixes=(LOOP_OR_FUNCTION,),
        )


def duplicated_across_notebooks(nb: Notebook) -> Iterator[Violation]:
    """A block of lines also appears, with the same shape, in another notebook of the same folder.

    Why: the notebooks of a project drift apart copy by copy; a fix made in one never reaches the others.
    Example: the same data-cleaning cell pasted into `train.ipynb` and `evaluate.ipynb`.
    Instead: move the code to a module both notebooks import.
    Runs of small cells found cell by cell in a sibling are reported too (cell_run_copies).
    """
    min_lines = nb.config.threshold("duplicate_block_lines", DEFAULT_MIN_LINES)
    # Live, both searches ask the folder's files: one listing, and one stat per sibling, serve both.
    listed = listing_once(nb.project.folder) if nb.project.folder is not None else None
    yield from cell_runs_across_notebooks(nb, listed)
    own = notebook_fingerprint(nb, path=_OWN, min_lines=min_lines)
    siblings = sibling_fingerprints(nb, own, min_lines, listed)
    if siblings.left_out:  # a bound of the search, said rather than silently dropping its findings
        yield Violation(_left_out(siblings.left_out, siblings.searched, siblings.bound), weight=0)
    if not siblings:
        return
    cells = {cell.index: cell for cell in nb.python_cells}
    for block in find_shared_blocks([own, *siblings], min_lines):
        here = [o for o in block.occurrences if o.notebook == _OWN]
        # A sibling's cell compared in the place of its copies stands for them all (Siblings.places).
        elsewhere = sorted({f"{name} (cell #{index + 1})" for o in block.occurrences if o.notebook != _OWN
                            for name, index in siblings.places(o.notebook, o.cell_index, o.start_line)})
        if not here:
            continue
        first = here[0]
        yield Violation(
            f"Lines {first.start_line}–{first.end_line} also appear in {', '.join(elsewhere[:3])}"
            f"{' and more' if len(elsewhere) > 3 else ''}: share them through a module",
            cells[first.cell_index],
            first.start_line,
            0,
            first.end_line,
            None,
            fixes=(SHARE,),
        )


def _left_out(count: int, searched: bool, bound: int) -> str:
    if not searched:
        return (f"The folder holds {count} other notebooks, more than {bound}: blocks shared with them are "
                "not searched here (`jupyter-promote check` on the folder searches them)")
    return (f"{count + bound} other notebooks of the folder share code with this one: the {bound} "
            f"sharing the most were compared block by block, not the other {count}")


RULES = (
    Rule("DU001", "duplicated-block", "duplication", "warning", duplicated_block, fixable=True,
         other_severities=("info",)),
    Rule("DU002", "duplicated-across-notebooks", "duplication", "info", duplicated_across_notebooks, points=2),
)
