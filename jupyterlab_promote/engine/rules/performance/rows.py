"""PF001 dataframe-row-loop and PF004 positional-element-loop: Python loops over rows or elements."""

import ast
import re
from collections.abc import Iterator

from ...notebook.cell_memo import per_text
from ...notebook.model import Cell, Notebook
from ...notebook.statement_shapes import root_name
from ..base import Violation, at_node
from .vocabulary import NUMPY, READERS, cells_mentioning, keyword

_ROW_ITERATORS = frozenset({"iterrows", "itertuples"})
_POSITIONAL_ROW_AXIS = re.compile(r"\.apply\(.*,\s*1\s*\)")


def _is_row_axis(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value in (1, "columns")


def dataframe_row_loop(nb: Notebook) -> Iterator[Violation]:
    """A DataFrame is processed row by row: `iterrows()`, `itertuples()` or `apply(..., axis=1)`.

    Why: each row becomes a Python object and the work runs in the interpreter, typically 100 to 1000
    times slower than the same operation on whole columns; a job that takes seconds on a sample takes
    hours on production volumes.
    Example: `for _, row in df.iterrows(): total.append(row.price * row.qty)`.
    Instead: operate on columns, `df["total"] = df["price"] * df["qty"]`, with `np.where`, `.map`,
    `merge` or `groupby` for conditions and lookups.
    """
    for cell in cells_mentioning(nb, "iterrows", "itertuples", ".apply("):
        text = cell.parsed.python
        if "iter" not in text and "axis" not in text and not _POSITIONAL_ROW_AXIS.search(text):
            continue
        for node in ast.walk(cell.parsed.tree):
            iterables = ()
            if isinstance(node, (ast.For, ast.AsyncFor)):
                iterables = (node.iter,)
            elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
                iterables = tuple(g.iter for g in node.generators)
            for iterable in iterables:
                if (isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Attribute)
                        and iterable.func.attr in _ROW_ITERATORS):
                    owner = ast.unparse(iterable.func.value)
                    yield at_node(
                        f"Looping over {owner}.{iterable.func.attr}() handles one row at a time in Python: "
                        "use vectorised column operations instead",
                        cell,
                        iterable,
                    )
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "apply"
                    and (_is_row_axis(keyword(node, "axis")) or len(node.args) > 1 and _is_row_axis(node.args[1]))):
                yield at_node(
                    f"{ast.unparse(node.func.value)}.apply(..., axis=1) calls Python once per row: "
                    "use vectorised column operations instead",
                    cell,
                    node,
                )




_POSITIONAL_INDEXERS = frozenset({"iloc", "loc", "at", "iat"})
# Loops that print or draw something per element are about output, and cannot be vectorised.
_DRAWING = frozenset({"annotate", "text", "arrow", "add_patch", "plot", "scatter", "bar", "imshow", "hist"})
_OUTPUT_OWNERS = frozenset({"plt", "ax", "axes", "axs", "fig", "sns"})
_OUTPUT_FUNCTIONS = frozenset({"print", "display"})


def _shows_output(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in _OUTPUT_FUNCTIONS
    return isinstance(func, ast.Attribute) and (func.attr in _DRAWING or root_name(func) in _OUTPUT_OWNERS)


def _sized(iterable: ast.expr) -> str | None:
    """`df` for `range(len(df))`, `range(0, len(df) - 1)`, `range(df.shape[0])`."""
    if not (isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name) and iterable.func.id == "range"
            and 1 <= len(iterable.args) <= 2):
        return None
    bound = iterable.args[-1]
    if isinstance(bound, ast.BinOp):
        bound = bound.left
    if isinstance(bound, ast.Call) and isinstance(bound.func, ast.Name) and bound.func.id == "len" and bound.args:
        return root_name(bound.args[0])
    if isinstance(bound, ast.Subscript) and isinstance(bound.value, ast.Attribute) and bound.value.attr == "shape":
        return root_name(bound.value)
    return None


def _indexes_with(index: ast.expr, variable: str) -> bool:
    first = index.elts[0] if isinstance(index, ast.Tuple) and index.elts else index
    return isinstance(first, ast.Name) and first.id == variable


