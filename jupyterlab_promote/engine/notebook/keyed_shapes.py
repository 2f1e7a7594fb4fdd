"""Line shapes that keep what a line sets: line_shapes.normalise, except that dict keys written as strings
(`"lr":`) and keyword argument names (`epochs=`) stay (near_copies compares them: two dicts of numbers
would otherwise be the same line repeated).

The keys are found in the text and each is replaced by a mark that no pattern of normalise reads, the
text is normalised, and each mark that survives (one inside a string or a comment goes with it) is
replaced by its key. A mark is `\\x02`, the key's number in digits of control characters, `\\x02`: as
short as the number, where counting in `\\x01` characters (the marks of a text holding `\\x02` itself,
where such marks are told apart from its own characters by their number alone) grows with the square of
the keys a cell holds.
"""

import re

from .line_shapes import has_triple_quotes, line_shapes, normalised

# Dict keys written as strings and keyword argument names, after what opens them (kept as it is).
_KEY = re.compile(r"""(?m)(^[ \t]*|[{,(]\s*)([rRbBuU]?(["'])\w+\3[ \t]*:)""")
_KEYWORD_ARGUMENT = re.compile(r"([(,]\s*)([^\W\d]\w*[ \t]*=)(?!=)")
_KEPT_TEXT = str.maketrans('"', "'", " \t")  # a key kept without blanks, its quotes single
_KEY_HINT = re.compile(r"""["'][ \t]*:""")
# Control characters that are no word, blank, quote, bracket, `#`, `=` or newline: no pattern here or in
# normalise treats them otherwise than `\x01`, so a mark of them fares as a counted one.
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
    kept: dict[str, str] = {}
    numbered = "\x02" not in python  # marks told apart from the text's own characters

    def keep(match: re.Match) -> str:
        mark = _digits(len(kept) + 1) if numbered else "\x01" * (len(kept) + 1)
        kept[mark] = match.group(2).translate(_KEPT_TEXT)
        return match.group(1) + "\x02" + mark + "\x02"

    # A key ends with a quote and a colon: a text without one skips the slowest pattern.
    marked = _KEY.sub(keep, python) if _KEY_HINT.search(python) else python
    marked = _KEYWORD_ARGUMENT.sub(keep, marked)
    if not kept:
        return line_shapes(python)  # nothing marked: the text's own shapes
    if not numbered:
        counted = list(kept.values())
        return _COUNTED.sub(lambda m: counted[len(m.group(1)) - 1], normalised(marked)).split("\n")

    def unmarked(shaped: str) -> str:
        return _NUMBERED.sub(lambda m: kept[m.group(1)], shaped)

    if has_triple_quotes(python):
        return unmarked(normalised(marked)).split("\n")
    # Each line's shape is that of the line on its own (line_shapes.has_triple_quotes; the marks bring no
    # quote), and the lines without a mark are the text's own: only the marked ones are shaped again.
    shapes = line_shapes(python)
    changed = [(number, line) for number, line in enumerate(marked.split("\n")) if "\x02" in line]
    for (number, _), shape in zip(changed, unmarked(normalised("\n".join(line for _, line in changed))).split("\n")):
        shapes[number] = shape
    return shapes
