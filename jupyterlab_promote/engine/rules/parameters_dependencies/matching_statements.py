"""Only the statements whose text can hold what a rule looks for get walked.

Walking a syntax tree costs about as much as parsing it; a regex over the cell's text is far cheaper. The
rules here search the text first and walk only the top-level statements on the lines that matched; what
they find is cached by the cell's text, so a live re-analysis only looks at the cells that changed.
"""

import ast
import re
from bisect import bisect_right
from collections.abc import Iterable

from ...notebook.cell_memo import per_source
from ...notebook.source import has_magic_calls, magic_calls, parse_cell
from ...python.syntax import breadth_first


def matching_lines(python: str, starts: Iterable[int]) -> set[int]:
    """1-based line numbers of character offsets in a text."""
    offsets = sorted(starts)
    if not offsets:
        return set()
    line_starts = [0] + [m.end() for m in re.finditer("\n", python[: offsets[-1]])]
    return {bisect_right(line_starts, offset) for offset in offsets}


def statements_on(tree: ast.Module | None, lines: set[int]) -> list[ast.AST]:
    """The smallest statements spanning these lines: inside a `for`, `def` or `with` only the body
    statements on those lines (and the header's expressions when the header matched)."""
    if not lines or tree is None:
        return []
    return _narrow(tree.body, lines)


_BODIES = ("body", "orelse", "finalbody", "handlers")


def _narrow(statements: list, lines: set[int]) -> list[ast.AST]:
    found: list[ast.AST] = []
    for statement in statements:
        start, end = statement.lineno, statement.end_lineno or statement.lineno
        hit = {line for line in lines if start <= line <= end}
        if not hit:
            continue
        bodies = [b for b in (getattr(statement, name, None) for name in _BODIES) if isinstance(b, list) and b]
        if not bodies or isinstance(statement, ast.Match):
            found.append(statement)
            continue
        if min(hit) < min(body[0].lineno for body in bodies):
            found.extend(child for child in ast.iter_child_nodes(statement)
                         if not isinstance(child, (ast.stmt, ast.ExceptHandler)))
        for body in bodies:
            found.extend(_narrow(body, hit))
    return found


@per_source
def cell_magic_calls(source: str) -> tuple[tuple[str, str, ast.Call], ...]:
    """`source.magic_calls` of a cell, found once per cell text (it walks the whole tree)."""
    parsed = parse_cell(source)
    if parsed.tree is None or not parsed.uses_magics or not has_magic_calls(parsed.python):
        return ()
    lines = matching_lines(parsed.python, (m.start() for m in re.finditer(r"get_ipython\(\)", parsed.python)))
    return tuple(magic_calls(ast.Module(body=statements_on(parsed.tree, lines), type_ignores=[])))


def walk(statements: list[ast.AST]) -> list[ast.AST]:
    """ast.walk of each statement in turn, less the `ctx` markers (python.syntax.breadth_first)."""
    return [node for statement in statements for node in breadth_first(statement)]
