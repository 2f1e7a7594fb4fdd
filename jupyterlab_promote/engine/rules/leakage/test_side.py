"""LK002 fit-on-test-data and LK005 inconsistent-test-transform: the test set treated unlike the training set.

Both read the notebook's row flow (row_flow.py): a value is test data because the last split it comes
from puts it on the test side (`holdout`, `Xv`, or `b` in `a, b, c, d = train_test_split(X, y)`), and
training data when that split puts it on the training side, whatever its name says (`X_train` split again
has a validation side; the first part of a split of held-out rows is the validation set of a three-way
split, which a calibrator may be fitted on). A name decides only where the notebook does not say where
the rows come from (a name bound outside it, a file read as `test.csv`), and inside a function
definition, whose parameters hold whatever a caller passes.
"""

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...notebook.cell_memo import cells_matching, per_text
from ...notebook.dataflow import dataflow
from ...notebook.model import Cell, Notebook
from ...notebook.statement_shapes import root_name
from ..base import Violation, at_node
from .row_flow import row_events, site_in
from .rows import Rows, Site, Value, node_span
from .splits import may_split
from .vocabulary import FIT_ON_TEST_MENTION, is_learner, is_test_name, is_train_name, keyword, mentions, short

# partial_fit is left out: updating an online model with the test rows after evaluating it is common.
_FITS = frozenset({"fit", "fit_transform", "fit_resample"})
_APPLIES = frozenset({"transform", "fit_transform"})
_PREDICTS = frozenset({"predict", "predict_proba", "score"})


@dataclass(frozen=True)
class _Use:
    """`receiver.method(data)` on an estimator, and the side of a split its data is on."""

    method: str
    receiver: object
    """The variable holding the estimator, or where it is built inline."""
    estimator: Value
    site: Site
    data: ast.expr
    side: str | None
    """`test`, `train`, or None when no split of the notebook says (then the name is a hint)."""
    part: Rows | None
    """The rows of that side: `("part", rows, side, split)`."""
    rows: Rows | None
    split: Site | None
    """The split that made that side, naming the notebook's cell."""

    @property
    def root(self) -> str:
        return root_name(self.data) or ""

    @property
    def label(self) -> str:
        return self.estimator.label

    def shown(self) -> str:
        return self.receiver if isinstance(self.receiver, str) else f"a new {self.label}"


def _side(rows: Rows | None) -> tuple[str | None, Rows | None]:
    """Which side of a split `rows` are on: that of the last split they come from (the validation and test
    sides of a three-way split are the training and test sides of the split of the held-out rows); slices
    by position say nothing alone."""
    while rows is not None and rows[0] in ("part", "resampled"):
        if rows[0] == "part" and rows[2] in ("train", "test"):
            return rows[2], rows
        rows = rows[1]
    return None, None


def _within(rows: Rows | None, part: Rows) -> bool:
    """Whether `rows` are `part` or rows taken from it."""
    while rows is not None and rows[0] in ("part", "resampled"):
        if rows == part:
            return True
        rows = rows[1]
    return False


def _uses(nb: Notebook) -> list[_Use]:
    """The fits, transforms and predictions of the notebook's estimators, in execution order."""
    uses = []
    for event in row_events(nb):
        if event[0] != "method":
            continue
        _, method, receiver, estimator, data, site = event
        node = site.node
        expr = keyword(node, "X") or (node.args[0] if node.args else None)
        if expr is None:
            continue
        side, part = _side(data.rows)
        split = site_in(nb, part[3]) if part is not None else None
        site = site_in(nb, site)
        if method == "fit" and not isinstance(receiver, str) and site.cell is not None:
            # `model = LogisticRegression().fit(X, y)`: the object built inline is `model` from then on.
            receiver = _fitted_into(site.cell).get(node_span(node), receiver)
        uses.append(_Use(method, receiver, estimator, site, expr, side, part, data.rows, split))
    return uses


@per_text
def _fitted_into(cell: Cell) -> dict[tuple, str]:
    """For each `name = <estimator built inline>.fit(...)` of the cell, where the fit is → `name`."""
    found = {}
    for node in cell.parsed.nodes(ast.Assign):
        value = node.value
        if (len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and isinstance(value, ast.Call)
                and isinstance(value.func, ast.Attribute) and value.func.attr == "fit"):
            found[node_span(value)] = node.targets[0].id
    return found


def _is_test(use: _Use) -> bool:
    return use.side == "test" or use.side is None and is_test_name(use.root)


def _swapped(name: str) -> str:
    return re.sub("test", "train", re.sub("Test", "Train", re.sub("TEST", "TRAIN", name)))


def _on_counterpart(use: _Use, test: _Use) -> bool:
    """Whether `use` is on the training side of the split whose test side `test` is on (for data the flow
    does not explain, the training name matching the test name: `X_train` for `X_test`)."""
    if test.part is not None:
        return _within(use.rows, (test.part[0], test.part[1], "train", test.part[3]))
    return use.side is None and use.root == _swapped(test.root) != test.root


