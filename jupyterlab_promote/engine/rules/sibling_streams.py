"""The other notebooks of a folder as cell streams, for the cross-notebook cell-run search (DU002, info).

Live (the server) each sibling's stream is read from its file and kept until the file changes, in folders
of up to sibling_notebooks.MAX_SIBLINGS other notebooks; above that DU002 says the folder was not searched.
In a batch run (`jupyter-promote check`, sibling_notebooks.folder_scans_shared) no notebook changes while
it lasts: each folder's streams are read once into a :class:`StreamIndex`, from each cell's key to the
notebooks holding it, and a notebook is compared only with the siblings that hold enough of its keys to
share a run. The index is linear in the folder, so folders of any size are searched.
"""

import os
from array import array
from collections.abc import Set
from pathlib import Path

from ..notebook.cell_streams import MIN_RUN_CELLS, Stream
from . import key_holders, sibling_notebooks
from .sibling_files import Listing, SiblingFile, entry_file, notebook_entries, sibling_file


def _stream_of(found: SiblingFile | None) -> Stream | None:
    """A sibling's searchable stream, from the reading the block search shares (sibling_files.SiblingFile:
    the file's JSON parsed once for both searches)."""
    return _searchable(found.stream) if found is not None else None


def _searchable(stream: Stream | None) -> Stream | None:
    """The stream when it has enough cells for a run, else None."""
    return stream if stream is not None and len(stream.keys) >= MIN_RUN_CELLS else None


def pair_keys(stream: Stream) -> array:
    """The keys of each pair of cells one or two apart in the stream: a run starts with two pairs of cells
    of equal keys, each one or two apart on its side (cell_streams._STEPS), so a notebook shares a run
    with another only if they share one of these."""
    keys = [item.key for item in stream.items]
    return array("q", sorted({hash((keys[i], keys[j])) for i in range(len(keys))
                              for j in range(i + 1, min(i + 3, len(keys)))}))


class StreamIndex:
    """A folder's notebooks with a stream of two cells or more (by name) and, for each 32-bit pair key
    (:func:`short_pair`), which of them hold it (key_holders.py). Streams are not kept: a candidate's is
    read again (parse_file_cached), so the index costs a few hundred bytes a notebook."""

    def __init__(self, folder: Path, named: list[tuple[str, array]]) -> None:
        self.folder = folder
        self.names = [name for name, _ in named]
        self.numbers = {name: number for number, name in enumerate(self.names)}
        pairs = key_holders.buckets()
        for number, (_, keys) in enumerate(named):
            key_holders.add(pairs, number, {short_pair(key) for key in keys})
        self.holders = key_holders.sort(pairs)

    def sharing(self, own: Stream, own_name: str) -> list[str]:
        """The notebooks other than `own_name` sharing a pair key with `own`, in name order. A key two
        pairs share by a collision of their short keys adds a notebook that shares_a_run or the run
        search then drops; it never removes one."""
        numbers = set()
        for key in {short_pair(key) for key in pair_keys(own)}:
            numbers.update(key_holders.holding(self.holders, key))
        own_number = self.numbers.get(own_name)
        return [self.names[number] for number in sorted(numbers) if number != own_number]


def short_pair(key: int) -> int:
    """A pair key in 32 bits."""
    return key & 0xFFFFFFFF


def shares_a_run(keys: Set, stream: Stream) -> bool:
    """Whether a stream holds enough of these keys for a run of cells (find_cell_runs asks the same)."""
    return not keys.isdisjoint(stream.keys) and len(keys & stream.keys) >= MIN_RUN_CELLS


def built(folder: Path, min_lines: int, boundary: Path | None, max_bytes: int) -> StreamIndex | None:
    entries = notebook_entries(folder)
    if entries is None:
        return None
    named = []
    for entry in entries:
        stream = _stream_of(entry_file(entry, min_lines, boundary, max_bytes))
        if stream is not None:
            named.append((entry.name, pair_keys(stream)))
    return StreamIndex(folder, named)


def searched_pairs(stream: Stream) -> array | None:
    """The pair keys a folder's index holds for a notebook of this stream (None: too short for a run)."""
    return pair_keys(stream) if _searchable(stream) is not None else None


def _folder_key(folder: Path, boundary: Path | None, max_bytes: int) -> tuple:
    return ("cell-streams", os.fspath(folder), boundary, max_bytes)


def keep_prebuilt(folder: Path, boundary: Path | None, max_bytes: int, index: StreamIndex) -> None:
    """Keep a folder's index built before the run's first notebook (folder_prebuild.py) for the whole run."""
    sibling_notebooks.kept_for_run(_folder_key(folder, boundary, max_bytes), lambda: index)


def sibling_streams(folder: Path, own_name: str, own: Stream, min_lines: int, boundary: Path | None,
                    max_bytes: int, listed: Listing) -> list[tuple[str, Stream]]:
    """The other notebooks of `folder` that may share a run of cells with a notebook of this stream, with
    their streams, in name order (see the module docstring). `min_lines` is the block search's and
    `listed()` lists the folder for both (sibling_files.listing_once): the two searches share each file's
    reading (sibling_files.SiblingFile), its listing and its stat."""
    index = sibling_notebooks.kept_for_run(_folder_key(folder, boundary, max_bytes),
                                           lambda: built(folder, min_lines, boundary, max_bytes))
    if index is not None:
        found = []
        for name in index.sharing(own, own_name):
            stream = _stream_of(sibling_file(os.path.join(folder, name), None, min_lines, boundary, max_bytes))
            if stream is not None and shares_a_run(own.keys, stream):
                found.append((name, stream))
        return found
    if sibling_notebooks.in_batch_run():
        return []  # the folder could not be listed
    entries = listed()
    if entries is None:
        return []
    others = [entry for entry in entries if entry.name != own_name]
    if len(others) > sibling_notebooks.MAX_SIBLINGS:
        return []  # DU002 says the folder was not searched (Siblings.searched)
    found = []
    for entry in others:
        stream = _stream_of(entry_file(entry, min_lines, boundary, max_bytes))
        if stream is not None and shares_a_run(own.keys, stream):
            found.append((entry.name, stream))
    return found
