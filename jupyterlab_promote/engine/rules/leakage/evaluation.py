"""LK003 evaluated-on-training-data and LK004 split-without-random-state."""

import ast
from collections.abc import Iterator

from ...fixes.edits import text_edit
from ...notebook.cell_memo import cells_mentioning, mentions_any, per_cell, per_text
from ...notebook.dataflow import Step, calls, cell_steps
from ...notebook.model import Cell, Notebook
from ...notebook.statement_shapes import root_name
from ..base import Fix, Violation, at_node
from .aliases import aliases_of, import_aliases
from .vocabulary import (
    CROSS_VALIDATION_FUNCTIONS,
    call_name,
    has_keyword_splat,
    is_train_name,
    keyword,
    mentions,
    split_sides,
)

_PREDICTS = frozenset({"predict", "predict_proba", "decision_function", "predict_log_proba"})
_SCORES = frozenset({"score", "evaluate"})
_METRICS = frozenset({"classification_report", "confusion_matrix", "log_loss", "hinge_loss", "zero_one_loss",
                      "hamming_loss", "brier_score_loss"})
_EVALUATION_WORDS = ("score(", "evaluate(", "_error(", "classification_report", "confusion_matrix", "_loss(")
_MODEL_WORDS = (".fit(", "predict", "score", "evaluate", "_error", "report", "matrix", "cross_va", "_loss")
# Fitting with one of these already measures on held-out data.
_VALIDATION_KEYWORDS = frozenset({"validation_data", "validation_split", "eval_set"})


def _is_metric(call: ast.Call, aliases: dict[str, str] | None = None) -> bool:
    return _is_metric_name(call_name(call, aliases) or "")


def _is_metric_name(name: str) -> bool:
    return name in _METRICS or name.endswith(("_score", "_error")) and not name.startswith("cross_val")


def _measuring_aliases(aliases: dict[str, str]) -> tuple[str, ...]:
    """`acc(` for `accuracy_score as acc`, and likewise for the cross-validation functions: a cell calling
    only such a name holds none of the words the cells are filtered by."""
    return tuple(sorted(alias + "(" for alias, name in aliases.items()
                        if _is_metric_name(name) or name in CROSS_VALIDATION_FUNCTIONS))


def evaluated_on_training_data(nb: Notebook) -> Iterator[Violation]:
    """A model is evaluated only on the data it was trained on.

    Why: a model scores well on rows it has memorised; without a measurement on held-out data nobody
    knows how it will do on the new rows it meets in production.
    Example: `model.fit(X_train, y_train)` then `accuracy_score(y_train, model.predict(X_train))`, and
    no evaluation on `X_test`.
    Instead: evaluate on the test or validation split (or with `cross_val_score`).
    """
    cells = nb.python_cells
    if not mentions(cells, ".fit(") or not mentions(cells, "train", "Train"):
        return
    aliases = import_aliases(nb)
    measuring = _measuring_aliases(aliases)
    if not mentions(cells, *_EVALUATION_WORDS, *measuring):
        return
    # A model is a name until it is rebound: `version` holds, per name, a token of its last rebinding.
    version: dict[str, object] = {}
    fitted_on: dict[tuple[str, object], set[str]] = {}
    predictions: dict[str, tuple[tuple[str, object], str]] = {}
    evaluated: list[tuple[tuple[str, object], str, Cell, ast.Call]] = []
    applied: dict[tuple[str, object], set[str]] = {}
    train_parts: set[str] = set()
    for cell in cells:
        model_steps, cell_train_parts, rebound = _cell_shape(cell)
        if cell_train_parts:
            train_parts.update(cell_train_parts)
        if measuring and mentions_any(cell, measuring):
            model_steps = frozenset(range(len(cell_steps(cell))))  # a step may measure by an alias alone
        if not model_steps:
            # Nothing is fitted, applied or measured here: only the versions of what it rebinds move on.
            version.update(rebound)
            continue
        for position, step in enumerate(cell_steps(cell)):
            for name in step.binds - step.refits:
                version[name] = object()
            if position in model_steps:
                _model_step(step, version, fitted_on, predictions, evaluated, applied, aliases)
    held_out = {root for roots in applied.values() for root in roots} - {r for roots in fitted_on.values() for r in roots}
    if any(root.startswith("<") or not is_train_name(root) and root not in train_parts for root in held_out if root):
        # Something is measured on held-out data somewhere: stay quiet rather than judge which model matters.
        return
    reported: set[tuple[str, object]] = set()
    for model, data_root, cell, call in evaluated:
        trained = fitted_on.get(model, set())
        if model in reported or data_root not in trained or applied.get(model, set()) - trained:
            continue
        if not (is_train_name(data_root) or data_root in train_parts):
            continue
        reported.add(model)
        yield at_node(
            f"{model[0]} is evaluated on {data_root}, the data it was trained on, and never on held-out data: "
            "the score is optimistic; evaluate it on the test split",
            cell,
            call,
        )


