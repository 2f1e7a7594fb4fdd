"""What a batch run builds before its first notebook: the indexes of its large folders for the
cross-notebook searches (DU002: blocks, sibling_notebooks.py; runs of cells, sibling_streams.py), shared
by every process when the run forks workers instead of built in each.

Each notebook of such a folder is read once for both indexes, and the reading (the JSON and the line
shapes of every cell, nine tenths of the work) is spread over the run's processes by `map_in_order`,
which the CLI gives; only the indexes themselves are put together here, from what comes back in the
notebooks' order. A notebook whose reader died is read here.
"""

import os
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path

from ..notebook.fingerprints import DEFAULT_MIN_LINES, CellFingerprint
from ..project.config import Config, ConfigError
from ..project.folder import Project
from . import folder_index, sibling_files, sibling_notebooks, sibling_streams

PREBUILT_FROM = 64
"""A folder holding this many of a run's notebooks has its indexes built before the first notebook."""

Digest = tuple[list[tuple[CellFingerprint, array]], array | None]
"""What a notebook brings to its folder's indexes: its long cells with their windows' short keys
(folder_index.shorted), and its stream's pair keys (sibling_streams.searched_pairs)."""
MapInOrder = Callable[[Callable[[os.DirEntry], Digest], Sequence[os.DirEntry]], Iterable[Digest | None]]


def index_large_folders(notebooks: Sequence[Path], config_of: Callable[[Path], Config],
                        map_in_order: MapInOrder = map) -> None:
    """In a batch run, before its first notebook: build the indexes of the folders holding PREBUILT_FROM of
    `notebooks` or more (at most FOLDERS_KEPT - 1; kept for the whole run). A folder's first notebook
    gives its settings (config_of)."""
    if not sibling_notebooks.in_batch_run():
        return
    first: dict[Path, Path] = {}
    for path in notebooks:
        first.setdefault(path.parent, path)
    for folder, count in Counter(path.parent for path in notebooks).most_common(sibling_notebooks.FOLDERS_KEPT - 1):
        if count < PREBUILT_FROM:
            break
        try:
            config = config_of(first[folder])
        except ConfigError:  # the notebooks report it, one by one
            continue
        project = Project.around(first[folder], config.boundary)
        if project.folder is None or not config.enabled("DU002", "duplicated-across-notebooks", first[folder]):
            continue
        place = (os.fspath(project.folder), config.threshold("duplicate_block_lines", DEFAULT_MIN_LINES),
                 project.boundary, int(config.max_notebook_mb * 1024 * 1024))
        _index_folder(project.folder, place, map_in_order)


def _index_folder(folder: Path, place: tuple, map_in_order: MapInOrder) -> None:
    _, min_lines, boundary, max_bytes = place
    entries = sibling_files.notebook_entries(folder)
    if entries is None:
        sibling_notebooks.keep_prebuilt(place, None)
        return
    read = partial(digest, min_lines, boundary, max_bytes)
    pairs: dict[str, array | None] = {}

    def reader(chosen: Sequence[os.DirEntry]) -> Iterator[list[tuple[CellFingerprint, array]]]:
        for entry, found in zip(chosen, map_in_order(read, chosen)):
            cells, pairs[entry.name] = found if found is not None else read(entry)
            yield cells

    room = sibling_notebooks.KEPT_BYTES - sibling_notebooks.kept_bytes()
    sibling_notebooks.keep_prebuilt(place, folder_index.built(entries, min_lines, boundary, max_bytes, room, reader))
    named = [(entry.name, pairs[entry.name]) for entry in entries if pairs[entry.name] is not None]
    sibling_streams.keep_prebuilt(folder, boundary, max_bytes, sibling_streams.StreamIndex(folder, named))


def digest(min_lines: int, boundary: Path | None, max_bytes: int, entry: os.DirEntry) -> Digest:
    """A notebook file's :data:`Digest`, from its reading the analyses' own cross-notebook searches share
    (sibling_files.sibling_file; empty when it cannot be read)."""
    try:
        stat = entry.stat()
    except OSError:
        return [], None
    found = sibling_files.sibling_file(entry.path, stat, min_lines, boundary, max_bytes)
    if found is None:
        return [], None
    return folder_index.shorted(found.cells, min_lines), sibling_streams.searched_pairs(found.stream)
