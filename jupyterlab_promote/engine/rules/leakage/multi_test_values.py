"""What LK006's flow (multi_test_flow.py) knows about a value, and the calls it recognises."""

import ast
import re
from dataclasses import dataclass
from functools import lru_cache

from ...notebook.cell_memo import per_node
from ...python.syntax import child_nodes
from .vocabulary import SPLIT_FUNCTIONS, call_name, is_test_name

PREDICTS = frozenset({"predict", "predict_proba", "decision_function", "predict_log_proba"})
SCORES = frozenset({"score", "evaluate"})
METRICS = frozenset({"classification_report", "log_loss", "hinge_loss", "zero_one_loss", "hamming_loss",
                     "brier_score_loss", "matthews_corrcoef", "cohen_kappa_score"})
NOT_METRICS = frozenset({"make_scorer", "get_scorer", "cross_val_score", "permutation_test_score"})
CHOICES = frozenset({"max", "min", "sorted", "argmax", "argmin", "nanargmax", "nanargmin", "idxmax", "idxmin",
                     "sort_values", "nlargest", "nsmallest", "sort", "argsort"})
CROSS_VALIDATION = frozenset({"cross_val_score", "cross_validate", "cross_val_predict", "validation_curve",
                              "learning_curve"})
FITS = frozenset({"fit", "fit_transform", "partial_fit", "train_on_batch"})
# Training and searching calls: what a cell ending with one displays is a history or None, not a score.
TRAINS = frozenset({"fit", "train", "fit_generator", "optimize", "search"})
SHOWS = frozenset({"print", "display", "pprint", "write", "info", "markdown", "log", "Markdown"})
PLOTS = frozenset({"plot", "semilogx", "semilogy", "loglog", "scatter", "bar", "barh", "lineplot", "errorbar", "step"})
# A score among those of a hyper-parameter sweep (a loop whose variable configures the estimator).
SWEEP = "sweep"
GROWS = frozenset({"append", "extend", "update", "insert", "add", "appendleft"})
ORDER = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
VALIDATION_NAME = re.compile(r"(?i)(?:^|_|\d)(?:val|valid|validation|dev)(?:_|\d|$)|^[xy]_?val|valid")
# A test part made by a slice or a drop is named after the name it is bound to.
UNNAMED = "?"
MAX_CALL_DEPTH = 3


@dataclass(frozen=True)
class Value:
    """What a name or an expression holds, as far as choosing on test rows goes (see multi_test_flow.py)."""

    test: str = ""
    """The test data this was computed from (its name), or empty."""
    train_part: bool = False
    validation: bool = False
    """Validation rows (a split of a training part): never test rows, whatever their name says."""
    predicted: frozenset[str] = frozenset()
    """Candidates whose predictions on test rows this holds."""
    scores: frozenset[str] = frozenset()
    """Candidates whose test scores this holds (`*`: many, varied by a loop)."""
    evaluated: tuple = ()
    """(cell, node, test name) of the first test measurement behind the scores."""
    chosen: tuple = ()
    """(cell, node) of the choice this value was picked by."""
    parts: bool = False
    """A dict of split parts (`dataset.train_test_split()` of Hugging Face datasets): `["test"]` is test rows."""
    keeps_best: bool = False
    """A training setting that keeps the best epoch on the data it monitors (EarlyStopping,
    ModelCheckpoint(save_best_only=True), TrainingArguments(load_best_model_at_end=True))."""

    def __bool__(self) -> bool:
        return bool(self.test or self.train_part or self.validation or self.predicted or self.scores or self.chosen
                    or self.parts or self.keeps_best)

    def __or__(self, other: "Value") -> "Value":
        # Most values are EMPTY: known by identity before their eight fields are looked at.
        if other is EMPTY or other is self:
            return self
        if self is EMPTY:
            return other
        if not other:
            return self
        if not self:
            return other
        return Value(self.test or other.test, self.train_part or other.train_part,
                     self.validation or other.validation, self.predicted | other.predicted,
                     self.scores | other.scores, self.evaluated or other.evaluated, self.chosen or other.chosen,
                     self.parts or other.parts, self.keeps_best or other.keeps_best)

    @property
    def many(self) -> bool:
        """Scores of several candidates: enough to choose among."""
        return "*" in self.scores or len(self.scores) > 1


EMPTY = Value()


def root(node: ast.expr) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def is_validation_name(name: str) -> bool:
    """`X_val`, `Xval`, `valid_df`, `y_dev`, `validation`: rows kept to choose with, not to report on."""
    return bool(VALIDATION_NAME.search(name))


# Words of names that hold a number, a score or a path about the test set rather than its rows.
_NOT_ROWS = frozenset({"size", "n", "num", "len", "count", "idx", "index", "indices", "ratio", "frac", "fraction",
                       "pct", "percent", "acc", "accuracy", "score", "scores", "error", "errors", "loss", "losses",
                       "pred", "preds", "prediction", "predictions", "mse", "rmse", "mae", "r2", "auc", "f1",
                       "result", "results", "path", "paths", "file", "files", "filename", "filepaths", "dir", "url"})
