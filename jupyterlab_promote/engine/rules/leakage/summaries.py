"""Summaries of the notebook's own functions (and its local modules'): what a call of one does to rows.

A function's body is run once by the interpreter with each parameter and free name standing for itself
(a `("symbol", name)` set of rows): the summary is what it returns, what it changes in place and the
events it makes (a split of a parameter, a fit on one), all in terms of those symbols. A call binds
the symbols to the caller's values (rows.substitute), so a fit inside `prep(df)` is a fit on the rows
the caller passed, found at the call. A summary is kept with the function's definition node (shared
by every cell with the same text) for each set of other functions it calls, and computed again only
when one of those changes.
"""

import ast
import weakref

from ...python.syntax import breadth_first
from .rows import UNKNOWN, Site, Value, imported_name, mixed, substitute, substitute_rows, symbol
from .vocabulary import short

MAX_DEPTH = 4
_SUMMARIES: "weakref.WeakKeyDictionary[ast.AST, dict]" = weakref.WeakKeyDictionary()
_CALLED: "weakref.WeakKeyDictionary[ast.AST, tuple]" = weakref.WeakKeyDictionary()


class Summary:
    __slots__ = ("parameters", "returned", "updated", "events")

    def __init__(self, parameters: tuple, returned: Value, updated: dict, events: tuple) -> None:
        self.parameters = parameters
        self.returned = returned
        self.updated = updated
        self.events = events


def _parameters(node) -> tuple[str, ...]:
    arguments = node.args
    return tuple(a.arg for a in arguments.posonlyargs + arguments.args)


def names_used(node) -> tuple[str, ...]:
    """The names a function's body reads or calls: its parameters, locals and free names."""
    found = _CALLED.get(node)
    if found is None:
        found = _CALLED[node] = tuple(sorted(loaded_names(node)))
    return found


def loaded_names(node) -> set[str]:
    """The names read in the subtree. A called name is a loaded Name node too (`f(x)`: `f` in Load
    context): one walk finds both."""
    return {each.id for each in breadth_first(node) if each.__class__ is ast.Name and each.ctx.__class__ is ast.Load}


class _Callable:
    """The functions and classes a function's body may call: the caller's, seen without copying them."""

    def __init__(self, caller, module_functions: dict | None) -> None:
        self._caller = caller
        self._module = module_functions

    def get(self, name: str):
        if self._module is not None:
            return self._module.get(name)
        found = self._caller.env.get(name) or self._caller.functions.get(name)
        return found if found is not None and found.kind in ("function", "class") else None


def summary(interp, function: Value) -> Summary | None:
    """The function's summary, kept with its node for the functions it calls as they are now."""
    node = function.node
    module_functions = function.parts[0].node if _from_module(function) else None
    callable_names = _Callable(interp, module_functions)
    called = tuple((name, found.node) for name in names_used(node)
                   if (found := callable_names.get(name)) is not None and found.node is not node)
    objects = () if module_functions is not None else _free_objects(interp, node)
    kept = _SUMMARIES.get(node)
    if kept is None:
        kept = _SUMMARIES[node] = {}
    found = kept.get((called, objects))
    if found is None:
        if interp.depth >= MAX_DEPTH:
            return None
        owner = function.parts[0] if function.parts and function.parts[0].kind == "class" else None
        found = kept[(called, objects)] = _summarise(interp, node, callable_names, owner, objects)
    return found


_OBJECT_KINDS = ("learner", "splitter", "search")


def _free_objects(interp, node) -> tuple:
    """(name, kind, class) of the caller's estimators a function reads as free names (a global `scaler`
    fitted inside `prep(df)`): the summary knows them as what they are, not as data. So are the names imported
    under another name (`tts` for `train_test_split`), which the body calls by their alias."""
    parameters = set(_parameters(node)) if not isinstance(node, ast.Lambda) else set()
    found = []
    for name in names_used(node):
        value = interp.env.get(name)
        if value is not None and (value.kind in _OBJECT_KINDS or value.kind == "imported" and imported_name(value) != name
                                  and name in called_names(node)) and name not in parameters:
            found.append((name, value.kind, value.label))
    return tuple(found)


_CALLED_NAMES: "weakref.WeakKeyDictionary[ast.AST, frozenset]" = weakref.WeakKeyDictionary()


def called_names(node) -> frozenset[str]:
    """The names the body calls directly (`tts(...)`, not `np.mean(...)`): an import under another name changes
    how the body reads only where it is called so, and only then joins the summary's key (a body that merely
    reads `np` or `plt` keeps the key and the reading of a body without aliases)."""
    found = _CALLED_NAMES.get(node)
    if found is None:
        found = _CALLED_NAMES[node] = frozenset(each.func.id for each in breadth_first(node)
                                                if each.__class__ is ast.Call and each.func.__class__ is ast.Name)
    return found


def _from_module(function: Value) -> bool:
    """A function of a local module (its free names are the module's, not the notebook's)."""
    return bool(function.parts) and function.parts[0].kind == "module"


