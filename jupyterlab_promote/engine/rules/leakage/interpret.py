"""Reading statements as what they do to rows: the evaluator of the row-provenance analysis.

An :class:`Interpreter` runs statements over an environment of :class:`~.rows.Value` s, in order, once
(a loop's body runs once; a binding that may not run joins the old and new values). Calls are read by
their names through the tables of vocabulary.py; what it cannot read keeps the rows of its first data
argument and everything its arguments learnt from. It records events, judged later (findings.py):

- `("split", site, value)`: `value` is split (train_test_split, a splitter, cross-validation, a search);
- `("applied", learner, value, site)`: a fitted object is applied to `value`;
- `("slice", rows, side, site, value)`: `value[:n]` or `value[n:]`, a split when both sides are taken (replayed
  from a helper's summary with the place of the call, where its two sides pair up);
- `("method", name, receiver, estimator, data, site)`: a fit, transform or prediction of an estimator.

Calls of the notebook's own functions apply their summaries (calls.py, summaries.py).
"""

import ast

from .calls import call, imported, module_attribute
from .rows import UNKNOWN, Site, Value, join, learned_by, mixed, remade, symbol
from .summaries import loaded_names
from .vocabulary import short

# Expressions nested deeper than this are read flat: the evaluator recurses about three Python frames per
# level, and the summaries of up to summaries.MAX_DEPTH nested calls run on the same stack.
MAX_NESTING = 50
_COMPOUND_BODIES = (ast.For, ast.AsyncFor, ast.While, ast.If, ast.Try)


