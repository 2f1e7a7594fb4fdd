"""The last answer of a search for repeated code, kept while the edits leave what repeats as it was.

Copy-paste searches (exact blocks, near copies) key every cell by short runs of line shapes and only
look further at runs found more than once. After a one-cell edit the answer can only change if the
edited cell held a repeated run, before or after the edit: a cell whose runs occur nowhere else takes
part in no block, and removing or adding it leaves the other cells' repeated runs as they were. So a
search keeps, with its answer, how many times each run occurs, updates the counts for the cells that
changed (by identity: an unchanged cell keeps its summary objects, cell_memo), and computes again only
when a changed cell holds a run that occurs twice.

A search whose answer is the sum of its answers for each group of cells linked by repeated runs (the
exact-block search: a block's places all hold its runs) keeps those answers too (kept_parts): an edit
that changes what repeats searches again only the groups that changed, a few cells out of hundreds.
"""

import threading
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from itertools import chain, compress
from operator import is_not, itemgetter, not_
from typing import Generic, TypeVar

Item = TypeVar("Item")
Answer = TypeVar("Answer")

# Answers kept: one per search and setting. Not one per notebook: an answer keeps its notebook's cells
# alive, beyond what the bounded stores of kept.py allow; another notebook's search counts its runs anew.
KEPT_SEARCHES = 8
# Searches kept group by group (kept_parts): the copy rules keep seven side by side, with room for more.
KEPT_PARTS = 16


class _Search(Generic[Item, Answer]):
    __slots__ = ("items", "context", "keys", "counts", "repeated", "answer")

    def __init__(self, items: tuple, context: Hashable, keys: list, answer: Answer) -> None:
        self.items, self.context, self.keys, self.answer = items, context, keys, answer
        self._count(keys)

    def _count(self, keys: list) -> None:
        # Counted in C: a cold check counts every run of every cell, most of them once. A plain dict of the
        # counts: a Counter deletes in Python, once per key of each cell an edit replaces.
        self.counts: dict[Hashable, int] = dict(Counter(chain.from_iterable(keys)))
        self.repeated = {key for key, count in self.counts.items() if count > 1}  # updated with the counts

    def only_unique_changes(self, items: Sequence[Item], keys_of: Callable[[Item], Iterable[Hashable]]) -> bool:
        """Update the counts to `items`; True when every item that left or came held only runs that occur
        once among all the items (before it left, after it came)."""
        if len(items) == len(self.items):
            changed = list(compress(range(len(items)), map(is_not, self.items, items)))
            gone, kept_keys = [self.keys[position] for position in changed], list(self.keys)
            came = changed
        else:  # a cell became long enough to be searched, or too short
            before = {id(item): position for position, item in enumerate(self.items)}
            now = {id(item) for item in items}
            gone = [self.keys[position] for item, position in before.items() if item not in now]
            kept_keys = [self.keys[before[id(item)]] if id(item) in before else () for item in items]
            came = [position for position, item in enumerate(items) if id(item) not in before]
        if 4 * len(came) > len(items):  # another notebook, mostly: counted again rather than key by key
            return self._recount(items, keys_of, gone, kept_keys, came)
        unique = True
        for held in gone:
            for key in held:
                left = self.counts[key] - 1
                unique = unique and left == 0
                if left:
                    self.counts[key] = left
                    if left == 1:
                        self.repeated.discard(key)
                else:
                    del self.counts[key]
        for position in came:
            held = kept_keys[position] = tuple(keys_of(items[position]))
            for key in held:
                count = self.counts[key] = self.counts.get(key, 0) + 1
                if count == 2:
                    self.repeated.add(key)
        if unique:
            unique = all(self.counts[key] == 1 for position in came for key in kept_keys[position])
        self.items, self.keys = tuple(items), kept_keys
        return unique

    def _recount(self, items: Sequence[Item], keys_of: Callable[[Item], Iterable[Hashable]], gone: list,
                 kept_keys: list, came: list[int]) -> bool:
        """only_unique_changes, counting all the keys again: an item that left held only runs found once
        when none was repeated, and one that came holds only runs found once when none is repeated now."""
        unique = self.repeated.isdisjoint(chain.from_iterable(gone))
        for position in came:
            kept_keys[position] = tuple(keys_of(items[position]))
        self._count(kept_keys)
        if unique:
            unique = self.repeated.isdisjoint(chain.from_iterable(kept_keys[position] for position in came))
        self.items, self.keys = tuple(items), kept_keys
        return unique


_SEARCHES: dict[Hashable, _Search] = {}
_LOCK = threading.Lock()


