from jupyterlab_promote.engine.fixes.edits import apply_edits
from jupyterlab_promote.engine.notebook.model import notebook_from_dict
from jupyterlab_promote.engine.rules import leakage as lk

from factories import notebook_json, violations

SPLIT = "X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)"


def where(found):
    return [(v.cell.index, v.line) for v in found]


class TestPreprocessingBeforeSplit:
    def test_scaled_data_split_across_cells(self):
        found = violations(lk.preprocessing_before_split, "sc = StandardScaler()", "X_scaled = sc.fit_transform(X)",
                           "X_tr, X_te, y_tr, y_te = train_test_split(X_scaled, y)")
        assert where(found) == [(1, 1)]
        assert found[0].column == 11
        assert "StandardScaler" in found[0].message and "train_test_split" in found[0].message
        assert "cell #3" in found[0].message

    def test_fit_on_all_rows_then_transform_of_the_training_part(self):
        found = violations(lk.preprocessing_before_split, "sc = StandardScaler()\nsc.fit(X)", SPLIT,
                           "X_train = sc.transform(X_train)")
        assert where(found) == [(0, 2)]

    def test_fit_after_the_split_on_the_training_part_is_fine(self):
        assert violations(lk.preprocessing_before_split, "sc = StandardScaler()", SPLIT,
                          "X_train = sc.fit_transform(X_train)\nX_test = sc.transform(X_test)") == []

    def test_refit_on_the_training_part_replaces_the_early_fit(self):
        assert violations(lk.preprocessing_before_split, "sc = StandardScaler()\nsc.fit(X)", SPLIT,
                          "sc.fit(X_train)\nX_train = sc.transform(X_train)") == []

    def test_pipeline_given_to_cross_val_score_is_fine(self):
        assert violations(lk.preprocessing_before_split,
                          "pipe = make_pipeline(StandardScaler(), LogisticRegression())",
                          "scores = cross_val_score(pipe, X, y, cv=5)") == []

    def test_scaling_before_cross_validation(self):
        found = violations(lk.preprocessing_before_split, "X = StandardScaler().fit_transform(X)",
                           "cross_val_score(LogisticRegression(), X, y, cv=5)")
        assert where(found) == [(0, 1)] and "cross_val_score" in found[0].message

    def test_fit_inside_a_notebook_function(self):
        found = violations(lk.preprocessing_before_split,
                           "def prep(df):\n    s = MinMaxScaler()\n    return s.fit_transform(df)",
                           "Xp = prep(X)", "a, b, c, d = train_test_split(Xp, y)")
        assert where(found) == [(1, 1)] and "prep()" in found[0].message and "MinMaxScaler" in found[0].message

    def test_function_that_changes_its_argument_in_place(self):
        found = violations(lk.preprocessing_before_split,
                           'def prep(df):\n    s = StandardScaler()\n    df[["a"]] = s.fit_transform(df[["a"]])',
                           "prep(data)", "train, test = train_test_split(data)")
        assert where(found) == [(1, 1)]

    def test_imputer_writing_back_into_the_frame(self):
        found = violations(lk.preprocessing_before_split, "imp = SimpleImputer()\ndf[cols] = imp.fit_transform(df[cols])",
                           "X = df.drop('y', axis=1)\ny = df.y", "a, b, c, d = train_test_split(X, y)")
        assert where(found) == [(0, 2)]

    def test_resampling_vectorizer_selector_and_kfold(self):
        assert where(violations(lk.resampling_before_split, "X_r, y_r = SMOTE().fit_resample(X, y)",
                                "a, b, c, d = train_test_split(X_r, y_r)")) == [(0, 1)]
        assert where(violations(lk.preprocessing_before_split, "vec = TfidfVectorizer()\nX = vec.fit_transform(docs)",
                                "a, b, c, d = train_test_split(X, y)")) == [(0, 2)]
        assert where(violations(lk.preprocessing_before_split, "X = SelectKBest(k=3).fit_transform(X, y)",
                                "gs = GridSearchCV(SVC(), {})\ngs.fit(X, y)")) == [(0, 1)]
        assert where(violations(lk.preprocessing_before_split, "X = PCA(5).fit_transform(X)\nkf = KFold(5)",
                                "for tr, te in kf.split(X):\n    pass")) == [(0, 1)]

    def test_fit_inside_the_split_call(self):
        found = violations(lk.preprocessing_before_split, "a, b, c, d = train_test_split(StandardScaler().fit_transform(X), y)")
        assert where(found) == [(0, 1)]

    def test_transform_used_only_for_a_plot_is_fine(self):
        assert violations(lk.preprocessing_before_split, "Xp = PCA(2).fit_transform(X)\nplt.scatter(Xp[:, 0], Xp[:, 1])",
                          "a, b, c, d = train_test_split(X, y)") == []

    def test_rebinding_the_name_clears_it(self):
        assert violations(lk.preprocessing_before_split, "Xs = StandardScaler().fit_transform(X)", "Xs = X.values",
                          "a, b, c, d = train_test_split(Xs, y)") == []

    def test_label_encoding_of_the_target_is_not_flagged(self):
        assert violations(lk.preprocessing_before_split, "y = LabelEncoder().fit_transform(y)",
                          "a, b, c, d = train_test_split(X, y)") == []

    def test_survives_odd_input(self):
        assert violations(lk.preprocessing_before_split) == []
        assert violations(lk.preprocessing_before_split, "X = StandardScaler().fit_transform(", "train_test_split(X)") == []


