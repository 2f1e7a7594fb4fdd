"""What a batch run builds before its first notebook: the indexes of its large folders for the
cross-notebook searches (DU002: blocks, sibling_notebooks.py; runs of cells, sibling_streams.py), shared
by every process when the run forks workers instead of built in each.

Each notebook of such a folder is read once for both indexes, and the reading (the JSON and the line
shapes of every cell, nine tenths of the work) is spread over the run's processes by `map_in_order`,
which the CLI gives; only the indexes themselves are put together here, from what comes back in the
notebooks' order. A notebook whose reader died is read here. When the analyses run in other processes
than the readers, and the run is small (HANDED_NOTEBOOKS), the readers hand back the line shapes of
its code cells too (notebook/handed_shapes.py), so that the analyses do not work them out again.
"""

import os
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from ..files.bounded import parse_file_cached
from ..notebook import handed_shapes
from ..notebook.fingerprints import DEFAULT_MIN_LINES, CellFingerprint, fingerprint_text
from ..notebook.line_shapes import text_shapes
from ..project.config import Config, ConfigError
from ..project.folder import Project
from . import folder_index, sibling_files, sibling_notebooks, sibling_streams

PREBUILT_FROM = 64
"""A folder holding this many of a run's notebooks has its indexes built before the first notebook."""

HANDED_NOTEBOOKS = 512
"""The most notebooks a run may have for its readers to hand the line shapes to the analyses. In a larger
run they would save a smaller share of its time (the workers empty their caches every
cli_batch.FULL_COLLECTION_EVERY notebooks anyway), and handing a folder's first 512 raised the peak memory
of 10,000 notebooks in one folder by a tenth (202 -> 224 MB for the largest process), where the growth
from 1,000 to 10,000 is to stay within 1.5 times."""

Shapes = list[tuple[str, Any, str]]
"""Code cell texts with their fingerprint_text and text_shapes (handed_shapes.hand)."""
Digest = tuple[list[tuple[CellFingerprint, array]], array | None, Shapes]
"""What a notebook brings to its folder's indexes: its long cells with their windows' short keys
(folder_index.shorted), and its stream's pair keys (sibling_streams.searched_pairs); and, to be handed
to the analyses, the shapes of its code cells (empty unless asked)."""
MapInOrder = Callable[[Callable[[os.DirEntry], Digest], Sequence[os.DirEntry]], Iterable[Digest | None]]


def index_large_folders(notebooks: Sequence[Path], config_of: Callable[[Path], Config],
                        map_in_order: MapInOrder = map, hand_shapes: bool = False) -> None:
    """In a batch run, before its first notebook: build the indexes of the folders holding PREBUILT_FROM of
    `notebooks` or more (at most FOLDERS_KEPT - 1; kept for the whole run). A folder's first notebook
    gives its settings (config_of). With `hand_shapes` (the analyses run in processes forked after the
    readers') and at most HANDED_NOTEBOOKS notebooks, their shapes are handed over too."""
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
        handed = hand_shapes and len(notebooks) <= HANDED_NOTEBOOKS
        handing = frozenset(path.name for path in notebooks if path.parent == folder) if handed else frozenset()
        _index_folder(project.folder, place, map_in_order, handing)


def _index_folder(folder: Path, place: tuple, map_in_order: MapInOrder, handing: frozenset[str]) -> None:
    _, min_lines, boundary, max_bytes = place
    entries = sibling_files.notebook_entries(folder)
    if entries is None:
        sibling_notebooks.keep_prebuilt(place, None)
        return
    read = partial(digest, min_lines, boundary, max_bytes, handing)
    pairs: dict[str, array | None] = {}

    def reader(chosen: Sequence[os.DirEntry]) -> Iterator[list[tuple[CellFingerprint, array]]]:
        for entry, found in zip(chosen, map_in_order(read, chosen)):
            cells, pairs[entry.name], shapes = found if found is not None else read(entry)
            handed_shapes.hand(shapes)
            yield cells

    room = sibling_notebooks.KEPT_BYTES - sibling_notebooks.kept_bytes()
    sibling_notebooks.keep_prebuilt(place, folder_index.built(entries, min_lines, boundary, max_bytes, room, reader))
    named = [(entry.name, pairs[entry.name]) for entry in entries if pairs[entry.name] is not None]
    sibling_streams.keep_prebuilt(folder, boundary, max_bytes, sibling_streams.StreamIndex(folder, named))


def digest(min_lines: int, boundary: Path | None, max_bytes: int, handing: frozenset[str],
           entry: os.DirEntry) -> Digest:
    """A notebook file's :data:`Digest`, from its reading the analyses' own cross-notebook searches share
    (sibling_files.sibling_file; empty when it cannot be read), with its shapes when its name is in
    `handing`."""
    try:
        stat = entry.stat()
    except OSError:
        return [], None, []
    if entry.name in handing:
        found, shapes = parse_file_cached(entry.path, _handing_parser(min_lines), stat, boundary, max_bytes) or (None, [])
    else:
        found, shapes = sibling_files.sibling_file(entry.path, stat, min_lines, boundary, max_bytes), []
    if found is None:
        return [], None, []
    return folder_index.shorted(found.cells, min_lines), sibling_streams.searched_pairs(found.stream), shapes


@lru_cache(maxsize=8)
def _handing_parser(min_lines: int) -> Callable[[str], tuple[sibling_files.SiblingFile, Shapes]]:
    """A parser for parse_file_cached (one object per threshold, so its cache key is stable): the file as
    the searches read it, and its code cells' shapes, worked out on the way, to hand over."""
    def parse(text: str) -> tuple[sibling_files.SiblingFile, Shapes]:
        cells = sibling_files.notebook_cells(text)
        found = sibling_files.sibling_read(cells, min_lines)
        texts = dict.fromkeys(source for _, _, source in sibling_files.code_sources(cells))
        return found, [(source, fingerprint_text(source), text_shapes(source)) for source in texts]

    return parse
