"""Shapes the row flow once missed in real notebooks (benchmarks/eval/leakage/synthetic_reduced.py)."""

from jupyterlab_promote.engine.rules import leakage as lk

from factories import violations

HELPER = ("def later_score(features, target, model):\n    early, late = features[:n], features[n:]\n"
          "    model.fit(early, target[:n])\n    return model.score(late, target[n:])")


def where(found):
    return [(v.cell.index, v.line) for v in found]


class TestSlicesInsideAHelper:
    def test_a_fit_on_all_rows_then_a_helper_that_slices(self):
        found = violations(lk.preprocessing_before_split, "n = 100", HELPER, "print(later_score(X, y, Ridge()))",
                           "enc = OneHotEncoder()\nXo = enc.fit_transform(X).toarray()\nlater_score(Xo, y, Ridge())")
        assert where(found) == [(3, 2)]
        assert "later_score() (which takes the slice features[n:]) in cell #4" in found[0].message

    def test_the_encoder_fitted_on_the_early_rows_is_fine(self):
        assert violations(lk.preprocessing_before_split, "n = 100", HELPER,
                          "enc = OneHotEncoder().fit(X[:n])\nXo = enc.transform(X)\nlater_score(Xo, y, Ridge())") == []

    def test_slices_of_two_calls_do_not_pair_up(self):
        # One call takes the head of X, another the tail of its scaled copy: no one split of the rows.
        head = "def first(values):\n    return values[:n]"
        tail = "def rest(values):\n    return values[n:]"
        assert violations(lk.preprocessing_before_split, "n = 10", head, tail, "a = first(X)",
                          "Xs = StandardScaler().fit_transform(X)\nb = rest(Xs)") == []


class TestListsMadeFromData:
    def test_a_vectorizer_fitted_on_a_cleaned_list_then_searched(self):
        found = violations(lk.preprocessing_before_split,
                           "texts = [d.replace('<br />', ' ') for d in reviews['text']]",
                           "vec = CountVectorizer(min_df=5).fit(texts)\nbag = vec.transform(texts)",
                           "gs = GridSearchCV(LogisticRegression(), {'C': [1, 10]})\ngs.fit(bag, labels)")
        assert where(found) == [(1, 1)] and "GridSearchCV" in found[0].message

    def test_the_vectorizer_inside_the_searched_pipeline_is_fine(self):
        assert violations(lk.preprocessing_before_split,
                          "texts = [d.replace('<br />', ' ') for d in reviews['text']]",
                          "pipe = make_pipeline(CountVectorizer(min_df=5), LogisticRegression())",
                          "gs = GridSearchCV(pipe, {'logisticregression__C': [1, 10]})\ngs.fit(texts, labels)") == []


SELECTOR = ("class Drop:\n    def __init__(self, estimator):\n        self.estimator = estimator\n"
            "    def fit(self, X, y):\n        a, b, c, d = train_test_split(X, y)\n"
            "        self.estimator.fit(a, c)\n        self.score_ = self.estimator.score(b, d)\n        return self\n"
            "    def transform(self, X):\n        return X")


class TestANotebookClassThatSplits:
    def test_a_scaled_training_set_given_to_a_class_whose_fit_splits_it(self):
        found = violations(lk.preprocessing_before_split, SELECTOR,
                           "X_train, X_test, y_train, y_test = train_test_split(X, y)",
                           "Xs = StandardScaler().fit_transform(X_train)\nDrop(KNeighborsClassifier()).fit(Xs, y_train)")
        assert where(found) == [(2, 1)] and "Drop.fit() (which calls train_test_split)" in found[0].message
        assert found[0].severity == "info"

    def test_the_scaler_inside_the_estimator_it_is_given_is_fine(self):
        assert violations(lk.preprocessing_before_split, SELECTOR,
                          "X_train, X_test, y_train, y_test = train_test_split(X, y)",
                          "Drop(make_pipeline(StandardScaler(), KNeighborsClassifier())).fit(X_train, y_train)") == []