@per_cell
def _cell_shape(cell: Cell) -> tuple[frozenset[int], tuple[str, ...], dict[str, object]]:
    """The positions of the cell's steps that fit, apply or measure a model, the training parts its splits
    bind, and a token of this cell for each name it rebinds (the cell's own: kept with the Cell, it stays
    the same while the cell is unchanged and no other cell shares it)."""
    model_steps, train_parts, rebinds = _text_shape(cell)
    return model_steps, train_parts, dict.fromkeys(rebinds, object())


@per_text
def _text_shape(cell: Cell) -> tuple[frozenset[int], tuple[str, ...], tuple[str, ...]]:
    steps = cell_steps(cell) if cell.parsed.tree is not None else ()
    model_steps = frozenset(i for i, step in enumerate(steps) if any(word in step.text for word in _MODEL_WORDS))
    rebinds = tuple(dict.fromkeys(name for step in steps for name in step.binds - step.refits))
    return model_steps, tuple(name for step in steps for name in split_sides(step)[0]), rebinds


def _model_step(step: Step, version: dict[str, object], fitted_on: dict, predictions: dict, evaluated: list,
                applied: dict, aliases: dict[str, str]) -> None:
    """Record the fits, predictions and measurements of one step, against the current name versions."""
    for node in calls(step):
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and node.args:
            model = (func.value.id, version.get(func.value.id))
            data_root = root_name(node.args[0]) or ""
            if _is_supervised_fit(node):
                _record_fit(model, node, fitted_on, applied)
            elif func.attr in _PREDICTS | _SCORES:
                applied.setdefault(model, set()).add(data_root)
                if func.attr in _SCORES:
                    evaluated.append((model, data_root, step.cell, node))
        elif call_name(node, aliases) in CROSS_VALIDATION_FUNCTIONS and node.args and isinstance(node.args[0], ast.Name):
            applied.setdefault((node.args[0].id, version.get(node.args[0].id)), set()).add("<cv>")
        elif _is_metric(node, aliases):
            for arg in node.args:
                source = _prediction(arg, version, predictions)
                if source is not None:
                    evaluated.append((*source, step.cell, node))
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Call) and node.args and _is_supervised_fit(node):
            # `model = LogisticRegression().fit(X_train, y_train)`: fit returns the estimator, bound by name.
            for name, value in step.values:
                if value is node:
                    _record_fit((name, version.get(name)), node, fitted_on, applied)
    for name, value in step.values:
        source = _prediction(value, version, {})
        if source is not None:
            predictions[name] = source
        else:
            predictions.pop(name, None)


def _is_supervised_fit(call: ast.Call) -> bool:
    """`.fit(X, y)`: a model learning a target (a transformer's `.fit(X)` is not evaluated)."""
    func = call.func
    return (isinstance(func, ast.Attribute) and func.attr == "fit"
            and (len(call.args) > 1 or keyword(call, "y") is not None))


