"""The names a function body reads from, or binds in, the module: Python's scoping rules for defs.

Free names of a function are looked up when it is called; a `global` statement makes its assignments
bind module names. Nested functions, lambdas, comprehensions and class bodies are scopes of their own.

Every cell's functions are read when the cell is parsed, so this runs on every function body of every
notebook: one walk of a body finds both its locals and the few nodes the second pass needs (names and
nested scopes), instead of a walk, then a pass over every node for the locals, then another for the names.
"""

import ast

from .syntax import NameRef, name_ref, node_fields, target_names

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_DEFINITIONS = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef})
_COMPREHENSIONS = frozenset({ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp})
# Scopes whose code is not walked with the enclosing body: only their own pass reads them.
_INLINE_SCOPES = _COMPREHENSIONS | {ast.Lambda}
_IMPORTS = frozenset({ast.Import, ast.ImportFrom})
_MATCH_CAPTURES = frozenset({ast.MatchAs, ast.MatchStar})
_LOAD, _STORE = ast.Load, ast.Store
# The node types whose only node-holding field is `value`, always set.
_ONE_VALUE = frozenset({ast.Attribute, ast.keyword, ast.Expr})


def all_args(args: ast.arguments) -> list[ast.arg]:
    return [*args.posonlyargs, *args.args, *args.kwonlyargs, *(a for a in (args.vararg, args.kwarg) if a)]


def free_names(args: ast.arguments, body: list[ast.AST], enclosing: set[str]) -> list[tuple[NameRef, bool]]:
    """(ref, declared_global) for names a function body reads from, or binds in, the module, in the
    order they appear (a nested scope's names where the scope is)."""
    found: list[tuple[NameRef, bool]] = []
    _collect(args, body, enclosing, found)
    return found


def name_at(node: ast.AST, name: str) -> NameRef:
    """name_ref for a node the parser made (it has every position): read without getattr's defaults."""
    try:
        line, col, end_line, end_col = node.lineno, node.col_offset, node.end_lineno, node.end_col_offset
    except AttributeError:
        return name_ref(node, name)
    return _new_ref(NameRef, (name, line, col, end_line or line, end_col if end_col is not None else col + len(name)))


# NameRef's own __new__ is a Python function around this one: called directly, a reference is made in half the
# time (every name read or bound in every cell is one).
_new_ref = tuple.__new__


def _collect(args: ast.arguments, body: list[ast.AST], enclosing: set[str], found: list[tuple[NameRef, bool]]) -> None:
    local, declared_global, named = _scope_walk(args, body)
    inner: set[str] | None = None
    for node in named:
        kind = type(node)
        if kind is ast.Name:
            name = node.id
            context = type(node.ctx)
            if name in declared_global and context is _STORE:
                found.append((name_at(node, name), True))
            elif context is _LOAD and name not in local and name not in enclosing:
                found.append((name_at(node, name), False))
            continue
        if inner is None:
            inner = enclosing | local
        if kind in _FUNCTIONS or kind is ast.Lambda:
            _collect(node.args, [node.body] if kind is ast.Lambda else node.body, inner, found)
        elif kind in _COMPREHENSIONS:
            targets = {n.id for g in node.generators for n in target_names(g.target)}
            parts = [g.iter for g in node.generators] + [c for g in node.generators for c in g.ifs]
            parts += [node.key, node.value] if kind is ast.DictComp else [node.elt]
            _collect(_NO_ARGS, parts, inner | targets, found)
        else:  # a class body
            _collect(_NO_ARGS, node.body, inner, found)


_NO_ARGS = ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[])


def _scope_walk(args: ast.arguments, body: list[ast.AST]) -> tuple[set[str], set[str], list[ast.AST]]:
    """The scope's local names, the names it declares global, and its names and nested scopes in order.

    Every node of the body is visited without entering nested scopes (the scope nodes themselves are
    listed). Decorators, defaults and the first iterable of a comprehension belong to the outer scope, but
    reading them as inner-scope names only matters for their own locals, which they cannot see.
    """
    local = {arg.arg for arg in all_args(args)}
    declared_global: set[str] = set()
    named: list[ast.AST] = []
    stack = list(reversed(body))
    pop, push = stack.pop, stack.extend
    while stack:
        node = pop()
        kind = type(node)
        if kind is ast.Name:
            named.append(node)
            if type(node.ctx) is not _LOAD:
                local.add(node.id)
            continue
        if kind is ast.Constant:
            continue
        if kind in _ONE_VALUE:  # `a.b`, a keyword argument, an expression statement: pushed without the fields loop
            stack.append(node.value)
            continue
        if kind is ast.Call:
            push(node.keywords[::-1])
            push(node.args[::-1])
            stack.append(node.func)
            continue
        if kind in _DEFINITIONS:
            named.append(node)
            local.add(node.name)
            push(node.decorator_list)
            if kind is ast.ClassDef:
                push([*node.bases, *(k.value for k in node.keywords)])
            else:
                push(d for d in [*node.args.defaults, *node.args.kw_defaults] if d is not None)
            continue
        if kind in _INLINE_SCOPES:
            named.append(node)
            continue
        if kind is ast.Global:
            declared_global.update(node.names)
        elif kind is ast.Nonlocal:
            local.update(node.names)
        elif kind in _IMPORTS:
            local.update((a.asname or a.name.split(".")[0]) for a in node.names if a.name != "*")
        elif (kind is ast.ExceptHandler or kind in _MATCH_CAPTURES) and node.name:
            local.add(node.name)
        fields = FIELDS_BACKWARDS.get(kind)
        for field in fields_backwards(kind) if fields is None else fields:
            value = getattr(node, field, None)
            if value.__class__ is list:
                push(value[::-1])
            elif value is not None:
                stack.append(value)
    return local - declared_global, declared_global, named


# Each node type's fields that may hold nodes, last first: a walk pushes their values on its stack so the
# first child comes off first. A value that is not a node (a list's None or str, a match pattern's
# constant) comes off as a type with no such fields, and is passed over.
FIELDS_BACKWARDS: dict[type, tuple[str, ...]] = {}


def fields_backwards(kind: type) -> tuple[str, ...]:
    fields = tuple(reversed(node_fields(kind))) if issubclass(kind, ast.AST) else ()
    FIELDS_BACKWARDS[kind] = fields
    return fields

