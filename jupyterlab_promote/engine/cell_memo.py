"""Per-cell summaries kept with the cell, so notebook-level rules only merge them on a re-analysis.

An unchanged cell is the same Cell object from one analysis to the next (model.RecentCells). A
notebook-level rule that splits its work into what each cell says on its own (the names it defines,
the calls it makes) and a cheap merge in notebook order decorates the first part with
:func:`per_cell`: after a one-cell edit only the edited cell's summary is computed again.

A summary may also depend on a little notebook-wide context (the import aliases a call name is
resolved with), passed as extra hashable arguments: it is kept per context, and computed again for
a cell when the context changes (an edited import cell).
"""

import re
from collections.abc import Callable, Hashable
from functools import wraps
from typing import TypeVar

from .model import Cell

Summary = TypeVar("Summary")
_MISSING = object()
# Summaries kept per cell and function: room for every fixed argument the rules pass (the word lists
# of the text filters, 14 today) and for many notebook-wide contexts (one per edit of an import cell).
# A full table is emptied rather than aged: that is rare, atomic under concurrent analyses, and
# costs one recomputation.
CONTEXTS_PER_CELL = 64


def per_cell(summarise: Callable[..., Summary]) -> Callable[..., Summary]:
    """Remember `summarise(cell, *context)` in the cell (Cell.summaries), for as long as it is reused.

    It must read nothing but the cell and the context, and the context must be hashable.
    """

    @wraps(summarise)
    def summary(cell: Cell, *context: Hashable) -> Summary:
        by_context = cell.summaries.get(summarise)
        if by_context is None:
            by_context = cell.summaries[summarise] = {}
        found = by_context.get(context, _MISSING)
        if found is _MISSING:
            if len(by_context) >= CONTEXTS_PER_CELL:
                by_context.clear()
            found = by_context[context] = summarise(cell, *context)
        return found

    return summary


@per_cell
def mentions_any(cell: Cell, words: tuple[str, ...]) -> bool:
    """Whether the cell's Python text contains one of the words: the cheap filter rules apply before
    any tree walk, answered once per cell."""
    return any(word in cell.parsed.python for word in words)


@per_cell
def matches_pattern(cell: Cell, pattern: re.Pattern) -> bool:
    """Whether the pattern occurs in the cell's Python text, answered once per cell."""
    return pattern.search(cell.parsed.python) is not None
