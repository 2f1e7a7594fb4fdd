"""LK006 multi-test-leakage: the test set chooses among models or hyper-parameters, then is reported."""

import ast
import weakref
from collections.abc import Iterator
from functools import lru_cache

from ...notebook.cell_memo import per_cell, per_text
from ...notebook.model import Cell, Notebook
from ..base import Violation, at_node
from .aliases import import_aliases
from .multi_test_flow import CellEffect, run_cell
from .multi_test_values import PLOTS, SHOWS, Value, function_facts
from .row_flow import cell_in
from .vocabulary import SPLIT_FUNCTIONS, call_name, is_test_name, mentions, short

# Cheap text pre-checks: something is measured, and something picks by order.
_EVALUATION_WORDS = ("score(", "_score", "_error(", "_loss(", "evaluate(")
_CHOICE_WORDS = ("max(", "min(", "sorted(", "sort", "argm", "idxm", "nlargest", "nsmallest", "best", "<", ">",
                 "plot", "semilog", "loglog", "print(", "display(", "EarlyStopping")
_NOTHING: frozenset = frozenset()
# Settings that keep the best epoch on the data they monitor: a cell making one starts what LK006 follows.
_KEEP_BEST_WORDS = ("EarlyStopping", "save_best_only", "load_best_model_at_end", "restore_best_weights")


def multi_test_leakage(nb: Notebook) -> Iterator[Violation]:
    """The same test set is used to choose among models or hyper-parameters, and then reported.

    Why: picking the candidate with the best test score fits the choice to the test rows; the winner's
    test score is then the maximum of several noisy measurements, an optimistic estimate, and the
    test set no longer measures how the chosen model does on new data.
    Example: `for k in range(1, 30): scores.append(KNeighborsClassifier(k).fit(X_train, y_train)
    .score(X_test, y_test))`, then `best_k = np.argmax(scores)` and `print(max(scores))`. The same holds for
    a leaderboard of models sorted by test score, the test scores of every value of a hyper-parameter
    plotted to pick from, early stopping or a best checkpoint monitored on the test set, and a search
    (Optuna, keras-tuner) whose objective is a test score.
    Instead: choose on a validation split or with cross-validation (`GridSearchCV`, `cross_val_score`
    on the training part), then measure the chosen model once on the test set.
    """
    cells = nb.python_cells
    if not mentions(cells, *_EVALUATION_WORDS) or not mentions(cells, *_CHOICE_WORDS):
        return
    env: dict[str, Value] = {}
    functions: dict[str, tuple] = {}
    choices: dict[tuple, tuple] = {}
    reports: dict[tuple, tuple] = {}
    aliases = import_aliases(nb)
    state = _start(aliases)
    since = _Since(state)
    for cell in cells:
        step = cell.summaries.get(_LAST_STEP)
        if step is not None and step[0] is state:
            # Every cell before this one did what it did last time: so does this one.
            _, state, done = step
            since.same(state)
        else:
            if since.unchanged_for(step, _cell_facts(cell), functions):
                done = step[2]  # only names it does not mention changed since it was walked last time
            else:
                if step is None:
                    step = _earlier_step(cell)
                done = _contribution(cell, env, functions, aliases)
            after = object()
            cell.summaries[_LAST_STEP] = (state, after, done)
            state = after
            since.walked(step, done)
            if cell.id:
                _LATEST_WALKED[cell.id] = cell
        if done is None:
            continue
        defined, effect = done
        functions.update(defined)
        if effect is None:
            continue
        for name, value in effect.env:
            if value:
                env[name] = value
            else:
                env.pop(name, None)
        for choice, evaluated in effect.choices:
            choices.setdefault(choice, evaluated)
        for choice, site in effect.reports:
            reports.setdefault(choice, site)
    reported_measurements = set()
    for choice, evaluated in choices.items():
        report = reports.get(choice)
        # One finding per set of test scores: a sweep that is both argmax-ed and plotted is one mistake.
        if report is None or not evaluated or evaluated[1] in reported_measurements:
            continue
        reported_measurements.add(evaluated[1])
        choice_cell, choice_node = choice
        evaluated = (cell_in(nb, evaluated[0]), *evaluated[1:])
        yield at_node(_message(choice_node, evaluated, cell_in(nb, report[0]), aliases), cell_in(nb, choice_cell),
                      choice_node)


# The state of the walk (the values followed, the functions, the choices and reports) before the first
# cell. Each cell keeps the state it was walked on, the state it left and what it did (_LAST_STEP): a cell
# walked on the very state it was walked on last time does the same again, so after a one-cell edit the
# cells above it are not asked what they read.
_START = object()
_LAST_STEP = "leakage.multi_test.last_step"


