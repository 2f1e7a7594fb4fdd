"""Which module-level names each statement reads and binds, across cells, in notebook order.

The leakage rules ask questions like "does data derived from `X_scaled` later reach `train_test_split`?".
Answering them needs no types and no interprocedural analysis, only a cheap forward model: the
statements of the notebook as steps, each with the names it reads and the names it (re)binds or
changes in place, and a :class:`Derivation` that carries a set of names forward through the steps.

It is deliberately approximate. For speed, the names a statement reads are taken from its text
(identifiers outside strings, comments and attribute positions) rather than from a walk of its tree:
a full tree walk costs as much as parsing. Rules that need a statement's calls get them from
:func:`calls`, which walks one statement once and remembers the result. Other approximations keep
findings conservative:

- a binding inside a loop, `if` or `try` at module level may not run, so it never clears a name;
- `obj.fit(data)` (and `fit_transform`, `fit_resample`, `partial_fit`) re-derives `obj` from `data`:
  a refit on the training split replaces what a fit on the whole data set taught the object;
- `df["c"] = ...`, `df.x = ...`, `x += ...`, `items.append(...)`, `df.method(..., inplace=True)`
  change a name in place: they can add to what it derives from, never clear it;
- function bodies are not followed (their names are bound when called), except that rules can look
  up a function's definition in :attr:`DataFlow.functions`.
"""

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from ..python.syntax import child_nodes
from .cell_memo import cells_mentioning, per_cell, per_node, per_text
from .model import Cell, Notebook
from .statement_shapes import cell_shapes

# Strings and comments. Each starts with a prefix letter, a quote or `#`: the lookahead says so first, so
# that the scan passes the other positions without trying each alternative there (a quarter faster).
_STRINGS = re.compile(r"(?s)(?=[rRbBuUfF'\"#])(?:[rRbBuUfF]{0,2}(?:\"\"\".*?\"\"\"|\'\'\'.*?\'\'\'|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*')"
                      r"|#[^\n]*)")
# An identifier that is not an attribute (`.values`) nor a keyword argument's name (`axis=1`). Its first letter
# comes first and the look behind it second (two characters: the letter and the one before): the scan skips
# ahead to a letter instead of trying the look-behind at every character (its findall over the
# corpus's 8,000 statement texts: 11 -> 9 ms CPU).
_IDENTIFIER = re.compile(r"[A-Za-z_](?<![\w.][A-Za-z_])\w*\b(?!\s*=(?!=))")

_NOTHING: frozenset[str] = frozenset()


class _kept:
    """A value computed on first use and kept in the instance's dict, which then answers every later
    lookup. functools.cached_property does the same under a lock every first use takes (Python 3.11):
    a cold check computes a few thousand of these, on one thread."""

    def __init__(self, compute) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value



@dataclass(frozen=True, init=False)
class Step:
    """One statement (or the header of a compound statement) at module level."""

    cell: Cell
    node: ast.stmt
    exprs: tuple[ast.AST, ...]
    """The nodes this step evaluates: the statement itself, or a compound statement's header only.
    Walking the `exprs` of all steps visits every module-level node exactly once."""
    text: str
    """The source lines of those nodes, for cheap text checks before any walk."""
    binds: frozenset[str]
    """Names this step rebinds as a whole."""
    updates: frozenset[str]
    """Names this step changes in place (and names it binds when it may not run)."""
    certain: bool
    """False inside loops, ifs and trys: the step may not run, or run many times."""
    values: tuple[tuple[str, ast.expr], ...] = ()
    """`name = expression` bindings, for rules that want to know what a name was made from."""
    refits: frozenset[str] = frozenset()
    """Receivers of `.fit(...)`-like calls: rebound from the call's arguments, still the same object."""
    assigned: frozenset[str] = frozenset()
    """Plain names on the left of `=` (bound, not read, unless they appear on the right too)."""

    def __init__(self, cell: Cell, node: ast.stmt, exprs: tuple, text: str, binds: frozenset[str],
                 updates: frozenset[str], certain: bool, values: tuple = (), refits: frozenset[str] = _NOTHING,
                 assigned: frozenset[str] = _NOTHING) -> None:
        # The fields written at once, as rows.Value does: a frozen dataclass's own __init__ sets each
        # through object.__setattr__, and a cell's steps are made for every statement it has.
        fields = self.__dict__
        fields["cell"] = cell
        fields["node"] = node
        fields["exprs"] = exprs
        fields["text"] = text
        fields["binds"] = binds
        fields["updates"] = updates
        fields["certain"] = certain
        fields["values"] = values
        fields["refits"] = refits
        fields["assigned"] = assigned

    @_kept
    def reads(self) -> frozenset[str]:
        """Names the step reads; computed on first use (most rules never need them) and kept with the
        step, which lives as long as its cell (a frozen dataclass still has an instance dict for it)."""
        return statement_reads(self.node, self.text, self.assigned, self.refits)