_NAME_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


@lru_cache(maxsize=4096)
def names_test_rows(name: str) -> bool:
    """A name such as `X_test` or `test_df` (not `X_val`, `n_test`, `test_acc`): the hint used when nothing
    else is known about a value."""
    words = {word.lower() for word in _NAME_WORDS.findall(name)}
    return is_test_name(name) and not is_validation_name(name) and words.isdisjoint(_NOT_ROWS)


# The same settings spelled as keyword arguments or as the keys of a dict given with `**`.
KEEP_BEST_SETTINGS = frozenset({"save_best_only", "load_best_model_at_end", "restore_best_weights"})


def keeps_best(call: ast.Call, name: str | None) -> bool:
    """`EarlyStopping(...)`, `ModelCheckpoint(..., save_best_only=True)`,
    `TrainingArguments(..., load_best_model_at_end=True)`, a booster with `early_stopping_rounds`: training
    that keeps the best epoch or round on the data it monitors."""
    if name in ("EarlyStopping", "early_stopping"):
        # Keras monitors the validation data ("val_loss", its default) unless told to watch a training metric.
        monitor = next((k.value for k in call.keywords if k.arg == "monitor"), None)
        return not (isinstance(monitor, ast.Constant) and isinstance(monitor.value, str)
                    and not monitor.value.startswith("val"))
    # Gradient boosting (XGBoost, LightGBM, CatBoost) stops at the best round on its eval_set.
    if any(k.arg == "early_stopping_rounds" and not (isinstance(k.value, ast.Constant) and k.value.value is None)
           for k in call.keywords):
        return True
    wanted = {"ModelCheckpoint": "save_best_only", "TrainingArguments": "load_best_model_at_end"}.get(name or "")
    return any(k.arg == wanted and isinstance(k.value, ast.Constant) and k.value.value is True for k in call.keywords)


def is_metric(name: str | None) -> bool:
    if not name or name in NOT_METRICS:
        return False
    return name in METRICS or name.endswith(("_score", "_error", "_loss"))


def takes_part(call: ast.Call) -> bool:
    """`df.sample(frac=0.8)` or `df.sample(n=...)`: part of the rows (frac=1 only shuffles)."""
    for keyword in call.keywords:
        if keyword.arg == "frac":
            return isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, float) and \
                keyword.value.value < 1
        if keyword.arg == "n":
            return True
    return False


def subtree(*roots: ast.AST) -> list[ast.AST]:
    """Every node under the roots (and the roots), in no set order: what ast.walk gives, without the `ctx`
    markers (a third of all nodes) nor a generator per node."""
    found = list(roots)
    for node in found:
        found.extend(child_nodes(node))
    return found


@per_node
def function_facts(function: ast.FunctionDef) -> tuple[frozenset[str], bool]:
    """The names a function's body mentions, and whether it can make test rows itself (a split, a
    sample, a name such as `X_test`, a slice from the start)."""
    names: set[str] = set()
    starts = False
    for node in subtree(function):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Call):
            starts = starts or call_name(node) in ("train_test_split", "sample")
        elif isinstance(node, ast.Slice):
            starts = starts or node.lower is None and node.upper is not None
    return frozenset(names), starts or any(map(names_test_rows, names))


def makes_test_rows(function: ast.FunctionDef, aliases: dict[str, str]) -> bool:
    """Whether the function can make test rows itself (function_facts), a split it calls under another name
    (`tts`, aliases.py) included: the facts are kept per definition, the aliases are the caller's."""
    names, starts = function_facts(function)
    return starts or bool(aliases) and any(aliases.get(name) in SPLIT_FUNCTIONS for name in names)


# Constructor arguments that change a run, not the model a choice would pick.
NOT_HYPER_PARAMETERS = frozenset({"random_state", "seed", "n_jobs", "verbose", "verbosity", "warm_start"})
# Summaries of several scores that pick none of them.
AGGREGATES = frozenset({"mean", "std", "median", "average", "sum", "var", "nanmean", "nanstd", "sem"})


def sweeps(nodes: list[ast.AST], targets) -> bool:
    """Whether loop variables go into an estimator's constructor (`KNeighborsClassifier(k)`,
    `Ridge(alpha=a)`) or `set_params(...)` in the loop body, given as all its nodes (subtree: the walk the
    caller has made already): a sweep over a hyper-parameter."""
    if not targets:
        return False
    for node in nodes:
        if isinstance(node, ast.Call) and ((call_name(node) or "")[:1].isupper() or call_name(node) == "set_params"):
            values = [*node.args, *(k.value for k in node.keywords if k.arg not in NOT_HYPER_PARAMETERS)]
            if any(isinstance(n, ast.Name) and n.id in targets for v in values for n in ast.walk(v)):
                return True
    return False
