"""The names a function body reads from, or binds in, the module: Python's scoping rules for defs.

Free names of a function are looked up when it is called; a `global` statement makes its assignments
bind module names. Nested functions, lambdas, comprehensions and class bodies are scopes of their own.
"""

import ast

from .syntax import child_nodes, name_ref, target_names


def all_args(args: ast.arguments) -> list[ast.arg]:
    return [*args.posonlyargs, *args.args, *args.kwonlyargs, *(a for a in (args.vararg, args.kwarg) if a)]


def free_names(args: ast.arguments, body: list[ast.AST], enclosing: set[str]):
    """Yield (ref, declared_global) for names a function body reads from, or binds in, the module."""
    nodes = list(_walk_same_scope(body))
    local, declared_global = _function_locals(args, nodes)
    for node in nodes:
        if isinstance(node, ast.Name):
            name = node.id
            if name in declared_global and isinstance(node.ctx, ast.Store):
                yield name_ref(node, name), True
            elif isinstance(node.ctx, ast.Load) and name not in local and name not in enclosing:
                yield name_ref(node, name), False
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            inner_enclosing = enclosing | local
            yield from free_names(node.args, _scope_body(node), inner_enclosing)
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            targets = {n.id for g in node.generators for n in target_names(g.target)}
            inner = [g.iter for g in node.generators] + [c for g in node.generators for c in g.ifs]
            inner += [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
            for ref, is_global in free_names(_NO_ARGS, inner, enclosing | local | targets):
                yield ref, is_global
        elif isinstance(node, ast.ClassDef):
            yield from free_names(_NO_ARGS, node.body, enclosing | local)


_NO_ARGS = ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[])


def _scope_body(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> list[ast.AST]:
    return [node.body] if isinstance(node, ast.Lambda) else node.body


def _walk_same_scope(body: list[ast.AST]):
    """Every node of a body without entering nested scopes (the scope nodes themselves are yielded).

    Decorators, defaults and the first iterable of a comprehension belong to the outer scope, but
    reading them as inner-scope names only matters for their own locals, which they cannot see.
    """
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stack.extend(node.decorator_list)
            if isinstance(node, ast.ClassDef):
                stack.extend([*node.bases, *(k.value for k in node.keywords)])
            else:
                stack.extend(d for d in [*node.args.defaults, *node.args.kw_defaults] if d is not None)
            continue
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            continue
        stack.extend(reversed(child_nodes(node)))


def _function_locals(args: ast.arguments, nodes: list[ast.AST]) -> tuple[set[str], set[str]]:
    """Names local to a scope, and names it declares global, from the nodes of its body."""
    local = {arg.arg for arg in all_args(args)}
    declared_global: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Global):
            declared_global.update(node.names)
        elif isinstance(node, ast.Nonlocal):
            local.update(node.names)
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            local.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            local.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            local.update((a.asname or a.name.split(".")[0]) for a in node.names if a.name != "*")
        elif isinstance(node, ast.ExceptHandler) and node.name:
            local.add(node.name)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            local.add(node.name)
    return local - declared_global, declared_global
