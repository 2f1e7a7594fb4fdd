"""LK001 and LK007 read from where rows flow: every pattern as a leak and as its clean twin."""

import json

import pytest

from jupyterlab_promote.cli import main
from jupyterlab_promote.engine import check_file
from jupyterlab_promote.engine.report.analysis import analyze_dict, forget_kept
from jupyterlab_promote.engine.report.live import DocumentCache
from jupyterlab_promote.engine.rules import leakage as lk

from factories import notebook_json, violations

SPLIT = "X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)"


def where(found):
    return [(v.cell.index, v.line) for v in found]


LEAKY = {
    "validation split of a scaled training part": (
        SPLIT, "X_train = StandardScaler().fit_transform(X_train)",
        "X_tr, X_val, y_tr, y_val = train_test_split(X_train, y_train)"),
    "tfidf on a column later split": (
        "vec = TfidfVectorizer()\nfeatures = vec.fit_transform(train_texts['text'])",
        "a, b, c, d = train_test_split(features, labels)"),
    "function form scale": ("X = preprocessing.scale(X)", "a, b, c, d = train_test_split(X, y)"),
    "function form minmax_scale": ("X = minmax_scale(X)", "a, b, c, d = train_test_split(X, y)"),
    "function form quantile_transform": ("X = quantile_transform(X)", "cross_val_score(m, X, y)"),
    "normalize of columns": ("X = normalize(X, axis=0)", "a, b, c, d = train_test_split(X, y)"),
    "nested pipeline with old Imputer and a custom class": (
        "class Clip(BaseEstimator):\n    def fit(self, X, y=None):\n        self.hi = X.max()\n        return self",
        "prep = Pipeline([('u', FeatureUnion([('i', Imputer()), ('c', Clip())]))])\nXp = prep.fit_transform(X)",
        "a, b, c, d = train_test_split(Xp, y)"),
    "make_pipeline of an encoder": (
        "p = make_pipeline(OneHotEncoder())\nXe = p.fit_transform(X)", "a, b, c, d = train_test_split(Xe, y)"),
    "column transformer": (
        "ct = ColumnTransformer([('s', StandardScaler(), ['a'])])", "Xc = ct.fit_transform(df)",
        "a, b = train_test_split(Xc)"),
    "selector fitted with the label": (
        "sel = SelectKBest(k=5)\nXs = sel.fit_transform(X, y)", "for tr, te in KFold(5).split(Xs):\n    pass"),
    "fillna with the mean of all rows": (
        "df['age'] = df['age'].fillna(df['age'].mean())", "train, test = train_test_split(df)"),
    "fillna in place": ("df.fillna(df.median(), inplace=True)", "train, test = train_test_split(df, test_size=.2)"),
    "manual min-max": ("X = (X - X.min()) / (X.max() - X.min())", "a, b, c, d = train_test_split(X, y)"),
    "manual z-score": ("df['z'] = (df['v'] - df['v'].mean()) / df['v'].std()",
                       "X = df[['z']]\na, b, c, d = train_test_split(X, df['label'])"),
    "target mean by group": ("df['enc'] = df.groupby('city')['price'].transform('mean')",
                             "train, test = train_test_split(df)"),
    "bins from all rows": ("df['bin'] = pd.qcut(df['age'], 4)", "train, test = train_test_split(df)"),
    "concat then fitted transform then slices": (
        "full = pd.concat([train, test])\nfull = StandardScaler().fit_transform(full)",
        "X_tr = full[:n]\nX_te = full[n:]"),
    "features ranked by correlation with the label": (
        "corr = df.corr()['label'].abs().sort_values()\ntop = corr.index[-5:]", "X = df[top]",
        "a, b, c, d = train_test_split(X, df['label'])"),
    "sample and drop": (
        "df['x'] = df['x'] / df['x'].max()", "train = df.sample(frac=0.8, random_state=1)\ntest = df.drop(train.index)"),
    "search cv": ("X = RobustScaler().fit_transform(X)", "gs = GridSearchCV(SVC(), {})\ngs.fit(X, y)"),
    "fit on all rows, applied to one side": (
        "sc = MinMaxScaler().fit(X)", SPLIT, "X_test = sc.transform(X_test)"),
    "fit inside a helper applied with apply": (
        "def f(col):\n    return MinMaxScaler().fit_transform(col)", "df = df.apply(f)", "train, test = train_test_split(df)"),
    "split inside a helper": (
        "X = StandardScaler().fit_transform(X)",
        "def evaluate(clf, X, y):\n    a, b, c, d = train_test_split(X, y)\n    return clf.fit(a, c).score(b, d)",
        "evaluate(LogisticRegression(), X, y)"),
    "group median through apply of a lambda": (
        "df['age'] = df.groupby('sex')['age'].apply(lambda g: g.fillna(g.median()))", "train, test = train_test_split(df)"),
    "splitter inside a comprehension": (
        "X = pd.DataFrame(MinMaxScaler().fit_transform(X))",
        "scores = [m.fit(X[a], y[a]).score(X[b], y[b]) for a, b in KFold(4).split(X)]"),
    "method of a notebook class cross-validating a global": (
        "X_train = StandardScaler().fit_transform(X_train)",
        "class Study:\n    def run(self):\n        return self.curve(SVC())\n"
        "    def curve(self, model):\n        return validation_curve(model, X_train, y_train, 'C', [1, 10])",
        "Study().run()"),
    "keras fit holding out a validation split": (
        "X = StandardScaler().fit_transform(X)", "model.fit(X, y, epochs=5, validation_split=0.2)"),
    "estimator that stops early on its own validation fraction": (
        "X = PowerTransformer().fit_transform(X)", "MLPClassifier(early_stopping=True).fit(X, y)"),
    "cluster distances learnt from all rows as features": (
        "km = KMeans(8).fit(X)\nfeatures = km.transform(X)", "a, b, c, d = train_test_split(features, y)"),
    "cluster labels of all rows as a feature": (
        "df['cluster'] = KMeans(5).fit_predict(df[['a', 'b']])", "train, test = train_test_split(df)"),
    "a cell that does not parse as a whole": (
        'print "scaling"\nX = StandardScaler().fit_transform(X)', "a, b, c, d = train_test_split(X, y)"),
    "global scaler fitted inside a helper": (
        "scaler = StandardScaler()", "def prep(frame):\n    return scaler.fit_transform(frame)",
        "Xp = prep(X)", "a, b, c, d = train_test_split(Xp, y)"),
    "fit inside a helper on a global": (
        "def prep():\n    return StandardScaler().fit_transform(data)", "Z = prep()", "a, b = train_test_split(Z)"),
}

