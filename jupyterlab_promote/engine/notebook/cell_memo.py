"""Per-cell summaries kept with the cell, so notebook-level rules only merge them on a re-analysis.

An unchanged cell is the same Cell object from one analysis to the next (model.RecentCells). A
notebook-level rule that splits its work into what each cell says on its own (the names it defines,
the calls it makes) and a cheap merge in notebook order decorates the first part with
:func:`per_cell`: after a one-cell edit only the edited cell's summary is computed again.

A summary may also depend on a little notebook-wide context (the import aliases a call name is
resolved with), passed as extra hashable arguments: it is kept per context, and computed again for
a cell when the context changes (an edited import cell).

What depends on a cell's text alone and is worth sharing between cells with the same text (a cell
moved or renumbered is a new Cell) is kept with the text's parse instead (:func:`per_source`): not in
a cache keyed by text or tree, which would keep syntax trees alive after their parse has left
parse_cell's cache and make every garbage collection walk them.

Even reading a kept summary for each of 300 cells adds up when rules do it dozens of times per
analysis, so the cheap text filters (:func:`cells_where`) also keep their answer for the whole list of
cells, and after an edit only ask again about the cells that changed.
"""

import re
import weakref
from collections.abc import Callable, Hashable, Sequence
from functools import wraps
from itertools import compress
from operator import is_not
from typing import TypeVar

from .model import Cell
from .source import parse_cell

Summary = TypeVar("Summary")
Context = TypeVar("Context", bound=Hashable)
_MISSING = object()
# Summaries kept per cell (or parse): room for every fixed argument the rules pass (the word lists of
# the text filters) and for many notebook-wide contexts (one per edit of an import cell).
SUMMARIES_PER_CELL = 256


def _keep(table: dict, key: Hashable, value: Summary) -> Summary:
    """Store `value` under `key` and return it. A full table is emptied rather than aged: that is rare,
    atomic under concurrent analyses, and costs one recomputation per summary."""
    if len(table) >= SUMMARIES_PER_CELL:
        table.clear()
    table[key] = value
    return value


def per_cell(summarise: Callable[..., Summary]) -> Callable[..., Summary]:
    """Remember `summarise(cell, *context)` in the cell (Cell.summaries), for as long as it is reused.

    It must read nothing but the cell and the context, and the context must be hashable. Rules ask
    for thousands of summaries per analysis, so a lookup is one dict access: by the function when
    there is no context, by (function, context) otherwise.
    """

    @wraps(summarise)
    def summary(cell: Cell, *context: Hashable) -> Summary:
        key = (summarise, context) if context else summarise
        kept = cell.summaries
        found = kept.get(key, _MISSING)
        if found is _MISSING:
            # _keep written out: a cold check computes most of its 130,000 summaries for the first time.
            found = summarise(cell, *context)
            if len(kept) >= SUMMARIES_PER_CELL:
                kept.clear()
            kept[key] = found
        return found

    return summary


def per_text(summarise: Callable[..., Summary]) -> Callable[..., Summary]:
    """:func:`per_cell` for a summary of the cell's text alone (its source and parse), which must not hold
    the Cell: it is also kept with the parse, so a cell that was moved or renumbered (a new Cell with
    the same text, after a cell is inserted or deleted above it) finds it there. A markdown or raw cell's
    summary is kept with the cell alone: its text would be parsed only to hold it (through IPython's
    transformer when it is not Python, a 35 ms import on a run that meets no magic).
    """

    latest = ((), summarise)  # the last context asked with, and its key

    @wraps(summarise)
    def summary(cell: Cell, *context: Hashable) -> Summary:
        nonlocal latest
        if context:
            last = latest  # one read: another thread may replace it meanwhile
            if context == last[0]:  # the same objects, for each cell of a filter: compared by identity
                key = last[1]
            else:
                key = _text_key((summarise, context))
                latest = (context, key)
        else:
            key = summarise
        kept = cell.summaries
        found = kept.get(key, _MISSING)
        if found is _MISSING:
            # _keep written out twice: a cold check computes most of its summaries for the first time.
            derived = cell.parsed.derived if cell.cell_type == "code" else None
            found = derived.get(key, _MISSING) if derived is not None else _MISSING
            if found is _MISSING:
                found = summarise(cell, *context)
                if derived is not None:
                    if len(derived) >= SUMMARIES_PER_CELL:
                        derived.clear()
                    derived[key] = found
            if len(kept) >= SUMMARIES_PER_CELL:
                kept.clear()
            kept[key] = found
        return found

    return summary


# per_text's key for each summary and context: one object per pair, hashed by its identity. A context is
# often a tuple of words, and a tuple does not keep its hash: hashed for each look-up and store of each cell
# (four times when a summary is new), it cost a cold check more than most text filters do. The table is
# emptied when full, which only makes the summaries kept under the old keys be computed again.
_TEXT_KEYS: dict[tuple, object] = {}
TEXT_KEYS_KEPT = 4096


