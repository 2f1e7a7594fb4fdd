"""The stages of a data pipeline a call marks: loading, transforming, fitting, plotting (mixed-stages-cell)."""

import ast
from collections.abc import Iterator

from ..python.syntax import child_nodes

# Stage of a pipeline -> call names that mark it. Only unambiguous names, so a cell is never said to
# mix stages because of a generic method like `apply` or `join`.
_LOAD_CALLS = frozenset({"open", "loadtxt", "genfromtxt", "read_sql_query", "load_dataset"})
_LOAD_PREFIXES = ("read_", "load_", "fetch_")
_NOT_LOADING = frozenset({"load_state_dict", "load_weights", "load_ext", "read_only"})
_TRANSFORM_CALLS = frozenset({
    "groupby", "merge", "assign", "pivot", "pivot_table", "melt", "concat", "fillna", "dropna",
    "drop_duplicates", "get_dummies", "agg", "aggregate", "resample", "crosstab", "explode", "unstack",
})
_FIT_CALLS = frozenset({"fit", "fit_predict", "fit_generator"})
_PLOT_MODULES = frozenset({"plt", "sns", "px"})
# Substrings, checked with `in` (fast), that a cell must contain for each stage before it is walked.
STAGE_HINTS = (
    ("read_", "open(", "load", "fetch_"),
    (".groupby", ".merge", ".assign", ".pivot", ".melt", ".fillna", ".dropna", ".drop_duplicates", ".agg",
     ".resample", ".explode", ".unstack", "concat(", "get_dummies(", "crosstab("),
    (".fit",),
    ("plt.", "sns.", "px.", ".plot"),
)


def call_name(node: ast.Call) -> tuple[str, str | None]:
    """(called name, name of the object it is called on when that is a plain name)."""
    func = node.func
    if isinstance(func, ast.Name):
        return func.id, None
    if isinstance(func, ast.Attribute):
        owner = func.value
        if isinstance(owner, ast.Attribute) and owner.attr == "plot":
            return "plot", None  # df.plot.bar(...)
        return func.attr, owner.id if isinstance(owner, ast.Name) else None
    return "", None


def pipeline_stage(node: ast.Call) -> str | None:
    """The pipeline stage a call marks (`loads data`, `transforms it`, `fits a model`, `plots`), if any."""
    name, owner = call_name(node)
    if owner in _PLOT_MODULES or name == "plot":
        return "plots"
    if name in _FIT_CALLS and isinstance(node.func, ast.Attribute):
        return "fits a model"
    if name in _TRANSFORM_CALLS:
        return "transforms it"
    if name in _LOAD_CALLS or (name.startswith(_LOAD_PREFIXES) and name not in _NOT_LOADING):
        return "loads data"
    return None


def top_level_nodes(tree: ast.Module) -> Iterator[ast.AST]:
    """Every node of the cell outside function and class bodies (those are judged as functions)."""
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        yield node
        stack.extend(child_nodes(node))
