"""The fast paths of the secret rules answer as the slow ones they stand in for."""

import io
import tokenize

from jupyterlab_promote.engine.rules.security.line_secrets import _comments, _scanned_comments, comment_values
from jupyterlab_promote.engine.text.token_hints import LITERAL_HINTS, hint_words, hints_in


def _tokenized(source: str) -> list[tuple[int, int, str]]:
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [(t.start[0], t.start[1], t.string[1:]) for t in tokens if t.type == tokenize.COMMENT]


def test_line_scan_finds_the_comments_the_tokenizer_finds():
    source = 'x = "a # not one"  # one\n# two\ny = {"k": \'#\'}\nprint(f"{z[\'#\']}")  # three\n'
    assert _scanned_comments(source) == _tokenized(source)
    assert list(_comments(source)) == _tokenized(source)


def test_strings_that_may_span_lines_go_to_the_tokenizer():
    assert _scanned_comments('s = """\n# inside a string\n"""\n') is None
    assert _scanned_comments("s = 'continued \\\n# inside'\n") is None
    assert _scanned_comments("x = 1  # a\r\n") is None
    source = 's = """\n# inside a string\n"""  # after\n'
    assert list(_comments(source)) == [(3, 5, " after")]


def test_a_lone_quote_goes_to_the_tokenizer():
    source = "echo don't # here\n"
    assert _scanned_comments(source) is None
    assert list(_comments(source)) == _tokenized(source)


def _written(text: str) -> frozenset[str]:
    return frozenset(hint for hint in LITERAL_HINTS if hint in text and any(word in text for word in hint_words(hint)))


def test_hints_are_those_written_in_the_text():
    for text in ["", "plain words", "ghp_abc and sk-ant-xyz", "token=AKIA Q~x | %7C", "EAAAAAAAAAAAAAAAAAAAAAAAA",
                 "x_train, x_test_all = high, glob", "123456789012345|abc 9%7Cdef glpat-x"]:
        assert hints_in(text) == _written(text)


def test_hints_of_common_text_count_only_where_a_token_can_start():
    assert hints_in("through the global x_test_set | y") == frozenset()
    assert hints_in("ghp_x glc_y sk_test_z 7|w") == frozenset({"gh", "gl", "_test_", "|"})
    assert hints_in("see the ghost") == frozenset()


def test_a_fine_grained_github_token_is_a_hint_of_its_own():
    """It holds no "gh": as a word of that hint, it was found only in a text holding "gh" elsewhere."""
    assert hints_in("github_pat_x") == frozenset({"github_pat_"})


def test_hints_next_to_each_other_and_repeated_are_all_found():
    for text in ["secret_live_", "sk-ant-sk-", "x" + "SK" * 5000, "EZ NR SK " * 40 + "hvs.", "Q~" + "A" * 30]:
        assert hints_in(text) == _written(text)


def test_a_discord_token_is_found_by_its_shape_only_with_its_dots():
    token = "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs"
    assert "shape:discord" in hints_in(f"token = '{token}'")
    assert "shape:discord" not in hints_in(token.replace(".", "_"))


def test_comment_values_are_looked_for_only_where_a_comment_could_hold_one():
    hints = ("key", "token")
    inside = 's = """\n# api_key = "f3Kq9x2LmP"\n"""  # key points\n'
    assert comment_values(inside, hints) == []  # the tokenizer's answer: the `#` is in a string
    commented = 's = """doc"""\n# api_key = "f3Kq9x2LmP"  # the key\n'
    assert [(value.line, value.target.name, value.value) for value in comment_values(commented, hints)] == [
        (2, "api_key", "f3Kq9x2LmP")]
    assert comment_values("x = 1  # the key figure\n" + "#" * 5000 + " token\n", hints) == []