class Interpreter:
    """Statements of one cell (or one function body) run over `env`, which it changes."""

    def __init__(self, env: dict, cell, functions: dict | None = None, inside_function: bool = False,
                 depth: int = 0) -> None:
        self.env = env
        self.cell = cell
        self.functions = functions if functions is not None else {}
        """Module-level functions and classes a call may name, when not in `env` (inside a function)."""
        self.inside = inside_function
        self.depth = depth
        self.events: list[tuple] = []
        self.returns: list[Value] = []
        self.updated: set[str] = set()
        """Names changed in place (`df[c] = ...`, `scaler.fit(...)`): what a function does to its arguments."""
        self.certain = True
        self.nesting = 0
        """How deep in expressions the evaluation is."""
        self.project = None
        self.parameters: frozenset[str] = frozenset(env) if inside_function else frozenset()
        """The notebook's project (engine/project/folder.Project), where its local modules are found."""

    # Statements -------------------------------------------------------------------------------------

    def run(self, statements: list[ast.stmt]) -> None:
        for statement in statements:
            self.statement(statement)

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, ast.Assign):
            value = self.eval(node.value)
            for target in node.targets:
                self.bind(target, value)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            if node.value is None:
                return
            value = self.eval(node.value)
            if isinstance(node, ast.AugAssign):
                value = mixed([self.eval(node.target), value])
            self.bind(node.target, value)
        elif isinstance(node, ast.Expr):
            self.eval(node.value)
        elif isinstance(node, ast.Return):
            self.returns.append(self.eval(node.value) if node.value is not None else UNKNOWN)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            iterated = self.eval(node.iter)
            self._uncertain(lambda: (self.bind(node.target, _element(iterated)), self.run(node.body + node.orelse)))
        elif isinstance(node, (ast.While, ast.If)):
            self.eval(node.test)
            self._uncertain(lambda: self.run(node.body + node.orelse))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                value = self.eval(item.context_expr)
                if item.optional_vars is not None:
                    self.bind(item.optional_vars, value)
            self.run(node.body)
        elif isinstance(node, _COMPOUND_BODIES) or type(node).__name__ == "TryStar":
            handlers = [s for h in node.handlers for s in h.body]
            self._uncertain(lambda: self.run(node.body + handlers + node.orelse))
            self.run(node.finalbody)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.bind_name(node.name, Value(kind="function", label=node.name, node=node, key=id(node)))
        elif isinstance(node, ast.ClassDef):
            self.bind_name(node.name, Value(kind="class", label=node.name, node=node, key=id(node)))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for name, value in imported(self, node):
                self.bind_name(name, value)

    def _uncertain(self, run) -> None:
        before, self.certain = self.certain, False
        try:
            run()
        finally:
            self.certain = before

    def bind_name(self, name: str, value: Value) -> None:
        old = self.env.get(name)
        self.env[name] = value if self.certain or old is None else join(old, value)

    def bind(self, target: ast.AST, value: Value) -> None:
        if isinstance(target, ast.Name):
            self.bind_name(target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            elements = target.elts
            starred = any(isinstance(e, ast.Starred) for e in elements)
            if value.kind in ("tuple", "folds") and len(value.parts) == len(elements) and not starred:
                for element, part in zip(elements, value.parts):
                    self.bind(element, part)
            else:
                spread = Value(rows=value.rows, learned=value.learned) if value.kind != "tuple" else \
                    mixed(list(value.parts))
                for element in elements:
                    self.bind(element.value if isinstance(element, ast.Starred) else element, spread)
        elif isinstance(target, (ast.Subscript, ast.Attribute, ast.Starred)):
            root = target
            while isinstance(root, (ast.Subscript, ast.Attribute, ast.Starred)):
                root = root.value
            if isinstance(root, ast.Name):
                self.update(root.id, value)

    def update(self, name: str, value: Value) -> None:
        """`name` changed in place with `value`: it keeps its rows and adds what `value` learnt from."""
        old = self.lookup(name)
        if old.kind not in ("data", "symbol"):
            return
        self.updated.add(name)
        self.env[name] = remade(old, old.rows if old.rows is not None else value.rows, old.learned | value.learned)

    def lookup(self, name: str) -> Value:
        found = self.env.get(name)
        if found is not None:
            return found
        known = self.functions.get(name)
        if known is not None:
            return known
        # Inside a function a free name stands for what the caller has; at module level, for rows from outside.
        found = symbol(name) if self.inside else self.outside(name)
        self.env[name] = found
        return found

    @staticmethod
    def outside(name: str) -> Value:
        """What a name nothing in the notebook binds holds: rows from outside (a `%store`, a lost cell)."""
        return Value(rows=("source", ("name", name)))

    # Expressions ------------------------------------------------------------------------------------

    def eval(self, node: ast.AST | None) -> Value:
        if node is None:
            return UNKNOWN
        kind = node.__class__  # the parser makes no subclasses of its node types: one look at the type
        if kind is _CONSTANT:
            return UNKNOWN
        if self.nesting >= MAX_NESTING:
            return self.flat(node)
        if kind is _NAME:
            # A leaf, and the most common node: no nesting to count, and mostly a name bound already.
            found = self.env.get(node.id)
            return found if found is not None else self.lookup(node.id)
        self.nesting += 1
        try:
            how = _EVAL_BY_TYPE.get(kind)
            return how(self, node) if how is not None else UNKNOWN
        finally:
            self.nesting -= 1

    def flat(self, node: ast.AST) -> Value:
        """A very deep expression (generated code, a 600-term sum) read without recursion: what its names
        hold, mixed. Deterministic, whatever the stack the analysis runs on."""
        names = [n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)]
        return mixed([self.env[name] for name in dict.fromkeys(names) if name in self.env])

    def attribute(self, node: ast.Attribute) -> Value:
        base = self.eval(node.value)
        if base.kind in ("data", "symbol", "groupby"):
            return base
        if base.kind == "module" and base.node:
            return module_attribute(base, node.attr)
        if base.kind in ("module", "imported"):
            return Value(kind="imported", label=node.attr)  # `np.random`, `sklearn.preprocessing`
        return Value(learned=base.learned) if base.learned else UNKNOWN

    def operation(self, node: ast.AST) -> Value:
        """An operator's result mixes its operands'."""
        return mixed([self.eval(child) for child in _OPERANDS[node.__class__](node)])

    def sequence(self, node: ast.Tuple | ast.List | ast.Set) -> Value:
        parts = tuple([self.eval(e) for e in node.elts])
        return Value(kind="tuple", parts=parts, learned=learned_by(parts))

    def mapping(self, node: ast.Dict | ast.JoinedStr) -> Value:
        # Features chosen from a statistic (`[c for c in corr.index if corr[c] > .5]`) carry it.
        learned = learned_by([self.env[name] for name in loaded_names(node) if name in self.env])
        return Value(learned=learned) if learned else UNKNOWN

    def comprehension(self, node) -> Value:
        """Run once, its loop names bound for the run only: `[m.fit(X[a]) for a, b in folds.split(X)]` splits X.
        Features chosen from a statistic (`[c for c in corr.index if corr[c] > .5]`) carry it; a list made
        element by element from data holds its rows."""
        targets = {n.id for g in node.generators for n in ast.walk(g.target) if isinstance(n, ast.Name)}
        saved = {name: self.env[name] for name in targets if name in self.env}
        learned: frozenset = frozenset()
        rows = None
        try:
            for generator in node.generators:
                iterated = self.eval(generator.iter)
                if generator is node.generators[0] and iterated.kind in ("data", "symbol"):
                    rows = iterated.rows
                learned |= iterated.learned
                self.bind(generator.target, _element(iterated))
                for condition in generator.ifs:
                    learned |= self.eval(condition).learned
            results = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
            learned = learned.union(*(self.eval(result).learned for result in results))
        finally:
            for name in targets:
                self.env.pop(name, None)
            self.env.update(saved)
        if rows is not None and isinstance(node, (ast.ListComp, ast.GeneratorExp)) and len(node.generators) == 1:
            # `[doc.replace(a, b) for doc in texts]`: one element per row of the data it iterates.
            return Value(rows=rows, learned=learned)
        return Value(learned=learned) if learned else UNKNOWN

    def subscript(self, node: ast.Subscript) -> Value:
        base = self.eval(node.value)
        selector = node.slice.elts[0] if isinstance(node.slice, ast.Tuple) and node.slice.elts else node.slice
        if base.kind == "tuple" and isinstance(selector, ast.Constant) and isinstance(selector.value, int):
            index = selector.value
            return base.parts[index] if -len(base.parts) <= index < len(base.parts) else UNKNOWN
        if isinstance(selector, ast.Slice):
            bounds = self.eval(selector.lower), self.eval(selector.upper)
            one_side = (selector.lower is None) != (selector.upper is None) and selector.step is None
            if one_side and base.rows is not None and base.kind in ("data", "symbol"):
                side = "head" if selector.upper is not None else "tail"
                site = Site(self.cell, node, f"the slice {short(node)}")
                self.events.append(("slice", base.rows, side, site, base))
                return Value(rows=("part", base.rows, side, site), learned=base.learned | bounds[0].learned
                             | bounds[1].learned)
            return remade(base, base.rows, base.learned) if base.kind in ("data", "symbol") else UNKNOWN
        chosen = self.eval(node.slice)
        if chosen.kind == "index" and chosen.rows is not None:
            return Value(rows=chosen.rows, learned=base.learned | chosen.learned)
        if base.kind == "groupby":
            return remade(base, base.rows, base.learned | chosen.learned)
        if base.kind not in ("data", "symbol"):
            return Value(learned=base.learned | chosen.learned) if base.learned or chosen.learned else UNKNOWN
        return Value(rows=base.rows, learned=base.learned | chosen.learned)


