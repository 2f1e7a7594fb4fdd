"""LK002 fit-on-test-data and LK005 inconsistent-test-transform: the test set treated unlike the training set."""

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...notebook.cell_memo import cells_matching, per_text
from ...notebook.dataflow import calls, dataflow
from ...notebook.model import Cell, Notebook
from ...notebook.statement_shapes import root_name
from ..base import Violation, at_node
from .vocabulary import (
    FIT_ON_TEST_MENTION,
    SPLIT_FUNCTIONS,
    TRANSFORM_OF_TEST_MENTION,
    call_name,
    constructions,
    is_learner,
    is_test_name,
    is_train_name,
    keyword,
    matches,
    mentions,
    short,
    split_sides,
)

# partial_fit is left out: updating an online model with the test rows after evaluating it is common.
_FITS = frozenset({"fit", "fit_transform", "fit_resample"})
_APPLIES = frozenset({"transform", "fit_transform"})
_PREDICTS = frozenset({"predict", "predict_proba", "score"})


@dataclass(frozen=True)
class _Use:
    """`receiver.method(data)` on a fitted object."""

    cell: Cell
    call: ast.Call
    method: str
    receiver: str
    """The variable name, or a unique key for an object built inline (`StandardScaler().fit(...)`)."""
    label: str | None
    data: ast.expr
    data_root: str


def _uses(nb: Notebook, methods: frozenset[str]) -> tuple[list[_Use], dict[str, str]]:
    """Calls of these methods on notebook-built objects, and the train name matching each split test name."""
    flow = dataflow(nb)
    built = constructions(nb)
    uses = []
    siblings: dict[str, str] = {}
    for position in flow.mentioning(*SPLIT_FUNCTIONS):
        train, test = split_sides(flow.steps[position])
        siblings.update(zip(test, train))
    for position in flow.mentioning(*sorted(methods)):
        step = flow.steps[position]
        for node in calls(step):
            if not (isinstance(node.func, ast.Attribute) and node.func.attr in methods):
                continue
            data = keyword(node, "X") or (node.args[0] if node.args else None)
            data_root = root_name(data) if data is not None else None
            receiver = node.func.value
            if data_root is None:
                continue
            if isinstance(receiver, ast.Name) and receiver.id not in flow.imported:
                label = built.at(receiver.id, position)
                if label is not None:
                    uses.append(_Use(step.cell, node, node.func.attr, receiver.id, label, data, data_root))
            elif (isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Attribute)
                  and receiver.func.attr in _FITS and isinstance(receiver.func.value, ast.Name)):
                # `model.fit(X1, y1).predict(X2)`: the fitted model is the named one.
                name = receiver.func.value.id
                label = built.at(name, position)
                uses.append(_Use(step.cell, node, node.func.attr, name, label, data, data_root))
            elif isinstance(receiver, ast.Call) and root_name(receiver) not in flow.imported | {None}:
                label = call_name(receiver)
                uses.append(_Use(step.cell, node, node.func.attr, f"<{id(receiver)}>", label, data, data_root))
    return uses, siblings


def _is_test(name: str, siblings: dict[str, str]) -> bool:
    return name in siblings or is_test_name(name)


def _train_counterpart(name: str, siblings: dict[str, str]) -> str | None:
    if name in siblings:
        return siblings[name]
    swapped = re.sub("test", "train", re.sub("Test", "Train", re.sub("TEST", "TRAIN", name)))
    return swapped if swapped != name else None


def _shown(use: _Use) -> str:
    return use.receiver if not use.receiver.startswith("<") else f"a new {use.label}"


def _inconsistent(uses: list[_Use], siblings: dict[str, str]) -> Iterator[tuple[_Use, _Use]]:
    """(test-side use, train-side use) pairs where the two sides go through different fitted objects."""
    for use in uses:
        if use.method not in _APPLIES or not _is_test(use.data_root, siblings):
            continue
        counterpart = _train_counterpart(use.data_root, siblings)
        train_side = [u for u in uses if u.data_root == counterpart and u.method in _APPLIES]
        if not train_side or any(u.receiver == use.receiver for u in train_side):
            continue
        if use.method == "transform":
            # A different object is fine if it too learnt from the training data.
            fits = [u for u in uses if u.receiver == use.receiver and u.method in _FITS]
            if not fits or any(is_train_name(u.data_root) or u.data_root == counterpart for u in fits):
                continue
        if use.label and train_side[0].label and (is_learner(use.label) or use.label == train_side[0].label):
            yield use, train_side[0]