def _text_key(pair: tuple) -> object:
    found = _TEXT_KEYS.get(pair)
    if found is None:
        if len(_TEXT_KEYS) >= TEXT_KEYS_KEPT:
            _TEXT_KEYS.clear()
        found = _TEXT_KEYS.setdefault(pair, object())  # one key even when two threads make one at once
    return found


def per_source(derive: Callable[..., Summary]) -> Callable[..., Summary]:
    """Remember `derive(source, *context)` with parse_cell(source) (ParsedCell.derived).

    It must read nothing but the source (and its parse) and the context, which must be hashable.
    """

    @wraps(derive)
    def derived(source: str, *context: Hashable) -> Summary:
        key = (derive, context) if context else derive
        kept = parse_cell(source).derived
        found = kept.get(key, _MISSING)
        if found is _MISSING:
            found = _keep(kept, key, derive(source, *context))
        return found

    return derived


def per_node(derive: Callable[..., Summary]) -> Callable[..., Summary]:
    """Remember `derive(node, *rest)` for as long as the syntax-tree node lives (a weak key): shared by
    every cell with the same text, which share one parse. `rest` must follow from the node."""
    kept: "weakref.WeakKeyDictionary[object, Summary]" = weakref.WeakKeyDictionary()

    @wraps(derive)
    def derived(node: object, *rest: object) -> Summary:
        found = kept.get(node, _MISSING)
        if found is _MISSING:
            found = kept[node] = derive(node, *rest)
        return found

    return derived


_CANONICAL: dict[Hashable, Hashable] = {}
CANONICAL_CONTEXTS = 64


def canonical(context: Context) -> Context:
    """The one kept object equal to `context` (a notebook-wide context such as the import aliases).

    A summary's key holds its context, and each cell's lookup compares the keys: with the same object
    that compare is an identity check, not a walk through two equal sets, once per cell and analysis.
    """
    found = _CANONICAL.get(context)
    if found is None:
        if len(_CANONICAL) >= CANONICAL_CONTEXTS:
            _CANONICAL.clear()
        found = _CANONICAL[context] = context
    return found


# The last answer of each filter: (cells, whether each passed, the passing ones). Keyed by the test
# and its context, so it keeps the cells of the last notebook analysed and no more.
_FILTERS: dict[Hashable, tuple[Sequence[Cell], list[bool], tuple[Cell, ...]]] = {}
FILTERS_KEPT = 256


def cells_where(test: Callable[..., bool], cells: Sequence[Cell], *context: Hashable) -> tuple[Cell, ...]:
    """The cells for which the kept per-cell `test(cell, *context)` holds, in order.

    The answer for the last list of cells is kept (so a test should always be given the same kind of
    list: the notebook's cells, or its Python cells). A list of the same length is compared with it by
    identity (unchanged cells are the same objects) and only the cells that differ are tested; when
    none of those passes, before or after, the last answer still holds.
    """
    key = (test, context)
    last = _FILTERS.get(key)
    if last is not None and len(last[0]) == len(cells):
        before, passed, passing = last
        changed = list(compress(range(len(cells)), map(is_not, before, cells)))
        if changed:
            passed = list(passed)
            for position in changed:
                now = passed[position] = test(cells[position], *context)
                if now or last[1][position]:
                    passing = None
    else:
        passed, passing = [test(cell, *context) for cell in cells], None
    if passing is None:
        passing = tuple(compress(cells, passed))
    if len(_FILTERS) >= FILTERS_KEPT:
        _FILTERS.clear()
    _FILTERS[key] = (tuple(cells), passed, passing)
    return passing


def forget_filters() -> None:
    """Drop the filters' last answers, and the cells they hold (for a cold start)."""
    _FILTERS.clear()


@per_text
def mentions_any(cell: Cell, words: tuple[str, ...]) -> bool:
    """Whether the cell's Python text contains one of the words: the cheap filter rules apply before
    any tree walk, answered once per cell."""
    return any(map(cell.parsed.python.__contains__, words))  # no generator: 40,000 calls on a cold check


@per_text
def _pattern_found(cell: Cell, pattern: str, flags: int) -> bool:
    return re.search(pattern, cell.parsed.python, flags) is not None


def cells_mentioning(cells: Sequence[Cell], words: tuple[str, ...]) -> tuple[Cell, ...]:
    """The cells whose Python text contains one of the words (see :func:`cells_where`)."""
    return cells_where(mentions_any, cells, words)


def cells_matching(cells: Sequence[Cell], pattern: re.Pattern) -> tuple[Cell, ...]:
    """The cells whose Python text matches the pattern (see :func:`cells_where`)."""
    return cells_where(_pattern_found, cells, pattern.pattern, pattern.flags)
