"""LK001's quick-fix: the fit moves after the split, on the training part, and the test part is transformed."""

from jupyterlab_promote.engine.fixes.edits import apply_edits
from jupyterlab_promote.engine.notebook.model import notebook_from_dict
from jupyterlab_promote.engine.rules import leakage as lk

from factories import notebook_json

SPLIT = "X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)"


def fixed(*cells: str) -> list[str] | None:
    """The cells' sources after LK001's fix, None when it offers none; the fixed notebook has no LK001."""
    data = notebook_json(*cells)
    found = list(lk.preprocessing_before_split(notebook_from_dict(data)))
    assert len(found) == 1
    if not found[0].fixes:
        return None
    fix = found[0].fixes[0]
    assert fix.id == "fit-after-split" and fix.applicability == "unsafe"
    result, _ = apply_edits(data, list(fix.edits))
    assert list(lk.preprocessing_before_split(notebook_from_dict(result))) == []
    return [cell["source"] for cell in result["cells"]]


def title(*cells: str) -> str:
    found = list(lk.preprocessing_before_split(notebook_from_dict(notebook_json(*cells))))
    return found[0].fixes[0].title


class TestFitAfterSplit:
    def test_a_named_scaler_in_its_own_cell(self):
        assert fixed("print(X.shape)\nsc = StandardScaler()\nX = sc.fit_transform(X)", SPLIT) == [
            "print(X.shape)\nsc = StandardScaler()",
            SPLIT + "\nX_train = sc.fit_transform(X_train)\nX_test = sc.transform(X_test)",
        ]
        assert title("sc = StandardScaler()\nX = sc.fit_transform(X)", SPLIT) == (
            "Fit sc on X_train after the split and transform X_test with it")

    def test_an_inline_estimator_is_kept_in_a_new_variable(self):
        assert fixed("X = MinMaxScaler(feature_range=(0, 1)).fit_transform(X)  # é", SPLIT + "\nmodel = SVC()") == [
            "min_max_scaler = MinMaxScaler(feature_range=(0, 1))  # é",
            SPLIT + "\nX_train = min_max_scaler.fit_transform(X_train)\nX_test = min_max_scaler.transform(X_test)"
                    "\nmodel = SVC()",
        ]

    def test_fit_and_split_in_one_cell_with_odd_names(self):
        assert fixed("feats = PCA(5).fit_transform(feats)\nA, B, ya, yb = train_test_split(feats, target)\nm.fit(A, ya)") == [
            "pca = PCA(5)\nA, B, ya, yb = train_test_split(feats, target)\nA = pca.fit_transform(A)\n"
            "B = pca.transform(B)\nm.fit(A, ya)",
        ]

    def test_the_second_array_of_the_split(self):
        assert fixed("tfidf = TfidfVectorizer()\ndocs = tfidf.fit_transform(docs)",
                     "y_tr, y_te, d_tr, d_te = train_test_split(labels, docs)")[1] == (
            "y_tr, y_te, d_tr, d_te = train_test_split(labels, docs)\nd_tr = tfidf.fit_transform(d_tr)\n"
            "d_te = tfidf.transform(d_te)")


class TestNoFixWhenAmbiguous:
    def test_the_rescaled_values_are_read_before_the_split(self):
        assert fixed("sc = StandardScaler()\nX = sc.fit_transform(X)\nprint(X.shape)", SPLIT) is None

    def test_the_rescaled_values_are_read_after_the_split(self):
        assert fixed("X = StandardScaler().fit_transform(X)", SPLIT, "final = SVC().fit(X, y)") is None

    def test_the_scaled_copy_has_another_name(self):
        assert fixed("Xs = StandardScaler().fit_transform(X)", SPLIT.replace("(X,", "(Xs,")) is None

    def test_the_fitted_object_is_used_before_the_split(self):
        assert fixed("sc = StandardScaler()\nX = sc.fit_transform(X)\nextra = sc.transform(extra)", SPLIT) is None

    def test_a_function_reads_the_rescaled_name(self):
        assert fixed("X = StandardScaler().fit_transform(X)", "def size():\n    return len(X)", SPLIT) is None

    def test_the_new_name_is_taken(self):
        assert fixed("standard_scaler = 1\nX = StandardScaler().fit_transform(X)", SPLIT) is None

    def test_a_selector_fitted_with_the_label(self):
        assert fixed("X = SelectKBest(k=3).fit_transform(X, y)", SPLIT) is None

    def test_a_fit_inside_an_if(self):
        assert fixed("if scale:\n    X = StandardScaler().fit_transform(X)", SPLIT) is None

    def test_a_split_by_cross_validation(self):
        assert fixed("X = StandardScaler().fit_transform(X)", "cross_val_score(SVC(), X, y)") is None