def fit_on_test_data(nb: Notebook) -> Iterator[Violation]:
    """A scaler, encoder or model is fitted on test data.

    Why: the test set is there to measure the model on data it has never seen; anything fitted on it
    has seen it, so the measured score says nothing about production.
    Example: `scaler.fit_transform(X_test)` or `model.fit(X_test, y_test)`.
    Instead: fit on the training data, and only `transform` / `predict` the test data.
    """
    cells = nb.python_cells
    if not matches(cells, FIT_ON_TEST_MENTION) and not (mentions(cells, "train_test_split") and mentions(cells, ".fit")):
        return
    uses, siblings = _uses(nb, _FITS | _APPLIES | _PREDICTS)
    reported_elsewhere = {id(test.call) for test, _ in _inconsistent(uses, siblings)}
    predicted = {(u.receiver, u.data_root) for u in uses if u.method in _PREDICTS}
    for use in uses:
        if use.method not in _FITS or not _is_test(use.data_root, siblings) or id(use.call) in reported_elsewhere:
            continue
        # Fitting on one half and predicting the other, both ways round, is a hand-made cross-validation.
        if not is_test_name(use.data_root) and (use.receiver, siblings[use.data_root]) in predicted:
            continue
        yield at_node(
            f"{short(use.call.func)}() is fitted on the test data {short(use.data)}: "
            "fit on the training data and only transform or predict the test data",
            use.cell,
            use.call,
        )
    # Inside functions (`def scale(X_train, X_test): ...`) the flow is not followed: the test data is
    # known by its name only.
    imported = dataflow(nb).imported
    for cell in cells_matching(cells, FIT_ON_TEST_MENTION):
        for call, data in _fits_on_test_in_functions(cell):
            if call.func.value.id in imported:
                continue  # `norm.fit(test_sample)`: a distribution from scipy, not a fitted model
            yield at_node(f"{short(call.func)}() is fitted on the test data {short(data)}: "
                          "fit on the training data and only transform or predict the test data", cell, call)


@per_text
def _fits_on_test_in_functions(cell: Cell) -> list[tuple[ast.Call, ast.expr]]:
    """`obj.fit(X_test)`-like calls in the cell's function bodies, with the data they fit on."""
    found = []
    for function in cell.parsed.nodes(ast.FunctionDef, ast.AsyncFunctionDef):
        for statement in function.body:
            for node in ast.walk(statement):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _FITS
                        and isinstance(node.func.value, ast.Name)):
                    data = keyword(node, "X") or (node.args[0] if node.args else None)
                    root = root_name(data) if data is not None else None
                    if root is not None and is_test_name(root):
                        found.append((node, data))
    return found


def inconsistent_test_transform(nb: Notebook) -> Iterator[Violation]:
    """The test data goes through a different fitted transform than the training data.

    Why: the model learnt on features scaled or encoded one way and is measured (and later served)
    on features transformed another way: the score is meaningless and production inputs drift.
    Example: `X_train = scaler.fit_transform(X_train)` and `X_test = StandardScaler().fit_transform(X_test)`.
    Instead: fit once on the training data and apply that same object to the test data:
    `X_test = scaler.transform(X_test)`, or use a `Pipeline`.
    """
    cells = nb.python_cells
    if not matches(cells, TRANSFORM_OF_TEST_MENTION) and not (
        mentions(cells, "train_test_split") and mentions(cells, "transform(")
    ):
        return
    uses, siblings = _uses(nb, _FITS | _APPLIES)
    for test, train in _inconsistent(uses, siblings):
        yield at_node(
            f"{short(test.data)} is transformed by {_shown(test)} but {short(train.data)} by {_shown(train)}: "
            f"apply the object fitted on the training data, {_shown(train)}.transform({short(test.data)})",
            test.cell,
            test.call,
        )

