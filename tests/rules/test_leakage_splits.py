"""LK001 and LK007 follow a notebook's rows only when it may divide them (splits.may_split), LK002 and LK005 also
when a name says it is test data: every way the row flow makes two sides opens the gate, and a notebook that never
divides its rows keeps it closed."""

import ast

import pytest

from jupyterlab_promote.engine.rules import leakage as lk
from jupyterlab_promote.engine.rules.leakage.row_flow import row_events
from jupyterlab_promote.engine.rules.leakage.splits import _may_slice_one_side, may_split

from factories import notebook, violations

SCALED = "X = StandardScaler().fit_transform(X)"

DIVIDING = {
    "a split function": (SCALED, "a, b, c, d = model_selection.train_test_split(X, y)"),
    "cross-validation": (SCALED, "cross_val_score(LogisticRegression(), X, y)"),
    "a splitter's folds": (SCALED, "for tr, te in KFold(5).split(X):\n    pass"),
    "a search": (SCALED, "GridSearchCV(SVC(), grid).fit(X, y)"),
    "a sample and the rest": (SCALED, "train = df.sample(frac=0.8)\ntest = df.drop(train.index)"),
    "a fit holding out validation rows": (SCALED, "model.fit(X, y, validation_split=0.2)"),
    "early stopping": (SCALED, "MLPClassifier(early_stopping=True).fit(X, y)"),
    "slices in two cells": (SCALED, "train = X[:800]", "test = X[800:]"),
    "head and tail with counts": (SCALED, "train = X.head(800)\ntest = X.tail(200)"),
    "a split in a function": ("def holdout(data):\n    return train_test_split(data)", SCALED, "parts = holdout(X)"),
}

NOT_DIVIDING = {
    "plots and statistics": ("import matplotlib.pyplot as plt", "m = df['x'].mean()", "plt.plot(df['x'] - m)"),
    "a look at the first rows": (SCALED, "X[:5]", "X.head(10)", "X.head()\nX.tail()"),
    "the words in strings only": (SCALED, "print('n_samples', 'header', 'details')", "s = line.split(',')"),
    "a slice with both bounds": (SCALED, "rows = X[2:5]"),
}


@pytest.mark.parametrize("cells", DIVIDING.values(), ids=DIVIDING.keys())
def test_each_way_of_dividing_rows_opens_the_gate(cells):
    assert may_split(notebook(*cells))


@pytest.mark.parametrize("cells", NOT_DIVIDING.values(), ids=NOT_DIVIDING.keys())
def test_a_notebook_that_never_divides_its_rows_makes_no_split_nor_pair_of_slices(cells):
    nb = notebook(*cells)
    assert not may_split(nb)
    events = row_events(nb)
    assert not [event for event in events if event[0] == "split"]
    assert {event[2] for event in events if event[0] == "slice"} != {"head", "tail"}
    assert violations(lk.preprocessing_before_split, *cells) == []


def test_slices_of_both_kinds_across_cells_still_leak():
    found = violations(lk.preprocessing_before_split, *DIVIDING["slices in two cells"])
    assert [(v.cell.index, v.line) for v in found] == [(0, 1)]


class TestLocalModules:
    def test_a_possible_local_import_opens_the_gate(self, tmp_path):
        (tmp_path / "helpers.py").write_text("def holdout(data):\n    return train_test_split(data)\n",
                                             encoding="utf-8")
        cells = ("from helpers import holdout", SCALED, "parts = holdout(X)")
        assert may_split(notebook(*cells, path=tmp_path / "analysis.ipynb"))
        found = violations(lk.preprocessing_before_split, *cells, path=tmp_path / "analysis.ipynb")
        assert [(v.cell.index, v.line) for v in found] == [(1, 1)]

    def test_an_installed_module_keeps_it_closed(self, tmp_path):
        cells = ("from helpers import holdout", SCALED, "parts = holdout(X)")
        assert not may_split(notebook(*cells, path=tmp_path / "analysis.ipynb"))


def test_each_split_name_contains_one_of_the_words_looked_for():
    from jupyterlab_promote.engine.rules.leakage.splits import HOLDOUT_KEYWORDS, SPLIT_CALLS, SPLIT_WORDS

    assert all(any(word in name for word in SPLIT_WORDS) for name in SPLIT_CALLS | HOLDOUT_KEYWORDS)


class TestTestSide:
    """LK002 and LK005 follow the rows when a row may be on a test side, or a name says it is test data."""

    def test_data_named_as_test_data_is_still_followed_without_a_split(self):
        found = violations(lk.fit_on_test_data, "X_test = pd.read_csv('test.csv')",
                           "scaler = StandardScaler()\nscaler.fit(X_test)")
        assert [(v.cell.index, v.line) for v in found] == [(1, 2)]

    def test_fits_with_no_test_side_nor_test_name_are_not_followed(self):
        nb = notebook("X = pd.read_csv('data.csv')", "model = KMeans(3).fit(X)", "Z = model.transform(X)")
        assert list(lk.fit_on_test_data(nb)) == [] and list(lk.inconsistent_test_transform(nb)) == []
        assert "row_events" not in nb._shared


ONE_SIDED_SLICES = ("X[:n]", "X[n:]", "X[a, :n]", "X[n:, 0]", "X[n::2]", "X[ : n]", "X[n : ]", "X[  # first rows\n    :n]",
                    "X[n:  # the rest\r\n]", "X[n:\\\n]", "X[:, 1:]")
NO_ONE_SIDED_SLICE = ("for a in b:\n    pass", "d = {'a': 1, 'b': [2]}", "X[a:b]", "def f(x: int) -> int:\n    return x",
                      "lambda: 0")


@pytest.mark.parametrize("text", ONE_SIDED_SLICES)
def test_the_text_filter_never_misses_a_slice_with_one_bound(text):
    assert _may_slice_one_side(text)
    assert any((part.lower is None) != (part.upper is None) for part in ast.walk(ast.parse(text))
               if isinstance(part, ast.Slice))


@pytest.mark.parametrize("text", NO_ONE_SIDED_SLICE)
def test_the_text_filter_passes_over_colons_of_no_such_slice(text):
    assert not _may_slice_one_side(text)
