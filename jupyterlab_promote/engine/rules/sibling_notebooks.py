"""The other notebooks of a notebook's folder, fingerprinted for the cross-notebook duplicate search (DU002).

Live (the server) each file's fingerprint is cached until the file changes, so a re-analysis costs a
directory listing, a stat and a set look-up per sibling. In a batch run (`jupyter-promote check`) no
notebook changes while the run lasts: inside :func:`folder_scans_shared` each folder is listed and its
notebooks fingerprinted once, into a compact index from each run of line shapes to the notebooks
holding it (linear in the folder, so folders of ten thousand notebooks are searched too), and every
notebook of the folder finds its siblings there. For folders up to MAX_SIBLINGS both ways give the same
siblings.
"""

import json
import os
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..files.bounded import parse_file_cached
from ..notebook.fingerprints import CellFingerprint, NotebookFingerprint, fingerprint_text, window_length
from ..notebook.model import Notebook

MAX_SIBLINGS = 200
"""Sibling notebooks compared block by block with one notebook. Live (the server asks the files on every
analysis) a folder with more notebooks than this is not searched at all; a batch run indexes folders of
any size and compares each notebook with the MAX_SIBLINGS that share the most code with it. Either
way the notebook is told (:attr:`Siblings.left_out`), so no finding disappears without a word."""
FOLDERS_KEPT = 16
"""Folder indexes a batch run keeps: its notebooks come folder by folder, so one or two are in use."""
KEPT_BYTES = 64 * 1024 * 1024
"""Room in a batch run's folder indexes (all of them together) for the shared cells they keep (about 150
bytes a cell, and 28 bytes a shaped line for each distinct cell): beyond it a sibling is parsed again
each time it is compared, and finds the same."""
_CELL_BYTES = 150
_BUCKETS = 256

WindowKeys = frozenset[tuple[int, ...]]


class Siblings(list):
    """The sibling fingerprints to compare with, and how many notebooks of the folder were left out."""

    left_out: int = 0
    searched: bool = True
    """False when the folder was too large to search at all (live)."""
    bound: int = 0
    """The MAX_SIBLINGS in force when notebooks were left out."""


@lru_cache(maxsize=8)
def sibling_parser(min_lines: int):
    """A parser for parse_file_cached; one object per threshold, so its cache key is stable."""
    def parse(text: str) -> tuple[tuple[CellFingerprint, ...], WindowKeys]:
        try:
            cells = json.loads(text).get("cells", [])
        except (ValueError, AttributeError):
            return (), frozenset()
        found = []
        for index, cell in enumerate(cells if isinstance(cells, list) else []):
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            if source.count("\n") + 1 < min_lines:
                continue
            text = fingerprint_text(source)
            if text.lines:
                found.append(text.of_cell(index, cell.get("id")))
        return tuple(found), window_keys(found, min_lines)

    return parse


def window_keys(cells, min_lines: int) -> WindowKeys:
    """Every run of `window_length` shapes inside one cell: two notebooks can share a block only if they
    share one."""
    size = window_length(min_lines)
    return frozenset(cell.shapes[start:start + size] for cell in cells for start in range(len(cell.shapes) - size + 1))


def _short(key: tuple[int, ...]) -> int:
    """A window key in 32 bits (int tuples hash the same in every process): a collision only adds a
    candidate, which the block search then compares and drops."""
    return hash(key) & 0xFFFFFFFF


@dataclass
class FolderIndex:
    """A folder's notebooks (sorted by name) and, for every window key of theirs, which hold it: 8 bytes a
    key (`short key << 32 | notebook number`, sorted, in buckets by the key's top bits), about 0.5 KB a
    notebook, so a folder of any size is indexed in one linear pass and kept. With it, the cells of each
    notebook that share a window with another notebook of the folder: the only ones a comparison can
    use, so each sibling is parsed once per run, not once per notebook it is compared with."""

    entries: tuple[os.DirEntry, ...]
    buckets: tuple[array, ...]
    kept: dict[int, tuple[tuple[tuple[int, str | None, array], array], ...]] = field(default_factory=dict)
    """Shared cells by entry number, packed (:func:`_packed`), each with its windows' short keys (a number
    not here: none, or no room left to keep them)."""
    complete: bool = True
    """False when some notebook's shared cells found no room in KEPT_BYTES."""
    kept_bytes: int = 0

    def cells(self, number: int, min_lines: int, boundary: Path | None, max_bytes: int):
        """The entry's cells that share a window with another notebook, with their short keys (all its
        cells when they were not kept)."""
        found = self.kept.get(number)
        if found is None:
            return () if self.complete else _with_shorts(_fingerprints(self.entries[number], min_lines, boundary,
                                                                       max_bytes)[0], min_lines)
        return found

    def holders(self, keys: WindowKeys) -> tuple[Counter, dict[int, set[int]]]:
        """For each notebook sharing a window with `keys`, how many, and their short keys."""
        found: Counter = Counter()
        shorts: dict[int, set[int]] = {}
        for key in keys:
            short = _short(key)
            bucket = self.buckets[short >> 24]
            at = bisect_left(bucket, short << 32)
            while at < len(bucket) and bucket[at] >> 32 == short:
                found[bucket[at] & 0xFFFFFFFF] += 1
                shorts.setdefault(bucket[at] & 0xFFFFFFFF, set()).add(short)
                at += 1
        return found, shorts


