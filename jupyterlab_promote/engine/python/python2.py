"""Python 2 statements rewritten as the Python 3 that means the same to an analysis, positions kept.

Old notebooks print with `print "x"`, catch with `except ValueError, e:` and write `0777`: Python 3 does
not parse them, and every rule would go blind on the cell. :func:`normalise` rewrites those forms in a
text that did not parse. Rewrites keep each line's length where they can (`print "x"` becomes
`print("x")` by turning the space into the bracket and adding `)` at the end of the statement;
`print >>f, x` becomes `print(  f, x)`); the others (`except X as e`, `0o777`) are recorded as
:class:`Edit` so the parsed tree's columns can be put back on the original text (:func:`restore_columns`).

Only applied to cells that do not parse, so a valid Python 3 `print (x)` or `exec(code)` is never touched.
"""

import ast
import re
from dataclasses import dataclass

from .rough_tokens import COMPOUND_WORDS, LogicalLine, Token, logical_lines

# Words after `print` that make it an operand of a Python 3 expression, not a Python 2 statement.
_OPERATOR_WORDS = frozenset({"and", "or", "in", "is", "if", "else", "for", "as"})
_OCTAL = re.compile(r"0[0-7]+[lL]?")
_LONG = re.compile(r"(?:0[xX][0-9a-fA-F]+|0[oObB]?[0-7]+|[1-9]\d*|0)[lL]")
_UNICODE_RAW = re.compile(r"[uU][rR]")
_STATEMENT_NAMES = frozenset({"print", "exec"})
_NOT_AN_OPERAND = frozenset("=.,()]}:;<>|&^*/%@!")


@dataclass(frozen=True, slots=True)
class Edit:
    line: int
    col: int
    """Where the replaced text starts on the original line."""
    old: int
    """Characters replaced."""
    new: str


def normalise(text: str, logicals: list[LogicalLine] | None = None) -> tuple[str, tuple[Edit, ...]]:
    """The text with its Python 2 forms rewritten, and the edits made (none: the text is unchanged).
    `logicals` are the text's logical lines, when the caller has them already."""
    edits: list[Edit] = []
    for logical in logical_lines(text) if logicals is None else logicals:
        for statement in _statements(logical):
            _rewrite_statement(statement, edits)
        _rewrite_tokens(logical.tokens, edits)
    if not edits:
        return text, ()
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.line, e.col), reverse=True):
        line = lines[edit.line - 1]
        lines[edit.line - 1] = line[:edit.col] + edit.new + line[edit.col + edit.old:]
    return "\n".join(lines), tuple(sorted(edits, key=lambda e: (e.line, e.col)))


def _statements(logical: LogicalLine) -> list[tuple[Token, ...]]:
    """The simple statements of a logical line: split at `;`, and after the `:` of a compound header."""
    found, start, depth = [], 0, 0
    compound = logical.first_word in COMPOUND_WORDS
    tokens = logical.tokens
    for position, token in enumerate(tokens):
        if token.kind != "op":
            continue
        if token.text in "([{":
            depth += 1
        elif token.text in ")]}":
            depth = max(depth - 1, 0)
        elif depth == 0 and (token.text == ";" or (token.text == ":" and compound)):
            found.append(tokens[start:position])
            start, compound = position + 1, False
    found.append(tokens[start:])
    return [statement for statement in found if statement]


def _rewrite_statement(statement: tuple[Token, ...], edits: list[Edit]) -> None:
    first = statement[0]
    if first.kind != "name":
        return
    if first.text in _STATEMENT_NAMES and len(statement) > 1 and _starts_operand(statement):
        _call_form(statement, edits)
    elif first.text == "except":
        commas = _top_level(statement, ",")
        # The header's `:` ends the statement (_statements), so `except X, e` ends with the name.
        if len(commas) == 1 and commas[0] + 2 == len(statement) and statement[-1].kind == "name":
            comma = statement[commas[0]]
            edits.append(Edit(comma.line, comma.col, 1, " as"))
    elif first.text == "raise":
        commas = _top_level(statement, ",")
        if commas:
            comma = statement[commas[0]]
            edits.append(Edit(comma.line, comma.col, 1, "("))
            _close(statement, edits)


def _starts_operand(statement: tuple[Token, ...]) -> bool:
    """Whether the word is followed by what Python 2 prints or runs (a Python 3 call or operator is not)."""
    token = statement[1]
    if token.kind in ("string", "number"):
        return True
    if token.kind == "name":
        return token.text not in _OPERATOR_WORDS
    return token.text not in _NOT_AN_OPERAND or _redirects(statement)


