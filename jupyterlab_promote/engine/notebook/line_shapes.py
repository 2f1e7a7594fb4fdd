"""The shape of each line of Python text: every variable name replaced by `x`, every literal by a
placeholder, whitespace and comments removed (fingerprints.py and near_copies.py compare shapes)."""

import keyword
import re
from functools import lru_cache

_TRIPLE_STRING = re.compile(r"[rRbBuUfF]{0,2}(\"\"\"|''')(?:.|\n)*?\1")
_STRING = re.compile(r"[rRbBuUfF]{0,2}(?:\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*')")
_COMMENT = re.compile(r"#[^\n]*")
_KEYWORDS = "|".join(sorted(keyword.kwlist, key=len, reverse=True))
# Names not preceded by a dot (attribute names stay) and not keywords.
_NAME = re.compile(rf"\b(?<!\.)(?!(?:{_KEYWORDS})\b)[^\W\d]\w*")
_NUMBER = re.compile(r"\b\d[\w.]*")
HAS_CODE = re.compile(r"[^\W\d]")


def _keep_newlines(match: re.Match) -> str:
    return "$" + "\n" * match.group(0).count("\n")


def normalise(python: str) -> list[str]:
    """The shape of every line of a cell's Python text ('' for lines without one)."""
    if '"""' in python or "'''" in python:
        python = _TRIPLE_STRING.sub(_keep_newlines, python)
    text = _STRING.sub("$", python)
    text = _COMMENT.sub("", text)
    text = _NAME.sub("x", text)
    text = _NUMBER.sub("0", text)
    for blank in (" ", "\t", "\r", "\f", "\\"):
        text = text.replace(blank, "")
    return text.split("\n")


@lru_cache(maxsize=16)
def recent_line_shapes(python: str) -> tuple[str, ...]:
    """normalise(python), kept for the last few texts: a cell's fingerprint and its busy lines
    (short_repeats) both read the edited cell's shapes in one analysis."""
    return tuple(normalise(python))