# The expressions an operator node evaluates, in field order (what ast.iter_child_nodes gives, without the
# operator markers and without a generator per node).
_OPERANDS = {
    ast.BinOp: lambda node: (node.left, node.right),
    ast.BoolOp: lambda node: node.values,
    ast.Compare: lambda node: (node.left, *node.comparators),
    ast.UnaryOp: lambda node: (node.operand,),
    ast.IfExp: lambda node: (node.test, node.body, node.orelse),
}


_CONSTANT, _NAME = ast.Constant, ast.Name
# How each kind of expression is read, found in one look-up instead of a chain of isinstance tests (the
# evaluator reads some 40,000 expressions on a cold check of a 100-notebook corpus); a kind not here reads as
# nothing.
_EVAL_BY_TYPE = {
    ast.Call: call,
    ast.Attribute: Interpreter.attribute,
    ast.Subscript: Interpreter.subscript,
    **dict.fromkeys(_OPERANDS, Interpreter.operation),
    **dict.fromkeys((ast.Tuple, ast.List, ast.Set), Interpreter.sequence),
    ast.Lambda: lambda interp, node: Value(kind="function", label="lambda", node=node, key=id(node)),
    ast.Starred: lambda interp, node: interp.eval(node.value),
    **dict.fromkeys((ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp), Interpreter.comprehension),
    **dict.fromkeys((ast.Dict, ast.JoinedStr), Interpreter.mapping),
}


def _element(iterated: Value) -> Value:
    """What a `for` loop binds on each turn: a fold's (train, test) indices, or the data itself."""
    if iterated.kind == "folds":
        return Value(kind="tuple", parts=iterated.parts)
    if iterated.kind == "tuple":
        return mixed(list(iterated.parts)) if iterated.parts else UNKNOWN
    return Value(rows=iterated.rows, learned=iterated.learned) if iterated.kind in ("data", "symbol") else UNKNOWN
