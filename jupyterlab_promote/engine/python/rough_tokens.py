"""A tolerant tokenizer for code that does not parse: strings, comments, names, numbers and single characters.

Python's own tokenizer stops at the first thing it does not know (a backtick, `<YOUR CODE>`, an open
triple-quoted string) and, from 3.12, raises on Python 2 numbers; this one never stops, so a cell that
does not parse can still be cut into logical lines and statements. One pass of one regular expression:
linear in the text, whatever it holds.
"""

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
    |(?P<string>(?i:[rbuf]{0,2})(?:'''(?:[^'\\]|\\.|'(?!''))*(?:'''|\Z)
                                 |\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|\Z)
                                 |'(?:[^'\\\n]|\\.)*'?
                                 |"(?:[^"\\\n]|\\.)*"?))
    |(?P<name>[^\W\d]\w*)
    |(?P<number>\.?\d[\w.]*)
    |(?P<newline>\n)
    |(?P<space>[ \t\f\r]+|\\\n)
    |(?P<op>.)""",
    re.VERBOSE | re.DOTALL,
)
_OPENING, _CLOSING = "([{", ")]}"
# Words that start a statement of their own: a line at or left of the current statement's indent that
# starts with one (or with `name =`) begins a new logical line even when a bracket above was never closed.
STATEMENT_WORDS = frozenset({"def", "class", "import", "from", "for", "while", "if", "with", "try", "return",
                             "print", "async", "elif", "else", "except", "finally", "raise", "assert", "del"})
COMPOUND_WORDS = frozenset({"if", "elif", "else", "for", "while", "try", "except", "finally", "with", "def",
                            "class", "async"})


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    """comment, string, name, number, newline, space or op."""
    text: str
    line: int
    """1-based line of the token's first character."""
    col: int


@dataclass(frozen=True, slots=True)
class LogicalLine:
    tokens: tuple[Token, ...]
    """Its significant tokens (no spaces, comments or newlines), in order."""
    first_line: int
    last_line: int

    @property
    def indent(self) -> int:
        return self.tokens[0].col

    @property
    def first_word(self) -> str:
        return self.tokens[0].text if self.tokens[0].kind == "name" else ""


def tokens(text: str) -> list[Token]:
    """The significant tokens and line breaks (spaces, `\\` continuations and comments are left out)."""
    found = []
    line, line_start = 1, 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "newline":
            found.append(Token(kind, "\n", line, match.start() - line_start))
            line, line_start = line + 1, match.end()
            continue
        if kind == "space" or kind == "comment":
            if kind == "space" and match.group().endswith("\n"):
                line, line_start = line + 1, match.end()
            continue
        value, start = match.group(), match.start()
        found.append(Token(kind, value, line, start - line_start))
        if kind == "string":
            breaks = value.count("\n")
            if breaks:
                line += breaks
                line_start = start + value.rindex("\n") + 1
    return found


def logical_lines(text: str) -> list[LogicalLine]:
    """The statements' lines as Python joins them (brackets, `\\` continuations, strings), each with its
    significant tokens; lines holding only comments make none."""
    found: list[LogicalLine] = []
    current: list[Token] = []
    depth = 0
    at_line_start = False
    significant = tokens(text)
    for position, token in enumerate(significant):
        kind = token.kind
        if kind == "newline":
            if depth == 0 and current:
                found.append(LogicalLine(tuple(current), current[0].line, token.line))
                current = []
            at_line_start = True
            continue
        if at_line_start and current and depth and token.col <= current[0].col and _starts_statement(significant, position):
            # An unclosed bracket above: Python fails there, and this line is a statement of its own.
            found.append(LogicalLine(tuple(current), current[0].line, current[-1].line))
            current, depth = [], 0
        at_line_start = False
        if kind == "op":
            if token.text in _OPENING:
                depth += 1
            elif token.text in _CLOSING and depth:
                depth -= 1
        current.append(token)
    if current:
        last = current[-1]
        found.append(LogicalLine(tuple(current), current[0].line, last.line + last.text.count("\n")))
    return found


def _starts_statement(significant: list[Token], position: int) -> bool:
    """`def ...`, `import ...`, `name = ...` at the start of a line (not `name == ...`)."""
    token = significant[position]
    if token.kind != "name":
        return False
    if token.text in STATEMENT_WORDS:
        return True
    after = significant[position + 1: position + 3]
    return (len(after) == 2 and after[0].text == "=" and after[1].text != "="
            and after[0].line == token.line)
