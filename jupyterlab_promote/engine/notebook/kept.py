"""Bounded stores of what analyses keep about cells, for the next analysis to reuse.

They are bounded by count and by the characters of cell source behind what they keep: a cell's syntax
tree (and what is derived from it) takes 130 to 300 bytes per character of code, so a few distinct
0.6 MB cells would otherwise keep a gigabyte alive in the server for good.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import wraps
from typing import Generic, TypeVar

Value = TypeVar("Value")

# Characters of cell source whose parses each store keeps: 200 MB of syntax trees for ordinary code, 450 MB
# for dense generated literals. Five to ten 300-cell notebooks fit; a larger cell is never kept.
KEPT_SOURCE_CHARS = 1_500_000


class KeptByCell(Generic[Value]):
    """Values by key, least recently used dropped beyond `size` values or beyond `max_chars` characters of
    source (`chars(value)`), and one version per cell id.

    A value kept for a cell id is dropped as soon as another key is kept for the same id: that cell
    was edited, or renumbered by a cell inserted or deleted above it, and its earlier version will
    not be asked for again. Without this, a session of inserts would keep thousands of dead cells (and
    everything derived from them) until they aged out, and every garbage collection would walk them.

    The server analyses in a thread pool: changes hold a lock, so the count of characters kept always
    matches the values kept.
    """

    def __init__(self, size: int, chars: Callable[[Value], int] | None = None,
                 max_chars: int = KEPT_SOURCE_CHARS) -> None:
        self._size = size
        self._chars = chars
        self._max_chars = max_chars
        self._total_chars = 0
        self._values: OrderedDict[Hashable, tuple[Hashable, Value, int]] = OrderedDict()
        self._latest: dict[Hashable, Hashable] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._values)

    @property
    def total_chars(self) -> int:
        return self._total_chars

    def values(self) -> list[Value]:
        with self._lock:
            return [value for _, value, _ in self._values.values()]

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._latest.clear()
            self._total_chars = 0

    def get(self, key: Hashable) -> Value | None:
        # Without the lock (parses are looked up a thousand times per analysis): each step is one atomic
        # dict operation, and a value another thread drops meanwhile is still the right answer.
        found = self._values.get(key)
        if found is None:
            return None
        try:
            self._values.move_to_end(key)
        except KeyError:
            pass
        return found[1]

    def put(self, key: Hashable, cell_id: Hashable, value: Value, chars: int | None = None) -> None:
        """Keep `value` under `key`, for the cell with this id (None: a cell without one; a tuple when
        the same cell may have values for several settings). `chars`, when given, is the value's source
        size instead of `chars(value)`. A value over the whole budget is not kept."""
        weight = chars if chars is not None else self._chars(value) if self._chars is not None else 0
        with self._lock:
            if cell_id is not None:
                earlier = self._latest.get(cell_id)
                if earlier is not None and earlier != key:
                    self._drop(earlier)
                self._latest[cell_id] = key
            self._drop(key)
            if weight > self._max_chars:
                if cell_id is not None:
                    del self._latest[cell_id]
                return
            self._values[key] = (cell_id, value, weight)
            self._total_chars += weight
            while len(self._values) > self._size or self._total_chars > self._max_chars:
                # popitem is one atomic step: an unlocked get() may reorder the dict between the steps of
                # next(iter(...)), which then raises "mutated during iteration".
                self._forget(*self._values.popitem(last=False))

    def _drop(self, key: Hashable) -> None:
        found = self._values.pop(key, None)
        if found is not None:
            self._forget(key, found)

    def _forget(self, key: Hashable, found: tuple[Hashable, Value, int]) -> None:
        dropped_id, _, weight = found
        self._total_chars -= weight
        if dropped_id is not None and self._latest.get(dropped_id) == key:
            del self._latest[dropped_id]


def kept_by_text(max_entries: int, max_chars: int = KEPT_SOURCE_CHARS):
    """functools.lru_cache for a function of one text, bounded by count and by the characters of the
    texts whose results it keeps; `.cache_clear()` forgets them all."""

    def decorate(compute: Callable[[str], Value]) -> Callable[[str], Value]:
        kept: KeptByCell[Value] = KeptByCell(max_entries, max_chars=max_chars)

        @wraps(compute)
        def cached(text: str) -> Value:
            found = kept.get(text)
            if found is None:
                found = compute(text)
                kept.put(text, None, found, chars=len(text))
            return found

        cached.cache_clear = kept.clear  # type: ignore[attr-defined]
        cached.kept = kept  # type: ignore[attr-defined]
        return cached

    return decorate
