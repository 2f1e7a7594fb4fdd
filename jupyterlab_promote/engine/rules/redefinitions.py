"""hidden_state: a function (or class) defined again in a later cell with small edits (HS013).

Two versions of one function live in the notebook, and the kernel holds whichever cell ran last: the
cells between the two definitions ran the first version, a re-run of the first cell brings it back.
A definition repeated word for word, or with only its docstring or comments changed, changes nothing
(a long one is DU001's copy-paste); a rewrite that keeps only the name is a new function, not an edit;
both stay quiet, unless a cell between the two calls the function in a way the new signature no longer
accepts (re-running that cell now fails). An example cell that defines `f` and uses it at once, when no
other cell reads `f`, leaves nothing behind that depends on the order: quiet too. So do the patterns that
define a name twice on purpose: `@typing.overload` stubs,
property accessors and `singledispatch` registrations (`@x.setter`, `@f.register`), and exercise
notebooks whose first version is a stub to fill in (`pass`, `...`, `raise NotImplementedError`, or a
`# YOUR CODE HERE` blank).
"""

import ast
import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property, lru_cache

from ..notebook.cell_memo import cells_where, per_text
from ..notebook.model import Cell, Notebook
from .base import Rule, Violation, char_column

MIN_SIMILARITY = 0.6
"""Lines kept: below this (and MIN_TEXT_SIMILARITY) the later function is a rewrite under the same name,
not an edit of the first."""
MIN_TEXT_SIMILARITY = 0.8
"""Characters kept: a two-line function with its one line edited keeps half its lines, most of its text."""
# What exercise notebooks leave in a stub for the student to replace, in a comment: `s = None  # YOUR CODE HERE`.
_EXERCISE = re.compile(r"\b(?:your code|code here|todo|fill (?:in|this)|write your|implement (?:this|here))\b",
                       re.IGNORECASE)
# Decorators that define one name several times by design.
_BY_DESIGN = ("overload", "setter", "getter", "deleter", "register")
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclass(frozen=True)
class Definition:
    name: str
    line: int
    column: int
    end_column: int
    lines: tuple[str, ...]
    """The function's source lines with its decorators, stripped; docstring, blank and comment lines
    left out."""
    stub: bool
    """Nothing to run yet (`pass`, `...`, `raise NotImplementedError`), or an exercise's blanks to fill."""
    node: ast.AST = field(compare=False, repr=False)
    docstring: ast.stmt | None = field(compare=False, repr=False)

    @cached_property
    def tree(self) -> str:
        """ast.dump without positions or docstring: equal trees are the same function whatever the layout.
        Dumped only when a name is defined twice (a dump of every definition cost a cold run 0.1 s)."""
        return _behaviour(self.node, self.docstring)


