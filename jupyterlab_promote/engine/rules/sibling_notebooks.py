"""The other notebooks of a notebook's folder, fingerprinted for the cross-notebook duplicate search (DU002).

Live (the server) each file's fingerprint is cached until the file changes, so a re-analysis costs a
directory listing, a stat and a set look-up per sibling. In a batch run (`jupyter-promote check`) no
notebook changes while the run lasts: inside :func:`folder_scans_shared` each folder is listed and its
notebooks fingerprinted once, into a compact index from each run of line shapes to the notebooks
holding it (folder_index.py: linear in the folder, so folders of ten thousand notebooks are searched
too), and every notebook of the folder finds its siblings there. A run that forks workers builds the
indexes of its large folders before it forks (folder_prebuild.py), so the processes share one.
For folders up to MAX_SIBLINGS both ways give the same siblings.
"""

import os
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..notebook.fingerprints import CellFingerprint, NotebookFingerprint
from ..notebook.handed_shapes import forget_handed
from ..notebook.model import Notebook
from . import folder_index, sibling_files
from .folder_index import FolderIndex
from .sibling_files import WindowKeys, sibling_parser, window_keys

__all__ = ["Siblings", "folder_scans_shared", "keep_prebuilt", "sibling_parser", "siblings", "window_keys"]

MAX_SIBLINGS = 200
"""Sibling notebooks compared block by block with one notebook. Live (the server asks the files on every
analysis) a folder with more notebooks than this is not searched at all; a batch run indexes folders of
any size and compares each notebook with the MAX_SIBLINGS that share the most code with it. Either
way the notebook is told (:attr:`Siblings.left_out`), so no finding disappears without a word."""
FOLDERS_KEPT = 16
"""Folder indexes a batch run keeps: its notebooks come folder by folder, so one or two are in use."""
KEPT_BYTES = 64 * 1024 * 1024
"""Room in a batch run's folder indexes (all of them together) for the shared cells they keep (each
distinct cell once, about 250 bytes and 4 a number): beyond it a sibling is parsed again each time it is
compared, and finds the same."""
COPIES_COMPARED = 2
"""Copies of one run of lines (the same lines in several siblings, as copies of one template hold)
compared block by block: two, not one, so a block only the copies share covers their lines as it does with all of them
(a group of one place makes no block); the findings name every copy. The search treats copies alike in
every step, so it finds what comparing them all finds."""


class Siblings(list):
    """The sibling fingerprints to compare with, and how many notebooks of the folder were left out."""

    left_out: int = 0
    searched: bool = True
    """False when the folder was too large to search at all (live)."""
    bound: int = 0
    """The MAX_SIBLINGS in force when notebooks were left out."""

    def __init__(self) -> None:
        super().__init__()
        self.copies: dict[tuple[str, int], list[tuple[int, int, list[tuple[str, int]]]]] = {}
        """For a sibling's run of lines compared in the place of its copies (the same lines in other
        siblings): by (notebook name, cell index), the run's first and last line and the (notebook name,
        cell index) of it and of its copies, in the siblings' order."""

    def places(self, name: str, cell_index: int, line: int) -> list[tuple[str, int]]:
        """The sibling's cell holding `line` and the copies of its lines there it was compared for, as
        (notebook name, cell index)."""
        for first, last, holding in self.copies.get((name, cell_index), ()):
            if first <= line <= last:
                return holding
        return [(name, cell_index)]


_shared: dict[tuple, FolderIndex | None] | None = None
"""Folder indexes of the batch run in progress (None: no batch run, ask the files)."""
_prebuilt: set[tuple] = set()
"""Those built before the workers forked: they stay for the whole run."""
_kept: dict[tuple, Any] = {}
"""Other searches' per-folder values for the batch run in progress (:func:`kept_for_run`)."""


def kept_bytes() -> int:
    """The bytes the batch run's folder indexes keep for shared cells (all of them together)."""
    return sum(index.kept_bytes for index in (_shared or {}).values() if index is not None)


@contextmanager
def folder_scans_shared() -> Iterator[None]:
    """A batch run in which no notebook changes: each folder is scanned once (see the module docstring).
    The indexes are dropped on exit, so a later run sees the files as they are then."""
    global _shared, _prebuilt, _kept
    outer, _shared = _shared, {}
    outer_prebuilt, _prebuilt = _prebuilt, set()
    outer_kept, _kept = _kept, {}
    try:
        yield
    finally:
        _shared, _prebuilt, _kept = outer, outer_prebuilt, outer_kept
        forget_handed()  # shapes the run's folder readers handed over (folder_prebuild.py)


def in_batch_run() -> bool:
    """Whether a batch run (:func:`folder_scans_shared`) is in progress: no notebook changes while it lasts."""
    return _shared is not None


def kept_for_run(key: tuple, build: Callable[[], Any]) -> Any:
    """In a batch run: the value another search keeps under `key` (its index of a folder) until the run
    ends, built on first use; at most FOLDERS_KEPT at once, the oldest dropped first. None outside one."""
    if _shared is None:
        return None
    if key not in _kept:
        if len(_kept) >= FOLDERS_KEPT:
            del _kept[next(iter(_kept))]
        _kept[key] = build()
    return _kept[key]


