"""Copies spread over consecutive small cells: a run of cells pasted again, cell by cell.

The block searches (fingerprints, short_repeats, near_copies) look inside one cell at a time, so a
notebook whose loading, filtering and renaming steps sit in one small cell each, and which pastes those
cells again further down (or into a sibling notebook), holds no block they can see. Here the code
cells are read as one stream: each cell holding a statement is one item, keyed by the shapes of its
statements (fingerprints.fingerprint_text: names and values replaced, imports and comments left out),
and a run of cells is a copy of another when their keys match pair by pair, in order. One cell added
or left out once, on either side (a `value_counts()` looked at between the steps), still leaves one
copy; cells without a statement (imports, magics, a bare name shown) and markdown cells are not in the
stream.

A run counts when it holds two cells or more and, together, MIN_RUN_STATEMENTS statements of some
substance (MIN_RUN_CHARS normalised characters, MIN_RUN_DISTINCT different shapes): one line per cell
repeated in two cells (`df.head()`, `df.shape`) is not a copy worth a function.

Live, the stream is kept with the cells (merge_memo) and updated for an edited cell; the runs are
searched again only when the edit may change them (see :func:`_updated`).
"""

from bisect import bisect_left
from collections.abc import Sequence, Set
from dataclasses import dataclass
from functools import lru_cache
from itertools import count

from .fingerprints import fingerprint_text
from .merge_memo import merged
from .model import Cell

MIN_RUN_CELLS = 2
MIN_RUN_STATEMENTS = 4
MIN_RUN_CHARS = 40
MIN_RUN_DISTINCT = 3
MAX_SHOWN_CHARS = 1
"""A statement of this many normalised characters is a bare name or value shown (`df`): left out."""
MAX_PLACES = 12
"""A cell found more often than this (`df.head()`) may continue a run but does not start one: a start is
tried against every earlier place of its key."""
MAX_SKIPPED = 1
"""Cells skipped in a whole run: copies interleaved with other cells (a `df.head()` after each step of a
tutorial, the same steps pasted without them) are cells that look alike, not a pasted run."""
_STEPS = ((1, 1), (2, 1), (1, 2))
"""The next pair of a run: the next cell on both sides, or one cell skipped on one side."""


@dataclass(frozen=True, eq=False)
class Shaped:
    """What a cell's text brings to the stream: the shapes of its statements."""

    shapes: tuple[int, ...]
    chars: int
    """Normalised characters of its statements: how much code it holds."""
    last_line: int
    """Last line of its last statement."""
    key: int
    """The hash of its shapes: the stream's dictionaries are keyed by it (a tuple hashes all its numbers
    each time); equal keys are compared by their shapes."""


@lru_cache(maxsize=8192)
def shaped_text(python: str) -> Shaped | None:
    """A cell's stream item (cached by text, like fingerprint_text: a renumbered cell finds it with one
    look-up), or None when it holds no statement with a shape but a bare name or value
    (`df` shown between two steps neither makes nor breaks a copy)."""
    text = fingerprint_text(python)
    kept = [(shape, size) for shape, size in zip(text.shapes, text.sizes) if size > MAX_SHOWN_CHARS]
    if not kept:
        return None
    shapes = tuple(shape for shape, _ in kept)
    return Shaped(shapes, sum(size for _, size in kept), text.ends[-1], hash(shapes))


@dataclass(frozen=True, eq=False)
class Stream:
    """The items of a notebook's stream, where each comes from (a cell position or index), and the set of
    their keys (anything set-like)."""

    items: tuple[Shaped, ...]
    places: tuple[int, ...]
    keys: Set


def stream_of(items: Sequence[Shaped], places: Sequence[int]) -> Stream:
    return Stream(tuple(items), tuple(places), frozenset(item.key for item in items))


@dataclass(frozen=True)
class CellRun:
    """Items of one stream (`first`) pasted again, pair by pair, as items of another (`second`): their
    places, the statements of the first, and the last line of the first's last cell."""

    first: tuple[int, ...]
    second: tuple[int, ...]
    statements: int
    last_line: int


def _worth(items: list[Shaped]) -> bool:
    if len(items) < MIN_RUN_CELLS:
        return False
    return (sum(len(item.shapes) for item in items) >= MIN_RUN_STATEMENTS
            and len({shape for item in items for shape in item.shapes}) >= MIN_RUN_DISTINCT
            and sum(item.chars for item in items) >= MIN_RUN_CHARS)


