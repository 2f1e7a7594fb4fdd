"""Values under credential names in text the syntax tree does not hold: comments (`# api_key = "f3Kq..."`: a
line commented out is still in the file and its history; read as the tokenizer's comment tokens) and the
lines of cells that do not parse (Python 2 cells, unfinished exercises) or are not Python (`%%bash`,
`%%writefile config.yaml`).

Each line (or comment) is first parsed on its own, so the tree rules of named_literals.py read it; a line
that does not parse either is read with two bounded patterns (`name = "value"`, `"value" == name`, and in
non-Python text `NAME=value`, `name: value`), the name read backwards from the operator in code.
"""

import ast
import io
import re
import sys
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass

from .basic_auth import basic_auth_pairs
from .named_literals import Target, assigned_literals, tree_nodes
from .paired_literals import paired_literals

# A quote, up to 200 characters without quotes, the same quote: after an assignment-like operator.
_QUOTED = re.compile(r"""(?:[=:(,>])[ \t]{0,4}@?(?P<q>['"`])(?P<value>[^'"`\n]{1,200})(?P=q)""")
_REVERSED = re.compile(r"""(?P<q>['"])(?P<value>[^'"\n]{1,200})(?P=q)[ \t]{0,4}[!=]==?[ \t]{0,4}(?P<name>[A-Za-z_]\w{0,80})""")
_UNQUOTED = re.compile(r"[=:][ \t]{0,4}(?P<value>[A-Za-z0-9_\-.+/@!%^*~]{4,200})(?![^\s,;#])")
# In text that is not Python (`%%writefile config.yaml`, `%%bash`) a bare value may hold any symbol a person
# types (`password: q{[tr}o)w$(k]`), but not start like a variable, a substitution or a placeholder.
_PLAIN_UNQUOTED = re.compile(r"[=:][ \t]{0,4}(?P<value>[^\s'\"`=:,;$<(%][^\s'\"`=:,;]{3,199})(?![^\s,;])")
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")
_OPERATOR_CHARS = " \t=!:<>(,@?"
# From Python 3.12 an f-string's fields may hold strings in its own quote (`f"{d["k"]}"`), which a line
# scan reads as the f-string closing.
_NESTED_FSTRING_QUOTES = sys.version_info >= (3, 12)
# Every value is written after `=` or `:` (an assignment, a keyword, a dict, a config line) or in quotes
# (a literal, and each pattern above): a text without any of these holds none.
_VALUE_MARKS = ("=", ":", "'", '"', "`")
# Each `#` of a line is tried by parsing the text after it: past this many, the line's comments are found
# (a line of a thousand signs would otherwise be parsed a thousand times).
_SIGNS_TRIED = 4


@dataclass(frozen=True)
class LineValue:
    """A literal under a name, located in the cell: 1-based line, 0-based character columns."""

    line: int
    column: int
    end_column: int
    target: Target
    value: str
    quoted: bool = True
    """False for a bare value (`token: s.ZC9E...`), which needs a generated look even under a password name."""


def comment_start(line: str) -> int:
    """Where a `#` comment starts on a line of Python, outside quotes; -1 when there is none."""
    return _line_scan(line)[0]


def _line_scan(line: str) -> tuple[int, bool]:
    """(comment_start, whether the line ends inside a quote that never closed)."""
    quote, index = "", 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#":
            return index, False
        index += 1
    return -1, bool(quote)


def _name_before(text: str, end: int) -> str:
    """The name written before an operator: `api_key = `, `"password": `, `secret[25] = `, `cfg.token == `."""
    head = text[max(0, end - 120):end].rstrip(_OPERATOR_CHARS).rstrip("'\"`")
    if head.endswith("]") and "[" in head[-12:]:
        head = head[:head.rindex("[")]
    start = len(head)
    while start and head[start - 1] in _NAME_CHARS:
        start -= 1
    return head[start:].rsplit(".", 1)[-1]


def _characters(text: str, byte_offset: int) -> int:
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore")) if not text.isascii() else byte_offset


def _parsed_values(body: str, line: int, lead: int) -> list[LineValue] | None:
    try:
        tree = ast.parse(body)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    nodes = tree_nodes(tree)
    pairs = [*assigned_literals(nodes), *paired_literals(nodes),
             *((Target("basic_auth_password"), literal, password) for literal, password in basic_auth_pairs(nodes))]
    found = []
    for target, literal, *password in pairs:
        if literal.lineno == literal.end_lineno == 1:
            value = password[0] if password else literal.value
            found.append(LineValue(line, lead + _characters(body, literal.col_offset),
                                   lead + _characters(body, literal.end_col_offset), target, value, not target.bare))
    return found