def _is_stub(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> bool:
    """A body with nothing to run: a docstring, `pass`, `...` or `raise NotImplementedError`."""
    for statement in node.body:
        if isinstance(statement, ast.Pass):
            continue
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue  # a docstring or `...`
        if isinstance(statement, ast.Raise) and "NotImplementedError" in ast.dump(statement):
            continue
        return False
    return True


def _by_design(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name in _BY_DESIGN:
            return True
    return node.name == "_"


def _behaviour(node: ast.AST, docstring: ast.stmt | None) -> str:
    """The tree without positions or docstring: equal for definitions that differ only in layout,
    comments or documentation."""
    if docstring is None:
        return ast.dump(node, include_attributes=False)
    bare = copy.copy(node)
    bare.body = node.body[1:]
    return ast.dump(bare, include_attributes=False)


@per_text
def definitions(cell: Cell) -> tuple[Definition, ...]:
    """The module-level functions and classes of a cell, last definition of each name."""
    tree = cell.parsed.tree
    body = tree.body if tree is not None else ()
    defined = [node for node in body if isinstance(node, _DEFINITIONS) and not _by_design(node)]
    if not defined:
        return ()  # most cells: their text is not split into lines
    source = cell.source.split("\n")
    python = cell.parsed.python.split("\n")
    found: dict[str, Definition] = {}
    for node in defined:
        start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        text = python[start - 1:node.end_lineno]
        docstring = node.body[0] if ast.get_docstring(node, clean=False) is not None else None
        if docstring is not None:  # prose, not what the function does
            text[docstring.lineno - start:docstring.end_lineno - start + 1] = []
        stub = _is_stub(node) or any("#" in line and _EXERCISE.search(line, line.index("#")) for line in text)
        lines = tuple(stripped for line in text if (stripped := line.strip()) and not stripped.startswith("#"))
        header = source[node.lineno - 1] if node.lineno <= len(source) else ""
        found[node.name] = Definition(node.name, node.lineno, char_column(cell, node.lineno, node.col_offset) or 0,
                                      len(header.rstrip()), lines, stub, node, docstring)
    return tuple(found.values())


@per_text
def _defines_something(cell: Cell) -> bool:
    return bool(definitions(cell))


# Each pair of definitions is compared on every analysis while both stay: their similarity is kept.
@lru_cache(maxsize=64)
def _similarity(first: tuple[str, ...], second: tuple[str, ...]) -> float | None:
    """How much of the first definition the second keeps (by lines, or by characters for short ones),
    None for a rewrite."""
    lines = SequenceMatcher(None, first, second, autojunk=False)
    text = SequenceMatcher(None, "\n".join(first), "\n".join(second), autojunk=False)
    # quick_ratio bounds ratio from above, from counts alone: a rewrite is told without the matching blocks.
    if lines.quick_ratio() < MIN_SIMILARITY and text.quick_ratio() < MIN_TEXT_SIMILARITY:
        return None
    by_lines, by_text = lines.ratio(), text.ratio()
    if by_lines < MIN_SIMILARITY and by_text < MIN_TEXT_SIMILARITY:
        return None
    return max(by_lines, by_text)


def _callers(nb: Notebook, name: str, first: int, last: int) -> list[int]:
    """Cells between two definitions that read the name: they ran the first version."""
    return [cell.index for cell in nb.python_cells if first < cell.index < last and name in _read_names(cell)]


@per_text
def _read_names(cell: Cell) -> frozenset[str]:
    """The names the cell reads, at run time or inside its functions (one set test per cell, not a walk
    through its references for each redefined name)."""
    return frozenset(ref.name for ref in (*cell.parsed.names.used, *cell.parsed.names.deferred))


def _loads(cell: Cell, name: str) -> bool:
    return any(node.id == name and isinstance(node.ctx, ast.Load) for node in cell.parsed.nodes(ast.Name))


def _self_contained(nb: Notebook, name: str, first: Cell, later: Cell) -> bool:
    """Each of the two cells defines the name and uses it at once, and no cell reads it from another:
    the example pattern (`def f(x): ...` then `plot(f)`, in one cell, for each new example)."""
    if any(name in _read_names(cell) for cell in nb.python_cells):
        return False
    return _loads(first, name) and _loads(later, name)


def _accepts(function: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call) -> bool:
    """Whether the function's parameters take the call's arguments (True when a `*args`/`**kwargs` in the
    call hides them)."""
    if any(isinstance(arg, ast.Starred) for arg in call.args) or any(kw.arg is None for kw in call.keywords):
        return True
    spec = function.args
    positional = [*spec.posonlyargs, *spec.args]
    if len(call.args) > len(positional) and spec.vararg is None:
        return False
    by_keyword = {arg.arg for arg in (*spec.args, *spec.kwonlyargs)}
    if spec.kwarg is None and any(kw.arg not in by_keyword for kw in call.keywords):
        return False
    given = {arg.arg for arg in positional[:len(call.args)]} | {kw.arg for kw in call.keywords}
    required = positional[:len(positional) - len(spec.defaults)]
    required += [arg for arg, default in zip(spec.kwonlyargs, spec.kw_defaults) if default is None]
    return all(arg.arg in given for arg in required)


def _broken_calls(nb: Notebook, definition: Definition, callers: list[int]) -> list[int]:
    """The cells among `callers` that call the function in a way its new definition does not accept."""
    if not isinstance(definition.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return []
    broken = []
    for cell in nb.python_cells:
        if cell.index in callers and any(
                isinstance(call.func, ast.Name) and call.func.id == definition.name
                and not _accepts(definition.node, call) for call in cell.parsed.nodes(ast.Call)):
            broken.append(cell.index)
    return broken


def _cell_numbers(indexes: list[int]) -> str:
    return ", ".join(f"#{index + 1}" for index in indexes[:3]) + (" and more" if len(indexes) > 3 else "")


def function_redefined(nb: Notebook) -> Iterator[Violation]:
    """A function (or class) is defined again in a later cell with small edits.

    Why: the kernel keeps whichever definition ran last. The cells between the two ran the first
    version, running the first cell again brings it back, and a reader cannot tell which version
    produced a result.
    Example: `def train(model, data)` in cell 4 and `def train(model, data, epochs)` in cell 12.
    Instead: keep one definition (give it a parameter for what changed), or give the new version a new
    name.
    """
    seen: dict[str, tuple[Cell, Definition]] = {}
    # Only the cells that define something, a filter kept across analyses (changed cells retested).
    for cell in cells_where(_defines_something, nb.python_cells):
        for definition in definitions(cell):
            earlier = seen.get(definition.name)
            seen[definition.name] = (cell, definition)
            if earlier is None or earlier[1].stub or definition.stub or earlier[1].tree == definition.tree:
                continue
            first_cell, first = earlier
            similarity = _similarity(first.lines, definition.lines)
            callers = _callers(nb, definition.name, first_cell.index, cell.index)
            if similarity is None:
                broken = _broken_calls(nb, definition, callers)
                if broken:
                    yield Violation(
                        f"`{definition.name}` is defined again here with other parameters, but "
                        f"cell{'s' if len(broken) > 1 else ''} {_cell_numbers(broken)} above call{'' if len(broken) > 1 else 's'} "
                        f"the definition of cell #{first_cell.index + 1}: re-run after this cell, "
                        f"{'they fail' if len(broken) > 1 else 'it fails'}; give the new function a new name",
                        cell, definition.line, definition.column, definition.line, definition.end_column)
                continue
            if not callers and _self_contained(nb, definition.name, first_cell, cell):
                continue
            ran = ""
            if callers:
                ran = f" (cell{'s' if len(callers) > 1 else ''} {_cell_numbers(callers)} ran the earlier one)"
            yield Violation(
                # Rounded down: a one-line change to a long function is 99 %, never "100 % similar".
                f"`{definition.name}` is defined again here with small edits ({int(100 * similarity)} % similar to cell "
                f"#{first_cell.index + 1}){ran}: which version runs depends on which cell ran last; keep one "
                "definition, or give the new one a new name",
                cell,
                definition.line,
                definition.column,
                definition.line,
                definition.end_column,
            )


RULES = (
    Rule("HS013", "function-redefined", "hidden_state", "warning", function_redefined, points=3),
)
