"""One folder's notebooks, fingerprinted for the cross-notebook duplicate search of a batch run (DU002,
sibling_notebooks.py): which notebooks hold each run of line shapes (window), and the runs of lines each
notebook shares with another.

The folder is read once. While a notebook is read, its cells are cut into the runs of statements that
windows an earlier notebook holds cover (:func:`segments`), and those runs are kept, each distinct run
once, so copies of one template add little; only a notebook holding a shared window that no earlier one
held (the first copy of a template) is read again at the end, and cut by the shared windows. Memory
stays linear and small in the folder's size: 8 bytes a (window, notebook) pair in flat arrays, and each
distinct shared run once however many notebooks hold it.
"""

import os
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..notebook.fingerprints import CellFingerprint, window_length
from . import key_holders, sibling_files
from .sibling_files import WindowKeys

_CONTENT_BYTES = 200
"""A distinct cell content's tuple and array headers, beside its numbers."""
_CELL_BYTES = 72
"""A kept cell's (index, id, content, first line) tuple."""
READ_ONCE_BYTES = 16 * 1024 * 1024
"""Room for the cells kept while a folder is read; a notebook read after it is full is read again if it
shares a cell."""
SEEN_BYTES = 8 * 1024 * 1024
"""The short keys seen while a folder is read, a bit each (:class:`_Seen`)."""

Content = tuple[array, array]
"""A run of a cell's statements: its packed numbers (:func:`packed`, line numbers counted from its first
line) and the short keys of its windows; one object for every copy of it, wherever the copy starts."""
KeptCell = tuple[int, str | None, Content, int]
"""A kept run of statements: its cell's index and id, its content, and the line its content starts at."""


def short_key(key: tuple[int, ...]) -> int:
    """A window key in 32 bits (int tuples hash the same in every process): a collision only adds a
    candidate, which the block search then compares and drops."""
    return hash(key) & 0xFFFFFFFF


def first_line(cell: CellFingerprint) -> int:
    return cell.lines[0] if cell.lines else 0


def packed(cell: CellFingerprint) -> array:
    """A kept cell's six tuples of numbers in one array (4 bytes a number, not 40 in tuples of large
    ints), their lengths first; its lines counted from its first, so that the same run of statements
    pasted at another line of another cell packs the same (template copies edited above the run)."""
    base = first_line(cell)
    parts = (tuple(line - base for line in cell.lines), cell.shapes, cell.sizes,
             tuple(end - base for end in cell.ends), cell.indents, cell.kinds)
    return array("I", [len(part) for part in parts] + [number for part in parts for number in part])


def unpacked(cell_index: int, cell_id: str | None, numbers: array, base: int) -> CellFingerprint:
    """The cell :func:`packed` packed, its first line at `base`."""
    parts, at = [], 6
    for length in numbers[:6]:
        parts.append(tuple(numbers[at:at + length]))
        at += length
    parts[0] = tuple(line + base for line in parts[0])
    parts[3] = tuple(end + base for end in parts[3])
    return CellFingerprint(cell_index, cell_id, *parts)


@dataclass
class FolderIndex:
    """A folder's notebooks (sorted by name) and, for every short window key of theirs, which hold it:
    in buckets by the key's top bits, the keys sorted and beside them the notebooks' numbers (4 + 4
    bytes a pair). With it, the runs of lines of each notebook that windows it shares with another
    notebook of the folder cover: the only lines a comparison can use (see :func:`segments`)."""

    entries: tuple[os.DirEntry, ...]
    keys: tuple[array, ...]
    holders_of: tuple[array, ...]
    kept: dict[int, tuple[KeptCell, ...]] = field(default_factory=dict)
    """Shared runs by entry number; notebooks holding the same shared runs hold the same tuple (a number
    not here: none, or no room left to keep them)."""
    kept_bytes: int = 0

    def holders(self, keys: WindowKeys) -> tuple[Counter, Counter]:
        """For each notebook sharing a window with `keys`: how many of `keys` it holds (by short key, so a
        short key two of them share counts twice), and how many distinct short keys."""
        counted: list[int] = []
        distinct: list[int] = []
        # Counted in one go at the end: a Counter.update per key asks whether its argument is a Mapping
        # first (an abc check), which cost more than the counting.
        for short, times in Counter(short_key(key) for key in keys).items():
            numbers = key_holders.holding((self.keys, self.holders_of), short)
            distinct.extend(numbers)
            counted.extend(numbers * times)
        return Counter(counted), Counter(distinct)