@dataclass(frozen=True)
class DataFlow:
    steps: tuple[Step, ...]
    imported: frozenset[str]
    """Names bound by import statements anywhere at module level (modules, not data)."""
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef]
    """The last module-level definition of each function name."""
    cells: tuple[tuple[Cell, int, int], ...] = ()
    """(cell, position of its first step, number of steps) for each cell with steps, in order."""
    python_cells: tuple[Cell, ...] = ()
    """Every cell the flow was built from, steps or not."""

    def mentioning(self, *words: str) -> list[int]:
        """Positions of the steps whose text contains one of the words, in order.

        Only cells whose text has one of them are looked at (cell_memo.cells_mentioning keeps that
        answer across analyses), and each cell's answer is kept with the cell: rules look at the few
        steps that can matter instead of testing every step's text.
        """
        positions: list[int] = []
        starts = self._starts
        for cell in cells_mentioning(self.python_cells, words):
            start = starts.get(cell)
            if start is not None:
                positions.extend(start + i for i in _steps_mentioning(cell, words))
        return positions

    @cached_property
    def _starts(self) -> dict[Cell, int]:
        return {cell: start for cell, start, _ in self.cells}

    def derivation(self, names: Iterable[str]) -> "Derivation":
        return Derivation(set(names))

    def following(self, position: int) -> Iterator[tuple[int, Step]]:
        """The steps after `position`, with their positions."""
        for index in range(position + 1, len(self.steps)):
            yield index, self.steps[index]


class Derivation:
    """The set of names holding data derived from some seed names, carried forward step by step."""

    def __init__(self, names: set[str]) -> None:
        self.names = names

    def advance(self, step: Step) -> frozenset[str]:
        """Apply one step; return the derived names it read (before its own bindings)."""
        hit = step.reads & self.names
        if hit:
            self.names |= step.binds | step.updates
        elif step.certain:
            self.names -= step.binds
        return hit


def dataflow(nb: Notebook) -> DataFlow:
    """The notebook's flow, built once per analysis from per-cell results cached by syntax tree."""
    return nb.shared("dataflow", lambda notebook: _build(notebook.python_cells))


def _build(cells: list[Cell]) -> DataFlow:
    steps: list[Step] = []
    imported: set[str] = set()
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
    spans = []
    for cell in cells:
        if cell.parsed.tree is None:
            continue
        cell_steps, cell_imports, cell_functions = _cell_steps(cell)
        imported |= cell_imports
        functions.update(cell_functions)
        if cell_steps:
            spans.append((cell, len(steps), len(cell_steps)))
            steps.extend(cell_steps)
    return DataFlow(tuple(steps), frozenset(imported), functions, tuple(spans), tuple(cells))


def cell_steps(cell: Cell) -> tuple[Step, ...]:
    """The steps of one parsed cell, the very ones of the notebook's flow (kept with the cell)."""
    return _cell_steps(cell)[0]


# Per-cell results depend only on the cell, which is the same object while it is unchanged
# (model.RecentCells): a one-cell edit recomputes one cell.
@per_cell
def _cell_steps(cell: Cell) -> tuple:
    shapes, cell_imports, cell_functions = cell_shapes(cell.parsed.tree, cell.parsed.python)
    return tuple(Step(cell, *shape) for shape in shapes), cell_imports, cell_functions


@per_text
def _steps_mentioning(cell: Cell, words: tuple[str, ...]) -> tuple[int, ...]:
    """Positions within the cell of the steps whose text contains one of the words."""
    if not any(word in cell.parsed.python for word in words):
        return ()
    return tuple(i for i, step in enumerate(cell_steps(cell)) if any(word in step.text for word in words))


def cell_reads(cell: Cell) -> frozenset[str]:
    """The names the cell's module-level statements read, refit or change in place, from the shapes of
    its tree (shared by every cell with the same text), without making its Steps."""
    if cell.parsed.tree is None:
        return _NOTHING
    found: set[str] = set()
    for shape in cell_shapes(cell.parsed.tree, cell.parsed.python)[0]:
        found |= shape[4]  # what it changes in place
        if shape[2]:  # a definition or an import has no text to read names from (and no refits)
            refits = shape[7]
            found |= statement_reads(shape[0], shape[2], shape[8], refits)
            found |= refits
    return frozenset(found)


def reads_and_binds(cell: Cell) -> Iterator[tuple[frozenset[str], frozenset[str]]]:
    """The reads and binds of each of the cell's steps, in order, from the shapes of its tree without
    making its Steps (what `step.reads, step.binds` give for each of cell_steps(cell))."""
    if cell.parsed.tree is None:
        return
    for node, _, text, binds, _, *rest in cell_shapes(cell.parsed.tree, cell.parsed.python)[0]:
        yield (statement_reads(node, text, rest[3], rest[2]) if text else _NOTHING), binds


def statement_reads(node: ast.stmt, text: str, assigned: frozenset[str], refits: frozenset[str]) -> frozenset[str]:
    """The names a statement reads, from its text: the identifiers outside strings and comments, but the
    plain names it assigns (unless read on the right too) and the receivers of its fits."""
    code = _STRINGS.sub(" ", text) if ("'" in text or '"' in text or "#" in text) else text
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and "=" in code:
        left, right = code.split("=", 1)
        reads = set(_IDENTIFIER.findall(right)) | (set(_IDENTIFIER.findall(left)) - assigned)
    else:
        reads = set(_IDENTIFIER.findall(code))
    reads -= refits
    if isinstance(node, ast.AugAssign):
        reads |= assigned
    return frozenset(reads)



def calls(step: Step) -> tuple[ast.Call, ...]:
    """The calls a step makes, outermost first; each statement is walked once, whoever asks."""
    return _statement_calls(step.node, step.exprs)


@per_node
def _statement_calls(_node: ast.stmt, exprs: tuple[ast.AST, ...]) -> tuple[ast.Call, ...]:
    collected: list[ast.Call] = []
    stack = list(reversed(exprs))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Call):
            collected.append(node)
        stack.extend(reversed(child_nodes(node)))  # the `ctx` markers left out: no call is under one
    return tuple(collected)
