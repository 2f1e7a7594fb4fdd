"""The notebooks of a folder as the cross-notebook duplicate search reads them from their files (DU002):
listed, their JSON cells and code sources, the fingerprints of their long cells with the windows
of line shapes two notebooks must share to share a block, and their cell streams (sibling_streams.py).
A file is read and its JSON parsed once for both searches (:class:`SiblingFile`)."""

import json
import os
from collections.abc import Callable
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import NamedTuple

from ..files.bounded import parse_file_cached
from ..notebook.cell_streams import Stream, shaped_text, stream_of
from ..notebook.fingerprints import CellFingerprint, fingerprint_text, window_length

WindowKeys = frozenset[tuple[int, ...]]


class SiblingFile(NamedTuple):
    """What the cross-notebook searches read of a notebook file: the block search its long cells'
    fingerprints and their window keys, the cell-run search its stream. One parse serves both (reading
    the JSON is most of the work), and one cache entry keeps them while the file is unchanged."""

    cells: tuple[CellFingerprint, ...]
    keys: WindowKeys
    stream: Stream


def window_keys(cells, min_lines: int) -> WindowKeys:
    """Every run of `window_length` shapes inside one cell: two notebooks can share a block only if they
    share one."""
    size = window_length(min_lines)
    return frozenset(cell.shapes[start:start + size] for cell in cells for start in range(len(cell.shapes) - size + 1))


def notebook_cells(text: str) -> list:
    """The cells of a notebook file's JSON text ([] when it is not a notebook's)."""
    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError):
        return []
    return cells if isinstance(cells, list) else []


def code_sources(cells: list):
    """(index, cell, source text) of each code cell of a notebook's JSON cells."""
    for index, cell in enumerate(cells):
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            yield index, cell, "".join(source) if isinstance(source, list) else str(source)


def fingerprinted(cells: list, min_lines: int) -> tuple[CellFingerprint, ...]:
    """The fingerprints of a notebook's code cells of `min_lines` lines or more, from its JSON cells."""
    found = []
    for index, cell, source in code_sources(cells):
        if source.count("\n") + 1 < min_lines:
            continue
        text = fingerprint_text(source)
        if text.lines:
            found.append(text.of_cell(index, cell.get("id")))
    return tuple(found)


def streamed(cells: list) -> Stream:
    """The stream of a notebook's code cells, from its JSON cells."""
    items, places = [], []
    for index, _, source in code_sources(cells):
        item = shaped_text(source)
        if item is not None:
            items.append(item)
            places.append(index)
    return stream_of(items, places)


def sibling_read(cells: list, min_lines: int) -> SiblingFile:
    """A notebook's :class:`SiblingFile`, from its JSON cells."""
    found = fingerprinted(cells, min_lines)
    return SiblingFile(found, window_keys(found, min_lines), streamed(cells))


@lru_cache(maxsize=8)
def sibling_parser(min_lines: int):
    """A parser for parse_file_cached; one object per threshold, so its cache key is stable."""
    def parse(text: str) -> SiblingFile:
        return sibling_read(notebook_cells(text), min_lines)

    return parse


Listing = Callable[[], list[os.DirEntry] | None]
"""The notebook entries of a folder, listed on the first call (:func:`listing_once`)."""


def listing_once(folder: Path) -> Listing:
    """A folder's notebook entries, listed when first asked and then kept: the two cross-notebook searches
    of one DU002 check share one listing, and, since an entry keeps its stat, one stat per sibling."""
    return cache(partial(notebook_entries, folder))


def notebook_entries(folder: Path) -> list[os.DirEntry] | None:
    try:
        with os.scandir(folder) as entries:
            return sorted((e for e in entries if e.name.endswith(".ipynb") and e.is_file()), key=lambda e: e.name)
    except OSError:
        return None


def fingerprints_of(entry: os.DirEntry, min_lines: int, boundary: Path | None, max_bytes: int):
    """(cell fingerprints, window keys) of a notebook file, cached until it changes (see entry_file)."""
    found = entry_file(entry, min_lines, boundary, max_bytes)
    return (found.cells, found.keys) if found is not None else ((), frozenset())


def entry_file(entry: os.DirEntry, min_lines: int, boundary: Path | None, max_bytes: int) -> SiblingFile | None:
    """sibling_file of a listed notebook, with the stat its entry keeps; None when the file went away since
    its folder was listed (a sibling deleted or renamed while the notebook is analysed)."""
    try:
        stat = entry.stat()
    except OSError:
        return None
    return sibling_file(entry.path, stat, min_lines, boundary, max_bytes)


def sibling_file(path: str, stat: os.stat_result | None, min_lines: int, boundary: Path | None,
                 max_bytes: int) -> SiblingFile | None:
    """The notebook file at `path` as both searches read it, cached until it changes (None when it cannot
    be read); `stat` when a directory scan already has it."""
    return parse_file_cached(path, sibling_parser(min_lines), stat, boundary, max_bytes)
