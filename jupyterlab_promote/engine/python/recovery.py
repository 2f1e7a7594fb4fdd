"""The statements of a cell that does not parse, read anyway: every rule still sees the rest of the cell.

A cell with a `print "x"` statement, a `<YOUR CODE>` placeholder or an unfinished line is one syntax error
to Python, and without this every rule would skip the whole cell. :func:`recover` first rewrites Python 2
forms (python2.py); what still does not parse is cut into top-level statements (a `def` with its body, an
`if` with its `else`), each parsed on its own. In a statement that fails, the logical line Python points at
(with its block, for a compound header) is blanked and the statement parsed again, a few times at most;
after that the whole statement is blanked. Blanked lines stay in the text as empty lines (or, where a
block would be left empty, a `pass`; `raise` in an `except` block, which swallows nothing), so every
kept line keeps its number and columns, and findings point where the editor shows the code.

Each top-level statement is parsed a bounded number of times, so the work stays linear in the cell
however many errors it holds.
"""

import ast
from dataclasses import dataclass

from .python2 import normalise, restore_columns
from .rough_tokens import LogicalLine, logical_lines
from .syntax import parse_code

# Parses of one top-level statement before it is given up as a whole.
ATTEMPTS_PER_STATEMENT = 6
# A cell keeps its recovered tree only when at least this share of its logical lines parsed: a cell of
# shell commands or prose (`aws s3 ls`, `pip install x`) is not Python with a few errors.
MIN_KEPT_SHARE = 0.5
_CLAUSE_WORDS = frozenset({"else", "elif", "except", "finally"})
_INDENTED_BLOCK = "expected an indented block after"


@dataclass(frozen=True)
class Recovered:
    tree: ast.Module
    python: str
    """The text parsed: Python 2 forms rewritten, unreadable lines blank, line numbers unchanged."""
    unparsed: tuple[tuple[int, int], ...]
    """1-based, inclusive line ranges blanked because they did not parse."""
    python2: bool
    """Python 2 forms were rewritten to read the cell."""


def recover(text: str, error: SyntaxError | None = None) -> Recovered | None:
    """The cell's readable statements, or None when too little of it is Python to call it a cell of code.
    `error` is the text's own syntax error, when the caller has parsed it already."""
    logicals = logical_lines(text)
    python, edits = normalise(text, logicals)
    if edits or error is None:
        try:
            tree = parse_code(python)
            restore_columns(tree, edits, text)
            return Recovered(tree, python, (), bool(edits))
        except SyntaxError as normalised_error:
            error = normalised_error
        logicals = logical_lines(python) if edits else logicals
    lines = python.split("\n")
    chunks = _top_level_statements(logicals)
    replaced: dict[int, str] = {}
    tree = None
    for chunk in chunks:
        # One statement from the first line holds the whole text: Python's error on it is already known.
        known = error if len(chunks) == 1 and chunk[0].first_line == 1 else None
        chunk_replaced, tree = _unreadable_lines(lines, chunk, known)
        replaced.update(chunk_replaced)
    kept = sum(1 for logical in logicals if logical.first_line not in replaced)
    if not logicals or kept < MIN_KEPT_SHARE * len(logicals):
        return None
    readable = "\n".join(replaced.get(number, line) for number, line in enumerate(lines, 1))
    if len(chunks) > 1 or chunks[0][0].first_line != 1 or tree is None:
        try:
            tree = parse_code(readable)
        except SyntaxError:
            # Statements that parse alone but not together (a `from __future__` import below code): give up.
            return None
    restore_columns(tree, edits, text)
    return Recovered(tree, readable, _ranges(set(replaced)), bool(edits))


def _top_level_statements(logicals: list[LogicalLine]) -> list[list[LogicalLine]]:
    """Logical lines grouped by top-level statement: a header with its indented block and its clauses,
    decorators with what they decorate."""
    chunks: list[list[LogicalLine]] = []
    for logical in logicals:
        starts = logical.indent == 0 and logical.first_word not in _CLAUSE_WORDS
        if starts and chunks and chunks[-1][-1].tokens[0].text == "@" and chunks[-1][-1].indent == 0:
            starts = False
        if starts or not chunks:
            chunks.append([logical])
        else:
            chunks[-1].append(logical)
    return chunks