class _ArrayNames:
    """Which module-level names hold NumPy arrays or pandas objects, judged from how they were made."""

    def __init__(self, nb: Notebook) -> None:
        self._cells = [_assigned_values(cell) for cell in nb.python_cells]
        self._values: dict[str, list[ast.expr]] = {}

    def holds_array(self, name: str, depth: int = 3) -> bool:
        values = self._values.get(name)
        if values is None:
            # Merged from the cells' kept summaries for the few names a loop asks about.
            values = self._values[name] = [value for assigned in self._cells for value in assigned.get(name, ())]
        return bool(values) and all(self._array_value(v, depth) for v in values)

    def _array_value(self, value: ast.expr, depth: int) -> bool:
        text_calls = {n.func.attr for n in ast.walk(value) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
        if text_calls & {"tolist", "to_dict", "to_list"}:
            return False
        if any(isinstance(n, ast.Attribute) and n.attr in ("values", "to_numpy") for n in ast.walk(value)):
            return True
        root = root_name(value)
        if root in NUMPY or root in READERS:
            return isinstance(value, ast.Call) or isinstance(value, ast.Attribute) and isinstance(value.value, ast.Call)
        return depth > 0 and root is not None and isinstance(value, (ast.Subscript, ast.Call, ast.Attribute)) \
            and self.holds_array(root, depth - 1)


@per_text
def _assigned_values(cell: Cell) -> dict[str, list[ast.expr]]:
    """The values a cell's module-level `name = value` statements assign, per name, in order."""
    values: dict[str, list[ast.expr]] = {}
    for statement in cell.parsed.tree.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    values.setdefault(target.id, []).append(statement.value)
    return values


def _for_statements(body: list, in_function: bool = False) -> Iterator[tuple[ast.For | ast.AsyncFor, bool]]:
    """The for statements among these, nested ones included, and whether each is inside a function."""
    for statement in body:
        if isinstance(statement, (ast.For, ast.AsyncFor)):
            yield statement, in_function
        inner_function = in_function or isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for field in ("body", "orelse", "finalbody", "handlers"):
            inner = getattr(statement, field, None)
            if isinstance(inner, list):
                yield from _for_statements(inner, inner_function)


def positional_element_loop(nb: Notebook) -> Iterator[Violation]:
    """A `for i in range(len(x))` loop reads a DataFrame or array one element at a time.

    Why: each `df.iloc[i]` / `arr[i]` goes through Python and pandas' indexing machinery; the loop
    runs orders of magnitude slower than one operation on the whole column or array.
    Example: `for i in range(len(df)): df.loc[i, "ratio"] = df.loc[i, "a"] / df.loc[i, "b"]`.
    Instead: `df["ratio"] = df["a"] / df["b"]` (NumPy and pandas operate on whole arrays).
    """
    arrays: _ArrayNames | None = None
    for cell in cells_mentioning(nb, "range(len(", "range(0, len(", ".shape[0])"):
        for node, reads in _element_loops(cell):
            indexed = None
            for subscript, positional, root in reads:
                if positional:
                    indexed = ast.unparse(subscript)
                    break
                arrays = arrays or _ArrayNames(nb)
                if root is not None and arrays.holds_array(root):
                    indexed = ast.unparse(subscript)
                    break
            if indexed:
                yield at_node(
                    f"Loop over {ast.unparse(node.iter)} reads {indexed} one element at a time: "
                    "use vectorised operations on whole columns or arrays",
                    cell,
                    node.iter,
                )


@per_text
def _element_loops(cell: Cell) -> list[tuple[ast.For | ast.AsyncFor, list[tuple[ast.Subscript, bool, str | None]]]]:
    """The cell's `for i in range(len(x))` loops that show no output, each with its subscripts by the
    loop variable as (subscript, through .iloc-like indexers, indexed name or None inside a function).
    Whether a name holds an array depends on the whole notebook, so that is judged by the caller."""
    loops = []
    for node, in_function in _for_statements(cell.parsed.tree.body):
        if not isinstance(node.target, ast.Name) or _sized(node.iter) is None:
            continue
        variable = node.target.id
        body = [n for statement in node.body for n in ast.walk(statement)]
        if any(isinstance(n, ast.Call) and _shows_output(n) for n in body):
            continue
        reads = []
        for n in body:
            if not (isinstance(n, ast.Subscript) and _indexes_with(n.slice, variable)):
                continue
            if isinstance(n.value, ast.Attribute) and n.value.attr in _POSITIONAL_INDEXERS:
                reads.append((n, True, None))
                break
            # Inside a function the indexed name is usually a parameter, whose type is unknown.
            reads.append((n, False, None if in_function else root_name(n.value)))
        loops.append((node, reads))
    return loops
