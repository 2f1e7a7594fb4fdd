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

The runs are read and counted only when an edit first asks: a batch run analyses each notebook once,
and reading every cell's runs for counts that the next notebook throws away cost DU001, DU003 and DU004
an eighth of their CPU on a cold check. Until then a search keeps the function that reads them, which
reads the kept items as their own analysis would have, holding its cells weakly (keys_by_cell): a kept
search keeps no syntax tree alive, and one whose cells were let go searches again, counting the new
items. A search of items mostly new (another notebook) starts afresh without reading them.
"""

import threading
import weakref
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from itertools import chain, compress
from operator import is_not, itemgetter, not_
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Answer = TypeVar("Answer")

# Answers kept: one per search and setting. Not one per notebook: an answer keeps its notebook's cells
# alive, beyond what the bounded stores of kept.py allow; another notebook's search starts afresh.
KEPT_SEARCHES = 8
# Searches kept group by group (kept_parts): the copy rules keep seven side by side, with room for more.
KEPT_PARTS = 16


class _Search(Generic[Item, Answer]):
    """The last answer of a search and its items, with how many times each run they hold occurs: counted
    when an edit first asks (_counted), then updated for the items each edit changes."""

    __slots__ = ("items", "context", "keys", "counts", "repeated", "answer", "keys_of")

    def __init__(self, items: Sequence[Item], context: Hashable, answer: Answer,
                 keys_of: Callable[[Item], Iterable[Hashable]]) -> None:
        self.items, self.context, self.answer = tuple(items), context, answer
        # The runs, read by _counted when an edit first asks; keys_of is let go once they are.
        self.keys: list | None = None
        self.keys_of: Callable[[Item], Iterable[Hashable]] | None = keys_of

    def _counted(self) -> bool:
        """Read and count the runs of the kept items, with the function given with them; False when it can
        no longer read them (keys_by_cell)."""
        if self.keys is None:
            keys = [self.keys_of(item) for item in self.items]
            if any(held is None for held in keys):
                return False
            self.keys = list(map(tuple, keys))
            self.keys_of = None
            # Counted in C. A plain dict of the counts: a Counter deletes in Python, once per key of each
            # cell an edit replaces.
            self.counts: dict[Hashable, int] = dict(Counter(chain.from_iterable(self.keys)))
            self.repeated = {key for key, count in self.counts.items() if count > 1}  # updated with the counts
        return True

    def only_unique_changes(self, items: Sequence[Item], keys_of: Callable[[Item], Iterable[Hashable]]) -> bool | None:
        """Update the counts to `items`; True when every item that left or came held only runs that occur
        once among all the items (before it left, after it came). None, and nothing read or counted, when
        most items are new or most kept ones left (another notebook): searched afresh."""
        if len(items) == len(self.items):
            came = list(compress(range(len(items)), map(is_not, self.items, items)))
            if not came:
                if self.keys is None:  # the same items: read them, when an edit asks, through this analysis
                    self.keys_of = keys_of
                return True
            left, kept_at = came, range(len(items))
        else:  # a cell became long enough to be searched, or too short
            before = {id(item): position for position, item in enumerate(self.items)}
            now = {id(item) for item in items}
            left = [position for item, position in before.items() if item not in now]
            kept_at = [before.get(id(item)) for item in items]
            came = [position for position, at in enumerate(kept_at) if at is None]
        if 2 * len(came) > len(items) or 2 * len(left) > len(self.items):  # another notebook, mostly
            return None
        if not self._counted():  # the kept items' cells were let go: these items counted instead
            self.items, self.keys_of = tuple(items), keys_of
            self._counted()
            return False
        gone = [self.keys[position] for position in left]
        kept_keys = [self.keys[at] if at is not None else () for at in kept_at]
        unique = True
        for held in gone:
            for key in held:
                left_count = self.counts[key] - 1
                unique = unique and left_count == 0
                if left_count:
                    self.counts[key] = left_count
                    if left_count == 1:
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


_SEARCHES: dict[Hashable, _Search] = {}
_LOCK = threading.Lock()


def kept_search(name: Hashable, items: Sequence[Item], keys_of: Callable[[Item], Iterable[Hashable]],
                search: Callable[[], Answer], context: Hashable = ()) -> Answer:
    """`search()`, a function of `items` and `context` alone whose answer depends only on the items that
    hold a run (a key of `keys_of`) found more than once, computed again only when that may have changed.

    `name` tells apart the searches (and settings) kept side by side. The items must be the
    same objects while their cells are unchanged, and a changed cell must give a new one (summaries kept
    per Cell: a renumbered cell is a new Cell); a different context starts afresh. `keys_of` may be
    called on these items at the next analysis (the first edit): it must read what they held in this one.
    """
    # The server may analyse two notebooks at once: a search whose counts another thread is updating is
    # computed without the memo rather than waited for.
    if not _LOCK.acquire(blocking=False):
        return search()
    try:
        kept = _SEARCHES.get(name)
        if kept is not None and kept.context == context:
            unique = kept.only_unique_changes(items, keys_of)
            if unique:
                return kept.answer
            if unique is False:
                try:
                    kept.answer = search()  # the counts are already those of `items`
                except BaseException:
                    del _SEARCHES[name]
                    raise
                return kept.answer
        if len(_SEARCHES) >= KEPT_SEARCHES:
            _SEARCHES.clear()
        answer = search()
        _SEARCHES[name] = _Search(items, context, answer, keys_of)
        return answer
    finally:
        _LOCK.release()


class _Parts(_Search):
    """A _Search whose answer is merged from its groups' answers, kept by the group's items."""

    __slots__ = ("groups",)

    def __init__(self, items: Sequence[Item], context: Hashable, keys_of: Callable[[Item], Iterable[Hashable]],
                 answer: list[Answer]) -> None:
        super().__init__(items, context, answer, keys_of)
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


def _whole(items: Sequence[Item], search_group: Callable[[tuple], list[tuple[Hashable, Answer]]]) -> list[Answer]:
    """kept_parts' answer searched in one go: `search_group` of all the items gives every group's answers."""
    return [answer for _, answer in sorted(search_group(tuple(items)), key=itemgetter(0))]


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


def keys_by_cell(cells: Sequence[Any], keys_of_cell: Callable[[Any], Iterable[Hashable]]) -> Callable[[Any], Any]:
    """A keys_of for items that name their cell by its index (fingerprints): `keys_of_cell` of that cell.
    The cells are held weakly: the kept search may read its items' keys at the next analysis, and must not
    keep a notebook's syntax trees alive beyond kept.py's bounds; a cell let go by then gives None."""
    held = list(map(weakref.ref, cells))

    def keys_of(item: Any) -> Iterable[Hashable] | None:
        cell = held[item.cell_index]()
        return None if cell is None else keys_of_cell(cell)

    return keys_of


_PARTS: dict[Hashable, _Parts] = {}
_PARTS_LOCK = threading.Lock()


def kept_parts(name: Hashable, items: Sequence[Item], keys_of: Callable[[Item], Iterable[Hashable]],
               search_group: Callable[[tuple], list[tuple[Hashable, Answer]]], context: Hashable = ()) -> list[Answer]:
    """The answers of `search_group(group)` for every group of `items` linked by keys held more than once,
    merged in the order each answer comes with (a sort key, unique across groups).

    `search_group` must read nothing but the items of its group (and `context`), and its answers must be
    those a search of all the items gives for that group: an item holding no repeated key has none.
    An answer is kept while an edit leaves its group's items the same objects (as kept_search). A first
    search (another notebook) is one search_group of all the items: the groups are only found, and kept,
    from the first edit on.
    """
    # Separate from kept_search's lock: a kept search may ask for kept parts (DU004's figure blocks).
    if not _PARTS_LOCK.acquire(blocking=False):
        return _whole(items, search_group)
    try:
        kept = _PARTS.get(name)
        unique = kept.only_unique_changes(items, keys_of) if kept is not None and kept.context == context else None
        if unique:
            return kept.answer
        if unique is None:
            if len(_PARTS) >= KEPT_PARTS:
                _PARTS.clear()
            answer = _whole(items, search_group)
            _PARTS[name] = _Parts(items, context, keys_of, answer)
            return answer
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
