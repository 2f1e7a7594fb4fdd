"""What the cells of a notebook define and read at module level, for the hidden-state rules.

Each cell's part is a summary kept with the cell (cell_memo.py); an analysis only merges them, and
keeps or updates the merge while the cells stay the same objects (merge_memo.py).
"""

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from ..notebook.cell_memo import per_text
from ..notebook.merge_memo import merged
from ..notebook.model import BUILTIN_NAMES, PYTHON2_BUILTINS, Cell, Notebook
from ..notebook.source import has_magic_calls, magic_calls_in, parse_cell
from ..python.names import NameRef

# Line magics that put names into the namespace that no cell visibly defines.
_NAME_INJECTING_MAGICS = frozenset({"run", "pylab", "store", "load", "R", "Rpull", "sql", "who_ls"})
# Text that may mean code writes names into the namespace; confirmed on the tree by _writes_namespace.
_NAMESPACE_CALLS = re.compile(r"\b(exec|globals|locals|vars|__builtins__|user_ns|setattr)\b")
_NAMESPACE_WORDS = ("exec", "globals", "locals", "vars", "__builtins__", "user_ns", "setattr")
_NAMESPACE_GETTERS = frozenset({"globals", "locals", "vars"})
_OUTPUT_HISTORY = re.compile(r"_i?\d+$|_i{1,3}$")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
# Line magics that run their argument as a statement in the user namespace (`%time model = fit(X)`).
_STATEMENT_MAGICS = frozenset({"time", "prun"})
# Names a Spark or Databricks kernel (or Jupyter started by `pyspark`) provides before the first cell runs.
SESSION_NAMES = frozenset({"sc", "spark", "sqlContext", "sqlCtx", "dbutils"})
# Kernels that provide them, by the words of their kernelspec (`PySpark`, `Spark 3 (Livy)`, `Glue PySpark`).
_SESSION_KERNEL = re.compile(r"spark|databricks|synapse|livy|glue|\bemr\b", re.IGNORECASE)


def definitions(nb: Notebook) -> tuple[dict[str, int], bool]:
    """First cell index defining each name, and whether the namespace can hold names no cell shows.

    Merged from per-cell summaries kept with the cells; the merge is kept while the cells stay the
    same objects, and after an edit updated for the edited cells' names only (merge_memo.py).
    """
    merge = merged(_merge_definitions, nb.code_cells, update=_update_definitions)
    return merge.first, merge.opaque


def kernel_definitions(nb: Notebook) -> tuple[dict[str, int], bool]:
    """:func:`definitions`, with the session names defined before the first cell (position -1) when the
    kernel may provide them: a Spark-like kernelspec, or none saved. A plain Python kernel does not, and a
    notebook that reads `sc` there ran only in a Jupyter that `pyspark` started: nowhere else."""
    first, opaque = definitions(nb)
    return ({**first, **dict.fromkeys(SESSION_NAMES, -1)} if provides_session_names(nb) else first), opaque


def provides_session_names(nb: Notebook) -> bool:
    spec = nb.metadata.get("kernelspec")
    if not isinstance(spec, dict):
        return True
    words = " ".join(str(spec.get(key, "")) for key in ("name", "display_name", "language"))
    return bool(_SESSION_KERNEL.search(words))


@dataclass(frozen=True)
class _Definitions:
    by_cell: tuple[tuple[frozenset[str], bool], ...]
    first: dict[str, int]
    opaque: bool

    @cached_property
    def first_position(self) -> dict[str, int]:
        """The position in the list of cells of each name's first definition: found for an update only
        (an inserted cell renumbers the cells below it, and the merge is made again)."""
        found: dict[str, int] = {}
        for position in range(len(self.by_cell) - 1, -1, -1):
            found.update(dict.fromkeys(self.by_cell[position][0], position))
        return found


def _merge_definitions(cells: Sequence[Cell]) -> _Definitions:
    by_cell = tuple(map(_cell_definitions, cells))
    first: dict[str, int] = {}
    # Later cells first, so each name ends up with the first cell that defines it.
    for cell, (names, _) in zip(reversed(cells), reversed(by_cell)):
        first.update(dict.fromkeys(names, cell.index))
    return _Definitions(by_cell, first, any(opaque for _, opaque in by_cell))


def _update_definitions(last: _Definitions, cells: Sequence[Cell], changed: list[int]) -> _Definitions:
    by_cell = list(last.by_cell)
    names: set[str] = set()
    for position in changed:
        names |= by_cell[position][0]
        by_cell[position] = _cell_definitions(cells[position])
        names |= by_cell[position][0]
    first, first_position = dict(last.first), dict(last.first_position)
    for name in names:
        now = min((p for p in changed if name in by_cell[p][0]), default=None)
        before = first_position.get(name)
        if before is not None and before not in changed:
            # Still defined there, and by no unchanged cell above it.
            now = before if now is None else min(now, before)
        elif before is not None and (now is None or now > before):
            # Its first definition went: the next cell below that defines it, if any.
            now = next((p for p in range(before + 1, len(by_cell)) if name in by_cell[p][0]), None)
        if now is None:
            first.pop(name, None)
            first_position.pop(name, None)
        else:
            first[name], first_position[name] = cells[now].index, now
    update = _Definitions(tuple(by_cell), first, any(opaque for _, opaque in by_cell))
    update.__dict__["first_position"] = first_position  # known already: the cached property is not computed again
    return update


