"""Line shapes that keep what a line sets: line_shapes.normalise, except that dict keys written as strings
(`"lr":`) and keyword argument names (`epochs=`) stay (near_copies compares them: two dicts of numbers
would otherwise be the same line repeated).

The keys are found in the text and marked so that normalise leaves them be, the text is normalised, and
the marks that survive (one inside a string or a comment goes with it) are taken off again:

- a keyword name is put between `\\x02.` and `\\x01`: after a dot it is an attribute name, which
  normalise keeps (blanks aside), and the marks are characters it does not read;
- a dict key (quoted, so normalise would take it for a string) is replaced by `\\x02`, its number in
  digits of control characters, `\\x02`, and put back from a table.

A text holding `\\x01` or `\\x02` itself cannot tell its own characters from the marks: there each key or
name is replaced by `\\x02`, its number counted in `\\x01` characters, `\\x02`, and every such run put back.
"""

import re

from .line_shapes import has_triple_quotes, line_shapes, normalised

# Dict keys written as strings and keyword argument names, after what opens them (kept as it is).
_KEY = re.compile(r"""(?m)(^[ \t]*|[{,(]\s*)([rRbBuU]?(["'])\w+\3[ \t]*:)""")
# ([(,]\s*)([^\W\d]\w*[ \t]*=)(?!=), giving back nothing it took: no shorter run could be followed by `=`.
_KEYWORD_ARGUMENT = re.compile(r"([(,]\s*+)([^\W\d]\w*+[ \t]*+=)(?!=)")
_KEPT_TEXT = str.maketrans('"', "'", " \t")  # a key kept without blanks, its quotes single
_KEY_HINT = re.compile(r"""["'][ \t]*:""")
# Control characters that are no word, blank, quote, bracket, dot, `#`, `=` or newline: no pattern here or
# in normalise treats them otherwise than `\x01`, so a mark of them fares as a counted one.
_DIGITS = "\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b"
_NUMBERED = re.compile("\x02([\x03-\x08\x0e-\x1b]+)\x02")
_COUNTED = re.compile("\x02(\x01+)\x02")


def _digits(number: int) -> str:
    """`number` (1 or more) in the digits of _DIGITS."""
    digits = ""
    while number:
        number, digit = divmod(number, len(_DIGITS))
        digits = _DIGITS[digit] + digits
    return digits


def keyed_line_shapes(python: str) -> list[str]:
    """normalise(python), keeping dict keys written as strings and keyword names."""
    if "\x02" in python or "\x01" in python:
        return _counted_line_shapes(python)
    keys: dict[str, str] = {}

    def keep(match: re.Match) -> str:
        digits = _digits(len(keys) + 1)
        keys[digits] = match.group(2).translate(_KEPT_TEXT)
        return match.group(1) + "\x02" + digits + "\x02"

    # A key ends with a quote and a colon: a text without one skips the slowest pattern.
    marked = _KEY.sub(keep, python) if _KEY_HINT.search(python) else python
    marked, names = _KEYWORD_ARGUMENT.subn("\\1\x02.\\2\x01", marked)
    if not keys and not names:
        return line_shapes(python)  # nothing marked: the text's own shapes

    def unmarked(shaped: str) -> str:
        if keys:
            shaped = _NUMBERED.sub(lambda m: keys[m.group(1)], shaped)
        return shaped.replace("\x02.", "").replace("\x01", "")

    if has_triple_quotes(python):
        return unmarked(normalised(marked)).split("\n")
    # Each line's shape is that of the line on its own (line_shapes.has_triple_quotes; the marks bring no
    # quote), and the lines without a mark are the text's own: only the marked ones are shaped again.
    shapes = line_shapes(python)
    changed = [(number, line) for number, line in enumerate(marked.split("\n")) if "\x02" in line]
    for (number, _), shape in zip(changed, unmarked(normalised("\n".join(line for _, line in changed))).split("\n")):
        shapes[number] = shape
    return shapes


def _counted_line_shapes(python: str) -> list[str]:
    """keyed_line_shapes of a text holding `\\x01` or `\\x02`: every mark numbered by counting, each run
    that reads as a mark put back."""
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(2).translate(_KEPT_TEXT))
        return match.group(1) + "\x02" + "\x01" * len(kept) + "\x02"

    marked = _KEYWORD_ARGUMENT.sub(keep, _KEY.sub(keep, python))
    if not kept:
        return line_shapes(python)
    return _COUNTED.sub(lambda m: kept[len(m.group(1)) - 1], normalised(marked)).split("\n")
