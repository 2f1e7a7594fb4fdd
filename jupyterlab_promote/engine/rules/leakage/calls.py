"""What a call does to rows, read through the tables of vocabulary.py: splits, fits, statistics, loaders.

Methods are read by what they are called on (a learner, a splitter, data), plain calls by their name;
the notebook's own functions and those of its local modules by their summaries (summaries.py).
"""

import ast

from .local_modules import local_import
from .named_calls import EARLY_STOPPING_MARK, axis_is_rows, by_name, module_function, statistic, union
from .rows import UNKNOWN, Learned, Site, Value, imported_name, learned_by, mixed, remade
from .summaries import apply_function
from .vocabulary import (
    APPLYING_METHODS,
    ARGUMENT_ROWS_METHODS,
    FUNCTION_APPLYING_METHODS,
    GROUP_TRANSFORM_STATISTICS,
    LEARNING_METHODS,
    RESAMPLERS,
    RESAMPLING_METHODS,
    STATISTIC_METHODS,
    call_name,
    keyword,
    short,
)

_DATA = ("data", "symbol")


def call(interp, node: ast.Call) -> Value:
    func = node.func
    name = call_name(node) or ""
    args = [interp.eval(a) for a in node.args]
    kwargs = {k.arg: interp.eval(k.value) for k in node.keywords if k.arg}
    if isinstance(func, ast.Attribute) and _unbound_name(interp, func.value) and module_function(name, node):
        # `preprocessing.scale(X)`, `pd.qcut(...)`, `np.mean(x)`: a module nobody bound here, read by name.
        return by_name(interp, name, node, args, kwargs)
    if isinstance(func, ast.Attribute):
        base = interp.eval(func.value)
        if name in WATCHED_METHODS and args and not interp.inside and base.kind in _ESTIMATORS and (
                base.kind != "object" or base.node is None):
            interp.events.append(("method", name, _receiver(interp, func.value), base,
                                  kwargs.get("X") or args[0], Site(interp.cell, node, base.label)))
        if name == "fit" and args and base.kind != "learner" and _splits_while_fitting(base, node):
            interp.events.append(("split", Site(interp.cell, node, f"{short(node.func)}(...) holding out "
                                                                   "validation rows"), args[0]))
        if base.kind in _DATA:
            return _data_method(interp, base, name, node, args, kwargs)
        if base.kind == "groupby":
            return _group_method(interp, base, name, node, args)
        if base.kind == "learner":
            method = _method_of(base, name)
            if method is not None:
                # A notebook transformer class's own `fit` may split what it is given (a feature selector
                # scoring subsets on a validation part): its splits happen at the call, and it learns.
                apply_function(interp, method, node, [base, *args], kwargs, [func.value, *node.args])
            return _learner_method(interp, base, name, node, args, kwargs)
        if base.kind == "splitter" and name == "split" and args:
            site = Site(interp.cell, node, f"{base.label}.split")
            interp.events.append(("split", site, args[0]))
            return _folds(args[0], site)
        if base.kind == "search" and name == "fit" and args:
            interp.events.append(("split", Site(interp.cell, node, base.label), args[0]))
            return base
        if base.kind == "function":
            return UNKNOWN
        if base.kind == "module":
            found = module_attribute(base, name)
            if found.kind in ("function", "class"):
                return _call_value(interp, found, node, args, kwargs)
        elif base.kind != "imported":
            method = _method_of(base, name)
            if method is not None:
                return apply_function(interp, method, node, [base, *args], kwargs, [func.value, *node.args])
            return _object_method(base, name, args)
    elif isinstance(func, ast.Name):
        target = interp.env.get(func.id) or interp.functions.get(func.id)
        if target is not None and target.kind in ("function", "class"):
            return _call_value(interp, target, node, args, kwargs)
        if target is not None and target.kind == "imported":
            name = imported_name(target)  # `tts(...)` after `from ... import train_test_split as tts`
    elif isinstance(func, ast.Call):
        made = interp.eval(func)
        if made.kind in ("function", "class"):
            return _call_value(interp, made, node, args, kwargs)
    return by_name(interp, name, node, args, kwargs)