CLEAN = {
    "validation split before scaling": (
        SPLIT, "X_tr, X_val, y_tr, y_val = train_test_split(X_train, y_train)",
        "sc = StandardScaler().fit(X_tr)\nX_tr = sc.transform(X_tr)\nX_val = sc.transform(X_val)"),
    "tfidf after the split": (
        "a, b, c, d = train_test_split(texts, labels)", "vec = TfidfVectorizer()\nA = vec.fit_transform(a)\nB = vec.transform(b)"),
    "row-wise normalize": ("X = normalize(X)", "a, b, c, d = train_test_split(X, y)"),
    "pipeline given to cross validation": (
        "pipe = make_pipeline(StandardScaler(), Imputer(), LogisticRegression())", "cross_val_score(pipe, X, y)"),
    "fillna with the training mean": (
        "train, test = train_test_split(df)", "m = train['age'].mean()",
        "train['age'] = train['age'].fillna(m)\ntest['age'] = test['age'].fillna(m)"),
    "statistic only printed": ("print(df.mean())", "train, test = train_test_split(df)"),
    "row-wise max": ("df['m'] = df[['a', 'b']].max(axis=1)", "train, test = train_test_split(df)"),
    "bins with fixed edges": ("df['bin'] = pd.cut(df['age'], [0, 18, 65, 120])", "train, test = train_test_split(df)"),
    "slices only looked at": ("Xs = StandardScaler().fit_transform(X)", "print(Xs[:5])"),
    "group mean on the training part": (
        "train, test = train_test_split(df)", "train['enc'] = train.groupby('city')['price'].transform('mean')"),
    "fit in a helper after the split": (
        "def f(col):\n    return MinMaxScaler().fit_transform(col)", "train, test = train_test_split(df)",
        "train = train.apply(f)"),
    "helper that splits clean data": (
        "def evaluate(clf, X, y):\n    a, b, c, d = train_test_split(X, y)\n    return clf.fit(a, c).score(b, d)",
        "evaluate(make_pipeline(StandardScaler(), LogisticRegression()), X, y)"),
    "resampling the training part": (SPLIT, "X_res, y_res = SMOTE().fit_resample(X_train, y_train)"),
    "train and test put back together without a fit": (
        SPLIT, "both = pd.concat([X_train, X_test])", "a, b = train_test_split(both)"),
    "global scaler fitted inside a helper on the training part": (
        SPLIT, "scaler = StandardScaler()", "def prep(frame):\n    return scaler.fit_transform(frame)",
        "X_train = prep(X_train)\nX_test = scaler.transform(X_test)"),
    "keras fit on the training part with a validation set given": (
        SPLIT, "sc = StandardScaler().fit(X_train)",
        "model.fit(sc.transform(X_train), y_train, validation_data=(sc.transform(X_test), y_test))"),
    "clustering with no split at all": ("Xs = StandardScaler().fit_transform(X)", "labels = KMeans(3).fit_predict(Xs)"),
    "a shuffle is no split": ("df['x'] = df['x'] / df['x'].max()", "df = df.sample(frac=1.0)"),
    "statistic of the training part applied by a class method": (
        SPLIT, "class Prep:\n    def fit(self, X):\n        self.m = X.mean()\n        return self",
        "p = Prep().fit(X_train)\nX_tr, X_val, y_tr, y_val = train_test_split(X_test, y_test)"),
}


