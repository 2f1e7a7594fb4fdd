"""Which global names a cell binds and which it reads, with Python's real scoping rules.

A notebook is one module split into cells, so the question the hidden-state rules ask is: when this
cell runs top to bottom after the cells above it, which module-level names must already exist?
Reads at module level (and in class bodies and comprehensions, which run at once) are *used*; free
names inside function bodies and lambdas are read only when they are called, so they are *deferred*.
Names the cell binds before reading them are neither.
"""

import ast
from dataclasses import dataclass, field
from functools import cached_property

from .function_scope import FIELDS_BACKWARDS, all_args, fields_backwards, free_names, name_at
from .syntax import NameRef, child_nodes, target_names

__all__ = ["CellNames", "NameRef", "child_nodes", "collect_names"]
_LOAD, _STORE = ast.Load, ast.Store
# The node types whose only node-holding field is `value`, always set.
_ONE_VALUE = frozenset({ast.Attribute, ast.keyword, ast.Expr})


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
    function_reads: tuple[tuple[str, frozenset[str]], ...] = ()
    """Each module-level function with the module names its body reads when it is called."""

    @cached_property
    def defined_names(self) -> frozenset[str]:
        """Kept with the names (the frozen dataclass still has an instance dict for it): several rules ask."""
        return frozenset([ref.name for ref in self.defined])  # a list comprehension: no generator per cell


def collect_names(tree: ast.Module) -> CellNames:
    walker = _ModuleWalker()
    walker.visit_all(tree.body)
    bound = {ref.name for ref in walker.defined}
    deferred = tuple(ref for ref in walker.deferred if ref.name not in bound)
    return CellNames(tuple(walker.defined), tuple(walker.used), deferred, walker.star_import,
                     tuple(walker.function_reads.items()))


@dataclass
class _Scope:
    kind: str  # "module", "class", "function"
    bound: set[str] = field(default_factory=set)


class _ModuleWalker:
    """Walks module-level code in execution order (dispatching on node type, like ast.NodeVisitor)."""

    def visit(self, node: ast.AST) -> None:
        self.visit_all([node])

    def visit_all(self, nodes: list[ast.AST]) -> None:
        """Visit the nodes in order. Depth first with a stack of its own: the nodes with no method of their
        own (most of them) cost no call, a name (a third of them) is read or bound right here, and the
        statements that only evaluate their parts in another order than their fields' (`x = f(x)`, `for`)
        push those parts in that order instead of visiting each (a call and a stack apiece)."""
        stack = nodes[::-1]
        pop, push = stack.pop, stack.extend
        scopes, read, define = self._scopes, self.used.append, self.defined.append
        while stack:
            node = pop()
            kind = type(node)
            if kind is ast.Name:
                context = type(node.ctx)
                if context is _LOAD:
                    name = node.id
                    for scope in scopes:  # self._read, without the call
                        if name in scope.bound:
                            break
                    else:
                        read(name_at(node, name))
                elif context is _STORE:
                    scope = scopes[-1]  # self._bind, without the call
                    scope.bound.add(node.id)
                    if scope.kind == "module":
                        define(name_at(node, node.id))
                continue
            if kind is ast.Constant:
                continue
            if kind in _ONE_VALUE:  # `a.b`, `f(x=1)`'s keyword, an expression statement: a fifth of all nodes
                stack.append(node.value)
                continue
            if kind is ast.Call:  # as its fields come: the function, the arguments, the keywords
                push(node.keywords[::-1])
                push(node.args[::-1])
                stack.append(node.func)
                continue
            how = _HOW.get(kind)
            if how is None:
                how = _how(kind)
            if how.__class__ is tuple:
                for name in how:
                    value = getattr(node, name, None)
                    if value.__class__ is list:
                        push(value[::-1])
                    elif value is not None:
                        stack.append(value)
            else:
                parts = how(self, node)
                if parts is not None:
                    push(parts[::-1])

    def generic_visit(self, node: ast.AST) -> None:
        for child in child_nodes(node):
            self.visit(child)

    def __init__(self) -> None:
        self.defined: list[NameRef] = []
        self.used: list[NameRef] = []
        self.deferred: list[NameRef] = []
        self.star_import = False
        self.function_reads: dict[str, frozenset[str]] = {}
        self._scopes: list[_Scope] = [_Scope("module")]

    # -- bindings and reads at the current (module or class) level ------------------------------
    def _bind(self, node: ast.AST, name: str) -> None:
        scope = self._scopes[-1]
        scope.bound.add(name)
        if scope.kind == "module":
            self.defined.append(name_at(node, name))

    def _read(self, node: ast.AST, name: str) -> None:
        for scope in self._scopes:
            if name in scope.bound:
                return
        self.used.append(name_at(node, name))

    # -- statements whose evaluation order differs from their field order ----------------------
    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        if isinstance(node.target, ast.Name):
            self._read(node.target, node.target.id)
            self._bind(node.target, node.target.id)
        else:
            self.visit(node.target)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        self._bind(node.target, node.target.id)

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
        self._defer(node.args, node.body, node.name if len(self._scopes) == 1 else None)

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
            for name in target_names(generator.target):
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
            for arg in all_args(args):
                if arg.annotation is not None:
                    self.visit(arg.annotation)

    def _defer(self, args: ast.arguments, body: list[ast.AST], function: str | None = None) -> None:
        """Free names of a function body are read when it is called, not now."""
        enclosing = {name for scope in self._scopes[1:] if scope.kind == "function" for name in scope.bound}
        reads = set()
        for ref, declared_global in free_names(args, body, enclosing):
            if declared_global:
                self.defined.append(ref)
            else:
                self.deferred.append(ref)
                reads.add(ref.name)
        if function is not None:
            self.function_reads[function] = frozenset(reads - {function})


# The parts of the statements whose evaluation order differs from their fields' order, in evaluation order
# (a None, an AnnAssign's missing value, is passed over as a node with no fields).
_IN_ORDER = {
    ast.Assign: lambda _, node: [node.value, *node.targets],
    ast.AnnAssign: lambda _, node: [node.value, node.annotation, node.target],
    ast.For: lambda _, node: [node.iter, node.target, *node.body, *node.orelse],
    ast.AsyncFor: lambda _, node: [node.iter, node.target, *node.body, *node.orelse],
}

_DISPATCH = {
    getattr(ast, name[len("visit_"):]): method
    for name, method in vars(_ModuleWalker).items()
    if name.startswith("visit_") and name != "visit_" and hasattr(ast, name[len("visit_"):])
}
# How the walker takes each node type, found in one look-up: the node-holding fields to push (last first), or
# a function of (walker, node) that visits the node itself or returns its parts to push in evaluation order.
_HOW: dict[type, object] = {}


def _how(kind: type) -> object:
    how = _IN_ORDER.get(kind) or _DISPATCH.get(kind)
    if how is None:
        how = FIELDS_BACKWARDS.get(kind) or fields_backwards(kind)
    _HOW[kind] = how
    return how