def _redirects(statement: tuple[Token, ...]) -> bool:
    """`print >>f, x`."""
    if len(statement) < 3:
        return False
    first, second = statement[1], statement[2]
    return first.text == second.text == ">" and second.line == first.line and second.col == first.col + 1


def _call_form(statement: tuple[Token, ...], edits: list[Edit]) -> None:
    """`print x, y` -> `print(x, y)`, `print >>f, x` -> `print(  f, x)`, `exec code in ns` -> `exec(code in ns)`."""
    keyword, following = statement[0], statement[1]
    end = keyword.col + len(keyword.text)
    redirect = _redirects(statement)
    if following.line == keyword.line and following.col > end:
        edits.append(Edit(keyword.line, end, 1, "("))
    elif redirect:
        edits.append(Edit(following.line, following.col, 2, "( "))
    else:
        edits.append(Edit(keyword.line, end, 0, "("))
    if redirect and following.col > end:
        edits.append(Edit(following.line, following.col, 2, "  "))
    _close(statement, edits)


def _close(statement: tuple[Token, ...], edits: list[Edit]) -> None:
    last = statement[-1]
    lines = last.text.split("\n")
    line = last.line + len(lines) - 1
    col = (last.col if len(lines) == 1 else 0) + len(lines[-1])
    edits.append(Edit(line, col, 0, ")"))


def _top_level(statement: tuple[Token, ...], text: str) -> list[int]:
    found, depth = [], 0
    for position, token in enumerate(statement):
        if token.kind != "op":
            continue
        if token.text in "([{":
            depth += 1
        elif token.text in ")]}":
            depth = max(depth - 1, 0)
        elif depth == 0 and token.text == text:
            found.append(position)
    return found


def _rewrite_tokens(tokens: tuple[Token, ...], edits: list[Edit]) -> None:
    """Backticks, `<>`, `0777`, `10L`, `ur""` wherever they are."""
    backtick_open = False
    for position, token in enumerate(tokens):
        kind, text = token.kind, token.text
        if kind == "op" and text == "`":
            edits.append(Edit(token.line, token.col, 1, ")" if backtick_open else "("))
            backtick_open = not backtick_open
        elif kind == "op" and text == "<" and position + 1 < len(tokens):
            after = tokens[position + 1]
            if after.text == ">" and after.line == token.line and after.col == token.col + 1:
                edits.append(Edit(token.line, token.col, 2, "!="))
        elif kind == "number":
            if _OCTAL.fullmatch(text) and text.rstrip("lL") != "0" * len(text.rstrip("lL")):
                edits.append(Edit(token.line, token.col, len(text), "0o" + text[1:].rstrip("lL")))
            elif _LONG.fullmatch(text):
                edits.append(Edit(token.line, token.col, len(text), text[:-1]))
        elif kind == "string" and _UNICODE_RAW.match(text):
            edits.append(Edit(token.line, token.col, 2, text[1]))


def restore_columns(tree: ast.AST, edits: tuple[Edit, ...], original: str) -> None:
    """Put the columns of nodes on rewritten lines back on the original text, where the lengths changed.

    ast's columns count UTF-8 bytes, the edits characters: edits are measured in bytes of their line first.
    """
    lines = original.split("\n")
    shifting: dict[int, list[Edit]] = {}
    for edit in edits:
        if len(edit.new) != edit.old:
            line = lines[edit.line - 1]
            start = len(line[:edit.col].encode("utf-8"))
            old = len(line[edit.col:edit.col + edit.old].encode("utf-8"))
            shifting.setdefault(edit.line, []).append(Edit(edit.line, start, old, edit.new))
    if not shifting:
        return
    for node in ast.walk(tree):
        line = getattr(node, "lineno", None)
        if line in shifting:
            node.col_offset = _original_col(node.col_offset, shifting[line])
        end_line = getattr(node, "end_lineno", None)
        if end_line in shifting and node.end_col_offset is not None:
            node.end_col_offset = _original_col(node.end_col_offset, shifting[end_line])


def _original_col(col: int, edits: list[Edit]) -> int:
    shift = 0
    for edit in edits:
        start = edit.col + shift
        if col < start:
            break
        if col < start + len(edit.new):
            return edit.col + min(col - start, edit.old)
        shift += len(edit.new) - edit.old
    return col - shift