def _index(place: tuple) -> FolderIndex | None:
    """The batch run's index of the folder at `place` (folder, min_lines, boundary, max_bytes), built on
    first use."""
    if place not in _shared:
        if len(_shared) >= FOLDERS_KEPT:
            oldest = next((p for p in _shared if p not in _prebuilt), None)
            if oldest is not None:
                del _shared[oldest]
        entries = sibling_files.notebook_entries(Path(place[0]))
        _shared[place] = None if entries is None else folder_index.built(entries, *place[1:], KEPT_BYTES - kept_bytes())
    return _shared[place]


def keep_prebuilt(place: tuple, index: FolderIndex | None) -> None:
    """Keep the index of the folder at `place` (see :func:`_index`), built before the run's first notebook
    (folder_prebuild.py), for the whole run."""
    _shared[place] = index
    _prebuilt.add(place)


def siblings(nb: Notebook, own: NotebookFingerprint, min_lines: int,
             listed: sibling_files.Listing | None = None) -> Siblings:
    """The other notebooks of the folder that share a run of line shapes with this one, sorted by name.

    In a batch run each sibling brings only the runs of its cells' lines covered by windows it shares
    with another notebook of the folder (folder_index.segments), provided they hold every window it
    shares with this one: the block search starts blocks at this notebook's windows, so other lines would
    only be found to be dropped (near copies of one template share most of their lines). Of the copies
    of one run in several siblings, COPIES_COMPARED are compared in the place of all. Live, `listed` lists
    the folder (sibling_files.listing_once: shared with the cell-run search)."""
    if nb.path is None or nb.project.folder is None:
        return Siblings()
    keys = window_keys(own.cells, min_lines)
    if not keys:
        return Siblings()
    max_bytes = int(nb.config.max_notebook_mb * 1024 * 1024)
    if _shared is None:
        listed = listed or sibling_files.listing_once(nb.project.folder)
        return _asked_of_the_files(listed(), nb.path.name, keys, min_lines, nb.project.boundary, max_bytes)
    index = _index((os.fspath(nb.project.folder), min_lines, nb.project.boundary, max_bytes))
    if index is None:
        return Siblings()
    counts, distinct = index.holders(keys)
    numbers = [n for n in counts if index.entries[n].name != nb.path.name]
    # The most shared first; among equals, by name (the entries are sorted), so the choice is stable.
    numbers.sort(key=lambda n: (-counts[n], n))
    own_shorts = {folder_index.short_key(key) for key in keys}
    found = Siblings()
    commons: dict[int, set[int]] = {}  # by run content: its short keys that are this notebook's
    places: dict[int, list[tuple[str, int]]] = {}  # by run content: the siblings' cells holding it
    for number in sorted(numbers[:MAX_SIBLINGS]):
        name = index.entries[number].name
        sharing, seen = [], set()
        for cell in index.kept.get(number, ()):
            content = cell[2]
            if id(content) not in commons:
                commons[id(content)] = own_shorts.intersection(content[1])
            if commons[id(content)]:
                sharing.append(cell)
                seen |= commons[id(content)]
        if number in index.kept and distinct[number] == len(seen):
            cells = []
            for cell_index, cell_id, content, base in sharing:
                holding = places.setdefault(id(content), [])
                holding.append((name, cell_index))
                if len(holding) <= COPIES_COMPARED:
                    run = folder_index.unpacked(cell_index, cell_id, content[0], base)
                    cells.append(run)
                    found.copies.setdefault((name, cell_index), []).append(
                        (run.lines[0], (run.ends or run.lines)[-1], holding))
        else:
            # Not kept (no room), or a window this notebook has and its file has not (the notebook was
            # read otherwise): read the sibling's cells again, all of them.
            cells = _sharing(folder_index.shorted(sibling_files.fingerprints_of(
                index.entries[number], min_lines, nb.project.boundary, max_bytes)[0], min_lines), own_shorts)
        if cells:
            found.append(NotebookFingerprint(name, tuple(cells)))
    found.left_out, found.bound = max(0, len(numbers) - MAX_SIBLINGS), MAX_SIBLINGS
    return found


def _sharing(cells: list[tuple[CellFingerprint, array]], own_shorts: set[int]) -> list[CellFingerprint]:
    """The cells with a window whose short key is one of `own_shorts`. A cell there by a collision of short
    keys holds none of this notebook's windows, so the block search, which starts blocks at this
    notebook's windows, finds the same with or without it."""
    return [cell for cell, shorts in cells if not own_shorts.isdisjoint(shorts)]


def _asked_of_the_files(entries: list[os.DirEntry] | None, own_name: str, keys: WindowKeys, min_lines: int,
                        boundary: Path | None, max_bytes: int) -> Siblings:
    """Live: each file's fingerprint is cached until it changes, so a re-analysis costs a directory
    listing, a stat per notebook and a set look-up per notebook (the listing and the stats shared with
    the cell-run search: sibling_files.listing_once)."""
    found = Siblings()
    if entries is None:
        return found
    others = [e for e in entries if e.name != own_name]
    if len(others) > MAX_SIBLINGS:
        found.left_out, found.searched, found.bound = len(others), False, MAX_SIBLINGS
        return found
    for entry in others:
        cells, their_keys = sibling_files.fingerprints_of(entry, min_lines, boundary, max_bytes)
        if not keys.isdisjoint(their_keys):
            found.append(NotebookFingerprint(entry.name, cells))
    return found