@pytest.mark.parametrize("cells", LEAKY.values(), ids=LEAKY.keys())
def test_leak_is_found(cells):
    assert violations(lk.preprocessing_before_split, *cells) != []


@pytest.mark.parametrize("cells", CLEAN.values(), ids=CLEAN.keys())
def test_clean_twin_is_quiet(cells):
    assert violations(lk.preprocessing_before_split, *cells) == []
    assert violations(lk.resampling_before_split, *cells) == []


def test_the_validation_leak_names_the_fit_its_cell_and_the_split():
    found = violations(lk.preprocessing_before_split, *LEAKY["validation split of a scaled training part"])
    assert where(found) == [(1, 1)]
    assert "StandardScaler.fit_transform()" in found[0].message and "X_train" in found[0].message
    assert "train_test_split in cell #3" in found[0].message


def test_a_statistic_is_named():
    found = violations(lk.preprocessing_before_split, *LEAKY["fillna with the mean of all rows"])
    assert "df['age'].mean()" in found[0].message and where(found) == [(0, 1)]


def test_a_helper_is_reported_at_its_call():
    found = violations(lk.preprocessing_before_split, *LEAKY["fit inside a helper applied with apply"])
    assert where(found) == [(1, 1)] and "f() (which fits MinMaxScaler" in found[0].message
    found = violations(lk.preprocessing_before_split, *LEAKY["split inside a helper"])
    assert where(found) == [(0, 1)] and "evaluate() (which calls train_test_split)" in found[0].message


class TestOverlap:
    def test_oversampling_before_the_split(self):
        found = violations(lk.resampling_before_split, "X_r, y_r = SMOTE().fit_resample(X, y)",
                           "a, b, c, d = train_test_split(X_r, y_r)")
        assert where(found) == [(0, 1)] and "SMOTE.fit_resample()" in found[0].message
        assert violations(lk.preprocessing_before_split, "X_r, y_r = SMOTE().fit_resample(X, y)",
                          "a, b, c, d = train_test_split(X_r, y_r)") == []

    def test_old_fit_sample_before_a_helper_that_splits(self):
        found = violations(lk.resampling_before_split, "ros = RandomOverSampler()\nXr, yr = ros.fit_sample(X, y)",
                           "def evaluate(X, y):\n    return train_test_split(X, y)", "parts = evaluate(Xr, yr)")
        assert where(found) == [(0, 2)]

    def test_rows_drawn_with_replacement_then_concatenated(self):
        cells = ("minority_up = resample(minority, replace=True, n_samples=500)\nbalanced = pd.concat([majority, minority_up])",
                 "tr, te = train_test_split(balanced)")
        assert where(violations(lk.resampling_before_split, *cells)) == [(0, 1)]
        cells = ("minority_down = resample(minority, replace=False, n_samples=50)\nsmall = pd.concat([majority, minority_down])",
                 "tr, te = train_test_split(small)")
        assert violations(lk.resampling_before_split, *cells) == []

    def test_repeated_rows_then_sliced(self):
        cells = ("events = pd.concat([events, events[events.y == 1]]).sample(frac=1.0)",
                 "k = int(len(events) * .8)\nfit_rows, held_rows = events[:k], events[k:]")
        found = violations(lk.resampling_before_split, *cells)
        assert where(found) == [(0, 1)] and "concat()" in found[0].message

    def test_resampling_after_the_split_is_fine(self):
        assert violations(lk.resampling_before_split, *CLEAN["resampling the training part"]) == []


class TestLocalModules:
    def test_a_fit_extracted_to_a_module_is_still_found(self, tmp_path):
        (tmp_path / "features.py").write_text(
            "from sklearn.preprocessing import StandardScaler\n\n\ndef scaled(X):\n"
            "    return StandardScaler().fit_transform(X)\n", encoding="utf-8")
        cells = ("from features import scaled", "Xs = scaled(X)", "a, b, c, d = train_test_split(Xs, y)")
        found = violations(lk.preprocessing_before_split, *cells, path=tmp_path / "analysis.ipynb")
        assert where(found) == [(1, 1)] and "scaled() (which fits StandardScaler" in found[0].message

    def test_an_edited_module_is_read_again(self, tmp_path):
        module = tmp_path / "features.py"
        module.write_text("def scaled(X):\n    return StandardScaler().fit_transform(X)\n", encoding="utf-8")
        cells = ("import features", "Xs = features.scaled(X)", "a, b, c, d = train_test_split(Xs, y)")
        path = tmp_path / "analysis.ipynb"
        assert len(violations(lk.preprocessing_before_split, *cells, path=path)) == 1
        module.write_text("def scaled(X):\n    return X / 255.0\n\n", encoding="utf-8")
        assert violations(lk.preprocessing_before_split, *cells, path=path) == []

    def test_an_installed_module_of_the_same_shape_is_not_read(self, tmp_path):
        cells = ("from features import scaled", "Xs = scaled(X)", "a, b, c, d = train_test_split(Xs, y)")
        assert violations(lk.preprocessing_before_split, *cells, path=tmp_path / "analysis.ipynb") == []


