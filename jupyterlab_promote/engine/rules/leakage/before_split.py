"""LK001 preprocessing-before-split: a learning transform fitted on data that is split afterwards."""

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from ...notebook.cell_memo import per_node
from ...notebook.dataflow import DataFlow, Step, calls, dataflow
from ...notebook.model import Notebook
from ..base import Violation, at_node
from .vocabulary import (
    CROSS_VALIDATION_FUNCTIONS,
    LEARNER_MENTION,
    SEARCH_CLASSES,
    SPLIT_FUNCTIONS,
    SPLITTER_CLASSES,
    Constructions,
    call_name,
    constructions,
    is_learner,
    is_test_name,
    is_train_name,
    keyword,
    learner_label,
    matches,
    mentions,
    short,
)

_SPLIT_WORDS = ("train_test_split", "cross_va", "_curve", "permutation_test_score", "KFold", "ShuffleSplit", "SearchCV")
_SINK_WORDS = (*_SPLIT_WORDS, ".split(", "fit(")
_LEARNING_FITS = frozenset({"fit", "fit_transform", "fit_resample"})


@dataclass(frozen=True)
class _Sink:
    """A call that splits data into train and test parts: the data it splits and how to name it."""

    call: ast.Call
    data: tuple[ast.expr, ...]
    label: str


@dataclass(frozen=True)
class _Fit:
    call: ast.Call
    label: str
    data: tuple[ast.expr, ...]
    mutates_arguments: bool = False


def _names(nodes) -> set[str]:
    return {n.id for node in nodes for n in ast.walk(node) if isinstance(n, ast.Name)}


def _first_data(call: ast.Call, index: int = 0) -> tuple[ast.expr, ...]:
    value = keyword(call, "X")
    if value is None and len(call.args) > index:
        value = call.args[index]
    return (value,) if value is not None else ()


def _sinks(step: Step, built: Constructions, position: int) -> list[_Sink]:
    found = []
    if not any(word in step.text for word in _SINK_WORDS):
        return found
    for node in calls(step):
        name = call_name(node)
        receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
        owner = None
        if isinstance(receiver, ast.Name):
            owner = built.at(receiver.id, position)
        elif isinstance(receiver, ast.Call):
            owner = call_name(receiver)
        if name in SPLIT_FUNCTIONS:
            found.append(_Sink(node, tuple(a for a in node.args if not isinstance(a, ast.Starred)), name))
        elif name in CROSS_VALIDATION_FUNCTIONS:
            found.append(_Sink(node, _first_data(node, 1), name))
        elif name == "split" and owner in SPLITTER_CLASSES:
            found.append(_Sink(node, _first_data(node), f"{owner}.split"))
        elif name == "fit" and owner in SEARCH_CLASSES:
            found.append(_Sink(node, _first_data(node), owner))
    return found


def _fitting_functions(flow: DataFlow) -> dict[str, str]:
    """Notebook functions that fit a learning transform on one of their parameters: name → estimator."""
    fitting = {}
    for name, function in flow.functions.items():
        label = _fitted_parameter_label(function)
        if label is not None:
            fitting[name] = label
    return fitting


