"""modularity: how much code a notebook holds outside functions, and how much one cell holds.

no-functions (MD001) and long-cell (MD002); the other modularity rules are in modularity.py.
"""

import ast
import re
from collections.abc import Iterator

from ..notebook.cell_memo import cells_where, per_text
from ..notebook.model import Cell, Notebook
from ..notebook.source import MAX_PARSED_CHARS
from .base import Violation, at_node
from .extract_fixes import extract_cell_fix

_DEF_TEXT = re.compile(r"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]", re.MULTILINE)
# How a shell line (`!ls`) or a magic (`%matplotlib inline`) reads once translated to Python.
_COMMAND = "get_ipython()."
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom, ast.Expr)
_OWNERS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# The fields that hold statements: a def or a class is only ever in one of them (an except clause's and a match
# case's body too).
_STATEMENT_LISTS = ("body", "orelse", "finalbody", "handlers", "cases")


# A line holding code (something other than blanks, and not a comment) and a line that is a command, for a
# whole cell at once. `[^\S\n]` is whitespace short of a line break: \s and str.lstrip strip the same characters.
_CODE_LINE = re.compile(r"^[^\S\n]*[^\s#]", re.MULTILINE)
_COMMAND_LINE = re.compile(r"^[^\S\n]*" + re.escape(_COMMAND), re.MULTILINE)


@per_text
def _line_counts(cell: Cell) -> tuple[int, int]:
    """Lines of a cell that hold code (not blank, not only a comment, not a docstring), and how many of them
    are Python statements: a shell line (`!aws s3 ls`) or a magic is a command typed at a prompt, not a
    step a function would hold. Counted by scans in C, not a loop over the lines; only docstrings' lines
    are looked at one by one."""
    python = cell.parsed.python
    code = len(_CODE_LINE.findall(python))
    commands = len(_COMMAND_LINE.findall(python)) if _COMMAND in python else 0
    if '"""' in python or "'''" in python:
        code, commands = _without_lines(python, _docstring_lines(cell), code, commands)
    return code, code - commands


def _without_lines(python: str, documented: frozenset[int], code: int, commands: int) -> tuple[int, int]:
    """The counts of code and command lines less those of the documented lines."""
    lines = python.split("\n")
    for number in documented:
        text = lines[number - 1].lstrip() if number <= len(lines) else ""
        # lstrip leaves a line of whitespace empty, as strip does; a comment line starts with "#".
        if text and text[0] != "#":
            code -= 1
            commands -= text.startswith(_COMMAND)
    return code, commands


def _code_lines(cell: Cell) -> int:
    """Lines of a cell that hold code (not blank, not only a comment, not a docstring)."""
    return _line_counts(cell)[0]


def _python_lines(cell: Cell) -> int:
    """Lines of code that are Python statements, not shell lines or magics."""
    return _line_counts(cell)[1]


def _docstring_lines(cell: Cell) -> frozenset[int]:
    """The lines of the docstrings of the cell, its functions and its classes."""
    lines: set[int] = set()
    tree = cell.parsed.tree
    for owner in [tree, *_definitions_in(tree.body)] if tree is not None else ():
        first = owner.body[0] if owner.body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            lines.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    return frozenset(lines)


def _definitions_in(statements: list[ast.stmt]) -> list[ast.AST]:
    """The functions and classes among the statements and in their blocks, nested ones included: only
    statements are walked (a def is never inside an expression), not the cell's whole tree."""
    found = []
    stack = list(statements)
    while stack:
        statement = stack.pop()
        if isinstance(statement, _OWNERS):
            found.append(statement)
        for field in _STATEMENT_LISTS:
            block = getattr(statement, field, None)
            if block.__class__ is list:
                stack.extend(block)
    return found


@per_text
def _defines_function(cell: Cell) -> bool:
    if cell.parsed.cell_magic == "writefile":
        # `%%writefile helpers.py` with functions in it is the move to a module this rule asks for.
        return bool(_DEF_TEXT.search(cell.source))
    if not _DEF_TEXT.search(cell.parsed.python):
        return False
    return bool(_definitions_in(cell.parsed.tree.body))


@per_text
def _holds_python(cell: Cell) -> bool:
    """Whether the cell holds a Python statement, not only shell lines and magics. A cell that shows a
    computed value (`df["plan"].value_counts()`) is a step of the analysis like any other."""
    return _python_lines(cell) > 0


def no_functions(nb: Notebook) -> Iterator[Violation]:
    """A long notebook, or one of many cells, defines no function or class at all.

    Why: code that only exists as a sequence of cells cannot be imported, reused, tested or run as a
    pipeline step; promoting it means rewriting it. Twenty short cells are as much a script as one
    long one.
    Example: 300 lines of loading, cleaning and modelling at the top level of 40 cells; or 25 cells of
    two or three lines each.
    Instead: gather each step into a function (`load()`, `clean(df)`, `train(X, y)`), ideally in a module.
    """
    threshold = nb.config.threshold("no_functions_lines", 40)
    cells_threshold = nb.config.threshold("no_functions_cells", 20)
    cells = nb.python_cells
    lines = sum(_python_lines(cell) for cell in cells)
    if lines < threshold:
        # Cells of only shell lines or magics (`!ls`, `%matplotlib inline`) are commands, not steps.
        working = len(cells_where(_holds_python, cells))
        if working < cells_threshold:
            return
    if any(_defines_function(cell) for cell in cells):
        return
    if lines >= threshold:
        yield Violation(f"{lines} lines of code and not one function or class: nothing here can be reused or tested")
    else:
        yield Violation(f"{working} cells of code ({lines} lines) and not one function or class: nothing here can be "
                        "reused or tested")


def long_cell(nb: Notebook) -> Iterator[Violation]:
    """A code cell is very long.

    Why: a long cell does many things at once; it cannot be re-run in part, its failures are hard to
    locate, and it is too big to review or to turn into a function.
    Example: a 120-line cell that loads, cleans, trains and plots.
    Instead: split it into focused cells, or move its steps into functions.
    """
    threshold = nb.config.threshold("long_cell_lines", 50)
    for cell in nb.python_cells:
        if cell.parsed.too_large:
            yield Violation(f"This cell holds {len(cell.source) / 1e6:.1f} MB of code, more than the "
                            f"{MAX_PARSED_CHARS / 1e6:g} MB read for one cell: it was not analysed; move generated "
                            "data to a file the notebook reads, or split the cell", cell, 1, 0, 1, 0, weight=3.0)
            continue
        lines = _code_lines(cell)
        if lines <= threshold:
            continue
        body = cell.parsed.tree.body
        if body and all(isinstance(s, _DEFINITIONS) for s in body):
            advice = "move these definitions into a module and import them"
        else:
            advice = "split it into focused cells or functions"
        where = body[0] if body else cell
        violation = at_node(f"This cell has {lines} lines of code (more than {threshold}): {advice}", cell, where,
                            weight=min(lines / threshold, 3.0))
        yield first_line_only(violation, cell, extract_cell_fix(cell))


def first_line_only(violation: Violation, cell: Cell, fixes: tuple = ()) -> Violation:
    """Underline only the first line of a statement, not a whole block."""
    line = violation.line or 1
    text = cell.source.split("\n", line)  # the lines up to this one, not all of a long cell's
    end = len(text[line - 1]) if 0 < line <= len(text) else violation.end_column
    return Violation(violation.message, cell, line, violation.column or 0, line, end,
                     severity=violation.severity, weight=violation.weight, fixes=fixes)