def _learnt_from_training(fit: _Use, test: _Use) -> bool:
    if fit.side == "train" or fit.side is None and is_train_name(fit.root):
        return True
    return _on_counterpart(fit, test)


def _inconsistent(uses: list[_Use]) -> Iterator[tuple[_Use, _Use]]:
    """(test-side use, train-side use) pairs where the two sides go through different fitted objects."""
    for use in uses:
        if use.method not in _APPLIES or not _is_test(use):
            continue
        train_side = [u for u in uses if u.method in _APPLIES and _on_counterpart(u, use)]
        if not train_side or any(u.receiver == use.receiver for u in train_side):
            continue
        if use.method == "transform":
            # A different object is fine if it too learnt from the training data.
            fits = [u for u in uses if u.receiver == use.receiver and u.method in _FITS]
            if not fits or any(_learnt_from_training(fit, use) for fit in fits):
                continue
        if use.label and train_side[0].label and (is_learner(use.label) or use.label == train_side[0].label):
            yield use, train_side[0]


def _test_side(nb: Notebook) -> tuple[list[_Use], list[tuple[_Use, _Use]]]:
    """The estimators' uses and the inconsistent pairs among them: what LK002 and LK005 both read, found
    once per analysis."""
    return nb.shared("test side", _find_test_side)


def _find_test_side(nb: Notebook) -> tuple[list[_Use], list[tuple[_Use, _Use]]]:
    if not may_split(nb) and not any(map(_names_test_data, nb.python_cells)):
        # No row can be on a test side and no name says it is test data: no use is on the test side, and the
        # rows are not followed for these rules.
        return [], []
    uses = _uses(nb)
    return uses, list(_inconsistent(uses))


@per_text
def _names_test_data(cell: Cell) -> bool:
    """Whether a name of the cell reads as test data (`X_test`, `holdout`): what a use's data is known by when no
    split says (_is_test)."""
    return any(map(is_test_name, {node.id for node in cell.parsed.nodes(ast.Name)}))


def _origin(use: _Use) -> str:
    """Where the flow says the test data comes from, when its name does not say it."""
    split = use.split
    if split is None or is_test_name(use.root):
        return ""
    where = f" in cell #{split.cell.index + 1}" if split.cell is not None else ""
    return f" (the test side of {split.label}{where})"


def fit_on_test_data(nb: Notebook) -> Iterator[Violation]:
    """A scaler, encoder or model is fitted on test data.

    Why: the test set is there to measure the model on data it has never seen; anything fitted on it
    has seen it, so the measured score says nothing about production.
    Example: `scaler.fit_transform(X_test)`, `model.fit(X_test, y_test)`, or a fit on `holdout` in
    `train, holdout = train_test_split(df)`: test data is what a split puts on the test side, whatever its name.
    Instead: fit on the training data, and only `transform` / `predict` the test data.
    """
    cells = nb.python_cells
    if not mentions(cells, ".fit"):
        return
    uses, pairs = _test_side(nb)
    reported_elsewhere = {test.site for test, _ in pairs}
    for use in uses:
        if use.method not in _FITS or not _is_test(use) or use.site in reported_elsewhere:
            continue
        # Fitting on one side and predicting the other is using the "test" side as the training data
        # (a hand-made cross-validation, or names the other way round).
        if any(u.receiver == use.receiver and u.method in _PREDICTS and _on_counterpart(u, use) for u in uses):
            continue
        call = use.site.node
        yield at_node(f"{short(call.func)}() is fitted on the test data {short(use.data)}{_origin(use)}: "
                      "fit on the training data and only transform or predict the test data", use.site.cell, call)
    yield from _in_functions(nb)


def _in_functions(nb: Notebook) -> Iterator[Violation]:
    """Inside a function definition (`def scale(X_train, X_test): ...`) a parameter holds whatever a caller
    passes: the test data is known by its name only."""
    found = [(cell, call, data) for cell in cells_matching(nb.python_cells, FIT_ON_TEST_MENTION)
             for call, data in _fits_on_test_in_functions(cell)]
    if not found:
        return
    imported = dataflow(nb).imported
    for cell, call, data in found:
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
    Example: `X_train = scaler.fit_transform(X_train)` and `X_test = StandardScaler().fit_transform(X_test)`;
    the two sides are those of one split, whatever their names.
    Instead: fit once on the training data and apply that same object to the test data:
    `X_test = scaler.transform(X_test)`, or use a `Pipeline`.
    """
    if not mentions(nb.python_cells, "transform("):
        return
    for test, train in _test_side(nb)[1]:
        yield at_node(
            f"{short(test.data)} is transformed by {test.shown()} but {short(train.data)} by {train.shown()}: "
            f"apply the object fitted on the training data, {train.shown()}.transform({short(test.data)})",
            test.site.cell,
            test.site.node,
        )
