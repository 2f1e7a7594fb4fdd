"""What LK006 follows through a notebook: test rows, the scores measured on them, and choices made by those scores.

A small abstract interpretation, in execution order, of every statement (loops, ifs and the notebook's own
functions included: a call runs the function's body with the arguments' values). Each name holds a
:class:`Value` that says what the data *is* by where it came from:

- test rows: the second (odd) outputs of `train_test_split` (or of `tts` imported as it), a tail slice `X[n:]` of data also sliced
  `X[:n]` in the same cell, `df.drop(part.index)` after `part = df.sample(frac=...)`; a name such as
  `X_test` only when nothing else is known about it. A split of a training part gives a validation set,
  whatever its name, and validation sets are never test rows;
- test scores: `model.score(test)`, a metric of test labels or of predictions on test rows; each score
  records the candidate it measures (the model's name, or `*` when a loop varies the model or a
  hyper-parameter);
- a choice: `max`/`min`/`sorted`/`argmax`/`idxmax`/`sort_values`... over test scores of several
  candidates, or an `if` comparing such a score; what the choice (and the body of that `if`) produces is
  *chosen*, and so is everything computed from it. Two choices are implicit: the test scores of every
  value of a hyper-parameter plotted or printed (picked by eye), and training that keeps the best epoch
  on test rows (Keras `validation_data=test` with EarlyStopping, a Hugging Face Trainer with
  `eval_dataset=test` and `load_best_model_at_end`);
- a report: a chosen value printed, displayed (a cell's last expression) or measured again on test rows.

Statements are read here (Flow), expressions in multi_test_calls.py, the values in multi_test_values.py.
"""

import ast
from dataclasses import dataclass, replace

from .multi_test_calls import Expressions, Loop
from .multi_test_values import (
    EMPTY,
    FITS,
    ORDER,
    TRAINS,
    UNNAMED,
    Value,
    is_validation_name,
    root,
    subtree,
    sweeps,
)
from .vocabulary import SPLIT_FUNCTIONS


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
class Flow(Expressions):
    """Runs cells one at a time over the values of the names they mention (:func:`run_cell`)."""

    def run_cell(self, cell, tree: ast.Module, heads: frozenset[str]) -> None:
        self.cell, self.heads = cell, heads
        body = tree.body
        for index, statement in enumerate(body):
            self.statement(statement)
            # A cell's last expression is displayed, unless it is a training call (its history, not a score).
            if index == len(body) - 1 and isinstance(statement, ast.Expr) \
                    and not (isinstance(statement.value, ast.Call) and self.name_of(statement.value) in TRAINS):
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
            self.uncertain += 1
            for part in (node.body, *(h.body for h in node.handlers), node.orelse, node.finalbody):
                self.block(part)
            self.uncertain -= 1

    def loop(self, node: ast.For | ast.AsyncFor | ast.While) -> None:
        body = subtree(*node.body)
        bound = {n.id for n in body if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        fits = any(isinstance(n, ast.Call) and self.name_of(n) in FITS for n in body)
        targets: set[str] = set()
        if isinstance(node, ast.While):
            self.expr(node.test)
        else:
            targets = {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
            bound |= targets
            if isinstance(node.iter, ast.Call) and self.name_of(node.iter) == "split" \
                    and isinstance(node.target, ast.Tuple) and len(node.target.elts) == 2:
                # `for train_idx, test_idx in KFold(...).split(X)`: a fold's held-out rows are validation rows.
                self.bind(node.target.elts[0], Value(train_part=True), update=False)
                self.bind(node.target.elts[1], Value(validation=True), update=False)
            else:
                self.bind(node.target, self.expr(node.iter), update=False)
        self.loops.append(Loop(frozenset(bound), fits, sweeps(body, targets)))
        self.block(node.body)
        self.loops.pop()
        self.block(node.orelse)

    def branch(self, test: ast.expr, body: list[ast.stmt], orelse: list[ast.stmt]) -> None:
        self.uncertain += 1
        value = self.expr(test)
        compared = [n for n in ast.walk(test) if isinstance(n, ast.Compare) and isinstance(n.ops[0], ORDER)]
        outer = self.choosing
        if compared and value.many and any(self.expr(side).scores for n in compared for side in (n.left, *n.comparators)):
            self.choosing = self.choosing or self.chose(compared[0], value)
        self.block(body)
        self.block(orelse)
        self.choosing = outer
        self.uncertain -= 1

    def assign(self, targets: list[ast.expr], value_node: ast.expr) -> None:
        if isinstance(value_node, ast.Call) and self.name_of(value_node) in SPLIT_FUNCTIONS:
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
        if len(targets) == 1 and isinstance(targets[0], ast.Name):
            # `parts = dataset.train_test_split(test_size=0.2)`: one dict of parts (Hugging Face datasets).
            self.bind(targets[0], Value(parts=True), update=False)
            return
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
        # (A loop's body runs in order each time: a binding there replaces what the name held.)
        if update or not isinstance(target, ast.Name) or self.uncertain or self.choosing:
            value = value | self.env.get(name, EMPTY)
        if not value:
            self.env.pop(name, None)
        else:
            self.env[name] = value


def run_cell(cell, tree: ast.Module, heads: frozenset[str], names: frozenset[str], env: tuple,
             functions: tuple, aliases: tuple = ()) -> CellEffect:
    """Run one cell given the values of the names it (and the functions it calls) mention, those functions, and
    the names among them imported under another name, (alias, name) (multi_test.py keys its kept runs by all
    four)."""
    flow = Flow(functions=dict(functions), env=dict(env), aliases=dict(aliases))
    flow.run_cell(cell, tree, heads)
    defined = tuple((name, found) for name, found in flow.functions.items() if found[0] is cell)
    return CellEffect(tuple((name, flow.env.get(name)) for name in names), defined, tuple(flow.choices),
                      tuple(flow.reports))