def _record_fit(model: tuple[str, object], call: ast.Call, fitted_on: dict, applied: dict) -> None:
    if any(k.arg in _VALIDATION_KEYWORDS for k in call.keywords):
        applied.setdefault(model, set()).add("<validation>")
    fitted_on.setdefault(model, set()).add(root_name(call.args[0]) or "")


def _prediction(node: ast.AST, version: dict[str, object], predictions: dict) -> tuple[tuple[str, object], str] | None:
    """The (model, data) a metric argument was predicted from: `model.predict(X_train)` or its variable."""
    if isinstance(node, ast.Name):
        return predictions.get(node.id)
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _PREDICTS
            and isinstance(node.func.value, ast.Name) and node.args):
        return (node.func.value.id, version.get(node.func.value.id)), root_name(node.args[0]) or ""
    return None


_SPLIT_WORDS = ("train_test_split", "Split(", "KFold(")
_SHUFFLING_SPLITTERS = frozenset({"ShuffleSplit", "StratifiedShuffleSplit", "GroupShuffleSplit", "RepeatedKFold",
                                  "RepeatedStratifiedKFold"})
_OPTIONAL_SHUFFLE = frozenset({"KFold", "StratifiedKFold", "StratifiedGroupKFold"})


def _is_true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


_SEEDED_SPLITS = frozenset({"train_test_split"}) | _SHUFFLING_SPLITTERS | _OPTIONAL_SHUFFLE


def _unseeded(call: ast.Call, aliases: dict[str, str] | None = None) -> bool:
    # Hugging Face datasets spell it `seed`.
    if keyword(call, "random_state") is not None or keyword(call, "seed") is not None or has_keyword_splat(call):
        return False
    name = call_name(call, aliases)
    if name == "train_test_split":
        shuffle = keyword(call, "shuffle")
        return not (isinstance(shuffle, ast.Constant) and shuffle.value is False)
    if name in _SHUFFLING_SPLITTERS:
        return len(call.args) < 4
    if name in _OPTIONAL_SHUFFLE:
        return _is_true(keyword(call, "shuffle")) or (len(call.args) >= 2 and _is_true(call.args[1]))
    return False


def _seed_fix(cell: Cell, call: ast.Call) -> tuple[Fix, ...]:
    lines = cell.source.split("\n")
    line, column = call.end_lineno, call.end_col_offset
    if line is None or column is None or line > len(lines):
        return ()
    text = lines[line - 1].encode("utf-8")
    if text[column - 1 : column] != b")":
        return ()
    close = len(text[: column - 1].decode("utf-8", errors="ignore"))
    before = "\n".join([*lines[: line - 1], lines[line - 1][:close]]).rstrip()
    separator = "" if before.endswith("(") else " " if before.endswith(",") else ", "
    edit = text_edit(cell, line, close, line, close, f"{separator}random_state=42")
    return (Fix("random-state", "Fix the split with random_state=42", "unsafe", (edit,)),)


def split_without_random_state(nb: Notebook) -> Iterator[Violation]:
    """A random train/test split or shuffled cross-validation has no `random_state`.

    Why: every run splits the rows differently, so scores move from run to run and a model cannot be
    reproduced or compared with the next version.
    Example: `train_test_split(X, y, test_size=0.2)`, `KFold(5, shuffle=True)`.
    Instead: pass a fixed seed, `random_state=42`, ideally from the parameters cell.
    """
    # The same filter as the notebook's pre-check, whose answer is kept: only the cells that split are read. A
    # split imported under another name is looked for by that name too (`tts(`).
    aliases = import_aliases(nb)
    renamed = aliases_of(aliases, _SEEDED_SPLITS)
    words = (*_SPLIT_WORDS, *(f"{alias}(" for alias in renamed)) if renamed else _SPLIT_WORDS
    for cell in cells_mentioning(nb.python_cells, words):
        for node in cell.parsed.nodes(ast.Call):
            if _unseeded(node, aliases):
                yield at_node(
                    f"{call_name(node, aliases)}(...) has no random_state, so every run splits the data differently",
                    cell,
                    node,
                    fixes=_seed_fix(cell, node),
                )