def test_a_leak_into_validation_only_is_told_apart():
    found = violations(lk.preprocessing_before_split, *LEAKY["validation split of a scaled training part"])
    assert found[0].severity == "info" and "held-out test split stays clean" in found[0].message
    found = violations(lk.preprocessing_before_split, "X = StandardScaler().fit_transform(X)",
                       "cross_val_score(LogisticRegression(), X, y)")
    assert found[0].severity is None and "the validation rows leak" in found[0].message
    found = violations(lk.preprocessing_before_split, "X_train, X_test = X[:600], X[600:]",
                       "X_train = StandardScaler().fit_transform(X_train)", "cross_val_score(SVC(), X_train, y_train)")
    assert found[0].severity == "info"


def test_extract_to_module_keeps_the_finding(tmp_path):
    cells = ("import pandas as pd\nfrom sklearn.preprocessing import StandardScaler", "X = pd.read_csv('x.csv')\ny = X.pop('y')",
             "scaler = StandardScaler()\nX = scaler.fit_transform(X)",
             "X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)")
    path = tmp_path / "model.ipynb"
    path.write_text(json.dumps(notebook_json(*cells)), encoding="utf-8")
    before = [f for f in check_file(path, str(path))["findings"] if f["code"] == "LK001"]
    assert main(["extract", str(path), "--cells", "2", "--module", "features.py", "--function", "scale_features",
                 "--no-tests"]) == 0
    assert "scale_features(X)" in "".join(json.loads(path.read_text())["cells"][2]["source"])
    after = [f for f in check_file(path, str(path))["findings"] if f["code"] == "LK001"]
    assert len(before) == len(after) == 1
    assert after[0]["cell_index"] == 2 and "scale_features() (which fits StandardScaler" in after[0]["message"]


def test_very_deep_expressions_are_read_flat():
    chain = "+".join(f"a{i}" for i in range(600))
    found = violations(lk.preprocessing_before_split, "X = StandardScaler().fit_transform(X)", f"X = X + {chain}",
                       "a, b = train_test_split(X)")
    assert where(found) == [(0, 1)]


def _findings(report: dict) -> list[tuple]:
    return [(f["code"], f["cell_index"], f["line"], f["column"], f["severity"], f["message"])
            for f in report["findings"] if f["code"] in ("LK001", "LK007")]


def test_live_edits_report_what_a_cold_analysis_reports():
    data = notebook_json("import pandas as pd", "df = pd.read_csv('d.csv')",
                         "df['x'] = df['x'].fillna(df['x'].mean())\nnote = 1",
                         "X_r, y_r = SMOTE().fit_resample(df[['x']], df['y'])", "unrelated = 2",
                         "train, test = train_test_split(df)\na, b, c, d = train_test_split(X_r, y_r)")
    cells = [dict(c, source=c["source"], hash=str(i)) for i, c in enumerate(data["cells"])]
    documents = DocumentCache()
    sources = [c["source"] for c in cells]
    edits = [(2, sources[2] + "\nedited = 1"), (4, "unrelated = 3"), (2, "note = 1"), (2, sources[2]),
             (3, "X_r, y_r = df[['x']], df['y']"), (1, "df = pd.read_csv('other.csv')"), (2, "note = 2")]
    analyze_dict(documents.assemble("leaky", {"metadata": data["metadata"], "cells": cells}), "live.ipynb")
    seen = set()
    for version, (position, source) in enumerate(edits, 1):
        cells[position] = dict(cells[position], source=source, hash=f"v{version}")
        request = [c if i == position else {"id": c["id"], "hash": c["hash"]} for i, c in enumerate(cells)]
        live = analyze_dict(documents.assemble("leaky", {"metadata": data["metadata"], "cells": request}), "live.ipynb")
        forget_kept()
        cold = analyze_dict({"metadata": data["metadata"], "cells": [dict(c) for c in cells], "nbformat": 4,
                             "nbformat_minor": 5}, "live.ipynb")
        assert _findings(live) == _findings(cold)
        seen.add(len(_findings(live)))
    assert seen == {0, 1, 2}
