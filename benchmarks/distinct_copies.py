"""Copies of notebooks' code made distinct for bench_scale.py: a statement naming the copy (`len.copy17`)
goes into every code cell, at most RUN logical lines apart, so that every run of five line shapes (a
window of the duplicate search, fingerprints.window_length) holds one. No two copies then share a block,
and no cache keyed by a cell's text helps.

The lines are read as text, so cells that do not parse (magics, Python 2) are varied like the others: a
statement goes at the indentation of the line it precedes, never inside brackets or a string, before a
clause that continues a block (`else:`) or between a decorator and what it decorates. A cell that parsed
still parses (checked; if not, the statement goes before every RUN-th statement the parser finds).
"""

import ast
import re

RUN = 4
"""Logical lines of the cell at most between two statements naming the copy."""
_CLAUSE = re.compile(r"(else|elif|except|finally|case)\b")
_STRINGS = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")


def _logical_lines(lines: list[str]) -> list[tuple[int, str, bool]]:
    """(line index, indentation, whether a statement may go before it) of each line that starts a
    logical line: not blank or a comment, not inside brackets, a string or after a backslash."""
    found, depth, in_string, continued, decorated = [], 0, False, False, False
    for index, line in enumerate(lines):
        stripped = line.lstrip()
        if not in_string and depth == 0 and not continued and stripped and not stripped.startswith("#"):
            insertable = not decorated and not _CLAUSE.match(stripped)
            found.append((index, line[:len(line) - len(stripped)], insertable))
            decorated = stripped.startswith("@")
        quotes = line.count('"""') + line.count("'''")
        code = _STRINGS.sub("", line).split("#")[0]
        if quotes % 2:
            in_string = not in_string
        elif not in_string:
            depth = max(0, depth + sum(code.count(c) for c in "([{") - sum(code.count(c) for c in ")]}"))
        continued = code.rstrip().endswith("\\")
    return found


def _points(starts: list[tuple[int, str, bool]]) -> list[tuple[int, str]]:
    """Where the statements go: before an insertable line, as late as possible so that no more than RUN
    logical lines come between two of them (and before the first insertable line)."""
    points, run = [], RUN
    for at, (index, indent, insertable) in enumerate(starts):
        if insertable:
            following = 0
            while at + 1 + following < len(starts) and not starts[at + 1 + following][2]:
                following += 1
            if run + 1 + following > RUN:
                points.append((index, indent))
                run = 0
        run += 1
    return points


def parses(source: str) -> bool:
    try:
        ast.parse(source)
    except SyntaxError:
        return False
    return True


def varied(source: str, copy: int) -> str:
    """The cell's code with statements naming `copy` (see the module docstring)."""
    lines = source.split("\n")
    for index, indent in reversed(_points(_logical_lines(lines))):
        lines.insert(index, f"{indent}len.copy{copy}")
    result = "\n".join(lines) + f"\n# copy {copy}"
    if parses(result) or not parses(source):
        return result
    return _by_statements(source, copy)


def _by_statements(source: str, copy: int) -> str:
    """The statement naming `copy` before every RUN-th statement the parser finds, at its column."""
    lines = source.split("\n")
    starts = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.stmt):
            line = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            if lines[line - 1][:node.col_offset].strip() == "" and line not in starts:
                starts[line] = node.col_offset
    for number, line in enumerate(sorted(starts, reverse=True)):
        if number % RUN == 0:
            lines.insert(line - 1, " " * starts[line] + f"len.copy{copy}")
    return "\n".join(lines) + f"\n# copy {copy}"
