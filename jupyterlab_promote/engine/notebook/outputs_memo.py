"""A memo of functions of a cell's outputs list, for as long as the same list object comes back."""

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any


class OutputsMemo:
    """Memoise a function of a cell's outputs list for as long as the same list object comes back.

    The live server hands unchanged cells to the engine as the same objects (engine/report/live.py), so
    work on big outputs (sizes, secret scans) is done once per output, not once per keystroke. The
    memo keeps a reference to each list it answered for, so an identity match is never a reused address.
    """

    def __init__(self, function: Callable[..., Any], size: int = 2048) -> None:
        self._function = function
        self._size = size
        self._results: OrderedDict[tuple[int, tuple], tuple[list, Any]] = OrderedDict()
        # The server analyses in a thread pool: a lookup and its move to the end must not be split by
        # another thread's eviction.
        self._lock = threading.Lock()

    def __call__(self, outputs: list, *args: Any) -> Any:
        key = (id(outputs), args)
        with self._lock:
            hit = self._results.get(key)
            if hit is not None and hit[0] is outputs:
                self._results.move_to_end(key)
                return hit[1]
        value = self._function(outputs, *args)
        with self._lock:
            self._results[key] = (outputs, value)
            if len(self._results) > self._size:
                self._results.popitem(last=False)
        return value
