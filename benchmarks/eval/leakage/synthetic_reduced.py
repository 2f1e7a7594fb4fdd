"""Small notebooks reduced from the leaks the rules once missed in real notebooks, each with a clean twin.

Each is written for this set (other data, other names, a few lines) and keeps only the shape that was
missed; `provenance` says which notebook of the set it was reduced from. `# %% [n]` starts a cell that
ran with execution count n (build.py).
"""

REDUCED = []


def item(name: str, pattern: str, leaks: list[str], note: str, source: str, code: str) -> None:
    REDUCED.append({"name": name, "pattern": pattern, "leaks": leaks, "note": note, "code": code,
                    "provenance": f"written for this set, reduced from {source}"})


_CITI_BIKE = "public/amueller__04-representing-data-feature-engineering.ipynb (Citi Bike section)"
_TEXT = "public/amueller__07-working-with-text-data.ipynb"
_SBS = "public/rasbt__ch04__ch04.ipynb (sequential backward selection)"
_KERNEL = "corpus/SaurabhChakravorty__Data-Science-Projects__Codes__Kernel_v4.ipynb"

_HELPER_SLICES = """
import numpy as np
import pandas as pd
from sklearn.preprocessing import OneHotEncoder
from sklearn.linear_model import Ridge
# %%
rentals = pd.read_csv("rentals.csv", parse_dates=["hour"], index_col="hour")
counts = rentals["count"].values
calendar = np.hstack([rentals.index.dayofweek.values.reshape(-1, 1), rentals.index.hour.values.reshape(-1, 1)])
# %%
first_days = 184
def score_on_later_days(features, target, model):
    early, late = features[:first_days], features[first_days:]
    early_y, late_y = target[:first_days], target[first_days:]
    model.fit(early, early_y)
    return model.score(late, late_y)
# %%
print(score_on_later_days(calendar, counts, Ridge()))
"""

item("r01_leak_encoder_then_helper_slices", "encoder fitted on all rows, then a helper that splits by slicing",
     ["preprocessing"], "OneHotEncoder learns its categories from every row; the helper's slice [first_days:] "
     "is the test part. The helper was called before on the raw features (a first split of the same rows).",
     _CITI_BIKE, _HELPER_SLICES + """# %%
encoder = OneHotEncoder()
calendar_onehot = encoder.fit_transform(calendar).toarray()
print(score_on_later_days(calendar_onehot, counts, Ridge()))
""")

item("r01_clean_encoder_then_helper_slices", "encoder fitted on all rows, then a helper that splits by slicing", [],
     "Twin: the encoder learns from the early rows only and transforms all of them.", _CITI_BIKE,
     _HELPER_SLICES + """# %%
encoder = OneHotEncoder(handle_unknown="ignore").fit(calendar[:first_days])
calendar_onehot = encoder.transform(calendar).toarray()
print(score_on_later_days(calendar_onehot, counts, Ridge()))
""")

_REVIEWS = """
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
# %%
reviews = pd.read_csv("reviews.csv")
texts = [doc.replace("<br />", " ") for doc in reviews["text"]]
labels = reviews["positive"].values
"""

item("r02_leak_vectorizer_then_search", "vectorizer fitted on a cleaned list of documents, then GridSearchCV",
     ["preprocessing"], "The vocabulary (min_df) is learned from every document, including each validation fold "
     "of the search whose best score is printed. The documents are a list comprehension over a column.", _TEXT,
     _REVIEWS + """# %%
vectorizer = CountVectorizer(min_df=5).fit(texts)
bag = vectorizer.transform(texts)
search = GridSearchCV(LogisticRegression(max_iter=1000), {"C": [0.01, 0.1, 1, 10]}, cv=5)
search.fit(bag, labels)
print(search.best_score_)
""")

