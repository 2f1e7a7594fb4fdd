"""modularity: code that is not organised into functions, classes and focused cells."""

import ast
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..notebook.cell_memo import cells_where, per_text
from ..notebook.merge_memo import merged, update_counts, update_positions
from ..notebook.model import Cell, Notebook
from ..python.names import NameRef
from .base import Rule, Violation, at_node
from .code_size import first_line_only, long_cell, no_functions
from .extract_fixes import extract_cell_fix
from .pipeline_stages import STAGE_HINTS, call_name, pipeline_stage, top_level_nodes

# ALL_CAPS names are constants by convention; a single letter with or without digits (`X`, `W1`) is
# data (a matrix of weights), not a constant.
_CONSTANT = re.compile(r"^_?(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Z0-9_]*$")
_NESTING = (ast.For, ast.AsyncFor, ast.While, ast.If)


def mixed_stages_cell(nb: Notebook) -> Iterator[Violation]:
    """One cell loads data, transforms it, fits a model and/or plots: three or more pipeline stages.

    Why: the stages cannot be re-run, tested or moved into a pipeline separately; changing the plot
    re-reads the data and re-trains the model.
    Example: `df = pd.read_csv(...)`, `df.groupby(...)`, `model.fit(...)` and `plt.plot(...)` in one cell.
    Instead: one cell (or function) per stage: load, transform, fit, plot.
    """
    for cell in nb.python_cells:
        text = cell.parsed.python
        if not _mentions_stages(text, 3):
            continue
        first_calls: dict[str, tuple[ast.Call, str]] = {}
        for node in top_level_nodes(cell.parsed.tree):
            if isinstance(node, ast.Call):
                stage = pipeline_stage(node)
                if stage is not None:
                    known = first_calls.get(stage)
                    if known is None or (node.lineno, node.col_offset) < (known[0].lineno, known[0].col_offset):
                        first_calls[stage] = (node, call_name(node)[0])
        if len(first_calls) < 3:
            continue
        ordered = sorted(first_calls.items(), key=lambda item: (item[1][0].lineno, item[1][0].col_offset))
        described = ", ".join(f"{stage} ({name})" for stage, (_, name) in ordered)
        third = ordered[2][1][0]
        yield first_line_only(at_node(f"This cell {described}: split it into one cell per stage", cell, third), cell,
                               extract_cell_fix(cell))


# The stages' words, the shortest lists first: a cell is given up once too few stages are left to reach the
# number wanted, most often after a scan for `.fit` and the plotting words, before the fifteen of transforms.
_HINTS_FEWEST_FIRST = tuple(sorted(STAGE_HINTS, key=len))


def _mentions_stages(text: str, wanted: int) -> bool:
    """Whether the text mentions words of at least `wanted` pipeline stages (each word a scan in C)."""
    misses_left = len(STAGE_HINTS) - wanted
    for hints in _HINTS_FEWEST_FIRST:
        if not any(map(text.__contains__, hints)):
            misses_left -= 1
            if misses_left < 0:
                return False
    return True


