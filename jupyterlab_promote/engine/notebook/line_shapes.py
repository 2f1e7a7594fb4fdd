"""The shape of each line of Python text: every variable name replaced by `x`, every literal by a
placeholder, whitespace and comments removed (fingerprints.py and near_copies.py compare shapes)."""

import keyword
import re
from collections.abc import Sequence
from functools import lru_cache

from .handed_shapes import handed_shapes

# The patterns are written to fail fast where most positions fail (sre scans ahead for the first
# character of a pattern when it is a set, not when it is optional or an assertion): each matches what
# the plain pattern in its comment matches.
# [rRbBuUfF]{0,2}(\"\"\"|''')(?:.|\n)*?\1
_TRIPLE_STRING = re.compile(r"[rRbBuUfF]{0,2}(\"\"\"|''')(?s:.)*?\1")
# [rRbBuUfF]{0,2}(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'): the first character is a quote, or one of
# one or two prefix letters before one; the body is read run by run (each backslash takes the character
# after it, so there is one way to read it, and nothing to try again).
_DOUBLE_BODY = r'[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"'
_SINGLE_BODY = r"[^'\\\n]*+(?:\\.[^'\\\n]*+)*+'"
_STRING = re.compile(rf"""[rRbBuUfF"'](?:(?<="){_DOUBLE_BODY}|(?<='){_SINGLE_BODY}"""
                     rf"""|(?<=[rRbBuUfF])[rRbBuUfF]?(?:"{_DOUBLE_BODY}|'{_SINGLE_BODY}))""")
_COMMENT = re.compile(r"#[^\n]*")
_KEYWORDS = "|".join(sorted(keyword.kwlist, key=len, reverse=True))
# Names not preceded by a dot (attribute names stay) and not keywords: \b(?<!\.)(?!(?:keywords)\b)[^\W\d]\w*
_NAME = re.compile(rf"(?<![\w.])(?=[^\W\d])(?!(?:{_KEYWORDS})\b)\w+")
# \b\d[\w.]*: a digit not preceded by a word character.
_NUMBER = re.compile(r"\d(?<!\w\d)[\w.]*")
HAS_CODE = re.compile(r"[^\W\d]")
_BLANKS = str.maketrans("", "", " \t\r\f\\")


def _keep_newlines(match: re.Match) -> str:
    return "$" + "\n" * match.group(0).count("\n")


def has_triple_quotes(python: str) -> bool:
    """Whether the text may hold a string over several lines. Without one, no pattern of normalise reaches
    over a newline (its strings, comments, names and numbers exclude it, and a newline is a word boundary
    like the text's ends), so each line's shape is that of the line on its own."""
    return '"""' in python or "'''" in python


def normalised(python: str) -> str:
    """The shapes of normalise, one line of text each."""
    if has_triple_quotes(python):
        python = _TRIPLE_STRING.sub(_keep_newlines, python)
    # Each pass only where it can match: a string needs a quote, a comment a hash.
    text = _STRING.sub("$", python) if "'" in python or '"' in python else python
    if "#" in text:
        text = _COMMENT.sub("", text)
    text = _NAME.sub("x", text)
    text = _NUMBER.sub("0", text)
    return text.translate(_BLANKS)


def normalise(python: str) -> list[str]:
    """The shape of every line of a cell's Python text ('' for lines without one)."""
    return normalised(python).split("\n")


@lru_cache(maxsize=8192)
def text_shapes(python: str) -> str:
    """The line shapes of normalise(python) as one text, computed once per text (bounded like
    fingerprints.fingerprint_text, and emptied with it between batches): a cell's fingerprint, its busy
    lines (short_repeats), its near-copy lines and its renamed pairs all read them. One string is a third
    of the size of a tuple of lines. A batch run's folder readers may have worked it out already
    (handed_shapes)."""
    handed = handed_shapes(python)
    return handed if handed is not None else normalised(python)


def line_shapes(python: str) -> list[str]:
    """normalise(python), from text_shapes."""
    return text_shapes(python).split("\n")


def spanning_lines(python: str) -> list[tuple[int, int]]:
    """First and last line (1-based) of each string over several lines that normalise blanks out: the only
    pattern that reaches over a newline. Any other line's shape in the whole text is that of the line on
    its own, and so is that of a run of such lines read on their own (a triple quote the whole text leaves
    open finds no closing one after it in the run either)."""
    if not has_triple_quotes(python):
        return []
    return [(python.count("\n", 0, match.start()) + 1, python.count("\n", 0, match.end() - 1) + 1)
            for match in _TRIPLE_STRING.finditer(python)]


def statement_shape(python: str, shapes: Sequence[str], spanning: Sequence[tuple[int, int]], start: int,
                    end: int) -> str:
    """The shape of lines `start` to `end` (1-based) of the text read on their own: "".join(normalise(those
    lines)). Joined from `shapes` (line_shapes(python)) unless a string over several lines (`spanning`:
    spanning_lines(python)) reaches one of them."""
    if any(first <= end and start <= last for first, last in spanning):
        return "".join(normalise("\n".join(python.split("\n")[start - 1:end])))
    return "".join(shapes[start - 1:end])