# Estimators whose fits and applications the test-side rules (test_side.py) follow: `("method", name,
# receiver, estimator, data, site)`, `receiver` naming the object (its variable, or where it is built inline).
WATCHED_METHODS = frozenset({"fit", "fit_transform", "fit_resample", "transform", "predict", "predict_proba",
                             "score"})
_ESTIMATORS = ("learner", "object", "search")


def _receiver(interp, expr: ast.expr) -> object:
    """What names the object a method is called on: `model` for `model.predict(...)` and for
    `model.fit(X1, y1).predict(X2)`, the place of the expression for an object built inline."""
    if (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr in LEARNING_METHODS
            and isinstance(expr.func.value, ast.Name)):
        expr = expr.func.value
    return expr.id if isinstance(expr, ast.Name) else Site(interp.cell, expr).place


def _unbound_name(interp, expr: ast.expr) -> bool:
    """A name nothing here binds: at module level one the notebook never assigned, inside a function a free
    name (`pd` in `pd.concat(...)`), which is read as a module when the call's name says so."""
    if not isinstance(expr, ast.Name) or interp.functions.get(expr.id) is not None:
        return False
    if expr.id not in interp.env:
        return True
    return interp.inside and expr.id not in interp.parameters and interp.env[expr.id].kind == "symbol"


def _call_value(interp, target: Value, node: ast.Call, args: list, kwargs: dict) -> Value:
    if target.kind == "function":
        return apply_function(interp, target, node, args, kwargs)
    if _fits_something(target.node):
        return Value(kind="learner", label=target.label, node=target.node, key=target.key)
    return Value(kind="object", label=target.label, node=target.node, key=target.key)


def _method_of(instance: Value, name: str) -> Value | None:
    """`obj.method` for an instance of a notebook class: the method, called with `obj` as `self`."""
    if not isinstance(instance.node, ast.ClassDef):
        return None
    for statement in instance.node.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and statement.name == name:
            return Value(kind="function", label=f"{instance.label}.{name}", node=statement, key=id(statement),
                         parts=(Value(kind="class", label=instance.label, node=instance.node),))
    return None


def _fits_something(node) -> bool:
    """A custom transformer class whose `fit` does more than `return self`."""
    if not isinstance(node, ast.ClassDef):
        return False
    for method in node.body:
        if isinstance(method, ast.FunctionDef) and method.name == "fit":
            return any(not (isinstance(s, ast.Return) or isinstance(s, ast.Pass)
                            or isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)) for s in method.body)
    return False


def _data_method(interp, base: Value, name: str, node: ast.Call, args: list, kwargs: dict) -> Value:
    if name == "groupby":
        return Value(kind="groupby", rows=base.rows, learned=base.learned)
    if name in STATISTIC_METHODS and not axis_is_rows(node):
        return statistic(interp, base, node)
    frac = keyword(node, "frac")
    shuffled = isinstance(frac, ast.Constant) and isinstance(frac.value, (int, float)) and frac.value >= 1
    if name == "sample" and base.rows is not None and (frac is not None or args) and not shuffled:
        return Value(rows=("part", base.rows, "train", Site(interp.cell, node, f"{short(node)} with drop")),
                     learned=base.learned)
    if name == "drop" and base.rows is not None:
        for given in [*args, *kwargs.values()]:
            if given.rows and given.rows[0] == "part" and given.rows[1] == base.rows and given.rows[2] == "train":
                interp.events.append(("split", given.rows[3], base))
                return Value(rows=("part", base.rows, "test", given.rows[3]), learned=base.learned)
    if name in ("head", "tail") and base.rows is not None and node.args:
        side = "head" if name == "head" else "tail"
        site = Site(interp.cell, node, f"the slice {short(node)}")
        interp.events.append(("slice", base.rows, side, site, base))
        return Value(rows=("part", base.rows, side, site), learned=base.learned)
    if name in FUNCTION_APPLYING_METHODS and args and args[0].kind == "function":
        applied = apply_function(interp, args[0], node, [base], {}, [node.func.value])
        return Value(rows=base.rows, learned=base.learned | applied.learned)
    if name == "append" and args and args[0].rows is not None and base.rows is not None:
        result = Value(rows=union([base.rows, args[0].rows]), learned=base.learned | args[0].learned)
    else:
        result = Value(rows=base.rows, learned=learned_by([base, *args, *kwargs.values()]))
    inplace = keyword(node, "inplace")
    if isinstance(inplace, ast.Constant) and inplace.value is True:
        root = node.func.value
        while isinstance(root, (ast.Attribute, ast.Subscript)):
            root = root.value
        if isinstance(root, ast.Name):
            interp.update(root.id, result)
    return result


