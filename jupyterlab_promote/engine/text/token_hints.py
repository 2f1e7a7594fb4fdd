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

# A hint standing for common text ("gh" in "high", "gl" in "global", "_test_" in train_test_split, the bars
# of a table) counts only where a token of its kinds can be: every such token holds one of these. (A
# fine-grained GitHub token, "github_pat_", holds no "gh": it is a hint of its own.)
_NARROWED = {
    "gh": ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
    "gl": ("glpat-", "gldt-", "glrt-", "glsoat-", "glffct-", "glft-", "glcbt-", "glptt-", "glimt-", "glagent-",
           "gloas-", "glc_", "glsa_"),
    "_test_": ("k_test_",),
    "|": tuple(f"{digit}|" for digit in "0123456789"),
    "%7C": tuple(f"{digit}%7C" for digit in "0123456789"),
}
_BROADER = {word: hint for hint, words in _NARROWED.items() for word in words}
# Characters that are rare in notebook text, the rarest first (each under one in sixty of the characters of
# the 3,700 cells and outputs of 100 notebooks), chosen so that all hints but a handful hold one: the
# finder stops at these characters alone, one in thirteen.
_ANCHORS = "~|%JZWqRSAwxvy-h_d"
# Found in many texts (URLs): `in` stops at its first occurrence, where the finder would stop at every one.
_FREQUENT = ("://",)
_FINDER = SubstringFinder([*(hint for hint in LITERAL_HINTS if hint not in _NARROWED), *_BROADER], _ANCHORS,
                          _FREQUENT)


def hint_words(hint: str) -> tuple[str, ...]:
    """The strings whose presence in a text, beside the hint's own, counts as the hint's (the hint itself
    unless narrowed)."""
    return _NARROWED.get(hint, (hint,))


def hinted_kinds(text: str) -> tuple[str, ...]:
    """The token kinds whose hints occur in the text; ask once for a whole notebook, then per cell."""
    return kinds_of_hints(hints_in(text))


def hints_in(text: str) -> frozenset[str]:
    """The token hints that occur in the text (through :func:`hint_words`). None spans a line, so the hints
    of texts joined by newlines are the union of each text's hints."""
    found = {hint for word in _FINDER.found_in(text) if (hint := _BROADER.get(word, word)) in word or hint in text}
    found.update(hint for hint in SHAPES if _has_shape(text, hint))
    return frozenset(found)


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