def _built(entries: list[os.DirEntry], min_lines: int, boundary: Path | None, max_bytes: int) -> FolderIndex:
    """Every notebook's window keys, then the cells of those that share one with another notebook (they
    are parsed again: keeping every notebook's cells while the folder is read would hold them all)."""
    pairs = [array("Q") for _ in range(_BUCKETS)]
    for number, entry in enumerate(entries):
        for short in {_short(key) for key in _fingerprints(entry, min_lines, boundary, max_bytes)[1]}:
            pairs[short >> 24].append(short << 32 | number)
    index = FolderIndex(tuple(entries), tuple(array("Q", sorted(bucket)) for bucket in pairs))
    shared, sharing = _held_twice(index.buckets)
    room = KEPT_BYTES - _kept_bytes()
    distinct: dict[bytes, array] = {}  # copies of one template share their cells' lines: one array for all
    for number in sorted(sharing):
        cells = _fingerprints(entries[number], min_lines, boundary, max_bytes)[0]
        kept, size = [], 0
        for cell, shorts in _with_shorts(cells, min_lines):
            if shared.isdisjoint(shorts):
                continue
            packed = _packed(cell)
            one = distinct.setdefault(packed.tobytes(), packed)
            size += _CELL_BYTES + 4 * len(shorts) + (4 * len(packed) if one is packed else 0)
            kept.append(((cell.cell_index, cell.cell_id, one), shorts))
        if index.kept_bytes + size > room:
            index.complete = False
            continue
        index.kept[number], index.kept_bytes = tuple(kept), index.kept_bytes + size
    return index


def _held_twice(buckets: tuple[array, ...]) -> tuple[set[int], set[int]]:
    """The short keys held by two notebooks or more, and those notebooks."""
    shared: set[int] = set()
    sharing: set[int] = set()
    for bucket in buckets:
        for at in range(1, len(bucket)):
            if bucket[at] >> 32 == bucket[at - 1] >> 32:
                shared.add(bucket[at] >> 32)
                sharing.add(bucket[at] & 0xFFFFFFFF)
                sharing.add(bucket[at - 1] & 0xFFFFFFFF)
    return shared, sharing


_shared: dict[tuple, FolderIndex | None] | None = None
"""Folder indexes of the batch run in progress (None: no batch run, ask the files)."""


def _kept_bytes() -> int:
    return sum(index.kept_bytes for index in (_shared or {}).values() if index is not None)


@contextmanager
def folder_scans_shared() -> Iterator[None]:
    """A batch run in which no notebook changes: each folder is scanned once (see the module docstring).
    The indexes are dropped on exit, so a later run sees the files as they are then."""
    global _shared
    outer, _shared = _shared, {}
    try:
        yield
    finally:
        _shared = outer