def _group_method(interp, base: Value, name: str, node: ast.Call, args: list) -> Value:
    if name in FUNCTION_APPLYING_METHODS and args and args[0].kind == "function":
        # `groupby(...).apply(lambda g: g.fillna(g.median()))`: the function sees the groups' rows.
        applied = apply_function(interp, args[0], node, [Value(rows=base.rows, learned=base.learned)], {},
                                 [node.func.value])
        return Value(rows=base.rows, learned=base.learned | applied.learned)
    if name == "transform" or name in GROUP_TRANSFORM_STATISTICS or name in ("agg", "aggregate"):
        return statistic(interp, base, node, rows=base.rows if name == "transform" else None)
    return mixed([base, *args])


def _learner_method(interp, base: Value, name: str, node: ast.Call, args: list, kwargs: dict) -> Value:
    data = kwargs.get("X") or (args[0] if args else UNKNOWN)
    expr = keyword(node, "X") or (node.args[0] if node.args else node)
    site = Site(interp.cell, node)
    if name in LEARNING_METHODS:
        if name in RESAMPLING_METHODS or base.label in RESAMPLERS:
            return _resampled(base, name, args, expr, site)
        learned = Learned(f"{base.label}.{name}()", data.rows, short(expr), site)
        fitted = remade(base, base.rows, frozenset({learned}) | data.learned)
        if isinstance(node.func.value, ast.Name):
            interp.env[node.func.value.id] = fitted
            interp.updated.add(node.func.value.id)
        if name in ("fit_transform", "fit_predict"):  # cluster labels of a clustering are learnt features
            return Value(rows=data.rows, learned=data.learned | {learned})
        return fitted
    if name in APPLYING_METHODS:
        interp.events.append(("applied", base, data, site))
        return Value(rows=data.rows, learned=data.learned | base.learned)
    if name in ARGUMENT_ROWS_METHODS:
        return Value(rows=data.rows, learned=data.learned)
    return UNKNOWN


def _resampled(base: Value, name: str, args: list, expr: ast.AST, site: Site) -> Value:
    rows = [("resampled", a.rows, site) if a.rows is not None else None for a in args[:2]]
    learned = Learned(f"{base.label}.{name}()", rows[0] if rows else None, short(expr), site, overlap=True)
    parts = tuple(Value(rows=r, learned=a.learned | {learned}) for r, a in zip(rows, args))
    return Value(kind="tuple", parts=parts, learned=frozenset({learned}))


def _splits_while_fitting(model: Value, node: ast.Call) -> bool:
    """A fit that holds out rows of what it is given: Keras' `validation_split`, or an estimator built
    with `early_stopping=True` (scikit-learn's MLP, SGD, histogram boosting keep a validation fraction)."""
    held_out = keyword(node, "validation_split")
    if held_out is not None and not (isinstance(held_out, ast.Constant) and not held_out.value):
        return True
    return model.label.endswith(EARLY_STOPPING_MARK)


def _object_method(base: Value, name: str, args: list) -> Value:
    if name in ("fit", "partial_fit"):
        return base
    if name in ARGUMENT_ROWS_METHODS and args:
        return Value(rows=args[0].rows, learned=args[0].learned) if args[0].kind in _DATA else UNKNOWN
    if base.kind == "tuple":
        return mixed(list(base.parts))
    return UNKNOWN


def _folds(data: Value, site: Site) -> Value:
    sides = tuple(Value(kind="index", rows=("part", data.rows, side, site) if data.rows is not None else None)
                  for side in ("train", "test"))
    return Value(kind="folds", parts=sides)


def module_attribute(module: Value, name: str) -> Value:
    """`mod.f` for a local module `mod`: its function or class, when it has one."""
    functions = module.node or {}
    return functions.get(name, UNKNOWN) if isinstance(functions, dict) else UNKNOWN


def imported(interp, node: ast.Import | ast.ImportFrom):
    """(name, value) for each name an import binds: a local module's functions, or an outside name."""
    yield from local_import(interp.project, node)