@per_text
def _cell_bindings(cell: Cell) -> tuple[frozenset[str], frozenset[str]]:
    """The module-level names a cell defines, and those it binds with import, def or class (modules
    and functions, not mutable state)."""
    not_variables: set[str] = set()
    for node in cell.parsed.tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            not_variables.update((a.asname or a.name.split(".")[0]) for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            not_variables.add(node.name)
    return cell.parsed.names.defined_names, frozenset(not_variables)


@per_text
def _reads_in_functions(cell: Cell) -> bool:
    return bool(cell.parsed.names.deferred)


@dataclass(frozen=True)
class _Bindings:
    """Of every Python cell: the positions of the cells assigning each name, in order, and how many cells
    bind each name with import, def or class. Kept while the cells stay the same, updated for an edit."""

    by_cell: tuple[tuple[frozenset[str], frozenset[str]], ...]
    assigning: dict[str, tuple[int, ...]]
    not_variables: dict[str, int]


def _merge_bindings(cells: Sequence[Cell]) -> _Bindings:
    by_cell = tuple(map(_cell_bindings, cells))
    assigning: dict[str, list[int]] = {}
    not_variables: dict[str, int] = {}
    for position, (defined, cell_not_variables) in enumerate(by_cell):
        for name in defined:
            assigning.setdefault(name, []).append(position)
        for name in cell_not_variables:
            not_variables[name] = not_variables.get(name, 0) + 1
    return _Bindings(by_cell, {name: tuple(positions) for name, positions in assigning.items()}, not_variables)


def _update_bindings(last: _Bindings, cells: Sequence[Cell], changed: list[int]) -> _Bindings:
    by_cell = list(last.by_cell)
    assigning, not_variables = dict(last.assigning), dict(last.not_variables)
    for position in changed:
        before, before_not_variables = by_cell[position]
        by_cell[position] = now, now_not_variables = _cell_bindings(cells[position])
        update_positions(assigning, position, before, now)
        update_counts(not_variables, before_not_variables, now_not_variables)
    return _Bindings(tuple(by_cell), assigning, not_variables)


def _function_at(tree: ast.Module, ref: NameRef) -> str | None:
    for node in tree.body:
        is_definition = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        if is_definition and node.lineno <= ref.line <= (node.end_lineno or node.lineno):
            return node.name
    return None


def function_reads_mutable_global(nb: Notebook) -> Iterator[Violation]:
    """A function reads a notebook-level variable that several cells assign.

    Why: what the function returns depends on which of those cells ran last, not on its arguments;
    moved into a module it breaks, and called at another point of the notebook it silently differs.
    Example: `def train(): return model.fit(X_train, y)` while three cells reassign `X_train`.
    Instead: pass the value as a parameter: `def train(model, X, y)`.
    """
    cells = nb.python_cells
    reading = cells_where(_reads_in_functions, cells)
    if not reading:
        return
    # Only the names functions read matter: count the cells assigning those, not every name.
    read = {ref.name for cell in reading for ref in cell.parsed.names.deferred}
    bindings = merged(_merge_bindings, cells, update=_update_bindings)
    assigned_in = {name: [cells[p].index for p in bindings.assigning[name]] for name in read
                   if name in bindings.assigning}
    not_variables = {name for name in read if name in bindings.not_variables}
    for cell in reading:
        by_function: dict[str, list[NameRef]] = {}
        for ref in cell.parsed.names.deferred:
            where = assigned_in.get(ref.name, [])
            if len(where) < 2 or ref.name in not_variables or _CONSTANT.match(ref.name):
                continue
            function = _function_at(cell.parsed.tree, ref)
            reads = by_function.setdefault(function, []) if function else []
            if all(known.name != ref.name for known in reads):
                reads.append(ref)
        for function, reads in by_function.items():
            names = [ref.name for ref in reads]
            later = any(index > cell.index for name in names for index in assigned_in[name])
            if len(names) == 1:
                message = (f"'{function}' reads the global '{names[0]}', which cells "
                           f"{_cell_list(assigned_in[names[0]])} assign: pass it as a parameter")
            else:
                shown = ", ".join(f"'{name}'" for name in names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
                message = f"'{function}' reads globals that several cells assign ({shown}): pass them as parameters"
            yield at_node(message, cell, reads[0], severity="warning" if later else None)


def _cell_list(indexes: list[int]) -> str:
    shown = ", ".join(f"#{index + 1}" for index in indexes[:5])
    return shown + (f" and {len(indexes) - 5} more" if len(indexes) > 5 else "")


def _nesting(statements: list[ast.stmt], depth: int, limit: int) -> ast.stmt | None:
    """The first loop or if that sits `limit` levels deep (an `elif` is not a level)."""
    for statement in statements:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        level = depth + 1 if isinstance(statement, _NESTING) else depth
        if level >= limit:
            return statement
        for field in ("body", "orelse", "finalbody", "handlers"):
            children = getattr(statement, field, None) or []
            if field == "handlers":
                children = [s for handler in children for s in handler.body]
            elif field == "orelse" and isinstance(statement, ast.If) and len(children) == 1 and isinstance(children[0], ast.If):
                # `elif`: the nested If continues the same level.
                found = _nesting(children, level - 1, limit)
                if found is not None:
                    return found
                continue
            found = _nesting(children, level, limit)
            if found is not None:
                return found
    return None


def deep_nesting(nb: Notebook) -> Iterator[Violation]:
    """Loops and ifs nested three or more deep at the top level of a cell.

    Why: deeply nested top-level code cannot be tested in parts, and its inner logic is tied to the
    variables of the whole notebook.
    Example: `for file in files:` / `for row in rows:` / `if row.ok:` in a cell.
    Instead: move the inner loop into a function with parameters and call it.
    """
    limit = nb.config.threshold("nesting_depth", 3)
    for cell in nb.python_cells:
        # Each level is a loop or an if of its own, each with its own `for`, `while`, `if` or `elif` in the
        # text: a cell with fewer of these words in all (most cells) is not walked.
        text = cell.parsed.python
        if text.count("for") + text.count("while") + text.count("if") < limit:
            continue
        found = _nesting(cell.parsed.tree.body, 0, limit)
        if found is not None:
            yield first_line_only(
                at_node(f"Loops and ifs nested {limit} deep at the top level: move the inner part into a function",
                        cell, found),
                cell,
            )


def analysis_stopped(nb: Notebook) -> Iterable[Violation]:
    """The analysis of this notebook was stopped: it took longer, or needed more memory, than allowed.

    Reported by the server (never by the rules themselves, so this check finds nothing) when an
    analysis goes over the time or memory bound of its worker process; the other findings are then
    unknown and the notebook has no score.
    Why it hurts: a notebook this heavy to read is as heavy for people, diff tools and CI.
    Example: a 5 MB line of generated code, or tens of thousands of lines in one cell.
    Instead: move generated data to a file the notebook reads, split long cells into functions in a
    module, or raise the bound (`jupyterlab_promote_analysis` in the server's tornado settings).
    """
    return ()


RULES = (
    Rule("MD001", "no-functions", "modularity", "warning", no_functions, points=4),
    Rule("MD002", "long-cell", "modularity", "info", long_cell, scope="cell", fixable=True),
    Rule("MD003", "mixed-stages-cell", "modularity", "info", mixed_stages_cell, scope="cell", fixable=True),
    Rule("MD004", "function-reads-mutable-global", "modularity", "info", function_reads_mutable_global,
         other_severities=("warning",)),
    Rule("MD005", "deep-nesting", "modularity", "info", deep_nesting, scope="cell"),
    Rule("MD006", "analysis-stopped", "modularity", "error", analysis_stopped),
)
