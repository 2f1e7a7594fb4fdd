"""The last merge of per-cell summaries, kept while the notebook's cells stay the same objects.

Reading a kept summary for each of 300 cells and merging them (a dict of every function, the union of
every cell's checked names) costs a few hundred microseconds per rule, on every analysis, although a
re-analysis without an edit merges the very same summaries. An unchanged cell is the same Cell object
from one analysis to the next (model.RecentCells), and a moved or renumbered cell is a new one, so a
list of cells that holds the same objects as last time gives the same merge: :func:`merged` keeps the
last answer of each merge and checks the cells by identity (one pass in C) before computing again.
"""

from collections.abc import Callable, Hashable, Sequence, Set
from itertools import compress
from operator import is_not
from typing import TypeVar

from .cell_memo import SUMMARIES_PER_CELL
from .model import Cell

Merge = TypeVar("Merge")


# A merge updated for more changed cells than this is computed again instead (a paste, a cold start).
UPDATED_CELLS = 8


def merged(merge: Callable[..., Merge], cells: Sequence[Cell], *context: Hashable,
           update: Callable[..., Merge] | None = None) -> Merge:
    """`merge(cells, *context)`, kept for the next call with the same cells (the same objects, in order).

    The merge must read nothing but the cells and the context, and its answer must not be changed by
    whoever asks: it is handed out again as it is. The last answer is kept in the summaries of the last
    cell (not in a module-level table), so it goes with the cells and keeps no syntax tree alive after
    them. With `update`, a list of the same length where only a few cells differ gives
    `update(last answer, cells, changed positions, *context)`, which must equal the merge (and build
    a new answer, not change the last one).
    """
    if not cells:
        return merge(cells, *context)
    key = (merged, merge, context)
    kept = cells[-1].summaries
    last = kept.get(key)
    if last is not None and len(last[0]) == len(cells):
        changed = list(compress(range(len(cells)), map(is_not, last[0], cells)))
        if not changed:
            return last[1]
        answer = (update(last[1], cells, changed, *context) if update is not None and len(changed) <= UPDATED_CELLS
                  else merge(cells, *context))
    else:
        answer = merge(cells, *context)
    if len(kept) >= SUMMARIES_PER_CELL:
        kept.clear()
    kept[key] = (tuple(cells), answer)
    return answer


def update_positions(positions: dict[str, tuple[int, ...]], position: int, before: Set[str], now: Set[str]) -> None:
    """Update, in place, an index of which cells (positions, in order) hold each name, for the cell at
    `position` that held the names `before` and holds `now`: the common step of the merges that keep
    such an index (who binds a name, who reads it) and update it after an edit."""
    for name in before - now:
        kept = tuple(p for p in positions[name] if p != position)
        if kept:
            positions[name] = kept
        else:
            del positions[name]
    for name in now - before:
        positions[name] = tuple(sorted((*positions.get(name, ()), position)))


def update_counts(counts: dict[str, int], before: Set[str], now: Set[str]) -> None:
    """Update, in place, how many cells hold each name, for one cell that held `before` and holds `now`."""
    for name in before - now:
        left = counts[name] - 1
        if left:
            counts[name] = left
        else:
            del counts[name]
    for name in now - before:
        counts[name] = counts.get(name, 0) + 1
