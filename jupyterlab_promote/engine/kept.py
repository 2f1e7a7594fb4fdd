"""A bounded store of what analyses keep about cells, for the next analysis to reuse."""

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class KeptByCell(Generic[Value]):
    """Values by key, least recently used dropped beyond `size`, and one version per cell id.

    A value kept for a cell id is dropped as soon as another key is kept for the same id: that cell
    was edited, or renumbered by a cell inserted or deleted above it, and its earlier version will
    not be asked for again. Without this, a session of inserts would keep thousands of dead cells (and
    everything derived from them) until they aged out, and every garbage collection would walk them.

    The server analyses in a thread pool: each method holds a lock, so a look-up and its move to the
    end are never split by another thread's eviction.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[Hashable, tuple[Hashable, Value]] = OrderedDict()
        self._latest: dict[Hashable, Hashable] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._values)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._latest.clear()

    def get(self, key: Hashable) -> Value | None:
        with self._lock:
            found = self._values.get(key)
            if found is None:
                return None
            self._values.move_to_end(key)
            return found[1]

    def put(self, key: Hashable, cell_id: Hashable, value: Value) -> None:
        """Keep `value` under `key`, for the cell with this id (None: a cell without one; a tuple when
        the same cell may have values for several settings)."""
        with self._lock:
            if cell_id is not None:
                earlier = self._latest.get(cell_id)
                if earlier is not None and earlier != key:
                    self._values.pop(earlier, None)
                self._latest[cell_id] = key
            self._values[key] = (cell_id, value)
            while len(self._values) > self._size:
                dropped, (dropped_id, _) = self._values.popitem(last=False)
                if dropped_id is not None and self._latest.get(dropped_id) == dropped:
                    del self._latest[dropped_id]