@per_node
def _fitted_parameter_label(function: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """The estimator a function fits on one of its parameters; kept per node, for as long as its tree lives."""
    parameters = {a.arg for a in function.args.args + function.args.kwonlyargs}
    local: dict[str, str] = {}
    found = None
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if (label := learner_label(node.value)) is not None:
                local[node.targets[0].id] = label
        elif isinstance(node, ast.Call) and call_name(node) in _LEARNING_FITS and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            label = local.get(receiver.id) if isinstance(receiver, ast.Name) else learner_label(receiver)
            if label and _names(_first_data(node)) & parameters:
                found = label
    return found




def _mutates_parameter(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    parameters = {a.arg for a in function.args.args}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Subscript) and _names([target.value]) & parameters:
                    return True
    return False


def _fits(step: Step, built: Constructions, position: int, flow: DataFlow, fitting: dict[str, str]) -> list[_Fit]:
    found = []
    if "fit" not in step.text and not any(name in step.text for name in fitting):
        return found
    for node in calls(step):
        name = call_name(node)
        if name in _LEARNING_FITS and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            if isinstance(receiver, ast.Name):
                label = built.at(receiver.id, position)
                label = label if label and is_learner(label) else None
            else:
                label = learner_label(receiver)
            if label and (data := _first_data(node)):
                found.append(_Fit(node, f"{label}.{name}()", data))
        elif isinstance(node.func, ast.Name) and name in fitting and node.args:
            mutates = _mutates_parameter(flow.functions[name])
            found.append(_Fit(node, f"{name}() (which fits {fitting[name]})", tuple(node.args), mutates))
    return found


def _applies_fitted(step: Step, fitted: set[str], split_parts: set[str]) -> bool:
    """`scaler.transform(X_test)` with a scaler fitted before the split."""
    if "transform" not in step.text:
        return False
    for node in calls(step):
        if (isinstance(node.func, ast.Attribute) and node.func.attr == "transform"
                and isinstance(node.func.value, ast.Name) and node.func.value.id in fitted
                and _names(node.args) & split_parts):
            return True
    return False


def _leak(flow: DataFlow, position: int, fit: _Fit, sinks: dict[int, list[_Sink]]) -> tuple[_Sink, Step] | None:
    """Follow the fit's output and its input forward; the split that shows the leak, if any."""
    step = flow.steps[position]
    for sink in sinks.get(position, ()):
        if any(node is fit.call for data in sink.data for node in ast.walk(data)):
            return sink, step
    seeds = set(step.binds | step.updates)
    if fit.mutates_arguments:
        seeds |= _names(fit.data)
    output = flow.derivation(seeds)
    receiver = fit.call.func.value if isinstance(fit.call.func, ast.Attribute) else None
    fitted = {receiver.id} if isinstance(receiver, ast.Name) else set()
    source = flow.derivation(_names(fit.data) - flow.imported)
    parts: set[str] = set()
    split_of_source: tuple[_Sink, Step] | None = None
    for index, later in flow.following(position):
        for sink in sinks.get(index, ()):
            read = _names(sink.data)
            if read & output.names:
                return sink, later
            if read & source.names:
                # The same rows are split, and the object fitted on all of them may be applied to a part.
                parts |= later.binds | later.updates
                split_of_source = split_of_source or (sink, later)
        if split_of_source and _applies_fitted(later, fitted & output.names, parts):
            return split_of_source
        output.advance(later)
        source.advance(later)
        if not output.names:
            return None
    return None


def preprocessing_before_split(nb: Notebook) -> Iterator[Violation]:
    """A scaler, encoder, imputer, selector or resampler is fitted on data that is split afterwards.

    Why: what it learns (means, categories, vocabulary, chosen features, synthetic rows) comes partly
    from the rows that end up in the test set, so the test score is optimistic and production,
    which sees only new rows, performs worse than measured.
    Example: `X = StandardScaler().fit_transform(X)` then `train_test_split(X, y)`.
    Instead: split first and fit on the training part only, or put the transform in a `Pipeline`
    and give the pipeline to `train_test_split`-ed data or `cross_val_score`.
    """
    cells = nb.python_cells
    if not mentions(cells, *_SPLIT_WORDS) or not matches(cells, LEARNER_MENTION):
        return
    flow = dataflow(nb)
    built = constructions(nb)
    sinks = {i: found for i in flow.mentioning(*_SINK_WORDS) if (found := _sinks(flow.steps[i], built, i))}
    if not sinks:
        return
    fitting = _fitting_functions(flow)
    last_sink = max(sinks)
    # Only sinks and steps that can fit something matter below: the others are skipped, not walked.
    fitting_steps = flow.mentioning("fit", *fitting)
    split_outputs: set[str] = set()
    for position in sorted({*sinks, *fitting_steps}):
        step = flow.steps[position]
        if position in sinks:
            split_outputs |= step.binds | step.updates
        if position > last_sink:
            break
        for fit in _fits(step, built, position, flow, fitting):
            data_names = _names(fit.data)
            if data_names & split_outputs or any(is_train_name(n) or is_test_name(n) for n in data_names):
                continue
            found = _leak(flow, position, fit, sinks)
            if found is None:
                continue
            sink, where = found
            yield at_node(
                f"{fit.label} learns from {short(fit.data[0])} before {sink.label} in cell #{where.cell.index + 1} "
                "splits it, so test rows leak into training: fit on the training split only",
                step.cell,
                fit.call,
            )
