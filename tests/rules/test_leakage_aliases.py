"""The leakage rules read a name imported under another one (`from M import f as g`) as the name it was imported as,
`f`: `tts(X, y)` is a train_test_split, `SS()` a StandardScaler, at module level and inside functions. A name that is
no such import stays what it was, and an alias bound to another function is that function."""

import ast

import pytest

from jupyterlab_promote.engine.rules import leakage as lk
from jupyterlab_promote.engine.rules.leakage.aliases import aliases_of, cell_aliases, import_aliases
from jupyterlab_promote.engine.rules.leakage.calls import imported_name
from jupyterlab_promote.engine.rules.leakage.rows import Value
from jupyterlab_promote.engine.rules.leakage.splits import may_split
from jupyterlab_promote.engine.rules.leakage.summaries import called_names
from jupyterlab_promote.engine.rules.leakage.vocabulary import call_name

from factories import notebook, violations

LOAD = "X = df.drop(columns='y')\ny = df['y']"
SCALED = "X = StandardScaler().fit_transform(X)"


def codes(*cells: str) -> list[str]:
    return sorted({code for code, rule in (("LK001", lk.preprocessing_before_split),
                                           ("LK004", lk.split_without_random_state))
                   if violations(rule, *cells)})


class TestLeaksThroughAnAlias:
    def test_an_aliased_split(self):
        cells = ("from sklearn.model_selection import train_test_split as tts", LOAD, SCALED,
                 "X_tr, X_te, y_tr, y_te = tts(X, y, test_size=0.2)")
        assert codes(*cells) == ["LK001", "LK004"]
        assert codes(*cells[:-1], cells[-1].replace("tts", "train_test_split")) == ["LK001", "LK004"]

    def test_an_aliased_cross_validation_and_splitter(self):
        cells = ("from sklearn.model_selection import KFold as K, cross_val_score as cvs", LOAD, SCALED,
                 "print(cvs(LogisticRegression(), X, y, cv=K(5)))")
        found = violations(lk.preprocessing_before_split, *cells)
        assert [(v.cell.index, v.line) for v in found] == [(2, 1)]
        assert "cross_val_score" in found[0].message

    def test_an_aliased_shuffled_splitter_is_unseeded(self):
        assert codes("from sklearn.model_selection import ShuffleSplit as SS", "for a, b in SS(5).split(X):\n    pass"
                     ) == ["LK004"]

    def test_an_aliased_scaler(self):
        cells = ("from sklearn.preprocessing import StandardScaler as SS", LOAD, "X = SS().fit_transform(X)",
                 "X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)")
        found = violations(lk.preprocessing_before_split, *cells)
        assert [(v.cell.index, v.line) for v in found] == [(2, 1)]
        assert found[0].message.startswith("StandardScaler.fit_transform()")

    def test_an_alias_imported_at_the_top_and_called_in_a_function(self):
        cells = ("from sklearn.model_selection import train_test_split as tts", LOAD, SCALED,
                 "def holdout(a, b):\n    return tts(a, b, random_state=0)", "parts = holdout(X, y)")
        assert codes(*cells) == ["LK001"]

    def test_an_alias_imported_inside_the_function(self):
        cells = (LOAD, SCALED, "def holdout(a, b):\n    from sklearn.model_selection import train_test_split as tts\n"
                 "    return tts(a, b, random_state=0)", "parts = holdout(X, y)")
        assert codes(*cells) == ["LK001"]

    def test_the_quick_fix_follows_the_alias(self):
        cells = ("from sklearn.model_selection import train_test_split as tts", LOAD,
                 "sc = StandardScaler()\nX = sc.fit_transform(X)", "X_tr, X_te, y_tr, y_te = tts(X, y, random_state=0)")
        found = violations(lk.preprocessing_before_split, *cells)
        assert [fix.id for fix in found[0].fixes] == ["fit-after-split"]


