"""LK002 and LK005 read what a value is from the split it flows from; a name is a hint only when nothing
in the notebook says where the rows come from."""

from jupyterlab_promote.engine.rules import leakage as lk

from factories import violations


def where(found):
    return [(v.cell.index, v.line) for v in found]


class TestFitOnTestDataByFlow:
    def test_a_test_side_named_holdout(self):
        found = violations(lk.fit_on_test_data, "sc = StandardScaler()", "train, holdout = train_test_split(df)",
                           "sc.fit(holdout)")
        assert where(found) == [(2, 1)]
        assert "holdout (the test side of train_test_split in cell #2)" in found[0].message

    def test_a_model_fitted_on_xv(self):
        found = violations(lk.fit_on_test_data, "Xt, Xv, yt, yv = train_test_split(X, y)",
                           "m = LogisticRegression()\nm.fit(Xv, yv)")
        assert where(found) == [(1, 2)] and "Xv" in found[0].message

    def test_the_validation_side_of_a_training_set_split_again(self):
        found = violations(lk.fit_on_test_data, "X_train, X_test, y_train, y_test = train_test_split(X, y)",
                           "X_train, X_val, y_train, y_val = train_test_split(X_train, y_train)",
                           "sc = StandardScaler()\nsc.fit(X_val)")
        assert where(found) == [(2, 2)]

    def test_the_final_part_of_a_three_way_split(self):
        found = violations(lk.fit_on_test_data, "X_tr, X_rest, y_tr, y_rest = train_test_split(X, y)",
                           "calib, final, y_calib, y_final = train_test_split(X_rest, y_rest)",
                           "m = RandomForestClassifier()\nm.fit(final, y_final)")
        assert where(found) == [(2, 2)] and "final (the test side of train_test_split in cell #2)" in found[0].message

    def test_a_calibrator_fitted_on_the_validation_part_of_a_three_way_split_is_fine(self):
        assert violations(lk.fit_on_test_data, "X_tr, X_rest, y_tr, y_rest = train_test_split(X, y)",
                          "X_val, X_te, y_val, y_te = train_test_split(X_rest, y_rest)",
                          "m = SVC().fit(X_tr, y_tr)\ncal = CalibratedClassifierCV(m, cv='prefit')\n"
                          "cal.fit(X_val, y_val)\nprint(cal.score(X_te, y_te))") == []

    def test_the_rows_dropped_after_a_sample(self):
        found = violations(lk.fit_on_test_data, "part = df.sample(frac=0.8, random_state=1)\nrest = df.drop(part.index)",
                           "enc = OneHotEncoder()\nenc.fit(rest)")
        assert where(found) == [(1, 2)] and "with drop" in found[0].message

    def test_a_test_file_is_known_by_its_name_when_no_split_says(self):
        found = violations(lk.fit_on_test_data, "test = pd.read_csv('test.csv')", "sc = StandardScaler()\nsc.fit(test)")
        assert where(found) == [(1, 2)]

    def test_a_training_side_whose_name_says_test_is_fine(self):
        assert violations(lk.fit_on_test_data, "test_run, holdout = train_test_split(df)",
                          "sc = StandardScaler()\nsc.fit(test_run)") == []

    def test_the_training_side_of_a_training_set_split_again_is_fine(self):
        assert violations(lk.fit_on_test_data, "X_train, X_test, y_train, y_test = train_test_split(X, y)",
                          "X_train, X_val, y_train, y_val = train_test_split(X_train, y_train)",
                          "sc = StandardScaler()\nsc.fit(X_train)\nX_val = sc.transform(X_val)") == []

    def test_a_frame_named_train_split_again(self):
        cells = ("train, test = train_test_split(df, random_state=0)",
                 "train, val = train_test_split(train, random_state=0)", "enc = OrdinalEncoder()")
        found = violations(lk.fit_on_test_data, *cells, "enc.fit(val)")
        assert where(found) == [(3, 1)] and "val (the test side of train_test_split in cell #2)" in found[0].message
        assert violations(lk.fit_on_test_data, *cells, "enc.fit(train)\nval_codes = enc.transform(val)") == []

    def test_roles_swapped_by_name_measure_on_unseen_rows(self):
        assert violations(lk.fit_on_test_data, "X_train, X_test, y_train, y_test = train_test_split(X, y)",
                          "m = SVC()\nm.fit(X_test, y_test)\nprint(m.score(X_train, y_train))") == []

    def test_roles_swapped_with_the_model_built_inline(self):
        assert violations(lk.fit_on_test_data, "X_train, X_test, y_train, y_test = train_test_split(X, y)",
                          "m = LogisticRegression().fit(X_test, y_test)\nprint(m.score(X_train, y_train))") == []

    def test_a_transform_of_a_renamed_holdout_is_fine(self):
        assert violations(lk.fit_on_test_data, "Xt, Xv, yt, yv = train_test_split(X, y)",
                          "sc = StandardScaler().fit(Xt)\nXv = sc.transform(Xv)") == []


class TestInconsistentTestTransformByFlow:
    def test_oddly_named_sides_through_two_scalers(self):
        found = violations(lk.inconsistent_test_transform, "Xt, Xv, yt, yv = train_test_split(X, y)",
                           "s1 = StandardScaler()\nXt = s1.fit_transform(Xt)\nXv = StandardScaler().fit_transform(Xv)")
        assert where(found) == [(1, 3)] and "s1.transform(Xv)" in found[0].message
        assert violations(lk.fit_on_test_data, "Xt, Xv, yt, yv = train_test_split(X, y)",
                          "s1 = StandardScaler()\nXt = s1.fit_transform(Xt)\nXv = StandardScaler().fit_transform(Xv)") == []

    def test_validation_side_of_a_training_set_split_again(self):
        found = violations(lk.inconsistent_test_transform, "X_train, X_test, y_train, y_test = train_test_split(X, y)",
                           "X_train, X_val, y_train, y_val = train_test_split(X_train, y_train)",
                           "s1, s2 = MinMaxScaler(), MinMaxScaler()\nX_train = s1.fit_transform(X_train)\n"
                           "X_val = s2.fit_transform(X_val)")
        assert where(found) == [(2, 3)] and "X_val" in found[0].message

    def test_a_second_object_fitted_on_the_renamed_training_side_is_fine(self):
        assert violations(lk.inconsistent_test_transform, "Xt, Xv, yt, yv = train_test_split(X, y)",
                          "s1 = StandardScaler()\ns2 = StandardScaler().fit(Xt)\nXt = s1.fit_transform(Xt)\n"
                          "Xv = s2.transform(Xv)") == []

    def test_sides_of_different_splits_are_not_compared(self):
        assert violations(lk.inconsistent_test_transform, "X_train, a = train_test_split(X)",
                          "b, X_test = train_test_split(Z)",
                          "X_train = StandardScaler().fit_transform(X_train)\n"
                          "X_test = StandardScaler().fit_transform(X_test)") == []

    def test_the_same_object_on_renamed_sides_is_fine(self):
        assert violations(lk.inconsistent_test_transform, "Xt, Xv, yt, yv = train_test_split(X, y)",
                          "s = StandardScaler()\nXt = s.fit_transform(Xt)\nXv = s.transform(Xv)") == []