def _start(aliases: dict[str, str]) -> object:
    """The state before the first cell. The names imported under another name (aliases.py) change how any cell
    reads, wherever the import is: a notebook whose table changed walks every cell again (their runs are kept
    by the aliases they read, _contribution), one whose table did not starts where it did last time."""
    return _start_with(tuple(sorted(aliases.items()))) if aliases else _START


@lru_cache(maxsize=64)
def _start_with(aliases: tuple) -> object:
    # One state per table, while it is among the latest few: a state forgotten is made anew, so a walk
    # stored against an older one is only walked again.
    return object()


# The latest version of each cell id walked, for the edited version's comparison. Weak, as _LATEST_EFFECT.
_LATEST_WALKED: "weakref.WeakValueDictionary[str, Cell]" = weakref.WeakValueDictionary()


def _earlier_step(cell: Cell):
    earlier = _LATEST_WALKED.get(cell.id) if cell.id else None
    return earlier.summaries.get(_LAST_STEP) if earlier is not None and earlier is not cell else None


class _Since:
    """Which names may hold other values or functions than at the same point of the previous walk: the
    state that walk left there (None once the walks no longer line up) and the names any cell walked
    differently since then touched."""

    def __init__(self, start: object) -> None:
        self.old: object = start
        self.changed: set[str] = set()

    def same(self, state: object) -> None:
        self.old = state
        self.changed = set()

    def unchanged_for(self, step, facts, functions: dict) -> bool:
        """Whether the cell was last walked on the previous walk's state here, and neither it nor the
        notebook functions it may call mention a changed name."""
        if step is None or self.old is None or step[0] is not self.old:
            return False
        if facts is None or not self.changed:
            return True
        names = facts[0]
        if not self.changed.isdisjoint(names):
            return False
        if functions.keys().isdisjoint(names):
            return True
        return all(self.changed.isdisjoint(function_facts(found[1])[0]) for _, found in _callable(names, functions))

    def walked(self, step, done) -> None:
        if step is None or self.old is None or step[0] is not self.old:
            self.old = None
            return
        self.old = step[1]
        if step[2] is not done:
            before, now = _sets(step[2]), _sets(done)
            self.changed.update(name for kind, name in before.keys() | now.keys()
                                if (kind, name) not in before or (kind, name) not in now
                                or before[kind, name] != now[kind, name])


def _sets(done) -> dict:
    """What a cell's contribution sets: ("function", name) and ("value", name) → what it sets them to."""
    if done is None:
        return {}
    defined, effect = done
    found = {("function", name): where for name, where in defined}
    if effect is not None:
        found.update((("value", name), value) for name, value in effect.env)
    return found


def _contribution(cell: Cell, env: dict, functions: dict, aliases: dict[str, str]) -> tuple | None:
    """What the cell adds to the walk: the functions it defines (name, (cell, definition)) and its effect
    (None: it makes no test rows and touches no value the walk follows). Of the notebook's aliases, only those
    the cell and its functions mention are read, and they are part of its run's key."""
    facts = _cell_facts(cell)
    if facts is None:
        return None
    names, starts, heads, defines = facts
    # Most cells name neither a notebook function nor a value the flow follows: two disjointness tests
    # (no set built) say so.
    called = _callable(names, functions) if functions and not functions.keys().isdisjoint(names) else ()
    seen = names.union(*(function_facts(found[1])[0] for _, found in called)) if called else names
    followed = env.keys() & seen if env and not env.keys().isdisjoint(seen) else ()
    inputs = frozenset((name, env[name]) for name in followed) if followed else _NOTHING
    read = _aliases_read(aliases, seen) if aliases else ()
    # A split called by its alias (`tts(X, y)`, here or in a function called) makes test rows as the name does.
    starts = starts or any(name in SPLIT_FUNCTIONS for _, name in read)
    if not (starts or inputs or any(function_facts(found[1])[1] for _, found in called)):
        return tuple((name, (cell, node)) for name, node in defines), None
    effect = _effect_reused(cell, heads, names, inputs, called, read)
    return tuple(effect.functions), effect