def _summarise(interp, node, callable_names: _Callable, owner: Value | None, objects: tuple) -> Summary:
    parameters = _parameters(node) if not isinstance(node, ast.Lambda) else tuple(a.arg for a in node.args.args)
    env = {name: Value(kind=kind, label=label) for name, kind, label in objects}
    env.update((name, symbol(name)) for name in parameters)
    if owner is not None and parameters:
        # A method's `self` is an instance of its class: `self.other_method()` is followed too.
        env[parameters[0]] = Value(kind="object", label=owner.label, node=owner.node)
    inner = type(interp)(env, None, callable_names, inside_function=True, depth=interp.depth + 1)
    inner.project = interp.project
    if isinstance(node, ast.Lambda):
        inner.returns.append(inner.eval(node.body))
    else:
        inner.run(node.body)
    returned = mixed(inner.returns) if len(inner.returns) != 1 else inner.returns[0]
    if len(inner.returns) > 1 and all(r.kind == "tuple" for r in inner.returns):
        returned = inner.returns[-1]
    updated = {name: inner.env[name] for name in inner.updated if name in inner.env}
    return Summary(parameters, returned if inner.returns else UNKNOWN, updated, tuple(inner.events))


def apply_function(interp, function: Value, node: ast.Call, args: list, kwargs: dict,
                   exprs: list | None = None) -> Value:
    """The value a call of a notebook function returns; its fits, splits and changes happen at the call.
    `exprs` are the caller's expressions of `args` when they are not the call's own arguments (`df` for
    `df.apply(f)`, the instance then the arguments for a method)."""
    found = summary(interp, function)
    if found is None:
        return mixed([*args, *kwargs.values()])
    bound = _Bound(interp if not _from_module(function) else None)
    bound.update(zip(found.parameters, args))
    bound.update((k, v) for k, v in kwargs.items() if k in found.parameters)
    is_notebook_function = not _from_module(function)
    site = Site(interp.cell, node, f"{function.label}()")
    expressions = dict(zip(found.parameters, node.args if exprs is None else exprs))
    expressions.update((k.arg, k.value) for k in node.keywords if k.arg)
    texts = _ArgumentTexts(expressions)
    for event in found.events:
        _replay(interp, event, bound, site, function.label, texts)
    for name, value in found.updated.items():
        caller_name = _root(expressions.get(name)) if name in found.parameters else \
            (name if is_notebook_function else None)
        if caller_name is not None:
            seen = substitute(value, bound, site, function.label, texts)
            known = interp.env.get(caller_name)
            if seen.kind == "learner" and (known is None or known.kind in ("learner", "symbol")):
                interp.env[caller_name] = seen
            else:
                interp.update(caller_name, seen)
    return substitute(found.returned, bound, site, function.label, texts)


class _ArgumentTexts:
    """The caller's source of each parameter (`short` of its expression), for what a fit learnt from:
    unparsed when first asked, as most calls learn nothing and unparsing is a walk of the expression."""

    __slots__ = ("_expressions", "_texts")

    def __init__(self, expressions: dict) -> None:
        self._expressions = expressions
        self._texts: dict[str, str] = {}

    def __bool__(self) -> bool:
        return bool(self._expressions)

    def get(self, name: str, default=None):
        if name not in self._expressions:
            return default
        text = self._texts.get(name)
        if text is None:
            text = self._texts[name] = short(self._expressions[name])
        return text


class _Bound(dict):
    """The caller's values of a function's parameters, and of its free names, read when first needed: a
    free name may be read by a function it calls (`self.helper()` reading the global `X_train`)."""

    def __init__(self, caller) -> None:
        super().__init__()
        self._caller = caller

    def get(self, name, default=None):
        found = super().get(name)
        if found is None and self._caller is not None:
            caller = self._caller
            found = caller.env.get(name)
            if found is None:
                found = caller.lookup(name) if caller.inside else caller.outside(name)
            self[name] = found
        return found if found is not None else default


def _replay(interp, event: tuple, bound: dict, site: Site, function: str, texts: _ArgumentTexts) -> None:
    kind = event[0]
    if kind == "split":
        label = f"{function}() (which calls {event[1].label})"
        interp.events.append(("split", Site(site.cell, site.node, label),
                              substitute(event[2], bound, site, function, texts)))
    elif kind == "applied":
        interp.events.append(("applied", substitute(event[1], bound, site, function, texts),
                              substitute(event[2], bound, site, function, texts), site))
    elif kind == "slice":
        # `features[:n_train], features[n_train:]` inside `evaluate(features, ...)` splits what is passed.
        rows = substitute_rows(event[1], bound)
        if rows is not None:
            label = f"{function}() (which takes {event[3].label})"
            interp.events.append(("slice", rows, event[2], Site(site.cell, site.node, label),
                                  substitute(event[4], bound, site, function, texts), site.place))


def _root(expr) -> str | None:
    while isinstance(expr, (ast.Attribute, ast.Subscript, ast.Starred)):
        expr = expr.value
    return expr.id if isinstance(expr, ast.Name) else None
