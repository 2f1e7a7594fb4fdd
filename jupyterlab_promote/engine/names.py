"""Which global names a cell binds and which it reads, with Python's real scoping rules.

A notebook is one module split into cells, so the question the hidden-state rules ask is: when this
cell runs top to bottom after the cells above it, which module-level names must already exist?
Reads at module level (and in class bodies and comprehensions, which run at once) are *used*; free
names inside function bodies and lambdas are read only when they are called, so they are *deferred*.
Names the cell binds before reading them are neither.
"""

import ast
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NameRef:
    name: str
    line: int
    col: int
    end_line: int
    end_col: int


@dataclass(frozen=True)
class CellNames:
    defined: tuple[NameRef, ...]
    """Module-level bindings, in source order (assignments, imports, def, class, for, with...)."""
    used: tuple[NameRef, ...]
    """Module names read when the cell runs, before the cell itself binds them."""
    deferred: tuple[NameRef, ...]
    """Module names read inside function bodies, which need to exist only when called."""
    star_import: bool = False
    """`from x import *` makes every unknown name possibly defined."""

    @property
    def defined_names(self) -> frozenset[str]:
        return frozenset(ref.name for ref in self.defined)


def collect_names(tree: ast.Module) -> CellNames:
    walker = _ModuleWalker()
    for statement in tree.body:
        walker.visit(statement)
    bound = {ref.name for ref in walker.defined}
    deferred = tuple(ref for ref in walker.deferred if ref.name not in bound)
    return CellNames(tuple(walker.defined), tuple(walker.used), deferred, walker.star_import)


def _ref(node: ast.AST, name: str) -> NameRef:
    line = getattr(node, "lineno", 1)
    col = getattr(node, "col_offset", 0)
    end_line = getattr(node, "end_lineno", None) or line
    end_col = getattr(node, "end_col_offset", None)
    return NameRef(name, line, col, end_line, end_col if end_col is not None else col + len(name))


def _target_names(target: ast.AST) -> list[ast.Name]:
    return [n for n in ast.walk(target) if isinstance(n, ast.Name)]


# Fields that never hold a node: skipped without a look, so a Name or a Constant has no field to read.
_SCALAR_FIELDS = frozenset({"ctx", "id", "attr", "arg", "name", "asname", "module", "level", "kind", "type_comment",
                            "simple", "is_async", "conversion", "tag"})
_NODE_FIELDS: dict[type, tuple[str, ...]] = {}


def _node_fields(kind: type) -> tuple[str, ...]:
    fields = tuple(name for name in kind._fields if name not in _SCALAR_FIELDS)
    _NODE_FIELDS[kind] = fields = () if kind is ast.Constant else fields
    return fields


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """ast.iter_child_nodes without the `ctx` markers (a third of all nodes) and without a generator."""
    children = []
    fields = _NODE_FIELDS.get(type(node))
    if fields is None:
        fields = _node_fields(type(node))
    for name in fields:
        value = getattr(node, name, None)
        if isinstance(value, list):
            children.extend(item for item in value if isinstance(item, ast.AST))
        elif isinstance(value, ast.AST):
            children.append(value)
    return children


@dataclass
class _Scope:
    kind: str  # "module", "class", "function"
    bound: set[str] = field(default_factory=set)