def window_shorts(cell: CellFingerprint, size: int) -> array:
    """The short key of each of the cell's windows, in order (one per statement that starts one)."""
    return array("I", [short_key(cell.shapes[start:start + size]) for start in range(len(cell.shapes) - size + 1)])


def segments(cell: CellFingerprint, shorts: array, size: int, wanted) -> list[tuple[CellFingerprint, array]]:
    """The runs of the cell's statements covered by windows whose short key is `wanted`, each as a cell
    of its own (same index, id and line numbers) with the short keys of the windows inside it.

    A block a notebook shares with this cell lies inside one such run when every window of the notebook
    that the cell holds is wanted, and nothing next to a run can extend it: the block search finds the
    same in the runs as in the whole cell (sibling_notebooks.siblings checks the first condition)."""
    runs: list[list[int]] = []
    for start, short in enumerate(shorts):
        if wanted(short):
            if runs and start <= runs[-1][1]:
                runs[-1][1] = start + size
            else:
                runs.append([start, start + size])
    parts = (cell.lines, cell.shapes, cell.sizes, cell.ends, cell.indents, cell.kinds)
    return [(CellFingerprint(cell.cell_index, cell.cell_id, *(part[begin:end] for part in parts)),
             array("I", set(shorts[begin:end - size + 1]))) for begin, end in runs]


class _Cells:
    """While a folder is indexed: each distinct run of statements once (copies of a cell share it), each
    (cell index, cell id, run) once, with the bytes they take."""

    def __init__(self) -> None:
        self.contents: dict[bytes, Content] = {}
        self.cells: dict[tuple, KeptCell] = {}
        self.bytes = 0

    def interned(self, cells: list[tuple[CellFingerprint, array]]) -> tuple[KeptCell, ...]:
        found = []
        for cell, shorts in cells:
            numbers = packed(cell)
            key = numbers.tobytes()
            content = self.contents.get(key)
            if content is None:
                content = self.contents[key] = (numbers, shorts)
                self.bytes += len(key) + _content_size(content)
            place = (cell.cell_index, cell.cell_id, id(content), first_line(cell))
            one = self.cells.get(place)
            if one is None:
                one = self.cells[place] = (cell.cell_index, cell.cell_id, content, place[3])
                self.bytes += 2 * _CELL_BYTES
            found.append(one)
        self.bytes += 56 + 8 * len(found)
        return tuple(found)


def _content_size(content: Content) -> int:
    return _CONTENT_BYTES + 4 * len(content[0]) + 4 * len(content[1])


class _Seen:
    """A bit per short key (modulo its size) seen while a folder is read: a collision only keeps a run of
    statements that turns out not to be shared, and the index drops it."""

    def __init__(self, size: int) -> None:
        self.bits = bytearray(size)
        self.size = size * 8

    def __call__(self, short: int) -> bool:
        return bool(self.bits[short % self.size >> 3] >> (short & 7) & 1)

    def mark(self, shorts) -> None:
        for short in shorts:
            self.bits[short % self.size >> 3] |= 1 << (short & 7)


class _Held:
    """While a folder is indexed: the whole cells of each notebook holding a window no earlier notebook held,
    packed (:func:`packed`), so that the second pass cuts them by the shared windows without reading the
    file again (in a run that forks readers, without forking them again). Within the room of
    READ_ONCE_BYTES with the runs kept; a notebook read after it is full is read again."""

    def __init__(self) -> None:
        self.by_number: dict[int, list[tuple[int, str | None, array, int, array]]] = {}
        self.bytes = 0

    def __contains__(self, number: int) -> bool:
        return number in self.by_number

    def keep(self, number: int, cells: list[tuple[CellFingerprint, array]]) -> None:
        packs = [(cell.cell_index, cell.cell_id, packed(cell), first_line(cell), shorts) for cell, shorts in cells]
        self.by_number[number] = packs
        self.bytes += 56 + sum(_CELL_BYTES + _content_size((numbers, shorts)) for _, _, numbers, _, shorts in packs)

    def cells(self, number: int) -> list[tuple[CellFingerprint, array]]:
        """The notebook's cells as its reader gave them (:func:`unpacked` gives back what packed took)."""
        return [(unpacked(index, cell_id, numbers, base), shorts)
                for index, cell_id, numbers, base, shorts in self.by_number.pop(number)]


