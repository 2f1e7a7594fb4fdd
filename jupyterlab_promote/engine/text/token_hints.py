"""Which token hints a text holds: the test every cell and output goes through before any token pattern
is tried (the hints are listed with their formats in token_kinds.py and vendor_tokens.py).

A hint is a substring every token of its kinds contains. Most texts hold none, so the cost is that of
looking for a hundred substrings and not finding them. One `in` per hint reads the whole text a hundred
times; here one regular expression reads it once, stopping only at the few characters that are rare in
notebook text, and `in` is kept for the handful of hints made of common characters only.
"""

import re

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
# the 3,700 cells and outputs of 100 notebooks), chosen so that all hints but a handful hold one. A hint is
# found where its rarest one stands: the expression below stops at these characters alone, one in thirteen.
_ANCHORS = "~%JZWqRSAwxvy-h_d"
# Hints found in many texts (words such as "high" and "global", URLs, tables, train_test_split): `in`
# stops at their first occurrence, where the expression would stop at every one.
_FREQUENT = ("gh", "gl", "://", "|", "_test_")
# A stop costs about what reading 25 characters with `in` for each anchored hint does: past 16 stops and
# one per 32 characters (a text made of one hint repeated), `in` reads the text once per hint instead.
_STOPS_ALWAYS_MADE = 16
_CHARACTERS_PER_STOP = 32


def _anchor(hint: str) -> int:
    """The offset in the hint of its rarest anchor character, or -1 when it holds none."""
    offsets = [offset for offset, char in enumerate(hint) if char in _ANCHORS]
    return min(offsets, key=lambda offset: _ANCHORS.index(hint[offset]), default=-1)


def _by_anchor() -> dict[str, tuple[tuple[str, int], ...]]:
    """Each anchor character with the hints found where it stands, and its offset in each."""
    grouped: dict[str, tuple[tuple[str, int], ...]] = {}
    for hint in LITERAL_HINTS:
        offset = _anchor(hint)
        if hint not in _FREQUENT and offset >= 0:
            grouped[hint[offset]] = (*grouped.get(hint[offset], ()), (hint, offset))
    return grouped


def _anchored_pattern(grouped: dict[str, tuple[tuple[str, int], ...]]) -> re.Pattern:
    """An anchor character, then the rest of one of its hints: the text after it, then a look-behind for
    the whole hint (the text before it). A match may hold several anchors: the next search starts at the
    character after the last match's anchor, so every position is tried.

    Each alternative starts with a literal character wherever it can (re rejects those with one compare,
    a look-behind costs a jump): the top level skips every other character in one loop.
    """
    alternatives = []
    for char, hints in grouped.items():
        by_rest: dict[str, list[tuple[str, int]]] = {}
        for hint, offset in hints:
            by_rest.setdefault(hint[offset + 1:], []).append((hint, offset))
        rests = sorted(by_rest.items(), key=lambda item: not item[0])  # those starting with a literal first
        alternatives.append(re.escape(char) + "(?:" + "|".join(re.escape(rest) + _behind(ending) for rest, ending in rests)
                            + ")")
    return re.compile("|".join(alternatives))


def _behind(hints: list[tuple[str, int]]) -> str:
    """A look-behind for any of these hints, which end at the same text, one per length (re wants each
    look-behind of a fixed width); none when one of them starts at its anchor."""
    if any(offset == 0 for _, offset in hints):
        return ""
    by_length: dict[int, list[str]] = {}
    for hint, _ in hints:
        by_length.setdefault(len(hint), []).append(re.escape(hint))
    looks = [f"(?<={'|'.join(same)})" for same in by_length.values()]
    return looks[0] if len(looks) == 1 else "(?:" + "|".join(looks) + ")"


_BY_ANCHOR = _by_anchor()
_ANCHORED = _anchored_pattern(_BY_ANCHOR)
_ANCHORED_HINTS = tuple(hint for hints in _BY_ANCHOR.values() for hint, _ in hints)
_SCANNED_HINTS = tuple(hint for hint in LITERAL_HINTS if hint not in _ANCHORED_HINTS)


def hinted_kinds(text: str) -> tuple[str, ...]:
    """The token kinds whose hints occur in the text; ask once for a whole notebook, then per cell."""
    return kinds_of_hints(hints_in(text))


def hints_in(text: str) -> frozenset[str]:
    """The token hints that occur in the text. No hint spans a line, so the hints of texts joined by
    newlines are the union of each text's hints."""
    found = [hint for hint in _SCANNED_HINTS if hint in text]
    found += _anchored_hints(text)
    found += [hint for hint in SHAPES if _has_shape(text, hint)]
    return frozenset(found)


def _anchored_hints(text: str) -> list[str]:
    """The anchored hints in the text: at each stop, those of its character that stand around it (more
    than one can: "secret_live_" holds two hints at its second underscore)."""
    found: list[str] = []
    most = _STOPS_ALWAYS_MADE + len(text) // _CHARACTERS_PER_STOP
    match = _ANCHORED.search(text)
    for _ in range(most):
        if match is None:
            return found
        at = match.start()
        found += [hint for hint, offset in _BY_ANCHOR[text[at]] if at >= offset and text.startswith(hint, at - offset)]
        match = _ANCHORED.search(text, at + 1)
    return found if match is None else [hint for hint in _ANCHORED_HINTS if hint in text]


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
