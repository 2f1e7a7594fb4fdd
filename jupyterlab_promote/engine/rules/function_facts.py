"""What a notebook's functions are and which of them its own checks exercise (TS001's facts).

Each cell's facts (the functions it defines and whether each needs a test, the names its asserts and
test functions check) are kept with its text; the notebook's merge of them is kept while the cells stay
the same objects, and an edit of cells that define no function and check the same names keeps it too
(merge_memo.py). What the checks reach through variables is kept while the names it examined keep
their sources.
"""

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..notebook.cell_memo import per_source, per_text
from ..notebook.merge_memo import merged
from ..notebook.model import Cell, Notebook
from ..notebook.source import parse_cell
from ..python.syntax import child_nodes
from .assert_reach import identifiers, reached, top_level

# Decorators that make a function framework plumbing (fixtures, widget callbacks), not logic to test.
_PLUMBING_DECORATORS = frozenset({"fixture", "interact", "interact_manual", "register_cell_magic",
                                  "register_line_magic", "register_line_cell_magic"})
# Presentation helpers: what they do is seen in the plot, and reviewers do not expect unit tests for it.
_PRESENTATION = re.compile(r"^(?:plot|show|display|draw|print|visuali[sz]e|render|animate|play)(?:_|$)|plot$")
# Functions that only fetch or store files: their effect is on disk, checked by the cells that load it.
_FILE_CHORES = re.compile(r"^(?:download|fetch|save|write|export|dump|upload|extract)(?:_|$)")
_RETURNS_VALUE = re.compile(r"^[ \t]*(return|yield)\b[ \t]*[^\s#]", re.MULTILINE)
_PRESENTS = re.compile(r"\b(plt|ax|axes|fig|sns|px|display|print)\b\s*[.(]|\.(plot|imshow|show|savefig)\(")
# Cell magics that run the cell's test functions with pytest; their body is not parsed as Python.
_TEST_CELL_MAGICS = frozenset({"ipytest", "run_pytest"})

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class _Function:
    node: FunctionNode
    needs_test: bool
    """Public, not trivial, not a test, fixture or plotting helper, no doctest."""
    mentions: frozenset[str]
    """Identifiers in its body: the notebook functions it calls, for what a tested function exercises."""


@dataclass(frozen=True)
class _CellFacts:
    """What one cell contributes; cached by source, so a one-cell edit recomputes one cell."""

    functions: tuple[_Function, ...] = ()
    checked: frozenset[str] = frozenset()
    """Names the cell's asserts and test functions exercise."""
    has_tests: bool = False


def _call_name(node: ast.AST) -> str:
    func = node.func if isinstance(node, ast.Call) else node
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _is_tiny(node: FunctionNode) -> bool:
    body = node.body[1:] if ast.get_docstring(node) is not None else node.body
    return len(body) <= 1 and all(isinstance(s, (ast.Return, ast.Expr, ast.Pass, ast.Raise, ast.Assign)) for s in body)


def _needs_test(node: FunctionNode, text: str) -> bool:
    name = node.name
    if name.startswith(("_", "test")) or _PRESENTATION.search(name.lower()) or _is_tiny(node):
        return False
    if _FILE_CHORES.match(name.lower()) and not _RETURNS_VALUE.search(text):
        return False
    if any(_call_name(d) in _PLUMBING_DECORATORS for d in node.decorator_list):
        return False
    if ">>>" in (ast.get_docstring(node) or ""):
        return False  # doctests
    # A function that only draws or prints is checked by looking at it, not by a unit test.
    return bool(_RETURNS_VALUE.search(text)) or not _PRESENTS.search(text)


def _is_check(node: ast.AST) -> bool:
    """An assert, an assert-style call (`assert_frame_equal`, `self.assertEqual`) or `raise AssertionError`."""
    if isinstance(node, ast.Assert):
        return True
    if isinstance(node, ast.Call):
        return _call_name(node).startswith("assert")
    return isinstance(node, ast.Raise) and node.exc is not None and _call_name(node.exc) == "AssertionError"


def _checked_names(tree: ast.Module) -> tuple[frozenset[str], bool]:
    """Names the cell's checks exercise, and whether it defines test functions.

    A cell that asserts outside any function is a test cell: everything it runs is checked by it
    (`out = clean(df)` then `assert out.notna().all()`). Inside `test_*` functions every name counts.
    An assert inside an ordinary function is a precondition, not a test. One pass over the tree.
    """
    in_cell: set[str] = set()
    in_tests: set[str] = set()
    checks = has_tests = False
    stack: list[tuple[ast.AST, bool, bool]] = [(tree, False, False)]  # node, inside a def, inside a test
    while stack:
        node, in_def, in_test = stack.pop()
        if isinstance(node, ast.Name):
            if in_test:
                in_tests.add(node.id)
            elif not in_def:
                in_cell.add(node.id)
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.name.startswith("test"):
                in_test = has_tests = True
            else:
                in_def = True
        elif not in_def and _is_check(node):
            checks = True
        stack.extend([(child, in_def, in_test) for child in child_nodes(node)])
    return frozenset(in_tests | in_cell if checks else in_tests), has_tests