@per_text
def _cell_definitions(cell: Cell) -> tuple[frozenset[str], bool]:
    """The names a code cell may define, and whether it can define names it does not show."""
    parsed = cell.parsed
    if parsed.tree is None:
        # A cell that does not parse may define anything it mentions: stay quiet about those.
        return frozenset(_IDENTIFIER.findall(cell.source) if parsed.syntax_error is not None else ()), False
    more: set[str] = set()  # beyond the bound names, which most cells' answer is, as they are
    if parsed.syntax_error is not None:
        # Lines that did not parse may define anything they mention (`X = <YOUR CODE>` defines X).
        more.update(_IDENTIFIER.findall(parsed.unparsed_code))
    if parsed.cell_magic == "capture":
        more.update(_IDENTIFIER.findall(cell.source.split("\n", 1)[0].replace("%%capture", "")))
    opaque = parsed.names.star_import or (_mentions_namespace(parsed.python) and _writes_namespace(cell))
    if parsed.uses_magics and has_magic_calls(parsed.python):
        for kind, argument, _ in magic_calls_in(parsed):  # in any order: only a flag and a set come of them
            opaque = opaque or kind in _NAME_INJECTING_MAGICS
            if kind in _STATEMENT_MAGICS:
                more.update(parse_cell(argument).names.defined_names)
    defined = parsed.names.defined_names
    return (defined | more if more else defined), opaque


def _mentions_namespace(python: str) -> bool:
    """_NAMESPACE_CALLS found in the text; its words are looked for first, as substrings (a scan each, in C),
    since the pattern's search tries each of them at every letter they start with."""
    return any(map(python.__contains__, _NAMESPACE_WORDS)) and _NAMESPACE_CALLS.search(python) is not None


def _writes_namespace(cell: Cell) -> bool:
    """`exec(...)`, `globals()[...] = `, `vars()`, `setattr(sys.modules[__name__], ...)`, IPython's
    `user_ns`: code that can bind module names no statement shows. Not `sns.pairplot(vars=[...])`,
    `setattr(layer, ...)` or the words in a comment."""
    for call in cell.parsed.nodes(ast.Call):
        func = call.func
        name = func.id if isinstance(func, ast.Name) else None
        if name == "exec" or (name in _NAMESPACE_GETTERS and not call.args and not call.keywords):
            return True
        if name == "setattr" and call.args and _is_module(call.args[0]):
            return True
    names = {node.id for node in cell.parsed.nodes(ast.Name)} | {node.attr for node in cell.parsed.nodes(ast.Attribute)}
    return bool(names & {"__builtins__", "user_ns"})


def _is_module(node: ast.expr) -> bool:
    """`sys.modules[__name__]`, `sys.modules["__main__"]`, `__main__`: the notebook's own namespace."""
    text = ast.unparse(node)
    return "sys.modules" in text or "__main__" in text


def is_builtin(name: str) -> bool:
    # Output history names (`_12`, `_i3`) start with an underscore: the pattern is tried on those alone.
    return name in BUILTIN_NAMES or (name[:1] == "_" and bool(_OUTPUT_HISTORY.match(name)))


@per_text
def first_read_names(cell: Cell) -> tuple[str, ...]:
    """The names of :func:`first_reads` (run time), for a cheap test before reading the references."""
    return tuple([ref.name for ref, _ in first_reads(cell)[0]])


@per_text
def all_read_names(cell: Cell) -> frozenset[str]:
    """The names of :func:`first_reads` including those read inside the cell's functions."""
    return frozenset(ref.name for ref, _ in first_reads(cell)[1])


@per_text
def first_reads(cell: Cell) -> tuple[list[tuple[NameRef, bool]], list[tuple[NameRef, bool]]]:
    """The first read of each non-builtin name, as (ref, inside a function): among the reads when the
    cell runs, and among those followed by the reads inside its functions."""
    names = cell.parsed.names
    # A cell written in Python 2 (`print "x"`) reads Python 2's builtins (`xrange`, `raw_input`).
    python2 = cell.parsed.python2
    seen: set[str] = set()
    at_run = _first_of_each_name(names.used, False, python2, seen)
    # The reads at run time come first in both lists: the second goes on where the first stopped.
    return at_run, at_run + _first_of_each_name(names.deferred, True, python2, seen)


def _first_of_each_name(refs: Sequence[NameRef], deferred: bool, python2: bool,
                        seen: set[str]) -> list[tuple[NameRef, bool]]:
    """(ref, deferred) for the first ref of each name not in `seen` nor a builtin; `seen` takes their names,
    and the builtins' too: a name read again (`print`, `len`, `np`) is one set test, not a builtin test."""
    first = []
    for ref in refs:
        name = ref.name
        if name in seen:
            continue
        seen.add(name)
        if name in BUILTIN_NAMES or (python2 and name in PYTHON2_BUILTINS) or (
                name[:1] == "_" and _OUTPUT_HISTORY.match(name)):  # is_builtin, without the call
            continue
        first.append((ref, deferred))
    return first


@per_text
def function_globals(cell: Cell) -> dict[str, frozenset[str]]:
    """Each function the cell defines at module level, with the module names its body reads when called
    (from the cell's name analysis, which walks the bodies anyway)."""
    return {name: frozenset(n for n in reads if not is_builtin(n)) for name, reads in cell.parsed.names.function_reads}


@per_text
def call_positions(cell: Cell) -> frozenset[tuple[int, int]]:
    """(line, column) of every name the cell calls (`score` in `score(0.7)`)."""
    return frozenset((call.func.lineno, call.func.col_offset) for call in cell.parsed.nodes(ast.Call)
                     if isinstance(call.func, ast.Name))
