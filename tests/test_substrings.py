"""The one-pass substring finder answers as one `in` per substring."""

import random

import pytest

from jupyterlab_promote.engine.rules.security import risky_words, source_secrets
from jupyterlab_promote.engine.text.substrings import SubstringFinder, any_word_pattern
from jupyterlab_promote.engine.text.token_hints import LITERAL_HINTS


def _texts(words: tuple[str, ...], count: int) -> list[str]:
    """Texts of words, parts of words and single characters run together: words overlap, share an anchor,
    and sit at the start and the end of a text."""
    chosen = random.Random(7)
    characters = "".join(sorted(set("".join(words)))) + " \n.é"
    texts = []
    for _ in range(count):
        parts = [chosen.choice(words)[chosen.randrange(3):] if chosen.random() < 0.7 else chosen.choice(characters)
                 for _ in range(chosen.randrange(1, 12))]
        texts.append("".join(parts) * chosen.choice((1, 1, 1, 40)))
    return texts


def _agrees(finder: SubstringFinder, words: tuple[str, ...], texts: list[str]) -> None:
    for text in texts:
        assert finder.found_in(text) == frozenset(word for word in words if word in text), text


def test_the_token_hints_are_found_as_in_finds_them():
    finder = SubstringFinder(LITERAL_HINTS, "~%JZWqRSAwxvy-h_d", ("gh", "gl"))
    _agrees(finder, LITERAL_HINTS, _texts(LITERAL_HINTS, 5000))


def test_the_risky_words_are_found_as_in_finds_them():
    _agrees(risky_words.WORD_FINDER, risky_words.WORDS, _texts(risky_words.WORDS, 3000))


def test_a_finder_without_anchored_words_scans_them_all():
    finder = SubstringFinder(("ab", "cd"), "xyz")
    assert finder.found_in("abc cd") == frozenset({"ab", "cd"})
    assert finder.found_in("") == frozenset()


def test_a_text_of_one_anchored_word_repeated_is_read_with_in():
    finder = SubstringFinder(("SK", "EZ", "Q~"), "~ZK")
    assert finder.found_in("SK" * 10000 + "Q~") == frozenset({"SK", "Q~"})


def test_the_credential_hints_pattern_is_found_where_a_hint_is():
    hints = source_secrets._CREDENTIAL_HINTS
    for text in _texts(hints, 5000):
        assert (source_secrets._CREDENTIAL_HINT.search(text) is not None) == any(hint in text for hint in hints), text


def test_a_word_pattern_needs_an_anchor_in_every_word():
    assert any_word_pattern(("token", "key"), "k").search("a monkey") is not None
    with pytest.raises(ValueError):
        any_word_pattern(("token", "pass"), "k")