def kept_search(name: Hashable, items: Sequence[Item], keys_of: Callable[[Item], Iterable[Hashable]],
                search: Callable[[], Answer], context: Hashable = ()) -> Answer:
    """`search()`, a function of `items` and `context` alone whose answer depends only on the items that
    hold a run (a key of `keys_of`) found more than once, computed again only when that may have changed.

    `name` tells apart the searches (and settings) kept side by side. The items must be the
    same objects while their cells are unchanged, and a changed cell must give a new one (summaries kept
    per Cell: a renumbered cell is a new Cell); a different context starts afresh.
    """
    # The server may analyse two notebooks at once: a search whose counts another thread is updating is
    # computed without the memo rather than waited for.
    if not _LOCK.acquire(blocking=False):
        return search()
    try:
        kept = _SEARCHES.get(name)
        if kept is not None and kept.context == context and kept.only_unique_changes(items, keys_of):
            return kept.answer
        if kept is not None and kept.context == context:
            try:
                kept.answer = search()  # the counts are already those of `items`
            except BaseException:
                del _SEARCHES[name]
                raise
            return kept.answer
        if len(_SEARCHES) >= KEPT_SEARCHES:
            _SEARCHES.clear()
        answer = search()
        _SEARCHES[name] = _Search(tuple(items), context, [tuple(keys_of(item)) for item in items], answer)
        return answer
    finally:
        _LOCK.release()


class _Parts(_Search):
    """A _Search whose answer is merged from its groups' answers, kept by the group's items."""

    __slots__ = ("groups",)

    def __init__(self, items: tuple, context: Hashable, keys: list) -> None:
        super().__init__(items, context, keys, [])
        self.groups: dict[tuple[int, ...], tuple[tuple, list]] = {}

    def search(self, search_group: Callable[[tuple], list[tuple[Hashable, Answer]]]) -> list[Answer]:
        """Merge the answers of the groups of the current items, searching the groups not kept."""
        groups: dict[tuple[int, ...], tuple[tuple, list]] = {}
        found: list[tuple[Hashable, Answer]] = []
        for positions in linked_groups(self.keys, self.repeated):
            members = tuple(self.items[position] for position in positions)
            key = tuple(map(id, members))  # the kept members keep these ids from being reused
            kept = self.groups.get(key)
            groups[key] = kept if kept is not None else (members, search_group(members))
            found.extend(groups[key][1])
        self.groups = groups
        found.sort(key=itemgetter(0))
        self.answer = [answer for _, answer in found]
        return self.answer


def linked_groups(keys: Sequence[Iterable[Hashable]], repeated: set[Hashable]) -> list[list[int]]:
    """The positions of the items holding a key held more than once (`repeated`), grouped: two items that
    hold one such key are in one group. Groups in the order of their first item, positions in order."""
    if not repeated:
        return []
    parent: dict[int, int] = {}

    def root(position: int) -> int:
        while parent[position] != position:
            parent[position] = position = parent[parent[position]]
        return position

    holder: dict[Hashable, int] = {}
    # Most items hold no repeated key: found by one pass in C, only the others are read key by key.
    for position in compress(range(len(keys)), map(not_, map(repeated.isdisjoint, keys))):
        parent[position] = position
        for key in repeated.intersection(keys[position]):
            first = holder.setdefault(key, position)
            if first != position:
                a, b = root(first), root(position)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for position in parent:
        groups.setdefault(root(position), []).append(position)
    return list(groups.values())


_PARTS: dict[Hashable, _Parts] = {}
_PARTS_LOCK = threading.Lock()


def kept_parts(name: Hashable, items: Sequence[Item], keys_of: Callable[[Item], Iterable[Hashable]],
               search_group: Callable[[tuple], list[tuple[Hashable, Answer]]], context: Hashable = ()) -> list[Answer]:
    """The answers of `search_group(group)` for every group of `items` linked by keys held more than once,
    merged in the order each answer comes with (a sort key, unique across groups).

    `search_group` must read nothing but the items of its group (and `context`), and its answers must be
    those a search of all the items gives for that group: an item holding no repeated key has none.
    An answer is kept while an edit leaves its group's items the same objects (as kept_search).
    """
    # Separate from kept_search's lock: a kept search may ask for kept parts (DU004's figure blocks).
    if not _PARTS_LOCK.acquire(blocking=False):
        return _Parts(tuple(items), context, [tuple(keys_of(item)) for item in items]).search(search_group)
    try:
        kept = _PARTS.get(name)
        if kept is not None and kept.context == context:
            if kept.only_unique_changes(items, keys_of):
                return kept.answer
        else:
            if len(_PARTS) >= KEPT_PARTS:
                _PARTS.clear()
            kept = _PARTS[name] = _Parts(tuple(items), context, [tuple(keys_of(item)) for item in items])
        try:
            return kept.search(search_group)
        except BaseException:
            del _PARTS[name]
            raise
    finally:
        _PARTS_LOCK.release()


def forget_searches() -> None:
    """Drop every kept answer and the items it holds (a cold start, the next notebook of a batch)."""
    with _LOCK:
        _SEARCHES.clear()
    with _PARTS_LOCK:
        _PARTS.clear()
