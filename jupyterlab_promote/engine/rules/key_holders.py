"""Which notebooks of a folder hold each 32-bit key, for the folder indexes of the cross-notebook searches
(folder_index.py: windows of line shapes; sibling_streams.py: pairs of cells).

Every (key, notebook number) pair is kept once, in BUCKETS buckets by the key's top bits, each bucket as
two sorted arrays, keys and numbers: 8 bytes a pair, where a dict from each key to an array of its
holders takes about 150 bytes a key (measured on 10,000 notebooks in one folder: 54 MB for the pairs of
cells alone).
"""

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

BUCKETS = 256

Buckets = list[array]
"""`key << 32 | number` pairs, by the key's top 8 bits, while they are added."""
Sorted = tuple[tuple[array, ...], tuple[array, ...]]
"""For each bucket, its keys sorted and, beside them, their notebooks' numbers."""


def buckets() -> Buckets:
    return [array("Q") for _ in range(BUCKETS)]


def add(pairs: Buckets, number: int, keys: Iterable[int]) -> None:
    """Record that notebook `number` holds each of `keys` (distinct 32-bit keys)."""
    for key in keys:
        pairs[key >> 24].append(key << 32 | number)


def sort(pairs: Buckets) -> Sorted:
    """Each bucket as two sorted arrays: keys, and numbers. The buckets are emptied on the way, so only
    one is held twice at a time."""
    keys, numbers = [], []
    for at, bucket in enumerate(pairs):
        ordered = sorted(bucket)
        pairs[at] = array("Q")
        keys.append(array("I", [pair >> 32 for pair in ordered]))
        numbers.append(array("I", [pair & 0xFFFFFFFF for pair in ordered]))
    return tuple(keys), tuple(numbers)


def holding(index: Sorted, key: int) -> array:
    """The numbers of the notebooks holding `key` (in number order)."""
    keys, numbers = index[0][key >> 24], index[1][key >> 24]
    start = bisect_left(keys, key)
    return numbers[start:bisect_right(keys, key, start)]