def siblings(nb: Notebook, own: NotebookFingerprint, min_lines: int) -> Siblings:
    """The other notebooks of the folder that share a run of line shapes with this one, sorted by name.

    In a batch run each sibling brings only its cells that share a window with this notebook: the block
    search starts blocks at this notebook's windows, so a block of siblings' other cells would only be
    found to be dropped (near copies of one template share most of their cells with each other)."""
    if nb.path is None or nb.project.folder is None:
        return Siblings()
    keys = window_keys(own.cells, min_lines)
    if not keys:
        return Siblings()
    max_bytes = int(nb.config.max_notebook_mb * 1024 * 1024)
    if _shared is None:
        return _asked_of_the_files(nb.project.folder, nb.path.name, keys, min_lines, nb.project.boundary, max_bytes)
    place = (os.fspath(nb.project.folder), min_lines, nb.project.boundary, max_bytes)
    if place not in _shared:
        if len(_shared) >= FOLDERS_KEPT:
            del _shared[next(iter(_shared))]
        entries = _notebook_entries(nb.project.folder)
        _shared[place] = None if entries is None else _built(entries, min_lines, nb.project.boundary, max_bytes)
    index = _shared[place]
    if index is None:
        return Siblings()
    counts, held = index.holders(keys)
    numbers = [n for n in counts if index.entries[n].name != nb.path.name]
    # The most shared first; among equals, by name (the entries are sorted), so the choice is stable.
    numbers.sort(key=lambda n: (-counts[n], n))
    own_shorts = {_short(key) for key in keys}
    found = Siblings()
    for number in sorted(numbers[:MAX_SIBLINGS]):
        cells = _sharing(index.cells(number, min_lines, nb.project.boundary, max_bytes), own_shorts, held[number])
        if cells is None:
            # A window this notebook has and its file has not (the notebook was read otherwise): the
            # sibling's kept cells may not be all it shares with this one, so read them all.
            cells = _sharing(_with_shorts(_fingerprints(index.entries[number], min_lines, nb.project.boundary,
                                                        max_bytes)[0], min_lines), own_shorts, set())
        if cells:
            found.append(NotebookFingerprint(index.entries[number].name, cells))
    found.left_out, found.bound = max(0, len(numbers) - MAX_SIBLINGS), MAX_SIBLINGS
    return found


def _sharing(cells, own_shorts: set[int], held: set[int]) -> tuple[CellFingerprint, ...] | None:
    """The cells with a window whose short key is one of `own_shorts`, or None when they do not hold all of
    `held`. A cell there by a collision of short keys holds none of this notebook's windows, so the
    block search, which starts blocks at this notebook's windows, finds the same with or without it."""
    found, seen = [], set()
    for cell, shorts in cells:
        common = own_shorts.intersection(shorts)
        if common:
            found.append(cell if isinstance(cell, CellFingerprint) else _unpacked(*cell))
            seen |= common
    return tuple(found) if held <= seen else None


def _packed(cell: CellFingerprint) -> array:
    """A kept cell's six tuples of numbers in one array (4 bytes a number, not 40 in tuples of large
    ints), their lengths first."""
    parts = (cell.lines, cell.shapes, cell.sizes, cell.ends, cell.indents, cell.kinds)
    return array("I", [len(part) for part in parts] + [number for part in parts for number in part])


def _unpacked(cell_index: int, cell_id: str | None, packed: array) -> CellFingerprint:
    parts, at = [], 6
    for length in packed[:6]:
        parts.append(tuple(packed[at:at + length]))
        at += length
    return CellFingerprint(cell_index, cell_id, *parts)


def _with_shorts(cells: tuple[CellFingerprint, ...], min_lines: int) -> tuple[tuple[CellFingerprint, array], ...]:
    """Each cell with the short keys of its windows."""
    size = window_length(min_lines)
    return tuple((cell, array("I", {_short(cell.shapes[start:start + size])
                                    for start in range(len(cell.shapes) - size + 1)})) for cell in cells)


def _notebook_entries(folder: Path) -> list[os.DirEntry] | None:
    try:
        with os.scandir(folder) as entries:
            return sorted((e for e in entries if e.name.endswith(".ipynb") and e.is_file()), key=lambda e: e.name)
    except OSError:
        return None


def _fingerprints(entry: os.DirEntry, min_lines: int, boundary: Path | None, max_bytes: int):
    return parse_file_cached(entry.path, sibling_parser(min_lines), entry.stat(), boundary, max_bytes) or ((), frozenset())


def _asked_of_the_files(folder: Path, own_name: str, keys: WindowKeys, min_lines: int, boundary: Path | None,
                        max_bytes: int) -> Siblings:
    """Live: each file's fingerprint is cached until it changes, so a re-analysis costs a directory
    listing, a stat per notebook and a set look-up per notebook."""
    found = Siblings()
    entries = _notebook_entries(folder)
    if entries is None:
        return found
    others = [e for e in entries if e.name != own_name]
    if len(others) > MAX_SIBLINGS:
        found.left_out, found.searched, found.bound = len(others), False, MAX_SIBLINGS
        return found
    for entry in others:
        cells, their_keys = _fingerprints(entry, min_lines, boundary, max_bytes)
        if not keys.isdisjoint(their_keys):
            found.append(NotebookFingerprint(entry.name, cells))
    return found
