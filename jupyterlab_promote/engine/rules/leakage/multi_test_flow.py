"""What LK006 follows through a notebook: test rows, the scores measured on them, and choices made by those scores.

A small abstract interpretation, in execution order, of every statement (loops, ifs and the notebook's own
functions included: a call runs the function's body with the arguments' values). Each name holds a
:class:`Value` that says what the data *is* by where it came from:

- test rows: the second (odd) outputs of `train_test_split`, a tail slice `X[n:]` of data also sliced
  `X[:n]` in the same cell, `df.drop(part.index)` after `part = df.sample(frac=...)`; a name such as
  `X_test` only when nothing else is known about it. A split of a training part gives a validation set,
  whatever its name, and validation sets are never test rows;
- test scores: `model.score(test)`, a metric of test labels or of predictions on test rows; each score
  records the candidate it measures (the model's name, or `*` when a loop varies the model or a
  hyper-parameter);
- a choice: `max`/`min`/`sorted`/`argmax`/`idxmax`/`sort_values`... over test scores of several
  candidates, or an `if` comparing such a score; what the choice (and the body of that `if`) produces is
  *chosen*, and so is everything computed from it;
- a report: a chosen value printed, displayed (a cell's last expression) or measured again on test rows.
"""

import ast
from dataclasses import dataclass, field, replace

from .multi_test_values import (
    CHOICES,
    CROSS_VALIDATION,
    EMPTY,
    FITS,
    GROWS,
    MAX_CALL_DEPTH,
    ORDER,
    PREDICTS,
    SCORES,
    SHOWS,
    UNNAMED,
    Value,
    function_facts,
    is_metric,
    is_validation_name,
    names_test_rows,
    root,
    takes_part,
)
from .vocabulary import SPLIT_FUNCTIONS, call_name


@dataclass
class _Loop:
    bound: frozenset[str]
    fits: bool


@dataclass(frozen=True)
class CellEffect:
    """What running one cell changed: the values of the names it mentions (None: no longer followed), the
    functions it defines, the choices it made ((cell, node), first test measurement behind them) and the
    chosen values it reported ((choice, (cell, node)))."""

    env: tuple[tuple[str, Value | None], ...]
    functions: tuple[tuple[str, tuple], ...]
    choices: tuple[tuple[tuple, tuple], ...]
    reports: tuple[tuple[tuple, tuple], ...]


