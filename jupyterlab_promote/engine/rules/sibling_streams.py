"""The other notebooks of a folder as cell streams, for the cross-notebook cell-run search (DU002, info).

Live (the server) each sibling's stream is read from its file and kept until the file changes, in folders
of up to sibling_notebooks.MAX_SIBLINGS other notebooks; above that DU002 says the folder was not searched.
In a batch run (`jupyter-promote check`, sibling_notebooks.folder_scans_shared) no notebook changes while
it lasts: each folder's streams are read once into a :class:`StreamIndex`, from each cell's key to the
notebooks holding it, and a notebook is compared only with the siblings that hold enough of its keys to
share a run. The index is linear in the folder, so folders of any size are searched.
"""

import json
import os
from array import array
from collections import Counter
from collections.abc import Callable, Set
from functools import lru_cache
from pathlib import Path

from ..files.bounded import parse_file_cached
from ..notebook.cell_streams import MIN_RUN_CELLS, Shaped, Stream, shaped_text, stream_of
from . import sibling_notebooks
from .folder_index import notebook_entries


@lru_cache(maxsize=1)
def stream_parser() -> Callable[[str], Stream]:
    """One parser object, so parse_file_cached's key for it is stable."""
    def parse(text: str) -> Stream:
        try:
            cells = json.loads(text).get("cells", [])
        except (ValueError, AttributeError):
            cells = []
        items, places = [], []
        for index, cell in enumerate(cells if isinstance(cells, list) else []):
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            item = shaped_text("".join(source) if isinstance(source, list) else str(source))
            if item is not None:
                items.append(item)
                places.append(index)
        return stream_of(items, places)

    return parse


def _stream_of(entry: os.DirEntry, boundary: Path | None, max_bytes: int) -> Stream | None:
    try:
        stat = entry.stat()
    except OSError:
        return None
    stream = parse_file_cached(entry.path, stream_parser(), stat, boundary, max_bytes)
    return stream if stream is not None and len(stream.keys) >= MIN_RUN_CELLS else None


class StreamIndex:
    """A folder's notebooks with a stream of two cells or more, and for each key held by two of them or
    more, which ones (by number, in name order)."""

    def __init__(self, named: list[tuple[str, Stream]]) -> None:
        self.names = [name for name, _ in named]
        # Copies of one notebook (a template handed out, a course's versions) hold equal items and key sets:
        # each is kept once, so a folder of ten thousand costs references, not ten thousand copies.
        items: dict = {}
        key_sets: dict = {}

        def kept_once(item: Shaped) -> Shaped:
            return items.setdefault((item.key, item.shapes, item.chars, item.last_line), item)

        self.streams = [Stream(tuple(map(kept_once, stream.items)), stream.places,
                               key_sets.setdefault(stream.keys, stream.keys)) for _, stream in named]
        holders: dict[int, array] = {}
        for number, stream in enumerate(self.streams):
            for key in stream.keys:
                holders.setdefault(key, array("i")).append(number)
        self.holders = {key: numbers for key, numbers in holders.items() if len(numbers) > 1}

    def sharing(self, keys: Set, own_name: str) -> list[tuple[str, Stream]]:
        """The notebooks other than `own_name` holding MIN_RUN_CELLS of `keys` or more, in name order: a run
        pairs that many cells of equal keys, so no other notebook can hold one. The index keeps only keys
        two notebooks hold, which finds them all when the notebook is one of the two: otherwise (its file
        was not read into the index) every stream is asked."""
        if own_name not in self.names:
            return [(name, stream) for name, stream in zip(self.names, self.streams) if shares_a_run(keys, stream)]
        counts = Counter(number for key in keys for number in self.holders.get(key, ()))
        return [(self.names[number], self.streams[number]) for number in sorted(counts)
                if counts[number] >= MIN_RUN_CELLS and self.names[number] != own_name]


def shares_a_run(keys: Set, stream: Stream) -> bool:
    """Whether a stream holds enough of these keys for a run of cells (find_cell_runs asks the same)."""
    return not keys.isdisjoint(stream.keys) and len(keys & stream.keys) >= MIN_RUN_CELLS


def built(folder: Path, boundary: Path | None, max_bytes: int) -> StreamIndex | None:
    entries = notebook_entries(folder)
    if entries is None:
        return None
    named = []
    for entry in entries:
        stream = _stream_of(entry, boundary, max_bytes)
        if stream is not None:
            named.append((entry.name, stream))
    return StreamIndex(named)


def _folder_key(folder: Path, boundary: Path | None, max_bytes: int) -> tuple:
    return ("cell-streams", os.fspath(folder), boundary, max_bytes)


def _prebuild(folder: Path, boundary: Path | None, max_bytes: int) -> None:
    sibling_notebooks.kept_for_run(_folder_key(folder, boundary, max_bytes), lambda: built(folder, boundary, max_bytes))


sibling_notebooks.prebuild_also(_prebuild)


def sibling_streams(folder: Path, own_name: str, keys: Set, boundary: Path | None,
                    max_bytes: int) -> list[tuple[str, Stream]]:
    """The other notebooks of `folder` that may share a run of cells with a notebook of these stream keys,
    with their streams, in name order (see the module docstring)."""
    index = sibling_notebooks.kept_for_run(_folder_key(folder, boundary, max_bytes),
                                           lambda: built(folder, boundary, max_bytes))
    if index is not None:
        return index.sharing(keys, own_name)
    if sibling_notebooks.in_batch_run():
        return []  # the folder could not be listed
    entries = notebook_entries(folder)
    if entries is None:
        return []
    others = [entry for entry in entries if entry.name != own_name]
    if len(others) > sibling_notebooks.MAX_SIBLINGS:
        return []  # DU002 says the folder was not searched (Siblings.searched)
    found = []
    for entry in others:
        stream = _stream_of(entry, boundary, max_bytes)
        if stream is not None and shares_a_run(keys, stream):
            found.append((entry.name, stream))
    return found
