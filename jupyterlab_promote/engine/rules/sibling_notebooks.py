"""The other notebooks of a notebook's folder, fingerprinted for the cross-notebook duplicate search (DU002).

Live (the server) each file's fingerprint is cached until the file changes, so a re-analysis costs a
directory listing, a stat and a set look-up per sibling. In a batch run (`jupyter-promote check`) no
notebook changes while the run lasts: inside :func:`folder_scans_shared` each folder is listed and its
notebooks fingerprinted once, into an index from each run of line shapes to the notebooks holding it,
and every notebook of the folder finds its siblings there. Both ways give the same siblings.
"""

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..files.bounded import parse_file_cached
from ..notebook.fingerprints import CellFingerprint, NotebookFingerprint, fingerprint_text, window_length
from ..notebook.model import Notebook

MAX_SIBLINGS = 200
"""A folder with more notebooks than this is an archive, not a project: comparing them all is not useful."""
FOLDERS_KEPT = 16
"""Folder indexes a batch run keeps: its notebooks come folder by folder, so one or two are in use."""

WindowKeys = frozenset[tuple[int, ...]]


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


@dataclass(frozen=True)
class FolderIndex:
    """A folder's notebooks (sorted by name), their fingerprints and, for each window key, which hold it."""

    names: tuple[str, ...]
    cells: tuple[tuple[CellFingerprint, ...], ...]
    holders: dict[tuple[int, ...], tuple[int, ...]]

    def siblings(self, own_name: str, keys: WindowKeys) -> list[NotebookFingerprint]:
        others = len(self.names) - (own_name in self.names)
        if others > MAX_SIBLINGS:
            return []
        found = sorted({i for key in keys for i in self.holders.get(key, ())})
        return [NotebookFingerprint(self.names[i], self.cells[i]) for i in found if self.names[i] != own_name]


_shared: dict[tuple, FolderIndex | None] | None = None
"""Folder indexes of the batch run in progress (None: no batch run, ask the files)."""


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


def siblings(nb: Notebook, own: NotebookFingerprint, min_lines: int) -> list[NotebookFingerprint]:
    """The other notebooks of the folder that share a run of line shapes with this one, sorted by name."""
    if nb.path is None or nb.project.folder is None:
        return []
    keys = window_keys(own.cells, min_lines)
    if not keys:
        return []
    max_bytes = int(nb.config.max_notebook_mb * 1024 * 1024)
    if _shared is None:
        return _asked_of_the_files(nb.project.folder, nb.path.name, keys, min_lines, nb.project.boundary, max_bytes)
    place = (os.fspath(nb.project.folder), min_lines, nb.project.boundary, max_bytes)
    if place not in _shared:
        if len(_shared) >= FOLDERS_KEPT:
            del _shared[next(iter(_shared))]
        _shared[place] = _index(nb.project.folder, min_lines, nb.project.boundary, max_bytes)
    index = _shared[place]
    return index.siblings(nb.path.name, keys) if index is not None else []


def _notebook_entries(folder: Path) -> list[os.DirEntry] | None:
    try:
        with os.scandir(folder) as entries:
            return sorted((e for e in entries if e.name.endswith(".ipynb") and e.is_file()), key=lambda e: e.name)
    except OSError:
        return None


def _fingerprints(entry: os.DirEntry, min_lines: int, boundary: Path | None, max_bytes: int):
    return parse_file_cached(entry.path, sibling_parser(min_lines), entry.stat(), boundary, max_bytes) or ((), frozenset())


def _asked_of_the_files(folder: Path, own_name: str, keys: WindowKeys, min_lines: int, boundary: Path | None,
                        max_bytes: int) -> list[NotebookFingerprint]:
    """Live: each file's fingerprint is cached until it changes, so a re-analysis costs a directory
    listing, a stat per notebook and a set look-up per notebook."""
    entries = _notebook_entries(folder)
    if entries is None:
        return []
    others = [e for e in entries if e.name != own_name]
    if len(others) > MAX_SIBLINGS:
        return []
    found = []
    for entry in others:
        cells, their_keys = _fingerprints(entry, min_lines, boundary, max_bytes)
        if not keys.isdisjoint(their_keys):
            found.append(NotebookFingerprint(entry.name, cells))
    return found


def _index(folder: Path, min_lines: int, boundary: Path | None, max_bytes: int) -> FolderIndex | None:
    entries = _notebook_entries(folder)
    if entries is None:
        return None
    if len(entries) > MAX_SIBLINGS + 1:  # too many whatever the notebook: fingerprint none of them
        return FolderIndex(tuple(e.name for e in entries), (), {})
    cells, holders = [], {}
    for number, entry in enumerate(entries):
        their_cells, their_keys = _fingerprints(entry, min_lines, boundary, max_bytes)
        cells.append(their_cells)
        for key in their_keys:
            holders.setdefault(key, []).append(number)
    return FolderIndex(tuple(e.name for e in entries), tuple(cells),
                       {key: tuple(numbers) for key, numbers in holders.items()})