class TestNotASplit:
    def test_a_function_of_the_notebook_named_like_an_alias_stays_unknown(self):
        cells = (LOAD, SCALED, "def tts(a, b):\n    return a, b", "X_tr, X_te = tts(X, y)")
        assert codes(*cells) == []
        assert not may_split(notebook(*cells))

    def test_an_unbound_name_named_like_an_alias_stays_unknown(self):
        assert codes(LOAD, SCALED, "X_tr, X_te, y_tr, y_te = tts(X, y)") == []

    def test_another_function_imported_under_a_split_name_is_that_function(self):
        cells = ("from mylib import helper as train_test_split", LOAD, SCALED,
                 "X_tr, X_te, y_tr, y_te = train_test_split(X, y)")
        assert codes(*cells) == []

    def test_a_module_alias_called_in_a_function_changes_nothing(self):
        cells = ("from matplotlib import pyplot as plt", LOAD, SCALED,
                 "def show(a):\n    plt.plot(a)\n    return a[:10], a[10:]", "parts = show(X)")
        assert codes(*cells) == codes(*cells[1:])


class TestTable:
    def test_from_imports_under_another_name_anywhere_in_a_cell(self):
        nb = notebook("import numpy as np\nfrom a import b as c, d, e as e",
                      "def f():\n    from sklearn.model_selection import train_test_split as tts\n    return tts")
        assert [cell_aliases(cell) for cell in nb.python_cells] == [(("c", "b"),), (("tts", "train_test_split"),)]
        assert import_aliases(nb) == {"c": "b", "tts": "train_test_split"}
        assert aliases_of(import_aliases(nb), frozenset({"train_test_split"})) == ("tts",)

    def test_no_alias_no_walk(self):
        assert cell_aliases(notebook("from a import b\nx = 1").python_cells[0]) == ()

    @pytest.mark.parametrize(("source", "aliases", "name"), [
        ("tts(X)", {"tts": "train_test_split"}, "train_test_split"),
        ("tts(X)", None, "tts"),
        ("ms.tts(X)", {"tts": "train_test_split"}, "tts"),
        ("other(X)", {"tts": "train_test_split"}, "other"),
    ])
    def test_call_name_reads_an_alias_of_a_plain_call(self, source, aliases, name):
        assert call_name(ast.parse(source).body[0].value, aliases) == name

    def test_imported_name_and_called_names(self):
        assert imported_name(Value(kind="imported", label="train_test_split")) == "train_test_split"
        assert imported_name(Value(kind="imported", label="sklearn.model_selection")) == "model_selection"
        body = ast.parse("def f(a):\n    np.mean(a)\n    return tts(a)").body[0]
        assert called_names(body) == frozenset({"tts"})


class TestEvaluationThroughAnAlias:
    """LK003 knows a metric or cross-validation imported under another name."""

    SPLIT = "X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)"
    FIT = "m = LogisticRegression().fit(X_train, y_train)"

    def test_an_aliased_metric_on_the_training_rows_only(self):
        found = violations(lk.evaluated_on_training_data, "from sklearn.metrics import accuracy_score as acc",
                           self.SPLIT, self.FIT, "print(acc(y_train, m.predict(X_train)))")
        assert [(v.cell.index, v.line) for v in found] == [(3, 1)]

    def test_an_aliased_metric_of_a_stored_prediction(self):
        found = violations(lk.evaluated_on_training_data, "from sklearn.metrics import f1_score as f1",
                           self.SPLIT, self.FIT, "p = m.predict(X_train)", "print(f1(y_train, p))")
        assert [(v.cell.index, v.line) for v in found] == [(4, 1)]

    def test_an_aliased_metric_on_the_test_rows_is_held_out(self):
        assert violations(lk.evaluated_on_training_data, "from sklearn.metrics import accuracy_score as acc",
                          self.SPLIT, self.FIT, "m.score(X_train, y_train)",
                          "print(acc(y_test, m.predict(X_test)))") == []

    def test_an_aliased_cross_validation_is_held_out(self):
        assert violations(lk.evaluated_on_training_data, "from sklearn.model_selection import cross_val_score as cvs",
                          self.SPLIT, self.FIT, "m.score(X_train, y_train)", "print(cvs(m, X, y))") == []

    def test_a_function_imported_as_a_metric_name_is_that_function(self):
        assert violations(lk.evaluated_on_training_data, "from mylib import summary as accuracy_score",
                          self.SPLIT, "m = LogisticRegression()\nm.fit(X_train, y_train)",
                          "print(accuracy_score(y_train, m.predict(X_train)))") == []
