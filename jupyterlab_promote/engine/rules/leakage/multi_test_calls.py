"""LK006's reading of expressions: what a call, a subscript or a name holds (see multi_test_flow.py)."""

import ast
from dataclasses import dataclass, field, replace

from ...python.syntax import child_nodes
from .multi_test_values import (
    AGGREGATES,
    CHOICES,
    CROSS_VALIDATION,
    EMPTY,
    FITS,
    GROWS,
    KEEP_BEST_SETTINGS,
    MAX_CALL_DEPTH,
    PLOTS,
    PREDICTS,
    SCORES,
    SHOWS,
    SWEEP,
    UNNAMED,
    Value,
    function_facts,
    is_metric,
    keeps_best,
    makes_test_rows,
    names_test_rows,
    root,
    subtree,
    sweeps,
    takes_part,
)
from .vocabulary import call_name


@dataclass
class Loop:
    bound: frozenset[str]
    fits: bool
    sweeps: bool
    """The loop variable is a hyper-parameter: it goes into an estimator's constructor or `set_params`."""


@dataclass
class Expressions:
    """The state of a run and how it reads expressions; multi_test_flow.Flow adds the statements."""

    functions: dict[str, tuple] = field(default_factory=dict)
    """Name -> (cell, definition) of the notebook's functions, as defined so far."""
    env: dict[str, Value] = field(default_factory=dict)
    choices: list[tuple[tuple, tuple]] = field(default_factory=list)
    reports: list[tuple[tuple, tuple]] = field(default_factory=list)
    loops: list[Loop] = field(default_factory=list)
    choosing: tuple = ()
    cell: object = None
    heads: frozenset[str] = frozenset()
    depth: int = 0
    uncertain: int = 0
    """How many `if`/`try` the current statement is inside: its bindings may not run."""
    returned: Value = EMPTY
    aliases: dict[str, str] = field(default_factory=dict)
    """The names imported under another name (`tts` -> `train_test_split`) among those the run can read: a call
    is read by the name it was imported as (aliases.py)."""

    def name_of(self, call: ast.Call) -> str | None:
        """The call's name (vocabulary.call_name), an alias read as the name it stands for, unless the notebook
        defines a function of that name, which is then what is called."""
        func = call.func
        shadowed = isinstance(func, ast.Name) and func.id in self.functions
        return call_name(call, None if shadowed else self.aliases)

    def block(self, statements: list[ast.stmt]) -> None:
        """Run statements (a function's body when a call is followed into it): see Flow."""
        raise NotImplementedError

    def bind(self, target: ast.expr, value: Value, update: bool) -> None:
        """Give a target a value: see Flow."""
        raise NotImplementedError

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
        if isinstance(node, ast.Constant):
            return EMPTY
        if isinstance(node, ast.Lambda):
            return self.lambda_body(node)
        if isinstance(node, ast.Dict) and any(
                isinstance(k, ast.Constant) and k.value in KEEP_BEST_SETTINGS and isinstance(v, ast.Constant)
                and v.value is True for k, v in zip(node.keys, node.values, strict=True)):
            return Value(keeps_best=True)
        value = EMPTY
        for child in child_nodes(node):
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
        if base.parts and isinstance(part, ast.Constant) and part.value in ("train", "test"):
            return Value(train_part=True) if part.value == "train" else Value(test=ast.unparse(node))
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
        nodes = subtree(*parts)
        fits = any(isinstance(n, ast.Call) and self.name_of(n) in FITS for n in nodes)
        self.loops.append(Loop(frozenset(bound), fits, sweeps(nodes, bound)))
        value = EMPTY
        for part in parts:
            value = value | self.expr(part)
        self.loops.pop()
        return value

    def call(self, node: ast.Call) -> Value:
        name = self.name_of(node)
        func = node.func
        receiver = self.expr(func.value) if isinstance(func, ast.Attribute) else EMPTY
        arguments = [self.expr(a) for a in node.args]
        keywords = [self.expr(k.value) for k in node.keywords]
        everything = receiver
        for value in (*arguments, *keywords):
            everything = everything | value
        if isinstance(func, ast.Name) and func.id in self.functions and self.depth < MAX_CALL_DEPTH \
                and (everything or self.reaches(self.functions[func.id][1])):
            result = self.inline(*self.functions[func.id], node, arguments) | Value(chosen=everything.chosen)
            if result.scores and any(self.varies(a) for a in (*node.args, *(k.value for k in node.keywords))):
                # `evaluate(model)` for each model of a loop: the scores of several candidates.
                result = replace(result, scores=frozenset({"*"}))
            return result
        if (searched := self.search_on_test(node, name, func, arguments)) is not None:
            return searched
        if name in AGGREGATES:
            # The mean of several test scores picks none of them.
            return replace(everything, scores=frozenset(), evaluated=())
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
        if keeps_best(node, name):
            return everything | Value(keeps_best=True)
        if (monitored := self.monitored_test(node, name)):
            return self.keep_best_epoch(node, func, monitored, everything)
        if name == "train" and isinstance(func, ast.Attribute) and receiver.keeps_best and receiver.evaluated:
            return self.keep_best_epoch(node, func, receiver.evaluated[2], receiver, receiver.evaluated)
        if name in CHOICES and everything.many and everything.scores:
            return everything | Value(chosen=self.chose(node, everything))
        if name in SHOWS:
            self.report(everything, node)
        if (name in SHOWS or name in PLOTS) and SWEEP in everything.scores and not everything.chosen \
                and not self.loops:
            # The test score of every value of a hyper-parameter, shown: the choice is made by eye.
            self.report(Value(chosen=self.chose(node, everything)), node)
        if name in GROWS and isinstance(func, ast.Attribute):
            self.bind(func.value, everything, update=True)
        if name == "sample" and takes_part(node):
            return replace(everything, train_part=True)
        if name == "drop" and everything.train_part and "index" in ast.unparse(node):
            return replace(receiver, test=UNNAMED, train_part=False)
        return everything

    def lambda_body(self, node: ast.Lambda) -> Value:
        """`key=lambda m: m.score(X_test, y_test)`: the body, run once per element it is given."""
        bound = frozenset(a.arg for a in (*node.args.posonlyargs, *node.args.args))
        self.loops.append(Loop(bound, any(isinstance(n, ast.Call) and self.name_of(n) in FITS
                                          for n in ast.walk(node.body)), False))
        value = self.expr(node.body)
        self.loops.pop()
        return value

    def search_on_test(self, node: ast.Call, name: str | None, func: ast.expr, arguments: list[Value]) -> Value | None:
        """A hyper-parameter search scored on test rows: keras-tuner `tuner.search(..., validation_data=test)`,
        Optuna `study.optimize(objective)` or hyperopt `fmin(objective, ...)` with an objective (a notebook
        function) that returns a test score. The search is the choice; the tuner or study holds it."""
        measured = EMPTY
        if name == "search":
            data = next((k.value for k in node.keywords if k.arg == "validation_data"), None)
            test = self.expr(data).test if data is not None else ""
            if test:
                measured = Value(scores=frozenset({"*"}), evaluated=(self.cell, node, test))
        elif name in ("optimize", "fmin"):
            objective = next((k.value for k in node.keywords if k.arg in ("func", "fn")), None)
            objective = objective if objective is not None else (node.args[0] if node.args else None)
            if isinstance(objective, ast.Name) and objective.id in self.functions and self.depth < MAX_CALL_DEPTH:
                defined_in, function = self.functions[objective.id]
                returned = self.inline(defined_in, function, node, [])
                if returned.scores and returned.evaluated:
                    measured = Value(scores=frozenset({"*"}), evaluated=returned.evaluated)
        if not measured:
            return None
        choice = self.chose(node, measured)
        if isinstance(func, ast.Attribute):
            self.bind(func.value, Value(chosen=choice), update=True)
        return Value(chosen=choice)

    def monitored_test(self, node: ast.Call, name: str | None) -> str:
        """The test data a training call keeps its best epoch on: Keras `fit(validation_data=test,
        callbacks=[EarlyStopping...])`, or a Hugging Face `Trainer(args=<load best>, eval_dataset=test)`."""
        keywords = {k.arg: k.value for k in node.keywords if k.arg}
        if name == "fit" and "validation_data" in keywords and "callbacks" in keywords:
            data, settings = keywords["validation_data"], self.expr(keywords["callbacks"])
        elif name == "fit" and "eval_set" in keywords:
            # A booster: early_stopping_rounds on the estimator or in fit, or an early-stopping callback.
            receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
            settings = self.expr(receiver) | self.expr(keywords.get("callbacks"))
            if keeps_best(node, name):
                settings = settings | Value(keeps_best=True)
            data = keywords["eval_set"]
        elif name == "Trainer" and "eval_dataset" in keywords and "args" in keywords:
            data, settings = keywords["eval_dataset"], self.expr(keywords["args"])
        else:
            return ""
        if not settings.keeps_best:
            return ""
        return self.expr(data).test

    def keep_best_epoch(self, node: ast.Call, func: ast.expr, test: str, around: Value, evaluated: tuple = ()) -> Value:
        """Training that keeps the epoch scoring best on test rows: a choice among epochs made on them.
        A Trainer only chooses when it trains: until then it carries what it will choose on."""
        measured = Value(scores=frozenset({"*"}), evaluated=evaluated or (self.cell, node, test), keeps_best=True)
        if self.name_of(node) == "Trainer":
            return around | measured
        choice = self.chose(node, measured)
        if isinstance(func, ast.Attribute):
            self.bind(func.value, Value(chosen=choice), update=True)
        return around | Value(chosen=choice)

    def evaluation(self, node: ast.Call, test: str, candidates: frozenset[str], around: Value) -> Value:
        if self.loops and "*" not in candidates and any(loop.fits for loop in self.loops):
            candidates = frozenset({"*"})
        if "*" in candidates and any(loop.sweeps for loop in self.loops):
            candidates = frozenset({"*", SWEEP})
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
        return makes_test_rows(function, self.aliases) or not function_facts(function)[0].isdisjoint(self.env)

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