def shorted(cells: tuple[CellFingerprint, ...], min_lines: int) -> list[tuple[CellFingerprint, array]]:
    """Each cell with the short keys of its windows in order (:func:`window_shorts`)."""
    size = window_length(min_lines)
    return [(cell, window_shorts(cell, size)) for cell in cells]


Reader = Callable[[Sequence[os.DirEntry]], Iterable[list[tuple[CellFingerprint, array]]]]
"""Reads notebook files: each one's :func:`shorted` cells, in the files' order."""


def built(entries: list[os.DirEntry], min_lines: int, boundary: Path | None, max_bytes: int, room: int,
          reader: Reader | None = None) -> FolderIndex:
    """Every notebook's window keys, and the runs of its cells covered by windows an earlier notebook
    holds; a notebook holding a shared window no earlier one held is read again at the end and cut by the
    shared windows. What is kept is the runs holding a shared window, within `room` bytes.

    `reader` reads the files when other processes help (folder_prebuild.py); without it they are read
    here, one by one."""
    if reader is None:
        reader = partial(_read_here, min_lines, boundary, max_bytes)
    size = window_length(min_lines)
    pairs = key_holders.buckets()
    seen = _Seen(SEEN_BYTES)
    read = _Cells()
    first_read: list[tuple[KeptCell, ...] | None] = []
    others: list[array] = []  # each notebook's short keys of the windows no earlier notebook held
    held = _Held()  # the cells of notebooks holding such windows, for the second pass
    for number, cells in enumerate(reader(entries)):
        room_left = read.bytes + held.bytes < READ_ONCE_BYTES
        runs = [run for cell, shorts in cells for run in segments(cell, shorts, size, seen)] if room_left else []
        others.append(array("I", [short for _, shorts in cells for short in shorts if not room_left or not seen(short)]))
        first_read.append(read.interned(runs) if room_left else None)
        if room_left and others[-1]:
            held.keep(number, cells)
        mine = set().union(*(shorts for _, shorts in cells))
        key_holders.add(pairs, number, mine)
        seen.mark(mine)
    del seen
    index = FolderIndex(tuple(entries), *key_holders.sort(pairs))
    shared, sharing = _held_twice(index.keys, index.holders_of)
    counted: set[int] = set()  # ids of the runs and contents whose bytes index.kept_bytes holds
    lists: dict[tuple[int, ...], tuple[KeptCell, ...]] = {}  # one tuple for the notebooks keeping the same runs
    again = {number for number in sharing if first_read[number] is None or not shared.isdisjoint(others[number])}
    read_again = iter(reader([entries[number] for number in sorted(again) if number not in held]))
    for number in sorted(sharing):
        cells = first_read[number]
        if number in again:
            cells = read.interned([run for cell, shorts in (held.cells(number) if number in held else next(read_again))
                                   for run in segments(cell, shorts, size, shared.__contains__)])
        own = tuple(cell for cell in cells if not shared.isdisjoint(cell[2][1]))
        key = tuple(id(cell) for cell in own)  # the runs stay alive in `read` while this runs
        new = {id(part): part for cell in own for part in (cell, cell[2]) if id(part) not in counted}
        size_kept = (sum(_content_size(part) if len(part) == 2 else _CELL_BYTES for part in new.values())
                     + (0 if key in lists else 56 + 8 * len(own)))
        if index.kept_bytes + size_kept > room:  # its siblings read it again when they compare it
            continue
        counted.update(new)
        index.kept[number] = lists.setdefault(key, own)
        index.kept_bytes += size_kept
    return index


def _read_here(min_lines: int, boundary: Path | None, max_bytes: int,
               entries: Sequence[os.DirEntry]) -> Iterator[list[tuple[CellFingerprint, array]]]:
    for entry in entries:
        yield shorted(sibling_files.fingerprints_of(entry, min_lines, boundary, max_bytes)[0], min_lines)


def _held_twice(keys: tuple[array, ...], holders: tuple[array, ...]) -> tuple[set[int], set[int]]:
    """The short keys held by two notebooks or more, and those notebooks."""
    shared: set[int] = set()
    sharing: set[int] = set()
    for bucket, numbers in zip(keys, holders):
        for at in range(1, len(bucket)):
            if bucket[at] == bucket[at - 1]:
                shared.add(bucket[at])
                sharing.add(numbers[at])
                sharing.add(numbers[at - 1])
    return shared, sharing