@per_source
def _cell_facts(source: str) -> _CellFacts:
    parsed = parse_cell(source)
    if parsed.cell_magic in _TEST_CELL_MAGICS:
        return _CellFacts(checked=identifiers(source), has_tests=True)
    if parsed.tree is None:
        return _CellFacts()
    functions = []
    if "def " in parsed.python:
        # Split on "\n" only, as ast counts lines (splitlines would also split on form feeds).
        lines = parsed.python.split("\n")
        for statement in top_level(parsed.tree.body):
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                text = "\n".join(lines[statement.lineno - 1: statement.end_lineno or statement.lineno])
                functions.append(_Function(statement, _needs_test(statement, text), identifiers(text)))
    checked, has_tests = frozenset(), False
    text = parsed.python
    if "assert" in text or "AssertionError" in text or "def test" in text:
        checked, has_tests = _checked_names(parsed.tree)
    return _CellFacts(tuple(functions), checked, has_tests)


@per_text
def _kept_facts(cell: Cell) -> _CellFacts:
    """:func:`_cell_facts`, found in the cell itself on a re-analysis (not through the text's parse)."""
    return _cell_facts(cell.source)


@dataclass(frozen=True)
class _Merged:
    """The notebook's cell facts merged, kept while its cells stay the same objects (merge_memo.py)."""

    definitions: dict[str, tuple[Cell, _Function]]
    """Every function the notebook defines at module level: the first definition of each name."""
    candidates: tuple[str, ...]
    """The defined functions that need a test, in notebook order."""
    checked: frozenset[str]
    calls: dict[str, frozenset[str]]
    """Each defined function with the identifiers of its body."""
    exercised: frozenset[str]
    """What the notebook's own checks reach through the calls (no test files, no variables)."""
    has_tests: bool
    facts: tuple[_CellFacts, ...] = ()
    """Each cell's facts, in order: an update compares the edited cells' with them."""
    last_reach: list = field(default_factory=list, compare=False)
    """[checked names, variables' sources, what they reach, the names whose sources that depends on]: the
    last reach through the variables, kept for a re-analysis that asks it again."""

    def reach_through(self, checked: frozenset[str], sources: dict[str, list[frozenset[str]]]) -> set[str]:
        last = self.last_reach
        if last and (last[0] is checked or last[0] == checked) and (
                last[1] is sources or _same_for(last[1], sources, last[3])):
            last[1] = sources
            return last[2]
        examined: set[str] = set()
        exercised = reached(checked, self.calls, sources, examined)
        self.last_reach[:] = (checked, sources, exercised, examined)
        return exercised


def _same_for(before: dict[str, list], after: dict[str, list], names: set[str]) -> bool:
    """Whether the two sources agree on these names. An update of the sources keeps the very list of each
    name no edited cell binds, so only the names whose list is another are compared, and only those whose
    list says something else count (an edited cell rebuilds the lists of every name it binds)."""
    changed = [name for name, found in after.items() if before.get(name) is not found and before.get(name) != found]
    changed += [name for name in before if name not in after]
    return not any(name in names for name in changed)


def _merge(cells: Sequence[Cell]) -> _Merged:
    definitions: dict[str, tuple[Cell, _Function]] = {}
    checked: set[str] = set()
    has_tests = False
    facts = tuple(map(_kept_facts, cells))
    for cell, cell_facts in zip(cells, facts):
        for function in cell_facts.functions:
            definitions.setdefault(function.node.name, (cell, function))
        checked |= cell_facts.checked
        has_tests = has_tests or cell_facts.has_tests
    candidates = tuple(name for name, (_, function) in definitions.items() if function.needs_test)
    calls = {name: function.mentions for name, (_, function) in definitions.items()}
    exercised = frozenset(reached(checked, calls, {})) if candidates else frozenset()
    return _Merged(definitions, candidates, frozenset(checked), calls, exercised, has_tests, facts)


def _update(last: _Merged, cells: Sequence[Cell], changed: list[int]) -> _Merged:
    """The merge after an edit of cells that define no function, before or after, and check the same
    names: the same answer, with their facts. Any other edit merges again."""
    facts = list(last.facts)
    for position in changed:
        before, after = facts[position], _kept_facts(cells[position])
        if before.functions or after.functions or before.checked != after.checked or before.has_tests != after.has_tests:
            return _merge(cells)
        facts[position] = after
    return _Merged(last.definitions, last.candidates, last.checked, last.calls, last.exercised, last.has_tests,
                   tuple(facts), last.last_reach)


def merged_facts(nb: Notebook) -> _Merged:
    return merged(_merge, nb.python_cells, update=_update)