@dataclass
class Flow:
    """Runs cells one at a time over the values of the names they mention (:func:`run_cell`)."""

    functions: dict[str, tuple] = field(default_factory=dict)
    """Name -> (cell, definition) of the notebook's functions, as defined so far."""
    env: dict[str, Value] = field(default_factory=dict)
    choices: list[tuple[tuple, tuple]] = field(default_factory=list)
    reports: list[tuple[tuple, tuple]] = field(default_factory=list)
    loops: list[_Loop] = field(default_factory=list)
    choosing: tuple = ()
    cell: object = None
    heads: frozenset[str] = frozenset()
    depth: int = 0
    returned: Value = EMPTY

    # ------------------------------------------------------------ statements
    def run_cell(self, cell, tree: ast.Module, heads: frozenset[str]) -> None:
        self.cell, self.heads = cell, heads
        body = tree.body
        for index, statement in enumerate(body):
            self.statement(statement)
            if index == len(body) - 1 and isinstance(statement, ast.Expr):
                self.report(self.expr(statement.value), statement)

    def block(self, statements: list[ast.stmt]) -> None:
        for statement in statements:
            self.statement(statement)

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.functions[node.name] = (self.cell, node)
        elif isinstance(node, ast.Assign):
            self.assign(node.targets, node.value)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            value = self.expr(node.value)
            if isinstance(node, ast.AugAssign):
                value = value | self.expr(node.target)
            self.bind(node.target, value, update=isinstance(node, ast.AugAssign))
        elif isinstance(node, ast.Expr):
            self.expr(node.value)
        elif isinstance(node, ast.Return) and node.value is not None:
            self.returned = self.returned | self.expr(node.value)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            self.loop(node)
        elif isinstance(node, ast.If):
            self.branch(node.test, node.body, node.orelse)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            self.block(node.body)
        elif isinstance(node, ast.Try):
            for part in (node.body, *(h.body for h in node.handlers), node.orelse, node.finalbody):
                self.block(part)

    def loop(self, node: ast.For | ast.AsyncFor | ast.While) -> None:
        bound = {n.id for statement in node.body for n in ast.walk(statement)
                 if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        fits = any(isinstance(n, ast.Call) and call_name(n) in FITS for s in node.body for n in ast.walk(s))
        if isinstance(node, ast.While):
            self.expr(node.test)
        else:
            bound |= {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
            self.bind(node.target, self.expr(node.iter), update=False)
        self.loops.append(_Loop(frozenset(bound), fits))
        self.block(node.body)
        self.loops.pop()
        self.block(node.orelse)

    def branch(self, test: ast.expr, body: list[ast.stmt], orelse: list[ast.stmt]) -> None:
        value = self.expr(test)
        compared = [n for n in ast.walk(test) if isinstance(n, ast.Compare) and isinstance(n.ops[0], ORDER)]
        outer = self.choosing
        if compared and value.many and any(self.expr(side).scores for n in compared for side in (n.left, *n.comparators)):
            self.choosing = self.choosing or self.chose(compared[0], value)
        self.block(body)
        self.block(orelse)
        self.choosing = outer

    def assign(self, targets: list[ast.expr], value_node: ast.expr) -> None:
        if isinstance(value_node, ast.Call) and call_name(value_node) in SPLIT_FUNCTIONS:
            self.split(targets, value_node)
            return
        value = self.expr(value_node)
        for target in targets:
            if (isinstance(target, (ast.Tuple, ast.List)) and isinstance(value_node, (ast.Tuple, ast.List))
                    and len(target.elts) == len(value_node.elts)):
                for element, part in zip(target.elts, value_node.elts, strict=True):
                    self.bind(element, self.expr(part), update=False)
            else:
                self.bind(target, value, update=False)

    def split(self, targets: list[ast.expr], call: ast.Call) -> None:
        source = EMPTY
        for argument in call.args:
            source = source | self.expr(argument)
        inner = source.train_part and not source.test
        for target in targets:
            elements = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
            for position, element in enumerate(elements):
                name = root(element) or ""
                if position % 2 == 0:
                    self.bind(element, Value(train_part=True), update=False)
                elif inner or is_validation_name(name):
                    self.bind(element, Value(validation=True), update=False)
                else:
                    self.bind(element, Value(test=name or "the test split"), update=False)

    def bind(self, target: ast.expr, value: Value, update: bool) -> None:
        if self.choosing:
            value = value | Value(chosen=self.choosing)
        if isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self.bind(element, value, update)
            return
        if isinstance(target, ast.Starred):
            target = target.value
        name = root(target)
        if name is None:
            return
        if value.test == UNNAMED and isinstance(target, ast.Name):
            value = replace(value, test=name)
        # A part of a name (`d[k] = v`, `df.col = v`), or a binding that may not run, adds to the old value.
        if update or not isinstance(target, ast.Name) or self.loops or self.choosing:
            value = self.env.get(name, EMPTY) | value
        if not value:
            self.env.pop(name, None)
        else:
            self.env[name] = value

    # ------------------------------------------------------------ expressions
    def expr(self, node: ast.expr | None) -> Value:
        if node is None:
            return EMPTY
        if isinstance(node, ast.Name):
            return self.name(node.id)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.Subscript):
            return self.subscript(node)
        if isinstance(node, ast.Attribute):
            return self.expr(node.value)
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            return self.comprehension(node)
        if isinstance(node, (ast.Lambda, ast.Constant)):
            return EMPTY
        value = EMPTY
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                value = value | self.expr(child)
        return value

    def name(self, name: str) -> Value:
        found = self.env.get(name)
        if found is not None:
            return found
        if names_test_rows(name):
            return Value(test=name)
        return EMPTY

    def subscript(self, node: ast.Subscript) -> Value:
        base = self.expr(node.value)
        part = node.slice
        if isinstance(part, ast.Slice) and part.step is None:
            where = root(node.value)
            if part.lower is not None and part.upper is None and where in self.heads:
                return replace(base, test=base.test or UNNAMED, train_part=False)
            if part.lower is None and part.upper is not None and where in self.heads:
                return replace(base, train_part=True)
            if part.lower is not None and part.upper is not None and where in self.heads:
                return replace(base, validation=True, test="")
        return base | self.expr(part)

    def comprehension(self, node) -> Value:
        bound = set()
        for generator in node.generators:
            names = {n.id for n in ast.walk(generator.target) if isinstance(n, ast.Name)}
            bound |= names
            self.bind(generator.target, self.expr(generator.iter), update=False)
        parts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        fits = any(isinstance(n, ast.Call) and call_name(n) in FITS for p in parts for n in ast.walk(p))
        self.loops.append(_Loop(frozenset(bound), fits))
        value = EMPTY
        for part in parts:
            value = value | self.expr(part)
        self.loops.pop()
        return value

    def call(self, node: ast.Call) -> Value:
        name = call_name(node)
        func = node.func
        receiver = self.expr(func.value) if isinstance(func, ast.Attribute) else EMPTY
        arguments = [self.expr(a) for a in node.args]
        keywords = [self.expr(k.value) for k in node.keywords]
        everything = receiver
        for value in (*arguments, *keywords):
            everything = everything | value
        if isinstance(func, ast.Name) and name in self.functions and self.depth < MAX_CALL_DEPTH \
                and (everything or self.reaches(self.functions[name][1])):
            return self.inline(*self.functions[name], node, arguments) | Value(chosen=everything.chosen)
        if name in CROSS_VALIDATION:
            return EMPTY
        if name in PREDICTS and isinstance(func, ast.Attribute) and arguments and arguments[0].test:
            return Value(predicted=frozenset({self.candidate(func.value)}), chosen=receiver.chosen)
        if name in SCORES and isinstance(func, ast.Attribute) and arguments and arguments[0].test:
            return self.evaluation(node, arguments[0].test, frozenset({self.candidate(func.value)}), receiver)
        if is_metric(name) and (tested := [v for v in arguments if v.test or v.predicted]):
            varied = any(self.varies(a) for a in node.args) or any("*" in v.predicted for v in tested)
            candidates = {"*"} if varied else set().union(*(v.predicted for v in tested)) or {"?"}
            test = next((v.test for v in tested if v.test), "") or "the test split"
            return self.evaluation(node, test, frozenset(candidates), everything)
        if name in CHOICES and everything.many and everything.scores:
            return everything | Value(chosen=self.chose(node, everything))
        if name in SHOWS:
            self.report(everything, node)
        if name in GROWS and isinstance(func, ast.Attribute):
            self.bind(func.value, everything, update=True)
        if name == "sample" and takes_part(node):
            return replace(everything, train_part=True)
        if name == "drop" and everything.train_part and "index" in ast.unparse(node):
            return replace(receiver, test=UNNAMED, train_part=False)
        return everything

    def evaluation(self, node: ast.Call, test: str, candidates: frozenset[str], around: Value) -> Value:
        if self.loops and "*" not in candidates and any(loop.fits for loop in self.loops):
            candidates = frozenset({"*"})
        measured = Value(scores=candidates, evaluated=(self.cell, node, test), chosen=around.chosen)
        if around.chosen:
            self.report(measured, node)
        return measured

    def candidate(self, model: ast.expr) -> str:
        return "*" if self.varies(model) else ast.unparse(model)

    def varies(self, node: ast.expr) -> bool:
        """Whether a loop around this expression changes it: it reads a name the loop binds."""
        if not self.loops:
            return False
        names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        return any(names & loop.bound for loop in self.loops)

    def reaches(self, function: ast.FunctionDef) -> bool:
        """Whether a function called with nothing the flow follows can still matter: it reads a followed
        global, or makes test rows of its own."""
        names, starts = function_facts(function)
        return starts or not names.isdisjoint(self.env)

    def inline(self, cell, function: ast.FunctionDef, node: ast.Call, arguments: list[Value]) -> Value:
        """Run the function's body (in its own cell) with the arguments' values; its returned value."""
        parameters = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
        saved_env, saved_returned, saved_loops, saved_cell = self.env, self.returned, self.loops, self.cell
        local = dict(self.env)
        for parameter in parameters:
            local.pop(parameter, None)
        for parameter, value in zip(parameters, arguments, strict=False):
            if value:
                local[parameter] = value
        for keyword in node.keywords:
            if keyword.arg in parameters:
                local[keyword.arg] = self.expr(keyword.value)
        self.env, self.returned, self.loops, self.cell, self.depth = local, EMPTY, [], cell, self.depth + 1
        try:
            self.block(function.body)
            return self.returned
        finally:
            self.env, self.returned, self.loops, self.cell = saved_env, saved_returned, saved_loops, saved_cell
            self.depth -= 1

    # ------------------------------------------------------------ choices and reports
    def chose(self, node: ast.AST, value: Value) -> tuple:
        choice = (self.cell, node)
        self.choices.append((choice, value.evaluated))
        return choice

    def report(self, value: Value, node: ast.AST) -> None:
        if value.chosen:
            self.reports.append((value.chosen, (self.cell, node)))


def run_cell(cell, tree: ast.Module, heads: frozenset[str], names: frozenset[str], env: tuple,
             functions: tuple) -> CellEffect:
    """Run one cell given the values of the names it (and the functions it calls) mention and those functions."""
    flow = Flow(functions=dict(functions), env=dict(env))
    flow.run_cell(cell, tree, heads)
    defined = tuple((name, found) for name, found in flow.functions.items() if found[0] is cell)
    return CellEffect(tuple((name, flow.env.get(name)) for name in names), defined, tuple(flow.choices),
                      tuple(flow.reports))


