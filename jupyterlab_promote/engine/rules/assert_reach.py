"""What the asserts of a notebook reach: the functions a checked function calls, and the functions and
variables a checked variable was made from, across cells (`J = cost(theta)` in one cell, `assert J < 1`
in another; `quantize(w)` then `assert w[...]`)."""

import ast
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain

from ..notebook.cell_memo import per_source, per_text
from ..notebook.merge_memo import merged, update_positions
from ..notebook.model import Cell, Notebook
from ..notebook.source import parse_cell
from ..python.syntax import target_names

_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


def top_level(statements: list[ast.stmt]) -> list[ast.stmt]:
    """Module-level statements, including those under if/try/with/for/match (not inside defs or classes):
    each statement, then those of its body, orelse, finalbody, handlers and cases."""
    found: list[ast.stmt] = []
    _add_top_level(statements, found)
    return found


def _add_top_level(statements: list[ast.stmt], found: list[ast.stmt]) -> None:
    # Appended to one list, not yielded by nested generators: asked of every statement of most cells.
    for statement in statements:
        found.append(statement)
        kind = type(statement)
        blocks = _BLOCKS.get(kind)
        if blocks is None:
            blocks = _blocks(kind)
        for field in blocks:
            value = getattr(statement, field, None)
            if field in _CLAUSES:
                for clause in value or ():
                    _add_top_level(clause.body, found)
            elif value:
                _add_top_level(value, found)


# The fields of each statement type whose statements are module level too (none for a def or a class).
_BLOCKS: dict[type, tuple[str, ...]] = {}
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_CLAUSES = ("handlers", "cases")
"""Fields holding clauses (`except ...:`, `case ...:`) whose bodies hold the statements."""


def _blocks(kind: type) -> tuple[str, ...]:
    fields = () if issubclass(kind, _SCOPES) else tuple(
        name for name in ("body", "orelse", "finalbody", *_CLAUSES) if name in kind._fields)
    _BLOCKS[kind] = fields
    return fields


# How many assignments back from an assert a variable is followed (`J = cost(theta)`, `theta = fit(X)`):
# enough for compute-then-check cells, and it keeps a live re-analysis from walking every variable.
SOURCE_HOPS = 3


def reached(checked: set[str] | frozenset[str], calls: dict[str, frozenset[str]],
            sources: Mapping[str, Sequence[frozenset[str]]], examined: set[str] | None = None) -> set[str]:
    """The checked names plus, transitively, every notebook function a checked function calls (`calls`:
    function -> identifiers in its body) and what a checked variable was made from (`sources`, up to
    SOURCE_HOPS assignments back). `examined`, when given, receives every name whose entry in `sources`
    the answer depends on: with those entries unchanged, so is the answer."""
    exercised = set(checked)
    seen = examined if examined is not None else set()
    seen.update(checked)
    pending = [(name, 0) for name in checked if name in calls or name in sources]
    while pending:
        name, hops = pending.pop()
        made_from = chain.from_iterable(sources.get(name, ())) if hops < SOURCE_HOPS else ()
        for other in (*calls.get(name, ()), *made_from):
            seen.add(other)
            if (other in calls or other in sources) and other not in exercised:
                exercised.add(other)
                pending.append((other, hops + (other not in calls)))
    return exercised


@per_source
def _assignments(source: str) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """(names assigned or handed to a call, identifiers of the statement) for each module-level assignment
    or call statement of the cell."""
    parsed = parse_cell(source)
    if parsed.tree is None:
        return ()
    lines = parsed.python.split("\n")
    found = []
    for statement in top_level(parsed.tree.body):
        if isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and statement.value is not None:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names = frozenset([n.id for target in targets for n in target_names(target)])
        elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
            # `quantize(weights, 2)`, `model.fit(X)`: a call may change what it is given in place.
            names = frozenset(n.id for n in _call_inputs(statement.value) if isinstance(n, ast.Name))
        else:
            continue
        text = "\n".join(lines[statement.lineno - 1: statement.end_lineno or statement.lineno])
        found.append((names, identifiers(text) - names))
    return tuple(found)


def identifiers(text: str) -> frozenset[str]:
    """Every identifier in a text (names, attributes, keywords alike): a cheap superset of what it reads."""
    return frozenset(_IDENTIFIER.findall(text))


def _call_inputs(call: ast.Call) -> list[ast.expr]:
    """What a call is given: its arguments, and the object of a method call."""
    receiver = [call.func.value] if isinstance(call.func, ast.Attribute) else []
    return [*receiver, *call.args, *(keyword.value for keyword in call.keywords)]


def assigned_from(nb: Notebook) -> dict[str, list[frozenset[str]]]:
    """Each module-level variable with what each cell that binds it reads there, in cell order: joined
    only for the names an assert reaches. Kept while the cells stay the same objects, and after an edit
    updated for the names of the edited cells only (merge_memo.py); the answer is shared, not to be
    changed."""
    return merged(_merge_sources, nb.python_cells, update=_update_sources).sources


@dataclass(frozen=True)
class _Sources:
    by_cell: tuple[dict[str, frozenset[str]], ...]
    sources: dict[str, list[frozenset[str]]]

    @cached_property
    def positions(self) -> dict[str, tuple[int, ...]]:
        """The positions of the cells that bind each name: found for an update only (an inserted cell
        renumbers the cells below it, and the merge is made again)."""
        found: dict[str, list[int]] = {}
        for position, bound in enumerate(self.by_cell):
            for name in bound:
                found.setdefault(name, []).append(position)
        return {name: tuple(places) for name, places in found.items()}


def _merge_sources(cells: Sequence[Cell]) -> _Sources:
    by_cell = tuple(map(_cell_sources, cells))
    sources: dict[str, list[frozenset[str]]] = {}
    for bound in by_cell:
        for name, read in bound.items():
            sources.setdefault(name, []).append(read)
    return _Sources(by_cell, sources)


def _update_sources(last: _Sources, cells: Sequence[Cell], changed: list[int]) -> _Sources:
    by_cell = list(last.by_cell)
    sources, positions = dict(last.sources), dict(last.positions)
    names: set[str] = set()
    for position in changed:
        before, by_cell[position] = by_cell[position], _cell_sources(cells[position])
        update_positions(positions, position, before.keys(), by_cell[position].keys())
        names.update(before, by_cell[position])
    for name in names:  # what an edited cell binds may read other names now
        if name in positions:
            sources[name] = [by_cell[p][name] for p in positions[name]]
        else:
            sources.pop(name, None)
    update = _Sources(tuple(by_cell), sources)
    update.__dict__["positions"] = positions  # known already: the cached property is not computed again
    return update


@per_text
def _cell_sources(cell: Cell) -> dict[str, frozenset[str]]:
    reads: dict[str, frozenset[str]] = {}
    for names, read in _assignments(cell.source):
        for name in names:
            reads[name] = reads.get(name, frozenset()) | read
    return reads
