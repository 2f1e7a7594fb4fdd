"""Which of the row flow's events show a leak: something learnt from rows that a later split divides, or
applied to one side of a split of the rows it learnt from (rows.covers, rows.split_between)."""

from dataclasses import dataclass

from .rows import Learned, Site, Value, covers, is_symbol_marker, split_between, touches


@dataclass(frozen=True)
class Leak:
    learned: Learned
    split: Site
    """The split that shows it (or the application to one side of a split)."""
    applied: bool = False


def judge(events: list) -> tuple[Leak, ...]:
    found: dict = {}
    slices: dict = {}
    for event in events:
        kind = event[0]
        if kind == "split":
            _, site, value = event
            for learned in _ordered(value.learned):
                if _shows(learned, value):
                    found.setdefault(learned.site, Leak(learned, site))
        elif kind == "applied":
            _, learner, value, site = event
            for learned in _ordered(learner.learned):
                if is_symbol_marker(learned):
                    continue
                split = split_between(learned.rows, value.rows)
                if split is not None:
                    found.setdefault(learned.site, Leak(learned, split if split.cell is not None else site, True))
        elif kind == "slice":
            # A helper's slices pair up within one call of it (`evaluate(features)` taking
            # `features[:n]` and `features[n:]`), each call on its own: a later call on a scaled copy counts.
            _, rows, side, site, value = event[:5]
            slices.setdefault((rows, event[5] if len(event) > 5 else None), {}).setdefault(side, (site, value))
    for sides in slices.values():
        if "head" in sides and "tail" in sides:
            site, value = sides["tail"]
            for learned in _ordered(value.learned):
                if _shows(learned, value):
                    found.setdefault(learned.site, Leak(learned, site))
    return tuple(leak for leak in found.values() if leak.learned.site.cell is not None)


def _ordered(learned: frozenset) -> list:
    """What a value learnt from, in an order that does not depend on the process's string hashes: of two
    things learnt at one place (`(x - x.mean()) / x.std()`), every run names the same."""
    if len(learned) < 2:
        return list(learned)
    return sorted(learned, key=lambda item: (repr(item.site.place) if item.site is not None else "", item.core,
                                             item.data, item.via, item.overlap))


def _shows(learned: Learned, split: Value) -> bool:
    """Whether splitting `split` shows the leak: it learnt from all the rows split (a statistic), or some
    of the rows split are copies it made (resampling)."""
    if is_symbol_marker(learned):
        return False
    return (touches if learned.overlap else covers)(learned.rows, split.rows)