class _ModuleWalker:
    """Walks module-level code in execution order (dispatching on node type, like ast.NodeVisitor)."""

    def visit(self, node: ast.AST) -> None:
        method = _DISPATCH.get(type(node))
        if method is None:
            for child in child_nodes(node):
                self.visit(child)
        else:
            method(self, node)

    def generic_visit(self, node: ast.AST) -> None:
        for child in child_nodes(node):
            self.visit(child)

    def __init__(self) -> None:
        self.defined: list[NameRef] = []
        self.used: list[NameRef] = []
        self.deferred: list[NameRef] = []
        self.star_import = False
        self._scopes: list[_Scope] = [_Scope("module")]

    # -- bindings and reads at the current (module or class) level ------------------------------
    def _bind(self, node: ast.AST, name: str) -> None:
        scope = self._scopes[-1]
        scope.bound.add(name)
        if scope.kind == "module":
            self.defined.append(_ref(node, name))

    def _read(self, node: ast.AST, name: str) -> None:
        if any(name in scope.bound for scope in self._scopes):
            return
        self.used.append(_ref(node, name))

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self._read(node, node.id)
        elif isinstance(node.ctx, ast.Store):
            self._bind(node, node.id)

    # -- statements whose evaluation order differs from their field order ----------------------
    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        for target in node.targets:
            self.visit(target)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        if isinstance(node.target, ast.Name):
            self._read(node.target, node.target.id)
            self._bind(node.target, node.target.id)
        else:
            self.visit(node.target)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)
        self.visit(node.annotation)
        self.visit(node.target)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        self._bind(node.target, node.target.id)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.visit(node.iter)
        self.visit(node.target)
        for statement in node.body + node.orelse:
            self.visit(statement)

    visit_AsyncFor = visit_For

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._bind(node, alias.asname or alias.name.split(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name == "*":
                self.star_import = True
            else:
                self._bind(node, alias.asname or alias.name)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            self._bind(node, node.name)
        for statement in node.body:
            self.visit(statement)

    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        if node.pattern is not None:
            self.visit(node.pattern)
        if node.name:
            self._bind(node, node.name)

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name:
            self._bind(node, node.name)

    def visit_MatchMapping(self, node: ast.MatchMapping) -> None:
        self.generic_visit(node)
        if node.rest:
            self._bind(node, node.rest)

    def visit_Global(self, node: ast.Global) -> None:
        return

    visit_Nonlocal = visit_Global

    # -- new scopes ----------------------------------------------------------------------------
    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        self._visit_signature(node.args)
        if node.returns is not None:
            self.visit(node.returns)
        self._bind(node, node.name)
        self._defer(node.args, node.body)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._visit_signature(node.args, annotations=False)
        self._defer(node.args, [node.body])

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for expression in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
            self.visit(expression)
        self._scopes.append(_Scope("class"))
        for statement in node.body:
            self.visit(statement)
        self._scopes.pop()
        self._bind(node, node.name)

    def _visit_comprehension(self, node, elements: list[ast.AST]) -> None:
        # The first iterable is evaluated in the enclosing scope; the rest in the comprehension's.
        generators = node.generators
        self.visit(generators[0].iter)
        self._scopes.append(_Scope("function"))
        for index, generator in enumerate(generators):
            if index:
                self.visit(generator.iter)
            for name in _target_names(generator.target):
                self._scopes[-1].bound.add(name.id)
            for condition in generator.ifs:
                self.visit(condition)
        for element in elements:
            self.visit(element)
        self._scopes.pop()

    def visit_ListComp(self, node: ast.ListComp) -> None:
        self._visit_comprehension(node, [node.elt])

    visit_SetComp = visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self._visit_comprehension(node, [node.key, node.value])

    def _visit_signature(self, args: ast.arguments, annotations: bool = True) -> None:
        for default in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
            self.visit(default)
        if annotations:
            for arg in _all_args(args):
                if arg.annotation is not None:
                    self.visit(arg.annotation)

    def _defer(self, args: ast.arguments, body: list[ast.AST]) -> None:
        """Free names of a function body are read when it is called, not now."""
        enclosing = {name for scope in self._scopes[1:] if scope.kind == "function" for name in scope.bound}
        for ref, declared_global in _free_names(args, body, enclosing):
            if declared_global:
                self.defined.append(ref)
            else:
                self.deferred.append(ref)


_DISPATCH = {
    getattr(ast, name[len("visit_"):]): method
    for name, method in vars(_ModuleWalker).items()
    if name.startswith("visit_") and name != "visit_" and hasattr(ast, name[len("visit_"):])
}


def _all_args(args: ast.arguments) -> list[ast.arg]:
    return [*args.posonlyargs, *args.args, *args.kwonlyargs, *(a for a in (args.vararg, args.kwarg) if a)]


def _free_names(args: ast.arguments, body: list[ast.AST], enclosing: set[str]):
    """Yield (ref, declared_global) for names a function body reads from, or binds in, the module."""
    nodes = list(_walk_same_scope(body))
    local, declared_global = _function_locals(args, nodes)
    for node in nodes:
        if isinstance(node, ast.Name):
            name = node.id
            if name in declared_global and isinstance(node.ctx, ast.Store):
                yield _ref(node, name), True
            elif isinstance(node.ctx, ast.Load) and name not in local and name not in enclosing:
                yield _ref(node, name), False
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            inner_enclosing = enclosing | local
            yield from _free_names(node.args, _scope_body(node), inner_enclosing)
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            targets = {n.id for g in node.generators for n in _target_names(g.target)}
            inner = [g.iter for g in node.generators] + [c for g in node.generators for c in g.ifs]
            inner += [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
            for ref, is_global in _free_names(_NO_ARGS, inner, enclosing | local | targets):
                yield ref, is_global
        elif isinstance(node, ast.ClassDef):
            yield from _free_names(_NO_ARGS, node.body, enclosing | local)


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
    local = {arg.arg for arg in _all_args(args)}
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