def _aliases_read(aliases: dict[str, str], seen: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """(alias, name) of the aliases among the names a cell and its functions mention, in a stable order."""
    return tuple(sorted((alias, aliases[alias]) for alias in aliases.keys() & seen))


def _message(choice: ast.AST, evaluated: tuple, report_cell: Cell, aliases: dict[str, str]) -> str:
    measured_cell, measurement, test = evaluated
    data = f"`{test}`" if test not in ("?", "the test split") else "the test split"
    where = f"cell #{measured_cell.index + 1} (`{short(measurement)}`)"
    name = call_name(choice, aliases) if isinstance(choice, ast.Call) else None
    if name in PLOTS or name in SHOWS:
        return (f"{data} scores every value of a hyper-parameter in {where} and `{short(choice)}` shows the scores "
                "to pick from: a value picked there is fitted to the test set and its score is optimistic; draw this "
                "curve on a validation split or with validation_curve, and measure the test set once")
    if name in ("fit", "train", "Trainer"):
        setup = "" if measurement is choice else f" (set up in {where})"
        return (f"`{short(choice)}` keeps the epoch that scores best on {data}{setup} and that model's score is "
                f"reported in cell #{report_cell.index + 1}: the test set chose the epoch, so the score is optimistic; "
                "monitor a validation split and measure the test set once")
    return (f"{data} chooses among models or settings: they are scored on it in {where}, `{short(choice)}` picks "
            f"one here and the choice is reported in cell #{report_cell.index + 1}, so that score is optimistic: "
            "choose on a validation split or by cross-validation and measure the test set once")


@per_text
def _cell_facts(cell: Cell) -> tuple[frozenset[str], bool, frozenset[str], tuple] | None:
    """None for a cell that does not parse; otherwise the names the cell mentions; whether it can make test rows or a setting that keeps the best epoch
    (a split, a sample, a name such as `X_test`, EarlyStopping); the names it slices both from the start and from an index on (`X[:n]`, `X[n:]`), whose
    tail slices are then hold-out rows; the functions it defines, (name, definition)."""
    if cell.parsed.tree is None:
        return None
    names = {node.id for node in cell.parsed.nodes(ast.Name)}
    heads: set[str] = set()
    tails: set[str] = set()
    # The parse's index of its nodes by type, which most cells have by now (other rules asked for it).
    for node in cell.parsed.nodes(ast.Subscript):
        if isinstance(node.slice, ast.Slice) and node.slice.step is None:
            part = node.slice
            if (part.lower is None) == (part.upper is None):
                continue
            base = node.value
            while isinstance(base, (ast.Attribute, ast.Subscript)):
                base = base.value
            if isinstance(base, ast.Name):
                (heads if part.lower is None else tails).add(base.id)
    # Only data sliced both ways in one cell (`X[:n]` and `X[n:]`) is split by slicing; `df[:5]` alone is a look.
    heads &= tails
    text = cell.parsed.python
    starts = bool(heads) or "train_test_split" in text or any(word in text for word in _KEEP_BEST_WORDS) or ".sample(" in text or any(map(is_test_name, names))
    defines = tuple((node.name, node) for node in cell.parsed.tree.body
                    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)))
    return frozenset(names), starts, frozenset(heads), defines


def _callable(names: frozenset[str], functions: dict[str, tuple]) -> tuple:
    """The notebook's functions a cell can run: those it names, and those they name, as (name, (cell, def))."""
    waiting = functions.keys() & names
    if not waiting:
        return ()
    reached: set[str] = set()
    while waiting:
        name = waiting.pop()
        reached.add(name)
        waiting |= (function_facts(functions[name][1])[0] & functions.keys()) - reached
    return tuple(sorted((name, functions[name]) for name in reached))


def _effect_reused(cell: Cell, heads: frozenset[str], names: frozenset[str], inputs: frozenset,
                   called: tuple, aliases: tuple) -> CellEffect:
    """:func:`_effect`, taken from the previous version of the cell by id when the cell is new (renumbered by
    an insert or a delete above it) but has the same text and is handed the very same values and functions:
    an insert near the top would otherwise run again every cell below it. Its Cells are those of the earlier
    version; the findings name the notebook's cells (row_flow.cell_in)."""
    key = (_effect.__wrapped__, (heads, names, inputs, called, aliases))
    if cell.id:
        if key not in cell.summaries:
            earlier = _LATEST_EFFECT.get(cell.id)
            if earlier is not None and earlier is not cell and earlier.source == cell.source:
                kept = earlier.summaries.get(key)
                if kept is not None:
                    cell.summaries[key] = kept
        _LATEST_EFFECT[cell.id] = cell
    return _effect(cell, heads, names, inputs, called, aliases)


# The latest version of each cell id whose effect was asked for. Weak: a cell the engine no longer keeps
# is not kept alive here.
_LATEST_EFFECT: "weakref.WeakValueDictionary[str, Cell]" = weakref.WeakValueDictionary()


@per_cell
def _effect(cell: Cell, heads: frozenset[str], names: frozenset[str], inputs: frozenset, called: tuple,
            aliases: tuple) -> CellEffect:
    """The cell run over the values of the names it reads: kept with the cell for as long as those values, the
    functions it calls and the aliases it reads stay the same, so after an edit only the cells whose inputs
    changed run again."""
    return run_cell(cell, cell.parsed.tree, heads, names, tuple(inputs), called, aliases)