def _extend(start: tuple[int, int], first: Sequence[Shaped], second: Sequence[Shaped],
            before: int | None) -> list[tuple[int, int]]:
    """The pairs of a run from `start`, each item of `first` (before position `before`, when given) with
    the item of `second` that has its shapes."""
    pairs, skipped = [start], 0
    while True:
        at_first, at_second = pairs[-1]
        for step_first, step_second in _STEPS if skipped < MAX_SKIPPED else _STEPS[:1]:
            a, b = at_first + step_first, at_second + step_second
            if (a < len(first) and b < len(second) and (before is None or a < before)
                    and first[a].key == second[b].key and first[a].shapes == second[b].shapes):
                pairs.append((a, b))
                skipped += step_first + step_second - 2
                break
        else:
            return pairs


def find_cell_runs(first: Stream, second: Stream | None = None) -> list[CellRun]:
    """Runs of items of `first` pasted again in `second` (another notebook), or further down `first`
    itself when `second` is None. Each run is reported once at its longest; an item of the second place
    belongs to one run only."""
    same = second is None
    second = first if second is None else second
    shared = first.keys if same else first.keys & second.keys
    if len(shared) < (1 if same else MIN_RUN_CELLS):
        return []
    places: dict[int, list[int]] = {}
    for position, item in enumerate(first.items):
        if item.key in shared:
            places.setdefault(item.key, []).append(position)
    taken: set[int] = set()
    runs = []
    for start, item in enumerate(second.items):
        origins = places.get(item.key, ())
        if start in taken or len(origins) > MAX_PLACES or (same and len(origins) < 2):
            continue
        best: list[tuple[int, int]] = []
        for origin in origins:
            if same and origin >= start:
                break
            if first.items[origin].shapes != item.shapes:
                continue  # another key's hash
            pairs = _extend((origin, start), first.items, second.items, start if same else None)
            if len(pairs) > len(best) and _worth([first.items[a] for a, _ in pairs]):
                best = pairs
        if best:
            taken.update(b for _, b in best)
            runs.append(CellRun(tuple(first.places[a] for a, _ in best), tuple(second.places[b] for _, b in best),
                                sum(len(first.items[a].shapes) for a, _ in best), first.items[best[-1][0]].last_line))
    return runs


_SERIALS = count()


@dataclass(frozen=True, eq=False)
class NotebookStream:
    """A notebook's stream (places: positions among its Python cells), its runs pasted within it, and how
    it follows the last one: `follows` is that one's `serial` when only the keys in `touched` changed
    and every other item kept its position (-1 otherwise)."""

    shaped: tuple[Shaped | None, ...]
    stream: Stream
    counts: dict
    runs: list[CellRun]
    serial: int
    follows: int = -1
    touched: frozenset = frozenset()


def _whole(cells: Sequence[Cell]) -> NotebookStream:
    shaped = tuple(shaped_text(cell.parsed.python) for cell in cells)
    places = tuple(position for position, item in enumerate(shaped) if item is not None)
    counts: dict = {}
    for position in places:
        counts[shaped[position].key] = counts.get(shaped[position].key, 0) + 1
    # The counts' keys are the stream's keys: a view, since the counts are not changed once built.
    stream = Stream(tuple(shaped[position] for position in places), places, counts.keys())
    return NotebookStream(shaped, stream, counts, find_cell_runs(stream), next(_SERIALS))


def _updated(last: NotebookStream, cells: Sequence[Cell], changed: list[int]) -> NotebookStream:
    """After an edit of a few cells: the runs are kept when each edited cell stays in the stream (so no
    item moves) and its keys, before and after, are found in no other cell (so it is in no run)."""
    shaped = list(last.shaped)
    counts = dict(last.counts)
    touched: set = set()
    for position in changed:
        before, now = shaped[position], shaped_text(cells[position].parsed.python)
        if (before is None) != (now is None):
            return _whole(cells)  # a cell came into the stream or left it: the items after it moved
        shaped[position] = now
        if before is not None:
            counts[before.key] -= 1
            if not counts[before.key]:
                del counts[before.key]
            counts[now.key] = counts.get(now.key, 0) + 1
            touched.update((before.key, now.key))
    items, places = list(last.stream.items), last.stream.places
    for position in changed:
        if shaped[position] is not None:
            items[bisect_left(places, position)] = shaped[position]
    stream = Stream(tuple(items), places, counts.keys())
    unique = all(last.counts.get(key, 0) <= 1 and counts.get(key, 0) <= 1 for key in touched)
    return NotebookStream(tuple(shaped), stream, counts, last.runs if unique else find_cell_runs(stream),
                          next(_SERIALS), last.serial, frozenset(touched))


def notebook_stream(python_cells: Sequence[Cell]) -> NotebookStream:
    """The stream of a notebook's Python cells and its runs, kept with the cells and updated after an edit."""
    return merged(_whole, python_cells, update=_updated)
