"""Which token hints a text holds: the test every cell and output goes through before any token pattern
is tried (the hints are listed with their formats in token_kinds.py and vendor_tokens.py).

A hint is a substring every token of its kinds contains. Most texts hold none, so the cost is that of
looking for a hundred substrings and not finding them: substrings.py reads each text once for all of them.
"""

import re

from .substrings import SubstringFinder
from .token_kinds import TOKEN_KINDS


def _kinds_by_hint() -> dict[str, tuple[str, ...]]:
    """Each distinct hint with the kinds it stands for."""
    grouped: dict[str, tuple[str, ...]] = {}
    for name, kind in TOKEN_KINDS.items():
        for hint in kind.hints:
            grouped[hint] = (*grouped.get(hint, ()), name)
    return grouped


HINTS = _kinds_by_hint()
_HINT_ORDER = {hint: order for order, hint in enumerate(HINTS)}
# A format with no literal prefix is hinted by its shape: its own pattern, searched once per text.
SHAPES = {hint: re.compile(TOKEN_KINDS[hint.removeprefix("shape:")].pattern) for hint in HINTS
          if hint.startswith("shape:")}
# re tries a pattern that starts with a character class at every character of the class: the Discord
# shape, at every M, N and O. Its dots are rarer, and every token has 24 of its characters before the
# first and 6 between the two: a text without that has no Discord token, and is not searched further.
_SHAPE_SIGNS = {"shape:discord": re.compile(r"\.(?<=[A-Za-z0-9_\-]{24}\.)[A-Za-z0-9_\-]{6}\.")}
LITERAL_HINTS = tuple(hint for hint in HINTS if hint not in SHAPES)

# Characters that are rare in notebook text, the rarest first (each under one in sixty of the characters of
# the 3,700 cells and outputs of 100 notebooks), chosen so that all hints but a handful hold one: the
# finder stops at these characters alone, one in thirteen.
_ANCHORS = "~%JZWqRSAwxvy-h_d"
# Hints found in many texts (words such as "high" and "global", URLs, tables, train_test_split): `in`
# stops at their first occurrence, where the finder would stop at every one.
_FREQUENT = ("gh", "gl", "://", "|", "_test_")
_LITERAL_FINDER = SubstringFinder(LITERAL_HINTS, _ANCHORS, _FREQUENT)


def hinted_kinds(text: str) -> tuple[str, ...]:
    """The token kinds whose hints occur in the text; ask once for a whole notebook, then per cell."""
    return kinds_of_hints(hints_in(text))


def hints_in(text: str) -> frozenset[str]:
    """The token hints that occur in the text. No hint spans a line, so the hints of texts joined by
    newlines are the union of each text's hints."""
    found = _LITERAL_FINDER.found_in(text)
    shapes = [hint for hint in SHAPES if _has_shape(text, hint)]
    return found.union(shapes) if shapes else found


def _has_shape(text: str, hint: str) -> bool:
    sign = _SHAPE_SIGNS.get(hint)
    return (sign is None or sign.search(text) is not None) and SHAPES[hint].search(text) is not None


def holds(text: str, hint: str) -> bool:
    """Whether one hint occurs in the text."""
    return hint in text if hint not in SHAPES else _has_shape(text, hint)


def kinds_of_hints(hints: frozenset[str]) -> tuple[str, ...]:
    """The token kinds these hints point to, in the order :func:`hinted_kinds` gives them."""
    kinds: dict[str, None] = {}
    for hint in sorted(hints, key=_HINT_ORDER.__getitem__):  # a cell holds a few of the hundred hints
        kinds.update(dict.fromkeys(HINTS[hint]))
    return tuple(kinds)
