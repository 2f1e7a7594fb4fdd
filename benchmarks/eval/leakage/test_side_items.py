"""The test-side notebooks of the leakage evaluation set (written for it): test data fitted on (LK002) or
sent through another fitted transform than the training data (LK005), each with a clean twin, in names
that do not say which side is which. They go to test_side/ with their own manifest: the corpus and
public notebooks were not labelled for this kind.
"""

TEST_SIDE = []

_HEAD = """
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler, MinMaxScaler, OneHotEncoder
from sklearn.linear_model import LogisticRegression
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.calibration import CalibratedClassifierCV
from sklearn.svm import SVC
# %%
loans = pd.read_csv("loans.csv")
features, target = loans.drop(columns="default"), loans["default"]
"""


def item(name: str, pattern: str, leaks: list[str], note: str, code: str) -> None:
    TEST_SIDE.append({"name": name, "pattern": pattern, "leaks": leaks, "note": note, "code": _HEAD + code})


item("ts01_leak_scaler_refit_on_holdout", "a scaler fitted again on the held-out part", ["test_side"],
     "The held-out rows are standardised with their own mean and deviation before scoring.", """# %%
fit_rows, holdout, fit_y, holdout_y = train_test_split(features, target, test_size=0.25, random_state=3)
scaler = StandardScaler().fit(fit_rows)
model = LogisticRegression(max_iter=500).fit(scaler.transform(fit_rows), fit_y)
# %%
scaler = StandardScaler().fit(holdout)
print(model.score(scaler.transform(holdout), holdout_y))
""")
item("ts01_clean_scaler_from_fit_rows", "a scaler fitted again on the held-out part", [],
     "Twin: the held-out rows go through the scaler fitted on the fit rows.", """# %%
fit_rows, holdout, fit_y, holdout_y = train_test_split(features, target, test_size=0.25, random_state=3)
scaler = StandardScaler().fit(fit_rows)
model = LogisticRegression(max_iter=500).fit(scaler.transform(fit_rows), fit_y)
# %%
print(model.score(scaler.transform(holdout), holdout_y))
""")
item("ts02_leak_model_refit_on_xv", "the model fitted again on the evaluation part, then scored on it", ["test_side"],
     "`Xv` is the second output of the split: the score is on rows the model was just fitted on.", """# %%
Xt, Xv, yt, yv = train_test_split(features, target, random_state=0)
booster = GradientBoostingClassifier(random_state=0).fit(Xt, yt)
booster.fit(Xv, yv)
print(booster.score(Xv, yv))
""")
item("ts02_clean_model_scored_on_xv", "the model fitted again on the evaluation part, then scored on it", [],
     "Twin: fitted on `Xt` only.", """# %%
Xt, Xv, yt, yv = train_test_split(features, target, random_state=0)
booster = GradientBoostingClassifier(random_state=0).fit(Xt, yt)
print(booster.score(Xv, yv))
""")
item("ts03_leak_validation_of_resplit_train_own_scaler", "a training set split again, its validation part "
     "scaled by a scaler of its own", ["test_side"], "`X_train` is split into fit and validation parts; the "
     "validation part gets a MinMaxScaler fitted on itself.", """# %%
X_train, X_test, y_train, y_test = train_test_split(features, target, random_state=1)
X_train, X_val, y_train, y_val = train_test_split(X_train, y_train, random_state=1)
# %%
train_scaler, val_scaler = MinMaxScaler(), MinMaxScaler()
X_train = train_scaler.fit_transform(X_train)
X_val = val_scaler.fit_transform(X_val)
print(SVC().fit(X_train, y_train).score(X_val, y_val))
""")
item("ts03_clean_validation_of_resplit_train_same_scaler", "a training set split again, its validation part "
     "scaled by a scaler of its own", [], "Twin: the validation part goes through the scaler fitted on the "
     "fit part.", """# %%
X_train, X_test, y_train, y_test = train_test_split(features, target, random_state=1)
X_train, X_val, y_train, y_val = train_test_split(X_train, y_train, random_state=1)
# %%
train_scaler = MinMaxScaler()
X_train = train_scaler.fit_transform(X_train)
X_val = train_scaler.transform(X_val)
print(SVC().fit(X_train, y_train).score(X_val, y_val))
""")
item("ts04_leak_three_way_fit_on_final", "a three-way split whose final part is fitted on", ["test_side"],
     "The model is refitted on the final part of the held-out rows, which then measures it.", """# %%
X_fit, X_rest, y_fit, y_rest = train_test_split(features, target, test_size=0.4, random_state=2)
X_tune, X_final, y_tune, y_final = train_test_split(X_rest, y_rest, test_size=0.5, random_state=2)
# %%
svc = SVC(probability=True).fit(X_fit, y_fit)
svc.fit(X_final, y_final)
print(svc.score(X_final, y_final))
""")
item("ts04_clean_three_way_calibrated_on_tune", "a three-way split whose final part is fitted on", [],
     "Twin: a calibrator is fitted on the tuning part (the training side of the split of the held-out "
     "rows) and the final part only measures.", """# %%
X_fit, X_rest, y_fit, y_rest = train_test_split(features, target, test_size=0.4, random_state=2)
X_tune, X_final, y_tune, y_final = train_test_split(X_rest, y_rest, test_size=0.5, random_state=2)
# %%
svc = SVC().fit(X_fit, y_fit)
calibrated = CalibratedClassifierCV(svc, cv="prefit").fit(X_tune, y_tune)
print(calibrated.score(X_final, y_final))
""")
item("ts05_leak_encoder_on_dropped_rows", "an encoder fitted on the rows left out by `sample`", ["test_side"],
     "`rest` is what `drop` leaves after `sample(frac=0.8)`: the evaluation rows.", """# %%
part = loans.sample(frac=0.8, random_state=4)
rest = loans.drop(part.index)
encoder = OneHotEncoder(handle_unknown="ignore").fit(part[["region"]])
encoder.fit(rest[["region"]])
print(encoder.transform(rest[["region"]]).shape)
""")
item("ts05_clean_encoder_on_sampled_rows", "an encoder fitted on the rows left out by `sample`", [],
     "Twin: fitted on the sampled rows only.", """# %%
part = loans.sample(frac=0.8, random_state=4)
rest = loans.drop(part.index)
encoder = OneHotEncoder(handle_unknown="ignore").fit(part[["region"]])
print(encoder.transform(rest[["region"]]).shape)
""")
item("ts06_leak_competition_test_file_fitted", "a competition's test file scaled with a scaler fitted on it",
     ["test_side"], "No split says where `test` comes from: the file's name does (the name is the hint).", """# %%
test = pd.read_csv("test.csv")
scaler = StandardScaler().fit(features)
model = LogisticRegression(max_iter=500).fit(scaler.transform(features), target)
test_scaled = StandardScaler().fit_transform(test)
pd.Series(model.predict(test_scaled)).to_csv("submission.csv")
""")
item("ts06_clean_competition_test_file_transformed", "a competition's test file scaled with a scaler fitted "
     "on it", [], "Twin: the test file goes through the scaler fitted on the training file.", """# %%
test = pd.read_csv("test.csv")
scaler = StandardScaler().fit(features)
model = LogisticRegression(max_iter=500).fit(scaler.transform(features), target)
test_scaled = scaler.transform(test)
pd.Series(model.predict(test_scaled)).to_csv("submission.csv")
""")
item("ts07_leak_two_scalers_short_names", "the two sides of one split through two scalers", ["test_side"],
     "`a` and `b` are the sides of one split; `b` is scaled by a scaler fitted on itself.", """# %%
a, b, ya, yb = train_test_split(features, target, random_state=5)
a = StandardScaler().fit_transform(a)
b = StandardScaler().fit_transform(b)
print(LogisticRegression(max_iter=500).fit(a, ya).score(b, yb))
""")
item("ts07_clean_one_scaler_short_names", "the two sides of one split through two scalers", [],
     "Twin: one scaler fitted on `a` transforms both.", """# %%
a, b, ya, yb = train_test_split(features, target, random_state=5)
scaler = StandardScaler().fit(a)
a, b = scaler.transform(a), scaler.transform(b)
print(LogisticRegression(max_iter=500).fit(a, ya).score(b, yb))
""")
item("ts08_clean_roles_swapped_by_name", "names the other way round: fitted on `X_test`, scored on `X_train`", [],
     "Look-alike: the model is fitted on one side and measured on the other; only the names are swapped.",
     """# %%
X_train, X_test, y_train, y_test = train_test_split(features, target, test_size=0.5, random_state=6)
model = LogisticRegression(max_iter=500).fit(X_test, y_test)
print(model.score(X_train, y_train))
""")
