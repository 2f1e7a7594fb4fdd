"""Which of a fixed set of substrings a text holds, found in one pass: the same answer as one `in` per
substring, which reads the whole text once for each one it does not hold (and most texts hold none).

One regular expression reads the text once, stopping only at a few characters that are rare in the texts
searched (the anchors): a substring holding one is found where its rarest one stands. A substring made
of common characters only, or found in many texts (where `in` stops at its first occurrence), is looked
for with `in`.
"""

import re
from collections.abc import Iterable

# A stop costs about what reading 25 characters with `in` for each anchored substring does: past 16
# stops and one per 32 characters (a text made of one substring repeated), `in` reads the text once per
# substring instead.
_STOPS_ALWAYS_MADE = 16
_CHARACTERS_PER_STOP = 32


class SubstringFinder:
    """The substrings of `words` a text holds (:meth:`found_in`).

    `anchors` are characters rare in the texts to search, the rarest first; `scanned` are words to look
    for with `in` whatever they hold (words in many texts).
    """

    def __init__(self, words: Iterable[str], anchors: str, scanned: Iterable[str] = ()) -> None:
        words = tuple(dict.fromkeys(words))
        common = frozenset(scanned)
        self._by_anchor = _by_anchor([word for word in words if word not in common], anchors)
        self._anchored = tuple(word for located in self._by_anchor.values() for word, _ in located)
        self._scanned = tuple(word for word in words if word not in self._anchored)
        self._pattern = _anchored_pattern(self._by_anchor) if self._by_anchor else None

    def found_in(self, text: str) -> frozenset[str]:
        """The words the text holds."""
        found = [word for word in self._scanned if word in text]
        return frozenset(found + self._anchored_in(text) if self._pattern is not None else found)

    def _anchored_in(self, text: str) -> list[str]:
        """The anchored words in the text: at each stop, those of its character that stand around it (more
        than one can: "secret_live_" holds "secret_" and "_live_" at its second underscore)."""
        found: list[str] = []
        most = _STOPS_ALWAYS_MADE + len(text) // _CHARACTERS_PER_STOP
        match = self._pattern.search(text)
        for _ in range(most):
            if match is None:
                return found
            at = match.start()
            found += [word for word, offset in self._by_anchor[text[at]] if at >= offset
                      and text.startswith(word, at - offset)]
            match = self._pattern.search(text, at + 1)
        return found if match is None else [word for word in self._anchored if word in text]


def any_word_pattern(words: Iterable[str], anchors: str) -> re.Pattern:
    """A pattern found in a text exactly when the text holds one of `words`: one read of the text that stops
    only at the `anchors` (characters rare in the texts, the rarest first), where `any(word in text ...)`
    reads a text that holds none once per word. Every word must hold an anchor."""
    words = list(dict.fromkeys(words))
    grouped = _by_anchor(words, anchors)
    if sum(map(len, grouped.values())) != len(words):
        raise ValueError("a word holds none of the anchors")
    return _anchored_pattern(grouped)


def _by_anchor(words: list[str], anchors: str) -> dict[str, tuple[tuple[str, int], ...]]:
    """Each anchor character with the words found where it stands, and its offset in each."""
    grouped: dict[str, tuple[tuple[str, int], ...]] = {}
    for word in words:
        offsets = [offset for offset, char in enumerate(word) if char in anchors]
        if offsets:
            offset = min(offsets, key=lambda offset: anchors.index(word[offset]))
            grouped[word[offset]] = (*grouped.get(word[offset], ()), (word, offset))
    return grouped


def _anchored_pattern(grouped: dict[str, tuple[tuple[str, int], ...]]) -> re.Pattern:
    """An anchor character, then the rest of one of its words: the text after it, then a look-behind for
    the whole word (the text before it). A match may hold several anchors: the next search starts at the
    character after the last match's anchor, so every position is tried.

    Each alternative starts with a literal character wherever it can (re rejects those with one compare,
    a look-behind costs a jump): the top level skips every other character in one loop.
    """
    alternatives = []
    for char, located in grouped.items():
        by_rest: dict[str, list[tuple[str, int]]] = {}
        for word, offset in located:
            by_rest.setdefault(word[offset + 1:], []).append((word, offset))
        rests = sorted(by_rest.items(), key=lambda item: not item[0])  # those starting with a literal first
        alternatives.append(re.escape(char) + "(?:" + "|".join(re.escape(rest) + _behind(ending) for rest, ending in rests)
                            + ")")
    return re.compile("|".join(alternatives))


def _behind(located: list[tuple[str, int]]) -> str:
    """A look-behind for any of these words, which end at the same text, one per length (re wants each
    look-behind of a fixed width); none when one of them starts at its anchor."""
    if any(offset == 0 for _, offset in located):
        return ""
    by_length: dict[int, list[str]] = {}
    for word, _ in located:
        by_length.setdefault(len(word), []).append(re.escape(word))
    looks = [f"(?<={'|'.join(same)})" for same in by_length.values()]
    return looks[0] if len(looks) == 1 else "(?:" + "|".join(looks) + ")"
