"""duplication: runs of small cells pasted again cell by cell, in the notebook (with DU001) or in a sibling
notebook of its folder (with DU002), and one cell of heavy statements pasted three times or more (with
DU001). The search is notebook/cell_streams.py's.

All are information: each cell on its own is small, and the copy is read from the order of cells.
"""

import os
import threading
from collections.abc import Iterator
from functools import lru_cache

from ..notebook.cell_streams import (
    CellRun,
    NotebookStream,
    Stream,
    find_cell_runs,
    notebook_stream,
)
from ..notebook.fingerprints import DEFAULT_MIN_LINES, fingerprint_text
from ..notebook.line_shapes import line_shapes
from ..notebook.model import Notebook
from ..notebook.renamed_pairs import heavy
from .base import Fix, Violation
from .sibling_files import Listing, listing_once
from .sibling_streams import sibling_streams

LOOP_OR_FUNCTION = Fix("make-function", "Make the pasted cells one function and call it for each input", "manual")
SHARE = Fix("share-module", "Move the pasted cells' code to a module both notebooks import", "manual")
KEPT_NOTEBOOKS = 16


def _cells(indices: tuple[int, ...]) -> str:
    if len(indices) == 1:
        return f"cell #{indices[0] + 1}"
    return f"cells #{indices[0] + 1}–#{indices[-1] + 1}"


def copied_cell_runs(nb: Notebook, taken_cells: set[int]) -> Iterator[Violation]:
    """A run of small cells is pasted again, cell by cell, further down the notebook (DU001, info).

    Runs whose cells all hold a block DU001 already reports (`taken_cells`) are that block's finding; the
    copies of one run are one finding.
    """
    python = nb.python_cells
    copies: dict[tuple[int, ...], list[tuple[tuple[int, ...], CellRun]]] = {}
    for run in notebook_stream(python).runs:
        first = tuple(python[position].index for position in run.first)
        second = tuple(python[position].index for position in run.second)
        if not (taken_cells.issuperset(first) and taken_cells.issuperset(second)):
            copies.setdefault(first, []).append((second, run))
    for first, runs in copies.items():
        statements, last_line = runs[0][1].statements, runs[0][1].last_line
        yield Violation(
            f"{_cells(first).capitalize()} ({statements} statements) are pasted again, cell by cell, as "
            f"{', '.join(_cells(second) for second, _ in runs)}: make them one function and call it for each input",
            nb.cells[first[0]],
            1,
            0,
            last_line if len(first) == 1 else None,
            None,
            severity="info",
            fixes=(LOOP_OR_FUNCTION,),
        )


# Per notebook: the serial of its last stream, and each sibling's stream with the runs found with it. After
# an edit that moved no cell, a sibling none of whose keys the edit touched keeps its runs.
_KEPT: dict[tuple[str, str], tuple[int, dict[str, tuple[Stream, list[CellRun]]]]] = {}
_LOCK = threading.Lock()


def _runs_with_siblings(nb: Notebook, own: NotebookStream, listed: Listing) -> list[tuple[str, list[CellRun]]]:
    place = (os.fspath(nb.project.folder), nb.path.name)
    with _LOCK:
        serial, before = _KEPT.get(place, (-2, {}))
    reusable = own.serial == serial or own.follows == serial
    found: dict[str, tuple[Stream, list[CellRun]]] = {}
    max_bytes = int(nb.config.max_notebook_mb * 1024 * 1024)
    # The block search's threshold: the siblings' files are read once for both searches.
    min_lines = nb.config.threshold("duplicate_block_lines", DEFAULT_MIN_LINES)
    for name, stream in sibling_streams(nb.project.folder, nb.path.name, own.stream, min_lines,
                                        nb.project.boundary, max_bytes, listed):
        kept = before.get(name)
        if (reusable and kept is not None and kept[0] is stream
                and (own.serial == serial or own.touched.isdisjoint(stream.keys))):
            found[name] = kept
        else:
            found[name] = (stream, find_cell_runs(stream, own.stream))
    with _LOCK:
        if len(_KEPT) >= KEPT_NOTEBOOKS:
            _KEPT.clear()
        _KEPT[place] = (own.serial, found)
    return [(name, runs) for name, (_, runs) in found.items() if runs]


def cell_runs_across_notebooks(nb: Notebook, listed: Listing | None = None) -> Iterator[Violation]:
    """A run of small cells also appears, cell by cell, in another notebook of the folder (DU002, info).
    Live, `listed` lists the folder (sibling_files.listing_once: shared with the block search)."""
    if nb.path is None or nb.project.folder is None or not nb.python_cells:
        return
    python = nb.python_cells
    own = notebook_stream(python)
    if len(own.stream.keys) < 2:
        return
    shared: dict[tuple[int, ...], list[str]] = {}
    for name, runs in _runs_with_siblings(nb, own, listed or listing_once(nb.project.folder)):
        for run in runs:
            cells = tuple(python[position].index for position in run.second)
            shared.setdefault(cells, []).append(f"{name} ({_cells(run.first)})")
    for cells, elsewhere in sorted(shared.items()):
        yield Violation(
            f"{_cells(cells).capitalize()} also appear, cell by cell, in {', '.join(elsewhere[:3])}"
            f"{' and more' if len(elsewhere) > 3 else ''}: share them through a module",
            nb.cells[cells[0]],
            1,
            0,
            None,
            None,
            severity="info",
            fixes=(SHARE,),
        )


PASTED_CELL_COPIES = 3
PASTED_CELL_STATEMENTS = 2


@lru_cache(maxsize=4096)
def _all_heavy(python: str) -> bool:
    """Every statement of the cell does much in its own chain (renamed_pairs.heavy)."""
    text = fingerprint_text(python)
    parts = line_shapes(python)
    return all(heavy("".join(parts[start - 1:end])) for start, end in zip(text.lines, text.ends))


def pasted_cells(nb: Notebook, taken_cells: set[int]) -> Iterator[Violation]:
    """A cell of PASTED_CELL_STATEMENTS heavy statements or more pasted PASTED_CELL_COPIES times or more
    with other names or values (DU001, info): the cell is the function."""
    python = nb.python_cells
    state = notebook_stream(python)
    for key, count in state.counts.items():
        if count < PASTED_CELL_COPIES:
            continue
        places = [position for position, item in zip(state.stream.places, state.stream.items) if item.key == key]
        first = python[places[0]]
        cells = [python[position].index for position in places]
        if (len(state.shaped[places[0]].shapes) < PASTED_CELL_STATEMENTS or taken_cells.intersection(cells)
                or not _all_heavy(first.parsed.python)):
            continue
        yield Violation(
            f"This cell is pasted {count} times with other names or values (also "
            f"{', '.join(f'cell #{index + 1}' for index in cells[1:4])}{' and more' if count > 4 else ''}): "
            "make it one function, or a loop over what differs",
            first,
            1,
            0,
            None,
            None,
            severity="info",
            fixes=(LOOP_OR_FUNCTION,),
        )