def _unreadable_lines(lines: list[str], chunk: list[LogicalLine],
                      known: SyntaxError | None) -> tuple[dict[int, str], ast.Module | None]:
    """The lines of one top-level statement to blank (or to hold a placeholder) so that the rest parses,
    and the statement's tree (None when it is blanked whole). `known`: its error as it stands, if known."""
    first, last = chunk[0].first_line, chunk[-1].last_line
    replaced: dict[int, str] = {}
    for _ in range(ATTEMPTS_PER_STATEMENT):
        try:
            if known is not None:
                error, known = known, None
                raise error
            text = "\n".join(replaced.get(n, lines[n - 1]) for n in range(first, last + 1))
            return replaced, parse_code(text)
        except SyntaxError as error:
            culprit = _culprit(error, first)
            emptied = _emptied_block(error, chunk, first, replaced)
        except (ValueError, RecursionError, MemoryError):
            break
        if emptied is not None:
            # Every statement of a block was blanked: a placeholder keeps its header (and the code around).
            header, body = emptied
            placeholder = "raise" if header.first_word == "except" else "pass"
            replaced[body.first_line] = " " * body.indent + placeholder
            continue
        at = _logical_at(chunk, culprit) if culprit is not None else None
        if at is None or at == 0:
            break
        more = _with_block(chunk, at)
        if more <= replaced.keys():
            break
        replaced.update(dict.fromkeys(more, ""))
    return dict.fromkeys(range(first, last + 1), ""), None


def _emptied_block(error: SyntaxError, chunk: list[LogicalLine], first: int,
                   replaced: dict[int, str]) -> tuple[LogicalLine, LogicalLine] | None:
    """(header, first statement of its block) when Python wants a block that this recovery blanked."""
    message = error.msg or ""
    if not (replaced and message.startswith(_INDENTED_BLOCK)):
        return None
    header_line = _culprit(error, first)
    at = _logical_at(chunk, header_line) if header_line is not None else None
    if at is None or at + 1 >= len(chunk) or chunk[at].first_line != header_line:
        return None
    header, body = chunk[at], chunk[at + 1]
    if body.indent <= header.indent or body.first_line not in replaced or replaced[body.first_line]:
        return None
    return header, body


def _culprit(error: SyntaxError, first: int) -> int | None:
    """The cell line to blank for this error: the header whose block is empty, else the line it names."""
    message = error.msg or ""
    if message.startswith(_INDENTED_BLOCK) and " on line " in message:
        header = message.rsplit(" on line ", 1)[1]
        if header.isdigit():
            return int(header) + first - 1
    return error.lineno + first - 1 if isinstance(error.lineno, int) else None


def _logical_at(chunk: list[LogicalLine], line: int) -> int | None:
    """Position in the chunk of the logical line holding `line`, or of the last one before it."""
    found = None
    for position, logical in enumerate(chunk):
        if logical.first_line > line:
            break
        found = position
    return found


def _with_block(chunk: list[LogicalLine], at: int) -> set[int]:
    """The lines of a logical line and, for a compound header, of its indented block."""
    logical = chunk[at]
    lines = set(range(logical.first_line, logical.last_line + 1))
    if logical.tokens[-1].text == ":" or logical.first_word in _CLAUSE_WORDS:
        for following in chunk[at + 1:]:
            if following.indent <= logical.indent:
                break
            lines.update(range(following.first_line, following.last_line + 1))
    return lines


def _ranges(numbers: set[int]) -> tuple[tuple[int, int], ...]:
    ranges: list[tuple[int, int]] = []
    for number in sorted(numbers):
        if ranges and ranges[-1][1] == number - 1:
            ranges[-1] = (ranges[-1][0], number)
        else:
            ranges.append((number, number))
    return tuple(ranges)