def _matched_values(body: str, line: int, lead: int, plain: bool) -> Iterator[LineValue]:
    for match in _QUOTED.finditer(body):
        if name := _name_before(body, match.start() + 1):
            yield LineValue(line, lead + match.start("q"), lead + match.end(), Target(name), match.group("value"))
    for match in _REVERSED.finditer(body):
        yield LineValue(line, lead + match.start(), lead + match.end("q"), Target(match.group("name")),
                        match.group("value"))
    for match in (_PLAIN_UNQUOTED if plain else _UNQUOTED).finditer(body):
        if name := _name_before(body, match.start() + 1):
            yield LineValue(line, lead + match.start("value"), lead + match.end(), Target(name), match.group("value"),
                            quoted=plain)


def snippet_values(text: str, line: int, offset: int = 0, plain: bool = False) -> list[LineValue]:
    """Values under names in one line of a cell (or the text of a comment starting at `offset`).

    `plain` is for text that is not Python at all, where values need no quotes (`export TOKEN=...`); in a
    Python line that does not parse a bare value may be a variable, so it must look generated.
    """
    body = text.strip()
    lead = offset + len(text) - len(text.lstrip())
    if not any(map(body.__contains__, _VALUE_MARKS)):
        return []  # most comments: prose, nothing to parse
    parsed = None if plain else _parsed_values(body, line, lead)
    return parsed if parsed is not None else list(_matched_values(body, line, lead, plain))


def _comments(source: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, text after `#`) of each comment: Python's tokenizer where it reads the cell (it knows
    a `#` inside a multi-line string is not one), the quote-aware line scan where it gives up.

    Where no string spans a line the two agree, and the scan, in C-speed string operations, costs a tenth
    of the tokenizer: then the scan alone answers.
    """
    if (found := _scanned_comments(source)) is not None:
        yield from found
        return
    try:
        tokens = [token for token in tokenize.generate_tokens(io.StringIO(source).readline)
                  if token.type == tokenize.COMMENT]
    except (tokenize.TokenError, IndentationError, SyntaxError, ValueError):
        tokens = None
    if tokens is not None:
        for token in tokens:
            yield token.start[0], token.start[1], token.string[1:]
        return
    for number, text in enumerate(source.split("\n"), 1):
        if (start := comment_start(text)) >= 0:
            yield number, start, text[start + 1:]


def _scanned_comments(source: str) -> list[tuple[int, int, str]] | None:
    """The comments the tokenizer finds, from the line scan, when no string can span lines: no triple
    quote, no carriage return (the tokenizer ends a comment there), no line ending inside an open quote
    (a string continued with a backslash, or a lone quote the tokenizer reads past), and on Python 3.12 and
    later no f-string field (its strings may reuse the f-string's own quote). None otherwise."""
    if '"""' in source or "'''" in source or "\r" in source or (_NESTED_FSTRING_QUOTES and "{" in source):
        return None
    found = []
    for number, text in enumerate(source.split("\n"), 1):
        if "'" not in text and '"' not in text:
            if (start := text.find("#")) >= 0:
                found.append((number, start, text[start + 1:]))
            continue
        start, open_quote = _line_scan(text)
        if open_quote:
            return None
        if start >= 0:
            found.append((number, start, text[start + 1:]))
    return found


def comment_values(source: str, hints: tuple[str, ...]) -> list[LineValue]:
    """Values under credential-like names in the comments of a cell (comments holding one of `hints`)."""
    found: list[LineValue] = []
    if "\r" not in source and not any(_may_hold_values(line, number, hints)
                                      for number, line in enumerate(source.split("\n"), 1) if "#" in line):
        return found  # no comment can hold a value under a credential word: nothing to tokenize
    for number, column, text in _comments(source):
        if any(hint in text.lower() for hint in hints):
            body = text.lstrip("#")
            found.extend(snippet_values(body, number, column + 1 + len(text) - len(body)))
    return found


def _may_hold_values(line: str, number: int, hints: tuple[str, ...]) -> bool:
    """Whether the text after one of the line's `#` signs holds a credential word and a value. A comment runs
    from one of them to the end of the line (the tokenizer ends it at a carriage return, hence none in the
    cell), whichever the tokenizer or the line scan finds: when no such text holds a value, no comment of
    the line does, and the cell's comments need not be found at all."""
    start = line.find("#")
    for _ in range(_SIGNS_TRIED):
        if start < 0:
            return False
        text = line[start + 1:]
        if not any(hint in text.lower() for hint in hints):
            return False  # nor does the text after a later sign, a part of this one
        if snippet_values(text.lstrip("#"), number):
            return True
        start = line.find("#", start + 1)
    return start >= 0  # a line of many signs, each followed by a credential word: its comments are found


def text_values(source: str, hints: tuple[str, ...], plain: bool, only: set[int] | None = None) -> list[LineValue]:
    """Values under credential-like names in the lines of a cell read as lines (see the module doc): every
    line, or the line numbers in `only`."""
    found = []
    for number, text in enumerate(source.split("\n"), 1):
        if (only is None or number in only) and any(hint in text.lower() for hint in hints):
            start = comment_start(text) if not plain else -1
            if start == 0 or (start > 0 and not text[:start].strip()):
                text, offset = text[start + 1:], start + 1
            else:
                offset = 0
            found.extend(snippet_values(text, number, offset, plain))
    return found
