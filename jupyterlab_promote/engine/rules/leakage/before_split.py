"""LK001 preprocessing-before-split and LK006 resampling-before-split: learning from rows a later split
puts on the test side.

Both read the notebook's row flow (row_flow.py): which rows each value holds and what it learnt from, so
that what a value *is* comes from where it flows (the result of a split is a training or test part,
whatever its name), through the notebook's own functions and its local modules.
"""

import re
from collections.abc import Iterator

from ...notebook.cell_memo import per_text
from ...notebook.model import Cell, Notebook
from ..base import Violation, at_node
from .fit_after_split import fit_after_split
from .row_flow import Leak, leaks
from .splits import may_split
from .vocabulary import CROSS_VALIDATION_FUNCTIONS, LEARNER_MENTION, SEARCH_CLASSES

# A notebook that neither fits, resamples, computes a statistic nor imports anything (a local module may
# do all that) cannot leak this way: no flow is built. Four patterns tried one after the other, cheapest
# first: as one alternation the regular expression engine finds no literal to skip ahead to, and tries
# every branch at every character (five times slower on the corpus).
_LEARNING_MENTIONS = (
    re.compile(r"\.(?:fit|fit_transform|fit_resample|fit_sample|mean|median|std|var|min|max|quantile|mode|corr"
               r"|transform)\("),
    re.compile(r"^[ \t]*(?:from|import)[ \t]", re.MULTILINE),
    LEARNER_MENTION,
    re.compile(r"\b(?:scale|minmax_scale|maxabs_scale|robust_scale|quantile_transform|power_transform|normalize"
               r"|qcut|cut|resample|concat|concatenate|vstack)\("),
)


@per_text
def _may_learn(cell: Cell) -> bool:
    """Whether the cell fits, resamples, computes a statistic or imports (answered once per text)."""
    text = cell.parsed.python
    return any(pattern.search(text) for pattern in _LEARNING_MENTIONS)


def _found(nb: Notebook) -> tuple[Leak, ...]:
    # The first cell that may learn settles it (usually the imports at the top): the others are not read. A
    # notebook that learns but never divides its rows (a third of the corpus: plots, statistics, no model)
    # shows no leak either, and its rows are not followed for these rules.
    if not any(map(_may_learn, nb.python_cells)) or not may_split(nb):
        return ()
    return leaks(nb)


def _where(leak: Leak) -> str:
    return f"in cell #{leak.split.cell.index + 1}" if leak.split.cell is not None else "later"


def _held_out(leak: Leak) -> str:
    """What the split holds out: cross-validation and searches hold out validation folds, a split of a
    training part a validation part."""
    label = leak.split.label
    if any(word in label for word in _FOLD_WORDS):
        return ("the validation rows leak into training: fit it inside each fold (a Pipeline that is "
                "cross-validated) or on the rows that are not held out")
    if _validation_only(leak):
        return "the validation rows it holds out leak into training: fit on the rows it trains on only"
    return "test rows leak into training: fit on the training split only"


def _validation_only(leak: Leak) -> bool:
    """The fit learnt from the training part of an earlier split, which is split again for validation."""
    rows = leak.learned.rows
    while rows is not None and rows[0] in ("part", "resampled"):
        if rows[0] == "part" and rows[2] in ("train", "head"):  # X[:n] of a split by slices
            return True
        rows = rows[1]
    return False


_FOLD_WORDS = (*sorted(CROSS_VALIDATION_FUNCTIONS), *sorted(SEARCH_CLASSES), ".split", "validation rows")


def preprocessing_before_split(nb: Notebook) -> Iterator[Violation]:
    """A scaler, encoder, imputer, selector or a statistic learns from rows that a later split puts on the
    test side.

    Why: what it learns (means, categories, vocabulary, chosen features, bin edges, a target mean) comes
    partly from the rows that end up in the test set, so the test score is optimistic and production,
    which sees only new rows, performs worse than measured.
    Example: `X = StandardScaler().fit_transform(X)` then `train_test_split(X, y)`; `df.fillna(df.mean())`
    then a split; a scaler fitted on `X_train` before `X_train` is split again into a validation set.
    Instead: split first and fit on the training part only, or put the transform in a `Pipeline`
    and give the pipeline to `train_test_split`-ed data or `cross_val_score`.
    """
    for leak in _found(nb):
        if leak.learned.overlap:
            continue
        learned = leak.learned
        if leak.applied:
            message = (f"{learned.label} learns from all of {learned.data} and is applied to one side of "
                       f"{leak.split.label} {_where(leak)}, so {_held_out(leak)}")
        else:
            message = (f"{learned.label} learns from {learned.data} before {leak.split.label} {_where(leak)} "
                       f"splits it, so {_held_out(leak)}")
        if _validation_only(leak):
            # The data was already a training part: the held-out test split stays clean, and only the
            # choice made on validation rows is biased.
            yield at_node(f"{message} (the held-out test split stays clean)", learned.site.cell, learned.site.node,
                          severity="info")
        else:
            fixes = fit_after_split(nb, learned, leak.split) if not leak.applied else ()
            yield at_node(message, learned.site.cell, learned.site.node, fixes=fixes)


def resampling_before_split(nb: Notebook) -> Iterator[Violation]:
    """Rows are oversampled or undersampled before the data is split.

    Why: an oversampler makes synthetic rows from real ones (or copies them), and the split then puts
    copies or near-copies of training rows in the test set: the model is measured on rows it has seen
    (overlap leakage), and the class balance of the test set is no longer that of production.
    Example: `X_res, y_res = SMOTE().fit_resample(X, y)` then `train_test_split(X_res, y_res)`.
    Instead: split first and resample the training part only (or use imbalanced-learn's `Pipeline`
    inside cross-validation).
    """
    for leak in _found(nb):
        if not leak.learned.overlap:
            continue
        learned = leak.learned
        yield at_node(
            f"{learned.label} resamples {learned.data} before {leak.split.label} {_where(leak)} splits it, so the "
            "test set holds resampled rows (copies or synthetic neighbours of training rows, or a class balance "
            "production does not have): split first and resample the training split only",
            learned.site.cell,
            learned.site.node,
        )