class TestFitOnTestData:
    def test_scaler_fitted_on_x_test(self):
        found = violations(lk.fit_on_test_data, "sc = StandardScaler()", SPLIT, "X_test = sc.fit_transform(X_test)")
        assert where(found) == [(2, 1)] and "X_test" in found[0].message

    def test_model_fitted_on_the_test_side_of_the_split_by_position(self):
        found = violations(lk.fit_on_test_data, "m = LogisticRegression()", "a, b, c, d = train_test_split(X, y)",
                           "m.fit(b, d)")
        assert where(found) == [(2, 1)]

    def test_inside_a_function_the_test_data_is_known_by_its_name(self):
        helper = ("def scale(X_train, X_test):\n    scaler = MinMaxScaler()\n    X_train = scaler.fit_transform(X_train)\n"
                  "    X_test = scaler.fit_transform(X_test)\n    return X_train, X_test")
        found = violations(lk.fit_on_test_data, helper, "from scipy.stats import norm",
                           "def check(sample_test):\n    return norm.fit(sample_test)")
        assert where(found) == [(0, 4)] and "X_test" in found[0].message

    def test_clean_workflow(self):
        assert violations(lk.fit_on_test_data, "sc = StandardScaler()", SPLIT,
                          "X_train = sc.fit_transform(X_train)\nX_test = sc.transform(X_test)") == []

    def test_non_estimators_and_look_alike_names(self):
        assert violations(lk.fit_on_test_data, "from scipy import stats", "stats.norm.fit(test_data)") == []
        assert violations(lk.fit_on_test_data, "enc = OrdinalEncoder()", "enc.fit(pd.concat([train, test]))") == []
        assert violations(lk.fit_on_test_data, "m = KMeans()", "m.fit(latest)") == []

    def test_hand_made_two_fold_cross_validation(self):
        assert violations(lk.fit_on_test_data, "model = GaussianNB()", "X1, X2, y1, y2 = train_test_split(X, y)",
                          "p2 = model.fit(X1, y1).predict(X2)\np1 = model.fit(X2, y2).predict(X1)") == []

    def test_left_to_inconsistent_transform_when_train_has_its_own_scaler(self):
        assert violations(lk.fit_on_test_data, "s1 = StandardScaler()\ns2 = StandardScaler()", SPLIT,
                          "X_train = s1.fit_transform(X_train)\nX_test = s2.fit_transform(X_test)") == []


class TestInconsistentTestTransform:
    def test_two_scalers(self):
        found = violations(lk.inconsistent_test_transform, "s1 = StandardScaler()\ns2 = StandardScaler()", SPLIT,
                           "X_train = s1.fit_transform(X_train)\nX_test = s2.fit_transform(X_test)")
        assert where(found) == [(2, 2)]
        assert "s2" in found[0].message and "s1.transform(X_test)" in found[0].message

    def test_a_fresh_scaler_for_the_test_data(self):
        found = violations(lk.inconsistent_test_transform, "s1 = StandardScaler()", SPLIT,
                           "X_train_s = s1.fit_transform(X_train)\nX_test_s = StandardScaler().fit_transform(X_test)")
        assert where(found) == [(2, 2)] and "a new StandardScaler" in found[0].message

    def test_same_fitted_object_is_fine(self):
        assert violations(lk.inconsistent_test_transform, "s1 = StandardScaler()", SPLIT,
                          "X_train_s = s1.fit_transform(X_train)\nX_test_s = s1.transform(X_test)") == []

    def test_another_object_fitted_on_the_training_data_is_fine(self):
        assert violations(lk.inconsistent_test_transform, "s1 = StandardScaler()\ns2 = StandardScaler()", SPLIT,
                          "s2.fit(X_train)\nX_train_s = s1.fit_transform(X_train)\nX_test_s = s2.transform(X_test)") == []


