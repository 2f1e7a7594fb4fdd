"""Calls read by their name alone: `train_test_split(...)`, `pd.concat(...)`, `StandardScaler()`, `np.mean(x)`.

The part of calls.py for plain functions and constructors (and module functions such as `np.mean`), with
the statistics both parts make.
"""

import ast

from .rows import UNKNOWN, Learned, Site, Value, covers, learned_by, mixed
from .vocabulary import (
    BINNING_FUNCTIONS,
    COLUMN_AXIS_TRANSFORMS,
    COLUMN_CONCATENATIONS,
    CONTAINERS,
    CROSS_VALIDATION_FUNCTIONS,
    DATA_CONSTRUCTORS,
    FUNCTION_TRANSFORMS,
    LEARNING_TRANSFORMERS,
    LOADERS,
    RESAMPLERS,
    RESAMPLING_FUNCTIONS,
    ROW_CONCATENATIONS,
    SEARCH_CLASSES,
    SPLIT_FUNCTIONS,
    SPLITTER_CLASSES,
    STATELESS,
    STATISTIC_METHODS,
    keyword,
    short,
)

DATA_KINDS = ("data", "symbol")
# Said of a model built with early_stopping=True, whose fit holds out a validation fraction of its rows.
EARLY_STOPPING_MARK = "(early_stopping=True)"

_MODULE_FUNCTIONS = (SPLIT_FUNCTIONS | CROSS_VALIDATION_FUNCTIONS | FUNCTION_TRANSFORMS | COLUMN_AXIS_TRANSFORMS
                     | BINNING_FUNCTIONS | ROW_CONCATENATIONS | COLUMN_CONCATENATIONS | LEARNING_TRANSFORMERS
                     | RESAMPLERS | CONTAINERS | SPLITTER_CLASSES | SEARCH_CLASSES) - {"append"}


def module_function(name: str, node: ast.Call) -> bool:
    """Whether `name(...)` on a name nothing binds reads as a module's function (`np.mean(x)`) rather than
    a method of data the notebook did not define (`df.mean()`)."""
    if name in _MODULE_FUNCTIONS or name in DATA_CONSTRUCTORS or name in RESAMPLING_FUNCTIONS or LOADERS.fullmatch(name):
        return True
    return name in STATISTIC_METHODS and bool(node.args) and not isinstance(node.args[0], ast.Constant)


def axis_is_rows(node: ast.Call) -> bool:
    axis = keyword(node, "axis")
    return isinstance(axis, ast.Constant) and axis.value in (1, "columns")


def statistic(interp, of: Value, node: ast.Call, learned_extra=frozenset(), rows=None) -> Value:
    learned = Learned(short(node), of.rows, short(node.func.value) if isinstance(node.func, ast.Attribute)
                      else short(node.args[0]) if node.args else "", Site(interp.cell, node))
    return Value(rows=rows, learned=of.learned | learned_extra | {learned})


def _repeats_rows(members: list) -> bool:
    """Whether rows are put together with rows they hold already (`concat([df, df[df.y == 1]])`)."""
    known = [m for m in members if m is not None]
    return any(i != j and covers(a, b) for i, a in enumerate(known) for j, b in enumerate(known))


def _without_replacement(node: ast.Call) -> bool:
    replace_ = keyword(node, "replace")
    return isinstance(replace_, ast.Constant) and replace_.value is False


def union(members: list) -> tuple | None:
    distinct = tuple(dict.fromkeys(m for m in members if m is not None))
    if not distinct:
        return None
    return distinct[0] if len(distinct) == 1 else ("union", distinct)


def _learner_labels(value: Value) -> list[str]:
    if value.kind == "learner":
        return [value.label]
    return [label for part in value.parts for label in _learner_labels(part)]


def by_name(interp, name: str, node: ast.Call, args: list, kwargs: dict) -> Value:
    site = Site(interp.cell, node, name)
    if name in SPLIT_FUNCTIONS:
        arrays = [a for a, expr in zip(args, node.args) if not isinstance(expr, ast.Starred)]
        parts = []
        for array in arrays:
            interp.events.append(("split", site, array))
            parts.extend(Value(rows=("part", array.rows, side, site) if array.rows is not None else None,
                               learned=array.learned) for side in ("train", "test"))
        return Value(kind="tuple", parts=tuple(parts))
    if name in CROSS_VALIDATION_FUNCTIONS:
        data = kwargs.get("X") or (args[1] if len(args) > 1 else None)
        if data is not None:
            interp.events.append(("split", site, data))
        return UNKNOWN
    data = args[0] if args else UNKNOWN
    if name in FUNCTION_TRANSFORMS or name in COLUMN_AXIS_TRANSFORMS and _axis_is_columns(node):
        learned = Learned(f"{name}()", data.rows, short(node.args[0]) if node.args else "", site)
        return Value(rows=data.rows, learned=data.learned | {learned})
    if name in BINNING_FUNCTIONS:
        bins = keyword(node, "bins") or keyword(node, "q") or (node.args[1] if len(node.args) > 1 else None)
        if name == "qcut" or isinstance(bins, ast.Constant) and isinstance(bins.value, int):
            return statistic(interp, data, node, rows=data.rows)
        return mixed(args)
    if name in ROW_CONCATENATIONS and data.kind == "tuple" and not axis_is_rows(node):
        rows = union([p.rows for p in data.parts])
        learned = learned_by(data.parts)
        if _repeats_rows([p.rows for p in data.parts]):
            learned |= {Learned(f"{name}()", rows, short(node.args[0]), site, overlap=True)}
        return Value(rows=rows, learned=learned)
    if name in RESAMPLING_FUNCTIONS and data.rows is not None and not _without_replacement(node):
        rows = ("resampled", data.rows, site)
        return Value(rows=rows, learned=data.learned | {Learned(f"{name}()", rows, short(node.args[0]), site,
                                                                 overlap=True)})
    if name in COLUMN_CONCATENATIONS or name in ROW_CONCATENATIONS:
        return mixed(list(data.parts) if data.kind == "tuple" else args)
    if name in STATISTIC_METHODS and args and not axis_is_rows(node):
        return statistic(interp, data, node)
    if name in LEARNING_TRANSFORMERS or name in RESAMPLERS:
        return Value(kind="learner", label=name)
    if name in CONTAINERS:
        labels = [label for a in [*args, *kwargs.values()] for label in _learner_labels(a)]
        return Value(kind="learner", label=f"{name}({', '.join(labels)})") if labels else Value(kind="object")
    if name in SPLITTER_CLASSES:
        return Value(kind="splitter", label=name)
    if name in SEARCH_CLASSES:
        return Value(kind="search", label=name)
    given = [*args, *kwargs.values()]
    if name == "enumerate" and args:
        return Value(kind="enumerate", parts=(args[0],))
    if name in DATA_CONSTRUCTORS:
        return mixed(given) if any(v.rows is not None for v in given) else Value(rows=("source", site),
                                                                                 learned=learned_by(given))
    if name in STATELESS or name[:1].isupper():
        stopping = keyword(node, "early_stopping")
        early = isinstance(stopping, ast.Constant) and stopping.value is True
        return Value(kind="object", label=name + (EARLY_STOPPING_MARK if early else ""))
    if LOADERS.fullmatch(name):
        return Value(rows=("source", site))
    if any(v.rows is not None and v.kind in DATA_KINDS for v in given):
        return mixed(given)
    learned = learned_by(given)
    return Value(rows=("source", site), learned=learned)


def _axis_is_columns(node: ast.Call) -> bool:
    axis = keyword(node, "axis")
    return isinstance(axis, ast.Constant) and axis.value == 0