item("r02_clean_vectorizer_in_search_pipeline", "vectorizer fitted on a cleaned list of documents, then GridSearchCV",
     [], "Twin: the vectorizer is a step of the searched pipeline and learns inside each fold.", _TEXT,
     _REVIEWS + """# %%
pipe = make_pipeline(CountVectorizer(min_df=5), LogisticRegression(max_iter=1000))
search = GridSearchCV(pipe, {"logisticregression__C": [0.01, 0.1, 1, 10]}, cv=5)
search.fit(texts, labels)
print(search.best_score_)
""")

_SELECTOR = """
import numpy as np
from sklearn.base import clone
from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
# %%
class DropOneFeature:
    \"\"\"Backward selection: drops the feature whose removal scores best on a validation part.\"\"\"
    def __init__(self, estimator, keep):
        self.estimator = clone(estimator)
        self.keep = keep

    def fit(self, X, y):
        X_fit, X_val, y_fit, y_val = train_test_split(X, y, test_size=0.25, random_state=1)
        self.columns_ = list(range(X.shape[1]))
        while len(self.columns_) > self.keep:
            scores = []
            for column in self.columns_:
                kept = [c for c in self.columns_ if c != column]
                self.estimator.fit(X_fit[:, kept], y_fit)
                scores.append(self.estimator.score(X_val[:, kept], y_val))
            self.columns_.pop(int(np.argmax(scores)))
        return self

    def transform(self, X):
        return X[:, self.columns_]
# %%
X, y = load_wine(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)
"""

item("r03_leak_scaler_then_selector_class_splits", "scaler fitted on the training set, then a notebook class "
     "whose fit splits it again", ["preprocessing"], "The scaler saw the validation part the selector's own fit "
     "holds out to score feature subsets (the test split stays clean).", _SBS, _SELECTOR + """# %%
scaler = StandardScaler()
X_train_std = scaler.fit_transform(X_train)
selector = DropOneFeature(KNeighborsClassifier(5), keep=5)
selector.fit(X_train_std, y_train)
print(selector.columns_)
""")

item("r03_clean_selector_class_scales_inside", "scaler fitted on the training set, then a notebook class whose "
     "fit splits it again", [], "Twin: the selector is given a pipeline, so the scaler learns from each fit part.",
     _SBS, _SELECTOR + """# %%
selector = DropOneFeature(make_pipeline(StandardScaler(), KNeighborsClassifier(5)), keep=5)
selector.fit(X_train, y_train)
print(selector.columns_)
""")

_COUNTED = """# %% [1]
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import fbeta_score, make_scorer
from sklearn.model_selection import KFold, train_test_split, validation_curve
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
# %% [2]
X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=330)
"""

item("r04_leak_rerun_scaler_cell_out_of_order", "a scaler cell re-run last, whose earlier run the later cells needed",
     ["preprocessing"], "The scaling cell shows count 9, after the validation curve's 5, but it also defines the "
     "scorer the curve uses: it ran before as well, and the curve's folds were scaled with their own rows.",
     _KERNEL, _COUNTED + """# %% [9]
scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_test = scaler.transform(X_test)
f2 = make_scorer(fbeta_score, beta=2)
# %% [5]
folds = KFold(n_splits=5, shuffle=True, random_state=7)
train_scores, valid_scores = validation_curve(SVC(), X_train, y_train, param_name="C", param_range=[0.1, 1, 10],
                                              cv=folds, scoring=f2)
print(valid_scores.mean(axis=1))
""")

item("r04_clean_rerun_pipeline_cell_out_of_order", "a scaler cell re-run last, whose earlier run the later cells "
     "needed", [], "Twin: the same counts, the scaler inside the cross-validated pipeline.", _KERNEL, _COUNTED + """# %% [9]
model = make_pipeline(StandardScaler(), SVC())
f2 = make_scorer(fbeta_score, beta=2)
# %% [5]
folds = KFold(n_splits=5, shuffle=True, random_state=7)
train_scores, valid_scores = validation_curve(model, X_train, y_train, param_name="svc__C",
                                              param_range=[0.1, 1, 10], cv=folds, scoring=f2)
print(valid_scores.mean(axis=1))
""")