class TestEvaluatedOnTrainingData:
    def test_metric_on_training_predictions_only(self):
        found = violations(lk.evaluated_on_training_data, "m = LogisticRegression()", SPLIT,
                           "m.fit(X_train, y_train)\nprint(accuracy_score(y_train, m.predict(X_train)))")
        assert where(found) == [(2, 2)] and "X_train" in found[0].message

    def test_prediction_stored_in_a_variable(self):
        found = violations(lk.evaluated_on_training_data, "m = LogisticRegression()", SPLIT,
                           "m.fit(X_train, y_train)\np = m.predict(X_train)\nprint(f1_score(y_train, p))")
        assert where(found) == [(2, 3)]

    def test_model_bound_to_its_chained_fit(self):
        found = violations(lk.evaluated_on_training_data, SPLIT,
                           "m = LogisticRegression().fit(X_train, y_train)\nprint(m.score(X_train, y_train))")
        assert where(found) == [(1, 2)] and "X_train" in found[0].message

    def test_chained_fit_also_evaluated_on_test_data_is_fine(self):
        assert violations(lk.evaluated_on_training_data, SPLIT,
                          "m = make_pipeline(StandardScaler(), SVC()).fit(X_train, y_train)\n"
                          "m.score(X_train, y_train)\nprint(accuracy_score(y_test, m.predict(X_test)))") == []

    def test_chained_fit_of_a_transformer_is_not_a_model(self):
        assert violations(lk.evaluated_on_training_data, SPLIT,
                          "s = StandardScaler().fit(X_train)\nprint(s.score(X_train, y_train))") == []

    def test_also_evaluated_on_test_data_is_fine(self):
        assert violations(lk.evaluated_on_training_data, "m = LogisticRegression()", SPLIT,
                          "m.fit(X_train, y_train)\nm.score(X_train, y_train)\nm.score(X_test, y_test)") == []

    def test_cross_validation_or_validation_data_is_fine(self):
        assert violations(lk.evaluated_on_training_data, "m = LogisticRegression()", SPLIT,
                          "m.fit(X_train, y_train)\nm.score(X_train, y_train)\ncross_val_score(m, X, y)") == []
        assert violations(lk.evaluated_on_training_data, SPLIT,
                          "m.fit(X_train, y_train, validation_data=(X_test, y_test))\nm.evaluate(X_train, y_train)") == []


class TestSplitWithoutRandomState:
    def test_flags_unseeded_splits(self):
        found = violations(lk.split_without_random_state, "a, b = train_test_split(df, test_size=0.2)",
                           "kf = KFold(5, shuffle=True)\nss = ShuffleSplit(3)")
        assert where(found) == [(0, 1), (1, 1), (1, 2)]
        assert found[0].fixes[0].applicability == "unsafe"

    def test_seeded_or_unshuffled_splits_are_fine(self):
        assert violations(lk.split_without_random_state, "kf = KFold(5)\nx = train_test_split(X, shuffle=False)",
                          "z = train_test_split(X, random_state=1)\nd = ds.train_test_split(test_size=0.1, seed=3)") == []

    def test_fix_adds_the_seed(self):
        data = notebook_json("a, b = train_test_split(df,\n  test_size=0.2,)",
                             "w = train_test_split()\nq = train_test_split(X, y)  # é")
        edits = [e for v in lk.split_without_random_state(notebook_from_dict(data)) for e in v.fixes[0].edits]
        fixed, _ = apply_edits(data, edits)
        assert [c["source"] for c in fixed["cells"]] == [
            "a, b = train_test_split(df,\n  test_size=0.2, random_state=42)",
            "w = train_test_split(random_state=42)\nq = train_test_split(X, y, random_state=42)  # é",
        ]
        assert list(lk.split_without_random_state(notebook_from_dict(fixed))) == []


def test_rule_table():
    assert lk.RULES[0].name == "preprocessing-before-split"
    assert all(r.category == "leakage" and r.doc for r in lk.RULES)
