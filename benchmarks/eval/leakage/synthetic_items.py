"""The synthetic notebooks of the leakage evaluation set: code written for this set, `# %%` between cells.

Each pattern has a leaky notebook and a clean twin (same data, same model, the leak removed), plus a few
clean notebooks that look like leaks but are not (stateless transforms before a split, a label encoder on
the target, several metrics of one model). `leaks` lists the kinds of leakage the notebook contains;
an empty list means clean.
"""

ITEMS = []


def item(name: str, pattern: str, leaks: list[str], note: str, code: str) -> None:
    ITEMS.append({"name": name, "pattern": pattern, "leaks": leaks, "note": note, "code": code})


# ---------------------------------------------------------------- preprocessing: fitted transforms

item("pre01_leak_scaler_numpy_slices", "scaler fitted on all rows, split by slicing", ["preprocessing"],
     "StandardScaler learns mean/std of the 200 rows later used as the hold-out slice.", """
import numpy as np
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import Ridge
from sklearn.metrics import r2_score
# %%
rng = np.random.default_rng(3)
features = rng.normal(size=(1000, 8))
target = features @ rng.normal(size=8) + rng.normal(size=1000)
# %%
standardiser = StandardScaler()
features = standardiser.fit_transform(features)
# %%
cut = 800
fit_part, hold_part = features[:cut], features[cut:]
fit_target, hold_target = target[:cut], target[cut:]
regressor = Ridge(alpha=1.0).fit(fit_part, fit_target)
print(r2_score(hold_target, regressor.predict(hold_part)))
""")

item("pre01_clean_scaler_numpy_slices", "scaler fitted on all rows, split by slicing", [],
     "Twin: the scaler learns from the first 800 rows only.", """
import numpy as np
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import Ridge
from sklearn.metrics import r2_score
# %%
rng = np.random.default_rng(3)
features = rng.normal(size=(1000, 8))
target = features @ rng.normal(size=8) + rng.normal(size=1000)
# %%
cut = 800
fit_part, hold_part = features[:cut], features[cut:]
fit_target, hold_target = target[:cut], target[cut:]
# %%
standardiser = StandardScaler().fit(fit_part)
fit_part = standardiser.transform(fit_part)
hold_part = standardiser.transform(hold_part)
regressor = Ridge(alpha=1.0).fit(fit_part, fit_target)
print(r2_score(hold_target, regressor.predict(hold_part)))
""")

item("pre02_leak_scale_function", "function form sklearn.preprocessing.scale before train_test_split",
     ["preprocessing"], "preprocessing.scale standardises with the statistics of every row.", """
import pandas as pd
from sklearn import preprocessing, model_selection, svm
# %%
wine = pd.read_csv("wine.csv")
inputs = wine.drop(columns="quality").values
labels = (wine["quality"] >= 6).astype(int).values
# %%
inputs = preprocessing.scale(inputs)
# %%
a_in, b_in, a_lab, b_lab = model_selection.train_test_split(inputs, labels, test_size=0.3, random_state=1)
clf = svm.SVC().fit(a_in, a_lab)
print("held-out accuracy", clf.score(b_in, b_lab))
""")

item("pre02_clean_scale_function", "function form sklearn.preprocessing.scale before train_test_split", [],
     "Twin: split first, a StandardScaler fitted on the training part transforms both.", """
import pandas as pd
from sklearn import preprocessing, model_selection, svm
# %%
wine = pd.read_csv("wine.csv")
inputs = wine.drop(columns="quality").values
labels = (wine["quality"] >= 6).astype(int).values
# %%
a_in, b_in, a_lab, b_lab = model_selection.train_test_split(inputs, labels, test_size=0.3, random_state=1)
scaler = preprocessing.StandardScaler().fit(a_in)
a_in, b_in = scaler.transform(a_in), scaler.transform(b_in)
clf = svm.SVC().fit(a_in, a_lab)
print("held-out accuracy", clf.score(b_in, b_lab))
""")

item("pre03_leak_minmax_scale_kfold", "minmax_scale function then KFold splits", ["preprocessing"],
     "minmax_scale uses the min and max of all rows, including each fold's validation rows.", """
import numpy as np
from sklearn.preprocessing import minmax_scale
from sklearn.model_selection import KFold
from sklearn.neighbors import KNeighborsClassifier
# %%
data = np.loadtxt("sensors.txt")
X, y = data[:, :-1], data[:, -1]
X01 = minmax_scale(X)
# %%
accs = []
for tr_idx, va_idx in KFold(n_splits=5, shuffle=True, random_state=0).split(X01):
    knn = KNeighborsClassifier(7).fit(X01[tr_idx], y[tr_idx])
    accs.append(knn.score(X01[va_idx], y[va_idx]))
print(np.mean(accs))
""")

item("pre03_clean_minmax_scale_kfold", "minmax_scale function then KFold splits", [],
     "Twin: a MinMaxScaler is fitted inside each fold on the fold's training rows.", """
import numpy as np
from sklearn.preprocessing import MinMaxScaler
from sklearn.model_selection import KFold
from sklearn.neighbors import KNeighborsClassifier
# %%
data = np.loadtxt("sensors.txt")
X, y = data[:, :-1], data[:, -1]
# %%
accs = []
for tr_idx, va_idx in KFold(n_splits=5, shuffle=True, random_state=0).split(X):
    mm = MinMaxScaler().fit(X[tr_idx])
    knn = KNeighborsClassifier(7).fit(mm.transform(X[tr_idx]), y[tr_idx])
    accs.append(knn.score(mm.transform(X[va_idx]), y[va_idx]))
print(np.mean(accs))
""")

item("pre04_leak_quantile_transform_cv", "quantile_transform then cross_val_score", ["preprocessing"],
     "quantile_transform learns quantiles on every row before cross-validation.", """
from sklearn.datasets import fetch_california_housing
from sklearn.preprocessing import quantile_transform
from sklearn.model_selection import cross_val_score
from sklearn.ensemble import GradientBoostingRegressor
# %%
housing = fetch_california_housing(as_frame=True)
Xq = quantile_transform(housing.data, n_quantiles=200, output_distribution="normal")
# %%
gbr = GradientBoostingRegressor(random_state=0)
print(cross_val_score(gbr, Xq, housing.target, cv=5).mean())
""")

item("pre04_clean_quantile_transform_cv", "quantile_transform then cross_val_score", [],
     "Twin: QuantileTransformer inside the pipeline that is cross-validated.", """
from sklearn.datasets import fetch_california_housing
from sklearn.preprocessing import QuantileTransformer
from sklearn.pipeline import make_pipeline
from sklearn.model_selection import cross_val_score
from sklearn.ensemble import GradientBoostingRegressor
# %%
housing = fetch_california_housing(as_frame=True)
model = make_pipeline(QuantileTransformer(n_quantiles=200, output_distribution="normal"),
                      GradientBoostingRegressor(random_state=0))
# %%
print(cross_val_score(model, housing.data, housing.target, cv=5).mean())
""")

item("pre05_leak_pipeline_fitted_before_split", "make_pipeline of transforms fitted on all rows, then split",
     ["preprocessing"], "The scaler+PCA pipeline is fitted on every row, then the reduced data is split.", """
from sklearn.datasets import load_digits
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.decomposition import PCA
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
# %%
digits = load_digits()
reducer = make_pipeline(StandardScaler(), PCA(n_components=20))
reduced = reducer.fit_transform(digits.data)
# %%
r_train, r_test, t_train, t_test = train_test_split(reduced, digits.target, stratify=digits.target, random_state=7)
lr = LogisticRegression(max_iter=2000).fit(r_train, t_train)
print(lr.score(r_test, t_test))
""")

item("pre05_clean_pipeline_fitted_after_split", "make_pipeline of transforms fitted on all rows, then split", [],
     "Twin: the whole pipeline (scaler, PCA, model) is fitted on the training part.", """
from sklearn.datasets import load_digits
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.decomposition import PCA
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
# %%
digits = load_digits()
r_train, r_test, t_train, t_test = train_test_split(digits.data, digits.target, stratify=digits.target,
                                                    random_state=7)
# %%
full = make_pipeline(StandardScaler(), PCA(n_components=20), LogisticRegression(max_iter=2000))
full.fit(r_train, t_train)
print(full.score(r_test, t_test))
""")

item("pre06_leak_column_transformer", "ColumnTransformer fitted on the whole frame, then train_test_split",
     ["preprocessing"], "Imputer, scaler and one-hot encoder learn from all rows before the split.", """
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import StandardScaler, OneHotEncoder
from sklearn.model_selection import train_test_split
from sklearn.ensemble import RandomForestClassifier
# %%
customers = pd.read_csv("customers.csv")
numeric = ["age", "income", "tenure"]
categorical = ["region", "plan"]
prep = ColumnTransformer([
    ("num", Pipeline([("fill", SimpleImputer(strategy="median")), ("std", StandardScaler())]), numeric),
    ("cat", OneHotEncoder(handle_unknown="ignore"), categorical),
])
# %%
matrix = prep.fit_transform(customers[numeric + categorical])
churned = customers["churned"]
m_tr, m_te, c_tr, c_te = train_test_split(matrix, churned, test_size=0.25, random_state=11)
forest = RandomForestClassifier(random_state=11).fit(m_tr, c_tr)
print(forest.score(m_te, c_te))
""")

item("pre06_clean_column_transformer", "ColumnTransformer fitted on the whole frame, then train_test_split", [],
     "Twin: the ColumnTransformer is a step of the model pipeline fitted on the training rows.", """
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import StandardScaler, OneHotEncoder
from sklearn.model_selection import train_test_split
from sklearn.ensemble import RandomForestClassifier
# %%
customers = pd.read_csv("customers.csv")
numeric = ["age", "income", "tenure"]
categorical = ["region", "plan"]
prep = ColumnTransformer([
    ("num", Pipeline([("fill", SimpleImputer(strategy="median")), ("std", StandardScaler())]), numeric),
    ("cat", OneHotEncoder(handle_unknown="ignore"), categorical),
])
# %%
c_tr, c_te = train_test_split(customers, test_size=0.25, random_state=11)
model = Pipeline([("prep", prep), ("rf", RandomForestClassifier(random_state=11))])
model.fit(c_tr[numeric + categorical], c_tr["churned"])
print(model.score(c_te[numeric + categorical], c_te["churned"]))
""")

item("pre07_leak_tfidf_all_documents", "TfidfVectorizer fitted on all documents, then split", ["preprocessing"],
     "The vocabulary and idf weights come from the test documents too.", """
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import MultinomialNB
from sklearn.metrics import f1_score
# %%
reviews = pd.read_json("reviews.jsonl", lines=True)
vec = TfidfVectorizer(min_df=3, ngram_range=(1, 2))
bag = vec.fit_transform(reviews.text)
# %%
docs_a, docs_b, pol_a, pol_b = train_test_split(bag, reviews.positive, random_state=5)
nb = MultinomialNB().fit(docs_a, pol_a)
print(f1_score(pol_b, nb.predict(docs_b)))
""")

item("pre07_clean_tfidf_training_documents", "TfidfVectorizer fitted on all documents, then split", [],
     "Twin: the vectorizer is fitted on the training documents and applied to the others.", """
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import MultinomialNB
from sklearn.metrics import f1_score
# %%
reviews = pd.read_json("reviews.jsonl", lines=True)
docs_a, docs_b, pol_a, pol_b = train_test_split(reviews.text, reviews.positive, random_state=5)
# %%
vec = TfidfVectorizer(min_df=3, ngram_range=(1, 2))
bag_a = vec.fit_transform(docs_a)
bag_b = vec.transform(docs_b)
nb = MultinomialNB().fit(bag_a, pol_a)
print(f1_score(pol_b, nb.predict(bag_b)))
""")

item("pre08_leak_target_encoder", "TargetEncoder fitted with the label on all rows, then split", ["preprocessing"],
     "The encoder stores the mean label per category computed over the test rows too.", """
import pandas as pd
from category_encoders import TargetEncoder
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
# %%
loans = pd.read_parquet("loans.parquet")
enc = TargetEncoder(cols=["employer", "zip3"])
loans[["employer", "zip3"]] = enc.fit_transform(loans[["employer", "zip3"]], loans["default"])
# %%
cols = ["employer", "zip3", "amount", "rate"]
tr_df, te_df = train_test_split(loans, test_size=0.2, random_state=2)
logit = LogisticRegression(max_iter=500).fit(tr_df[cols], tr_df["default"])
print(logit.score(te_df[cols], te_df["default"]))
""")

item("pre08_clean_target_encoder", "TargetEncoder fitted with the label on all rows, then split", [],
     "Twin: the target encoder learns from the training frame only.", """
import pandas as pd
from category_encoders import TargetEncoder
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
# %%
loans = pd.read_parquet("loans.parquet")
tr_df, te_df = train_test_split(loans, test_size=0.2, random_state=2)
# %%
enc = TargetEncoder(cols=["employer", "zip3"])
tr_df = tr_df.copy()
te_df = te_df.copy()
tr_df[["employer", "zip3"]] = enc.fit_transform(tr_df[["employer", "zip3"]], tr_df["default"])
te_df[["employer", "zip3"]] = enc.transform(te_df[["employer", "zip3"]])
cols = ["employer", "zip3", "amount", "rate"]
logit = LogisticRegression(max_iter=500).fit(tr_df[cols], tr_df["default"])
print(logit.score(te_df[cols], te_df["default"]))
""")

item("pre09_leak_selectkbest_label", "SelectKBest fitted with the label on all rows, then split",
     ["preprocessing"], "Features are chosen by their association with the label over every row.", """
import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.model_selection import train_test_split
from sklearn.svm import LinearSVC
# %%
genes = np.load("expression.npy")
status = np.load("status.npy")
top = SelectKBest(f_classif, k=50).fit_transform(genes, status)
# %%
g_fit, g_eval, s_fit, s_eval = train_test_split(top, status, test_size=0.3, random_state=4)
svc = LinearSVC().fit(g_fit, s_fit)
print("accuracy", (svc.predict(g_eval) == s_eval).mean())
""")

item("pre09_clean_selectkbest_in_pipeline", "SelectKBest fitted with the label on all rows, then split", [],
     "Twin: selection happens inside the pipeline, fitted on the training rows.", """
import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.pipeline import Pipeline
from sklearn.model_selection import train_test_split
from sklearn.svm import LinearSVC
# %%
genes = np.load("expression.npy")
status = np.load("status.npy")
g_fit, g_eval, s_fit, s_eval = train_test_split(genes, status, test_size=0.3, random_state=4)
# %%
clf = Pipeline([("select", SelectKBest(f_classif, k=50)), ("svc", LinearSVC())]).fit(g_fit, s_fit)
print("accuracy", (clf.predict(g_eval) == s_eval).mean())
""")

item("pre10_leak_pca_then_cross_validate", "PCA fitted on all rows then cross_validate", ["preprocessing"],
     "Components are computed with every fold's validation rows.", """
from sklearn.datasets import load_breast_cancer
from sklearn.decomposition import PCA
from sklearn.model_selection import cross_validate, StratifiedKFold
from sklearn.linear_model import LogisticRegression
# %%
Xc, yc = load_breast_cancer(return_X_y=True)
pca = PCA(n_components=5)
pca.fit(Xc)
Z = pca.transform(Xc)
# %%
res = cross_validate(LogisticRegression(max_iter=1000), Z, yc, cv=StratifiedKFold(5, shuffle=True, random_state=0))
print(res["test_score"].mean())
""")

item("pre10_clean_pca_in_cross_validate", "PCA fitted on all rows then cross_validate", [],
     "Twin: PCA inside the cross-validated pipeline.", """
from sklearn.datasets import load_breast_cancer
from sklearn.decomposition import PCA
from sklearn.pipeline import make_pipeline
from sklearn.model_selection import cross_validate, StratifiedKFold
from sklearn.linear_model import LogisticRegression
# %%
Xc, yc = load_breast_cancer(return_X_y=True)
pipe = make_pipeline(PCA(n_components=5), LogisticRegression(max_iter=1000))
# %%
res = cross_validate(pipe, Xc, yc, cv=StratifiedKFold(5, shuffle=True, random_state=0))
print(res["test_score"].mean())
""")

item("pre11_leak_scaler_before_gridsearch", "scaler fitted on all rows, then GridSearchCV and a split",
     ["preprocessing"], "The scaled matrix is split afterwards and searched with cross-validation.", """
from sklearn.datasets import load_wine
from sklearn.preprocessing import RobustScaler
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.svm import SVC
# %%
wine_X, wine_y = load_wine(return_X_y=True)
wine_X = RobustScaler().fit_transform(wine_X)
# %%
Xa, Xb, ya, yb = train_test_split(wine_X, wine_y, random_state=9)
search = GridSearchCV(SVC(), {"C": [0.1, 1, 10], "gamma": ["scale", 0.01]}, cv=5).fit(Xa, ya)
print(search.best_params_, search.score(Xb, yb))
""")

item("pre11_clean_scaler_inside_gridsearch", "scaler fitted on all rows, then GridSearchCV and a split", [],
     "Twin: the scaler is a pipeline step searched and fitted on the training part.", """
from sklearn.datasets import load_wine
from sklearn.preprocessing import RobustScaler
from sklearn.pipeline import Pipeline
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.svm import SVC
# %%
wine_X, wine_y = load_wine(return_X_y=True)
Xa, Xb, ya, yb = train_test_split(wine_X, wine_y, random_state=9)
# %%
pipe = Pipeline([("scale", RobustScaler()), ("svc", SVC())])
search = GridSearchCV(pipe, {"svc__C": [0.1, 1, 10], "svc__gamma": ["scale", 0.01]}, cv=5).fit(Xa, ya)
print(search.best_params_, search.score(Xb, yb))
""")

item("pre12_leak_old_api_feature_union", "old-API Pipeline of a FeatureUnion of Imputers and a custom transformer",
     ["preprocessing"], "The mean imputer (old sklearn.preprocessing.Imputer) learns means of all rows.", """
import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.pipeline import Pipeline, FeatureUnion
from sklearn.preprocessing import Imputer
from sklearn.cross_validation import train_test_split
from sklearn.tree import DecisionTreeClassifier
# %%
class ColumnRatio(BaseEstimator, TransformerMixin):
    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return (X[:, [0]] / (X[:, [1]] + 1.0))
# %%
table = pd.read_csv("patients.csv")
values = table.drop("outcome", axis=1).values
union = Pipeline([
    ("features", FeatureUnion([
        ("mean_fill", Imputer(strategy="mean")),
        ("ratio", Pipeline([("median_fill", Imputer(strategy="median")), ("ratio", ColumnRatio())])),
    ])),
])
prepared = union.fit_transform(values)
# %%
p_train, p_test, o_train, o_test = train_test_split(prepared, table.outcome.values, test_size=0.2)
tree = DecisionTreeClassifier(max_depth=4).fit(p_train, o_train)
print(tree.score(p_test, o_test))
""")

item("pre12_clean_old_api_feature_union", "old-API Pipeline of a FeatureUnion of Imputers and a custom transformer",
     [], "Twin: the union is fitted on the training rows and applied to the test rows.", """
import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.pipeline import Pipeline, FeatureUnion
from sklearn.preprocessing import Imputer
from sklearn.cross_validation import train_test_split
from sklearn.tree import DecisionTreeClassifier
# %%
class ColumnRatio(BaseEstimator, TransformerMixin):
    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return (X[:, [0]] / (X[:, [1]] + 1.0))
# %%
table = pd.read_csv("patients.csv")
values = table.drop("outcome", axis=1).values
p_train, p_test, o_train, o_test = train_test_split(values, table.outcome.values, test_size=0.2)
# %%
union = Pipeline([
    ("features", FeatureUnion([
        ("mean_fill", Imputer(strategy="mean")),
        ("ratio", Pipeline([("median_fill", Imputer(strategy="median")), ("ratio", ColumnRatio())])),
    ])),
])
p_train = union.fit_transform(p_train)
p_test = union.transform(p_test)
tree = DecisionTreeClassifier(max_depth=4).fit(p_train, o_train)
print(tree.score(p_test, o_test))
""")

item("pre13_leak_count_vectorizer_in_helper", "a notebook function fits a CountVectorizer, then split",
     ["preprocessing"], "featurize() fits the vectorizer on every message before the split.", """
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.model_selection import train_test_split
from sklearn.linear_model import SGDClassifier
# %%
def featurize(texts):
    cv = CountVectorizer(stop_words="english", max_features=5000)
    return cv.fit_transform(texts)
# %%
sms = pd.read_csv("sms.tsv", sep="\\t", names=["label", "message"])
counts = featurize(sms["message"])
# %%
tr_x, te_x, tr_y, te_y = train_test_split(counts, sms["label"], test_size=0.2, random_state=0)
sgd = SGDClassifier(random_state=0).fit(tr_x, tr_y)
print(sgd.score(te_x, te_y))
""")

item("pre13_clean_count_vectorizer_in_helper", "a notebook function fits a CountVectorizer, then split", [],
     "Twin: the helper fits on the training messages and returns the fitted vectorizer for the rest.", """
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.model_selection import train_test_split
from sklearn.linear_model import SGDClassifier
# %%
def featurize(train_texts, other_texts):
    cv = CountVectorizer(stop_words="english", max_features=5000)
    return cv.fit_transform(train_texts), cv.transform(other_texts)
# %%
sms = pd.read_csv("sms.tsv", sep="\\t", names=["label", "message"])
tr_m, te_m, tr_y, te_y = train_test_split(sms["message"], sms["label"], test_size=0.2, random_state=0)
# %%
tr_x, te_x = featurize(tr_m, te_m)
sgd = SGDClassifier(random_state=0).fit(tr_x, tr_y)
print(sgd.score(te_x, te_y))
""")

item("pre14_leak_apply_minmax_per_column", "df.apply of a function that fits MinMaxScaler, then split",
     ["preprocessing"], "Each column is rescaled with its min/max over all rows.", """
import pandas as pd
from sklearn.preprocessing import MinMaxScaler
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsRegressor
# %%
def rescale(col):
    return MinMaxScaler().fit_transform(col.values.reshape(-1, 1)).ravel()
# %%
houses = pd.read_csv("houses.csv")
price = houses.pop("price")
houses = houses.apply(rescale)
# %%
h_tr, h_te, p_tr, p_te = train_test_split(houses, price, random_state=8)
print(KNeighborsRegressor(5).fit(h_tr, p_tr).score(h_te, p_te))
""")

item("pre14_clean_apply_log_per_column", "df.apply of a function that fits MinMaxScaler, then split", [],
     "Twin: the applied function is a stateless log transform; nothing is learned from rows.", """
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsRegressor
# %%
def compress(col):
    return np.log1p(col.clip(lower=0))
# %%
houses = pd.read_csv("houses.csv")
price = houses.pop("price")
houses = houses.apply(compress)
# %%
h_tr, h_te, p_tr, p_te = train_test_split(houses, price, random_state=8)
print(KNeighborsRegressor(5).fit(h_tr, p_tr).score(h_te, p_te))
""")

item("pre15_leak_imputer_helper_then_split_helper", "helpers: one fits an imputer, another splits and scores",
     ["preprocessing"], "clean_up() fits a KNNImputer on all rows; evaluate() splits inside.", """
import pandas as pd
from sklearn.impute import KNNImputer
from sklearn.model_selection import train_test_split
from sklearn.ensemble import ExtraTreesRegressor
# %%
def clean_up(frame):
    filler = KNNImputer(n_neighbors=3)
    return pd.DataFrame(filler.fit_transform(frame), columns=frame.columns)

def evaluate(model, features, target):
    f1, f2, t1, t2 = train_test_split(features, target, test_size=0.25, random_state=3)
    model.fit(f1, t1)
    return model.score(f2, t2)
# %%
air = pd.read_csv("air_quality.csv")
air = clean_up(air)
print(evaluate(ExtraTreesRegressor(random_state=3), air.drop(columns="no2"), air["no2"]))
""")

item("pre15_clean_imputer_helper_then_split_helper", "helpers: one fits an imputer, another splits and scores", [],
     "Twin: evaluate() splits first and the imputer is part of the model pipeline.", """
import pandas as pd
from sklearn.impute import KNNImputer
from sklearn.pipeline import make_pipeline
from sklearn.model_selection import train_test_split
from sklearn.ensemble import ExtraTreesRegressor
# %%
def evaluate(model, features, target):
    f1, f2, t1, t2 = train_test_split(features, target, test_size=0.25, random_state=3)
    model.fit(f1, t1)
    return model.score(f2, t2)
# %%
air = pd.read_csv("air_quality.csv")
air = air.dropna(subset=["no2"])
model = make_pipeline(KNNImputer(n_neighbors=3), ExtraTreesRegressor(random_state=3))
print(evaluate(model, air.drop(columns="no2"), air["no2"]))
""")

item("pre16_leak_rescaled_train_resplit", "X_train scaled, then split again into train/validation",
     ["preprocessing"], "The name says train, but the scaled X_train is split again: validation rows leak.", """
import pandas as pd
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
# %%
train = pd.read_csv("train.csv")
X_train = train.drop(columns=["id", "label"])
y_train = train["label"]
X_train = StandardScaler().fit_transform(X_train)
# %%
X_tr, X_val, y_tr, y_val = train_test_split(X_train, y_train, test_size=0.2, random_state=1)
mlp = MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, random_state=1).fit(X_tr, y_tr)
print("validation accuracy", mlp.score(X_val, y_val))
""")

item("pre16_clean_rescaled_after_resplit", "X_train scaled, then split again into train/validation", [],
     "Twin: the training file is split first and the scaler learns from the inner training part.", """
import pandas as pd
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
# %%
train = pd.read_csv("train.csv")
X_train = train.drop(columns=["id", "label"])
y_train = train["label"]
X_tr, X_val, y_tr, y_val = train_test_split(X_train, y_train, test_size=0.2, random_state=1)
# %%
sc = StandardScaler().fit(X_tr)
mlp = MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, random_state=1).fit(sc.transform(X_tr), y_tr)
print("validation accuracy", mlp.score(sc.transform(X_val), y_val))
""")

item("pre17_leak_tfidf_train_texts_resplit", "TF-IDF fitted on train_texts, which is split afterwards",
     ["preprocessing"], "train_texts is the whole labelled file; the vectorizer sees the validation texts.", """
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
# %%
labelled = pd.read_csv("tweets_train.csv")
train_texts = labelled["tweet"]
train_labels = labelled["sentiment"]
tfidf = TfidfVectorizer(sublinear_tf=True)
train_vectors = tfidf.fit_transform(train_texts)
# %%
v_fit, v_dev, l_fit, l_dev = train_test_split(train_vectors, train_labels, test_size=0.1, random_state=0)
clf = LogisticRegression(C=4, max_iter=1000).fit(v_fit, l_fit)
print("dev accuracy", clf.score(v_dev, l_dev))
""")

item("pre17_clean_tfidf_after_resplit", "TF-IDF fitted on train_texts, which is split afterwards", [],
     "Twin: the labelled texts are split, then the vectorizer is fitted on the fitting part.", """
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
# %%
labelled = pd.read_csv("tweets_train.csv")
t_fit, t_dev, l_fit, l_dev = train_test_split(labelled["tweet"], labelled["sentiment"], test_size=0.1,
                                              random_state=0)
# %%
tfidf = TfidfVectorizer(sublinear_tf=True)
clf = LogisticRegression(C=4, max_iter=1000).fit(tfidf.fit_transform(t_fit), l_fit)
print("dev accuracy", clf.score(tfidf.transform(t_dev), l_dev))
""")

item("pre18_leak_concat_then_fit", "concat of train and test files, a fitted transform, then split back",
     ["preprocessing"], "The scaler is fitted on the concatenation of the train and test files.", """
import pandas as pd
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import Lasso
# %%
train_df = pd.read_csv("train.csv")
test_df = pd.read_csv("test.csv")
both = pd.concat([train_df, test_df], ignore_index=True)
num_cols = ["f1", "f2", "f3", "f4"]
both[num_cols] = StandardScaler().fit_transform(both[num_cols])
# %%
n_train = len(train_df)
tr_part = both.iloc[:n_train]
te_part = both.iloc[n_train:]
lasso = Lasso(alpha=0.01).fit(tr_part[num_cols], tr_part["y"])
print(lasso.score(te_part[num_cols], te_part["y"]))
""")

item("pre18_clean_concat_stateless", "concat of train and test files, a fitted transform, then split back", [],
     "Twin: the scaler is fitted on the train file only; concat is used for a stateless dummy encoding.", """
import pandas as pd
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import Lasso
# %%
train_df = pd.read_csv("train.csv")
test_df = pd.read_csv("test.csv")
both = pd.get_dummies(pd.concat([train_df, test_df], ignore_index=True), columns=["shop"])
n_train = len(train_df)
tr_part = both.iloc[:n_train].copy()
te_part = both.iloc[n_train:].copy()
# %%
num_cols = ["f1", "f2", "f3", "f4"]
scaler = StandardScaler().fit(tr_part[num_cols])
tr_part[num_cols] = scaler.transform(tr_part[num_cols])
te_part[num_cols] = scaler.transform(te_part[num_cols])
lasso = Lasso(alpha=0.01).fit(tr_part[num_cols], tr_part["y"])
print(lasso.score(te_part[num_cols], te_part["y"]))
""")

# ---------------------------------------------------------------- preprocessing: statistics of all rows

item("stat01_leak_fillna_mean_sample_split", "fillna(df.mean()) then a df.sample/drop split", ["preprocessing"],
     "Missing values are filled with means computed over the rows that become the test frame.", """
import pandas as pd
from sklearn.ensemble import RandomForestRegressor
from sklearn.metrics import mean_absolute_error
# %%
bikes = pd.read_csv("bikes.csv")
bikes = bikes.fillna(bikes.mean(numeric_only=True))
# %%
learn = bikes.sample(frac=0.8, random_state=12)
check = bikes.drop(learn.index)
inputs = ["temp", "humidity", "wind", "hour"]
rf = RandomForestRegressor(n_estimators=200, random_state=12).fit(learn[inputs], learn["count"])
print(mean_absolute_error(check["count"], rf.predict(check[inputs])))
""")

item("stat01_clean_fillna_mean_sample_split", "fillna(df.mean()) then a df.sample/drop split", [],
     "Twin: the means come from the learning frame and fill both frames.", """
import pandas as pd
from sklearn.ensemble import RandomForestRegressor
from sklearn.metrics import mean_absolute_error
# %%
bikes = pd.read_csv("bikes.csv")
learn = bikes.sample(frac=0.8, random_state=12)
check = bikes.drop(learn.index)
# %%
means = learn.mean(numeric_only=True)
learn = learn.fillna(means)
check = check.fillna(means)
inputs = ["temp", "humidity", "wind", "hour"]
rf = RandomForestRegressor(n_estimators=200, random_state=12).fit(learn[inputs], learn["count"])
print(mean_absolute_error(check["count"], rf.predict(check[inputs])))
""")

item("stat02_leak_manual_minmax_numpy", "manual min-max scaling with global min/max, then train_test_split",
     ["preprocessing"], "(x - min) / (max - min) over all rows, then split.", """
import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.svm import SVR
# %%
arr = np.genfromtxt("energy.csv", delimiter=",", skip_header=1)
x_all, y_all = arr[:, :-1], arr[:, -1]
x_all = (x_all - x_all.min(axis=0)) / (x_all.max(axis=0) - x_all.min(axis=0))
# %%
xa, xb, ya, yb = train_test_split(x_all, y_all, test_size=0.2, random_state=21)
print(SVR(C=10).fit(xa, ya).score(xb, yb))
""")

item("stat02_clean_manual_minmax_numpy", "manual min-max scaling with global min/max, then train_test_split", [],
     "Twin: min and max of the training part rescale both parts.", """
import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.svm import SVR
# %%
arr = np.genfromtxt("energy.csv", delimiter=",", skip_header=1)
x_all, y_all = arr[:, :-1], arr[:, -1]
xa, xb, ya, yb = train_test_split(x_all, y_all, test_size=0.2, random_state=21)
# %%
lo, hi = xa.min(axis=0), xa.max(axis=0)
xa = (xa - lo) / (hi - lo)
xb = (xb - lo) / (hi - lo)
print(SVR(C=10).fit(xa, ya).score(xb, yb))
""")

item("stat03_leak_zscore_pandas_function", "z-score with mean/std of the whole frame in a function, then split",
     ["preprocessing"], "standardize() uses the statistics of every row it is given: the full frame.", """
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
# %%
def standardize(frame):
    return (frame - frame.mean()) / frame.std()
# %%
heart = pd.read_csv("heart.csv")
signals = standardize(heart.drop(columns="disease"))
# %%
s_tr, s_te, d_tr, d_te = train_test_split(signals, heart["disease"], random_state=30)
print(LogisticRegression().fit(s_tr, d_tr).score(s_te, d_te))
""")

item("stat03_clean_zscore_pandas_function", "z-score with mean/std of the whole frame in a function, then split",
     [], "Twin: standardize() takes the reference statistics from the training part.", """
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
# %%
def standardize(frame, reference):
    return (frame - reference.mean()) / reference.std()
# %%
heart = pd.read_csv("heart.csv")
s_tr, s_te, d_tr, d_te = train_test_split(heart.drop(columns="disease"), heart["disease"], random_state=30)
s_tr, s_te = standardize(s_tr, s_tr), standardize(s_te, s_tr)
# %%
print(LogisticRegression().fit(s_tr, d_tr).score(s_te, d_te))
""")

item("stat04_leak_group_target_mean", "groupby(...)[label].transform('mean') feature, then split",
     ["preprocessing"], "Each row gets the mean label of its store computed over all rows, its own included.", """
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.ensemble import HistGradientBoostingClassifier
# %%
sales = pd.read_csv("promo.csv")
sales["store_rate"] = sales.groupby("store")["converted"].transform("mean")
# %%
feats = ["store_rate", "discount", "weekday"]
train_rows, test_rows = train_test_split(sales, test_size=0.3, random_state=6)
hgb = HistGradientBoostingClassifier().fit(train_rows[feats], train_rows["converted"])
print(hgb.score(test_rows[feats], test_rows["converted"]))
""")

item("stat04_clean_group_target_mean", "groupby(...)[label].transform('mean') feature, then split", [],
     "Twin: the store rates are computed on the training rows and mapped onto the test rows.", """
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.ensemble import HistGradientBoostingClassifier
# %%
sales = pd.read_csv("promo.csv")
train_rows, test_rows = train_test_split(sales, test_size=0.3, random_state=6)
# %%
rates = train_rows.groupby("store")["converted"].mean()
train_rows = train_rows.assign(store_rate=train_rows["store"].map(rates))
test_rows = test_rows.assign(store_rate=test_rows["store"].map(rates).fillna(rates.mean()))
feats = ["store_rate", "discount", "weekday"]
hgb = HistGradientBoostingClassifier().fit(train_rows[feats], train_rows["converted"])
print(hgb.score(test_rows[feats], test_rows["converted"]))
""")

item("stat05_leak_qcut_global_edges", "binning with quantile edges of all rows, then split", ["preprocessing"],
     "pd.qcut places the bin edges at quantiles of every row, test rows included.", """
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import CategoricalNB
# %%
people = pd.read_csv("adult.csv")
people["age_bin"] = pd.qcut(people["age"], q=5, labels=False)
people["hours_bin"] = pd.qcut(people["hours"], q=4, labels=False, duplicates="drop")
# %%
cols = ["age_bin", "hours_bin"]
ptr, pte = train_test_split(people, test_size=0.25, random_state=17)
cnb = CategoricalNB().fit(ptr[cols], ptr["high_income"])
print(cnb.score(pte[cols], pte["high_income"]))
""")

item("stat05_clean_fixed_bin_edges", "binning with quantile edges of all rows, then split", [],
     "Twin: the bin edges are fixed in advance (domain knowledge), not learned from rows.", """
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import CategoricalNB
# %%
people = pd.read_csv("adult.csv")
people["age_bin"] = pd.cut(people["age"], bins=[0, 25, 35, 50, 65, 120], labels=False)
people["hours_bin"] = pd.cut(people["hours"], bins=[0, 20, 40, 60, 100], labels=False)
# %%
cols = ["age_bin", "hours_bin"]
ptr, pte = train_test_split(people, test_size=0.25, random_state=17)
cnb = CategoricalNB().fit(ptr[cols], ptr["high_income"])
print(cnb.score(pte[cols], pte["high_income"]))
""")

item("stat06_leak_correlation_ranking", "features ranked by correlation with the label over all rows, then split",
     ["preprocessing"], "The 10 features most correlated with the label on every row are kept.", """
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LinearRegression
# %%
survey = pd.read_csv("survey.csv")
corr = survey.corr(numeric_only=True)["satisfaction"].drop("satisfaction").abs()
best_cols = corr.sort_values(ascending=False).index[:10].tolist()
# %%
q_tr, q_te, s_tr, s_te = train_test_split(survey[best_cols], survey["satisfaction"], random_state=40)
print(LinearRegression().fit(q_tr, s_tr).score(q_te, s_te))
""")

item("stat06_clean_correlation_ranking", "features ranked by correlation with the label over all rows, then split",
     [], "Twin: the ranking is computed on the training rows only.", """
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LinearRegression
# %%
survey = pd.read_csv("survey.csv")
tr, te = train_test_split(survey, random_state=40)
corr = tr.corr(numeric_only=True)["satisfaction"].drop("satisfaction").abs()
best_cols = corr.sort_values(ascending=False).index[:10].tolist()
# %%
print(LinearRegression().fit(tr[best_cols], tr["satisfaction"]).score(te[best_cols], te["satisfaction"]))
""")

item("stat07_leak_global_mean_std_keras_slices", "numpy mean/std over all rows, then a validation slice",
     ["preprocessing"], "The normalisation constants include the rows of the final 20% slice used for testing.", """
import numpy as np
from sklearn.linear_model import SGDRegressor
# %%
raw = np.load("series_features.npy")
label = np.load("series_target.npy")
mu = raw.mean(axis=0)
sigma = raw.std(axis=0)
normed = (raw - mu) / sigma
# %%
n = int(0.8 * len(normed))
est = SGDRegressor(max_iter=2000, random_state=0).fit(normed[:n], label[:n])
print("test R2", est.score(normed[n:], label[n:]))
""")

item("stat07_clean_train_mean_std_slices", "numpy mean/std over all rows, then a validation slice", [],
     "Twin: mean and std come from the first 80% only.", """
import numpy as np
from sklearn.linear_model import SGDRegressor
# %%
raw = np.load("series_features.npy")
label = np.load("series_target.npy")
n = int(0.8 * len(raw))
mu = raw[:n].mean(axis=0)
sigma = raw[:n].std(axis=0)
normed = (raw - mu) / sigma
# %%
est = SGDRegressor(max_iter=2000, random_state=0).fit(normed[:n], label[:n])
print("test R2", est.score(normed[n:], label[n:]))
""")

# ---------------------------------------------------------------- clean look-alikes

item("neg01_normalize_rows_before_split", "row-wise normalize (stateless) before split", [],
     "normalize() scales each row by its own norm; nothing is learned from other rows.", """
from sklearn.datasets import load_iris
from sklearn.preprocessing import normalize
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC
# %%
iris_x, iris_y = load_iris(return_X_y=True)
unit_rows = normalize(iris_x, norm="l2")
ux_tr, ux_te, uy_tr, uy_te = train_test_split(unit_rows, iris_y, random_state=0)
print(SVC().fit(ux_tr, uy_tr).score(ux_te, uy_te))
""")

item("neg02_label_encoder_on_target", "LabelEncoder on the target and get_dummies before split", [],
     "Encoding class names as integers and dummy columns learn nothing about the test rows' values.", """
import pandas as pd
from sklearn.preprocessing import LabelEncoder
from sklearn.model_selection import train_test_split
from sklearn.ensemble import RandomForestClassifier
# %%
mush = pd.read_csv("mushrooms.csv")
edible = LabelEncoder().fit_transform(mush["class"])
onehot = pd.get_dummies(mush.drop(columns="class"))
# %%
m_a, m_b, e_a, e_b = train_test_split(onehot, edible, test_size=0.3, random_state=3)
print(RandomForestClassifier(random_state=3).fit(m_a, e_a).score(m_b, e_b))
""")

item("neg03_scaler_clustering_no_split", "scaler fitted on all rows for clustering; no evaluation split", [],
     "Unsupervised segmentation of all rows: there is no held-out set to leak into.", """
import pandas as pd
from sklearn.preprocessing import StandardScaler
from sklearn.cluster import KMeans
# %%
shoppers = pd.read_csv("mall.csv")
scaled = StandardScaler().fit_transform(shoppers[["income", "spending"]])
km = KMeans(n_clusters=5, n_init=10, random_state=0).fit(scaled)
shoppers["segment"] = km.labels_
shoppers.groupby("segment").mean(numeric_only=True)
""")

item("neg04_pipeline_cross_val_score", "scaler and model in a pipeline given to cross_val_score", [],
     "The only fit happens inside cross-validation, per fold.", """
from sklearn.datasets import load_diabetes
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import PowerTransformer
from sklearn.linear_model import ElasticNet
from sklearn.model_selection import cross_val_score, RepeatedKFold
# %%
dx, dy = load_diabetes(return_X_y=True)
chain = Pipeline([("power", PowerTransformer()), ("enet", ElasticNet(alpha=0.1))])
scores = cross_val_score(chain, dx, dy, cv=RepeatedKFold(n_splits=5, n_repeats=3, random_state=1),
                         scoring="neg_mean_absolute_error")
print(-scores.mean())
""")

# ---------------------------------------------------------------- overlap

item("ovl01_leak_smote_before_split", "SMOTE fit_resample before train_test_split", ["overlap"],
     "Synthetic minority rows are interpolated from rows that end up in the test set.", """
import pandas as pd
from imblearn.over_sampling import SMOTE
from sklearn.model_selection import train_test_split
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import recall_score
# %%
fraud = pd.read_csv("creditcard.csv")
Xf, yf = fraud.drop(columns="Class"), fraud["Class"]
Xf, yf = SMOTE(random_state=0).fit_resample(Xf, yf)
# %%
Xf_tr, Xf_te, yf_tr, yf_te = train_test_split(Xf, yf, test_size=0.2, random_state=0)
gb = GradientBoostingClassifier().fit(Xf_tr, yf_tr)
print(recall_score(yf_te, gb.predict(Xf_te)))
""")

item("ovl01_clean_smote_after_split", "SMOTE fit_resample before train_test_split", [],
     "Twin: only the training part is oversampled.", """
import pandas as pd
from imblearn.over_sampling import SMOTE
from sklearn.model_selection import train_test_split
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import recall_score
# %%
fraud = pd.read_csv("creditcard.csv")
Xf, yf = fraud.drop(columns="Class"), fraud["Class"]
Xf_tr, Xf_te, yf_tr, yf_te = train_test_split(Xf, yf, test_size=0.2, stratify=yf, random_state=0)
# %%
Xf_tr, yf_tr = SMOTE(random_state=0).fit_resample(Xf_tr, yf_tr)
gb = GradientBoostingClassifier().fit(Xf_tr, yf_tr)
print(recall_score(yf_te, gb.predict(Xf_te)))
""")

item("ovl02_leak_fit_sample_cross_val", "old-API RandomOverSampler.fit_sample then cross_val_score", ["overlap"],
     "Duplicated minority rows fall in both the training and validation folds.", """
import numpy as np
from imblearn.over_sampling import RandomOverSampler
from sklearn.model_selection import cross_val_score
from sklearn.tree import DecisionTreeClassifier
# %%
X = np.load("churn_X.npy")
y = np.load("churn_y.npy")
ros = RandomOverSampler(random_state=42)
X_bal, y_bal = ros.fit_sample(X, y)
# %%
print(cross_val_score(DecisionTreeClassifier(max_depth=6), X_bal, y_bal, cv=10, scoring="f1").mean())
""")

item("ovl02_clean_sampler_in_imblearn_pipeline", "old-API RandomOverSampler.fit_sample then cross_val_score", [],
     "Twin: the sampler is a step of an imblearn pipeline, so it only resamples each training fold.", """
import numpy as np
from imblearn.over_sampling import RandomOverSampler
from imblearn.pipeline import make_pipeline
from sklearn.model_selection import cross_val_score
from sklearn.tree import DecisionTreeClassifier
# %%
X = np.load("churn_X.npy")
y = np.load("churn_y.npy")
balanced_tree = make_pipeline(RandomOverSampler(random_state=42), DecisionTreeClassifier(max_depth=6))
# %%
print(cross_val_score(balanced_tree, X, y, cv=10, scoring="f1").mean())
""")

item("ovl03_leak_manual_upsample_resample", "sklearn.utils.resample upsampling of the minority, then split",
     ["overlap"], "Copies of the same minority rows land on both sides of the split.", """
import pandas as pd
from sklearn.utils import resample
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
# %%
claims = pd.read_csv("claims.csv")
majority = claims[claims.fraudulent == 0]
minority = claims[claims.fraudulent == 1]
minority_up = resample(minority, replace=True, n_samples=len(majority), random_state=123)
balanced = pd.concat([majority, minority_up])
# %%
feat = ["amount", "age", "prior_claims"]
b_tr, b_te = train_test_split(balanced, test_size=0.2, random_state=123)
print(LogisticRegression().fit(b_tr[feat], b_tr.fraudulent).score(b_te[feat], b_te.fraudulent))
""")

item("ovl03_clean_manual_upsample_train_only", "sklearn.utils.resample upsampling of the minority, then split", [],
     "Twin: the split comes first and only the training frame is upsampled.", """
import pandas as pd
from sklearn.utils import resample
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
# %%
claims = pd.read_csv("claims.csv")
b_tr, b_te = train_test_split(claims, test_size=0.2, stratify=claims.fraudulent, random_state=123)
# %%
majority = b_tr[b_tr.fraudulent == 0]
minority = b_tr[b_tr.fraudulent == 1]
minority_up = resample(minority, replace=True, n_samples=len(majority), random_state=123)
b_tr = pd.concat([majority, minority_up])
feat = ["amount", "age", "prior_claims"]
print(LogisticRegression().fit(b_tr[feat], b_tr.fraudulent).score(b_te[feat], b_te.fraudulent))
""")

item("ovl04_leak_duplicate_positives_slices", "positive rows duplicated with concat, shuffled, split by slicing",
     ["overlap"], "Each positive row is present three times; copies fall in the last 25% slice.", """
import numpy as np
import pandas as pd
from sklearn.neighbors import KNeighborsClassifier
# %%
events = pd.read_csv("events.csv")
positives = events[events["y"] == 1]
events = pd.concat([events, positives, positives]).sample(frac=1.0, random_state=0)
# %%
mat = events[["a", "b", "c"]].to_numpy()
lab = events["y"].to_numpy()
k = int(len(mat) * 0.75)
knn = KNeighborsClassifier(1).fit(mat[:k], lab[:k])
print("test accuracy", np.mean(knn.predict(mat[k:]) == lab[k:]))
""")

item("ovl04_clean_duplicate_positives_after_slices", "positive rows duplicated with concat, shuffled, split by slicing",
     [], "Twin: the frame is shuffled and sliced first, the duplication only touches the first 75%.", """
import numpy as np
import pandas as pd
from sklearn.neighbors import KNeighborsClassifier
# %%
events = pd.read_csv("events.csv").sample(frac=1.0, random_state=0)
k = int(len(events) * 0.75)
fit_rows, eval_rows = events.iloc[:k], events.iloc[k:]
positives = fit_rows[fit_rows["y"] == 1]
fit_rows = pd.concat([fit_rows, positives, positives])
# %%
knn = KNeighborsClassifier(1).fit(fit_rows[["a", "b", "c"]].to_numpy(), fit_rows["y"].to_numpy())
print("test accuracy", np.mean(knn.predict(eval_rows[["a", "b", "c"]].to_numpy()) == eval_rows["y"].to_numpy()))
""")

item("ovl05_leak_adasyn_helper_then_split_helper", "oversampling helper, then a helper that splits",
     ["overlap"], "balance() runs ADASYN on every row; holdout_score() splits afterwards.", """
from imblearn.over_sampling import ADASYN
from sklearn.model_selection import train_test_split
from sklearn.metrics import balanced_accuracy_score
from sklearn.ensemble import RandomForestClassifier
import pandas as pd
# %%
def balance(features, labels):
    return ADASYN(random_state=1).fit_resample(features, labels)

def holdout_score(model, features, labels):
    a, b, c, d = train_test_split(features, labels, test_size=0.3, random_state=1)
    model.fit(a, c)
    return balanced_accuracy_score(d, model.predict(b))
# %%
defects = pd.read_csv("defects.csv")
F, L = balance(defects.drop(columns="defective"), defects["defective"])
print(holdout_score(RandomForestClassifier(random_state=1), F, L))
""")

item("ovl05_clean_adasyn_helper_inside_split_helper", "oversampling helper, then a helper that splits", [],
     "Twin: holdout_score() splits first and balances the training part only.", """
from imblearn.over_sampling import ADASYN
from sklearn.model_selection import train_test_split
from sklearn.metrics import balanced_accuracy_score
from sklearn.ensemble import RandomForestClassifier
import pandas as pd
# %%
def balance(features, labels):
    return ADASYN(random_state=1).fit_resample(features, labels)

def holdout_score(model, features, labels):
    a, b, c, d = train_test_split(features, labels, test_size=0.3, random_state=1)
    a, c = balance(a, c)
    model.fit(a, c)
    return balanced_accuracy_score(d, model.predict(b))
# %%
defects = pd.read_csv("defects.csv")
print(holdout_score(RandomForestClassifier(random_state=1), defects.drop(columns="defective"), defects["defective"]))
""")

# ---------------------------------------------------------------- multi-test

item("mt01_leak_model_dict_max", "dict of test accuracies keyed by model, best picked with max, reported",
     ["multi_test"], "The test set ranks four models and the winner's test accuracy is reported as final.", """
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC
from sklearn.ensemble import RandomForestClassifier, AdaBoostClassifier
from sklearn.metrics import accuracy_score
# %%
bc_x, bc_y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(bc_x, bc_y, test_size=0.25, random_state=0)
# %%
candidates = {
    "logreg": LogisticRegression(max_iter=5000),
    "svm": SVC(),
    "forest": RandomForestClassifier(random_state=0),
    "ada": AdaBoostClassifier(random_state=0),
}
test_acc = {}
for label, est in candidates.items():
    est.fit(X_train, y_train)
    test_acc[label] = accuracy_score(y_test, est.predict(X_test))
# %%
winner = max(test_acc, key=test_acc.get)
print(f"Final model: {winner}, test accuracy {test_acc[winner]:.3f}")
""")

item("mt01_clean_model_dict_validation", "dict of test accuracies keyed by model, best picked with max, reported",
     [], "Twin: models are ranked on a validation split; the winner is measured once on the test set.", """
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC
from sklearn.ensemble import RandomForestClassifier, AdaBoostClassifier
from sklearn.metrics import accuracy_score
# %%
bc_x, bc_y = load_breast_cancer(return_X_y=True)
X_rest, X_test, y_rest, y_test = train_test_split(bc_x, bc_y, test_size=0.2, random_state=0)
X_train, X_val, y_train, y_val = train_test_split(X_rest, y_rest, test_size=0.25, random_state=0)
# %%
candidates = {
    "logreg": LogisticRegression(max_iter=5000),
    "svm": SVC(),
    "forest": RandomForestClassifier(random_state=0),
    "ada": AdaBoostClassifier(random_state=0),
}
val_acc = {}
for label, est in candidates.items():
    est.fit(X_train, y_train)
    val_acc[label] = accuracy_score(y_val, est.predict(X_val))
# %%
winner = max(val_acc, key=val_acc.get)
final = candidates[winner].fit(X_rest, y_rest)
print(f"Final model: {winner}, test accuracy {accuracy_score(y_test, final.predict(X_test)):.3f}")
""")

item("mt02_leak_knn_k_loop_argmax", "loop over k scored on the test split, argmax, test score reported",
     ["multi_test"], "k is chosen by the test score and that same score is the reported result.", """
import numpy as np
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
# %%
data, classes = load_iris(return_X_y=True)
Xtr, Xte, ytr, yte = train_test_split(data, classes, test_size=0.3, random_state=4)
# %%
ks = list(range(1, 26))
scores = []
for k in ks:
    knn = KNeighborsClassifier(n_neighbors=k).fit(Xtr, ytr)
    scores.append(knn.score(Xte, yte))
best_k = ks[int(np.argmax(scores))]
# %%
final_knn = KNeighborsClassifier(n_neighbors=best_k).fit(Xtr, ytr)
print("best k", best_k, "test accuracy", final_knn.score(Xte, yte))
""")

item("mt02_clean_knn_k_cross_val", "loop over k scored on the test split, argmax, test score reported", [],
     "Twin: k is chosen by cross-validation on the training part; the test set is scored once.", """
import numpy as np
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split, cross_val_score
from sklearn.neighbors import KNeighborsClassifier
# %%
data, classes = load_iris(return_X_y=True)
Xtr, Xte, ytr, yte = train_test_split(data, classes, test_size=0.3, random_state=4)
# %%
ks = list(range(1, 26))
cv_scores = [cross_val_score(KNeighborsClassifier(n_neighbors=k), Xtr, ytr, cv=5).mean() for k in ks]
best_k = ks[int(np.argmax(cv_scores))]
# %%
final_knn = KNeighborsClassifier(n_neighbors=best_k).fit(Xtr, ytr)
print("best k", best_k, "test accuracy", final_knn.score(Xte, yte))
""")

item("mt03_leak_if_better_keep_slices", "tuning loop keeps the model with the best test score (if score > best)",
     ["multi_test"], "Hold-out slice from numpy slicing; the running best over max_depth is reported.", """
import numpy as np
from sklearn.tree import DecisionTreeRegressor
from sklearn.metrics import mean_squared_error
# %%
rows = np.load("rows.npy")
X, y = rows[:, 1:], rows[:, 0]
X_learn, X_hold = X[:1500], X[1500:]
y_learn, y_hold = y[:1500], y[1500:]
# %%
best_rmse, best_tree = float("inf"), None
for depth in range(2, 16):
    tree = DecisionTreeRegressor(max_depth=depth, random_state=0).fit(X_learn, y_learn)
    rmse = mean_squared_error(y_hold, tree.predict(X_hold)) ** 0.5
    if rmse < best_rmse:
        best_rmse, best_tree = rmse, tree
# %%
print("selected depth", best_tree.get_depth(), "hold-out RMSE", best_rmse)
""")

item("mt03_clean_if_better_keep_validation_slice", "tuning loop keeps the model with the best test score (if score > best)",
     [], "Twin: the loop compares on a validation slice; the chosen tree is scored once on the last slice.", """
import numpy as np
from sklearn.tree import DecisionTreeRegressor
from sklearn.metrics import mean_squared_error
# %%
rows = np.load("rows.npy")
X, y = rows[:, 1:], rows[:, 0]
X_learn, X_val, X_hold = X[:1200], X[1200:1500], X[1500:]
y_learn, y_val, y_hold = y[:1200], y[1200:1500], y[1500:]
# %%
best_rmse, best_tree = float("inf"), None
for depth in range(2, 16):
    tree = DecisionTreeRegressor(max_depth=depth, random_state=0).fit(X_learn, y_learn)
    rmse = mean_squared_error(y_val, tree.predict(X_val)) ** 0.5
    if rmse < best_rmse:
        best_rmse, best_tree = rmse, tree
# %%
print("selected depth", best_tree.get_depth(),
      "hold-out RMSE", mean_squared_error(y_hold, best_tree.predict(X_hold)) ** 0.5)
""")

item("mt04_leak_results_frame_sorted", "results DataFrame of test F1 per model, sorted, top row reported",
     ["multi_test"], "A leaderboard on the test set: the top row's test F1 is the headline number.", """
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression, RidgeClassifier
from sklearn.naive_bayes import GaussianNB
from sklearn.metrics import f1_score
# %%
spam = pd.read_csv("spambase.csv")
tr, te = train_test_split(spam, test_size=0.3, random_state=2)
cols = [c for c in spam.columns if c != "is_spam"]
# %%
rows = []
for model in [LogisticRegression(max_iter=3000), RidgeClassifier(), GaussianNB()]:
    model.fit(tr[cols], tr["is_spam"])
    rows.append({"model": type(model).__name__, "f1": f1_score(te["is_spam"], model.predict(te[cols]))})
board = pd.DataFrame(rows).sort_values("f1", ascending=False)
# %%
top = board.iloc[0]
print(f"We ship {top['model']} with F1 = {top['f1']:.3f} on unseen data")
""")

item("mt04_clean_several_metrics_one_model", "results DataFrame of test F1 per model, sorted, top row reported",
     [], "Negative: one model, several metrics on the test set, no choice among models.", """
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score
# %%
spam = pd.read_csv("spambase.csv")
tr, te = train_test_split(spam, test_size=0.3, random_state=2)
cols = [c for c in spam.columns if c != "is_spam"]
# %%
model = LogisticRegression(max_iter=3000).fit(tr[cols], tr["is_spam"])
pred = model.predict(te[cols])
report = {
    "f1": f1_score(te["is_spam"], pred),
    "precision": precision_score(te["is_spam"], pred),
    "recall": recall_score(te["is_spam"], pred),
    "auc": roc_auc_score(te["is_spam"], model.predict_proba(te[cols])[:, 1]),
}
print(pd.Series(report).sort_values())
""")

item("mt05_leak_tuning_function_called_with_test", "a tuning function that picks the best alpha on data it is given, called with the test split",
     ["multi_test"], "pick_alpha() chooses by the score on its second data set, which is the test split.", """
import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.model_selection import train_test_split
from sklearn.linear_model import Lasso
# %%
def pick_alpha(alphas, fit_X, fit_y, eval_X, eval_y):
    results = [(Lasso(alpha=a).fit(fit_X, fit_y).score(eval_X, eval_y), a) for a in alphas]
    return sorted(results)[-1]
# %%
dX, dy = load_diabetes(return_X_y=True)
dX_train, dX_test, dy_train, dy_test = train_test_split(dX, dy, random_state=10)
best_r2, best_alpha = pick_alpha(np.logspace(-3, 1, 20), dX_train, dy_train, dX_test, dy_test)
print(f"alpha={best_alpha:.4f}: test R^2 {best_r2:.3f}")
""")

item("mt05_clean_tuning_function_called_with_validation", "a tuning function that picks the best alpha on data it is given, called with the test split",
     [], "Twin: the function is given a validation split; the test split is scored once.", """
import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.model_selection import train_test_split
from sklearn.linear_model import Lasso
# %%
def pick_alpha(alphas, fit_X, fit_y, eval_X, eval_y):
    results = [(Lasso(alpha=a).fit(fit_X, fit_y).score(eval_X, eval_y), a) for a in alphas]
    return sorted(results)[-1]
# %%
dX, dy = load_diabetes(return_X_y=True)
dX_train, dX_test, dy_train, dy_test = train_test_split(dX, dy, random_state=10)
dX_fit, dX_val, dy_fit, dy_val = train_test_split(dX_train, dy_train, random_state=10)
_, best_alpha = pick_alpha(np.logspace(-3, 1, 20), dX_fit, dy_fit, dX_val, dy_val)
final = Lasso(alpha=best_alpha).fit(dX_train, dy_train)
print(f"alpha={best_alpha:.4f}: test R^2 {final.score(dX_test, dy_test):.3f}")
""")

item("mt06_leak_set_params_loop_running_best", "refitted forest over n_estimators, running best of test scores, reported",
     ["multi_test"], "One forest refitted per n_estimators; the best test accuracy picks the value and is reported.", """
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split, GridSearchCV
from sklearn.ensemble import RandomForestClassifier
# %%
images, digits = load_digits(return_X_y=True)
i_train, i_test, d_train, d_test = train_test_split(images, digits, test_size=0.3, random_state=3)
# %%
rf = RandomForestClassifier(random_state=3).fit(i_train, d_train)
best = None
for n in [50, 100, 200, 400]:
    rf.set_params(n_estimators=n).fit(i_train, d_train)
    acc = rf.score(i_test, d_test)
    if best is None or acc > best[0]:
        best = (acc, n)
print("n_estimators=%d gives test accuracy %.3f" % (best[1], best[0]))
""")

item("mt06_clean_gridsearch_then_one_test_score", "refitted forest over n_estimators, running best of test scores, reported",
     [], "Twin: a cross-validated search on the training part, then one score on the test part.", """
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split, GridSearchCV
from sklearn.ensemble import RandomForestClassifier
# %%
images, digits = load_digits(return_X_y=True)
i_train, i_test, d_train, d_test = train_test_split(images, digits, test_size=0.3, random_state=3)
# %%
grid = GridSearchCV(RandomForestClassifier(random_state=3), {"n_estimators": [50, 100, 200, 400]}, cv=5)
grid.fit(i_train, d_train)
print("n_estimators=%d gives test accuracy %.3f" % (grid.best_params_["n_estimators"], grid.score(i_test, d_test)))
""")

item("mt07_leak_sample_drop_split_idxmin", "test frame from df.sample/drop; errors per model in a Series, idxmin, reported",
     ["multi_test"], "The test frame is the rest of a 70% sample; the model with the lowest test error is reported.", """
import pandas as pd
from sklearn.linear_model import LinearRegression, HuberRegressor
from sklearn.ensemble import RandomForestRegressor
from sklearn.metrics import mean_absolute_error
# %%
cars = pd.read_csv("cars.csv").dropna()
learn = cars.sample(frac=0.7, random_state=0)
holdout = cars.drop(learn.index)
xs = ["hp", "weight", "year"]
# %%
errors = pd.Series(dtype=float)
for tag, reg in [("ols", LinearRegression()), ("huber", HuberRegressor()), ("rf", RandomForestRegressor(random_state=0))]:
    reg.fit(learn[xs], learn["mpg"])
    errors[tag] = mean_absolute_error(holdout["mpg"], reg.predict(holdout[xs]))
# %%
chosen = errors.idxmin()
print("chosen:", chosen, "MAE on the hold-out:", round(errors.min(), 2))
""")

item("mt07_clean_sample_drop_one_model", "test frame from df.sample/drop; errors per model in a Series, idxmin, reported",
     [], "Negative: the choice is made with cross_val_score on the learning frame; the hold-out is used once.", """
import pandas as pd
from sklearn.linear_model import LinearRegression, HuberRegressor
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import cross_val_score
from sklearn.metrics import mean_absolute_error
# %%
cars = pd.read_csv("cars.csv").dropna()
learn = cars.sample(frac=0.7, random_state=0)
holdout = cars.drop(learn.index)
xs = ["hp", "weight", "year"]
# %%
regs = {"ols": LinearRegression(), "huber": HuberRegressor(), "rf": RandomForestRegressor(random_state=0)}
cv_err = pd.Series({tag: -cross_val_score(reg, learn[xs], learn["mpg"], cv=5,
                                          scoring="neg_mean_absolute_error").mean() for tag, reg in regs.items()})
chosen = cv_err.idxmin()
final = regs[chosen].fit(learn[xs], learn["mpg"])
print("chosen:", chosen, "MAE on the hold-out:", round(mean_absolute_error(holdout["mpg"], final.predict(holdout[xs])), 2))
""")

# ---------------------------------------------------------------- second batch
# Written after the first measurement, in still other styles; labelled by the same definitions.

item("b2pre01_leak_column_normalize_axis0", "normalize(axis=0) scales each column by its norm over all rows, then split",
     ["preprocessing"], "Column norms are computed over every row, the later test rows included.", """
import numpy as np
from sklearn.preprocessing import normalize
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
# %%
M = np.load("counts.npy")
labels = np.load("labels.npy")
M = normalize(M, norm="l2", axis=0)
# %%
Ma, Mb, la, lb = train_test_split(M, labels, test_size=0.25, random_state=5)
print(LogisticRegression(max_iter=1000).fit(Ma, la).score(Mb, lb))
""")

item("b2pre01_clean_row_normalize", "normalize(axis=0) scales each column by its norm over all rows, then split", [],
     "Twin: the default row-wise normalize uses each row alone.", """
import numpy as np
from sklearn.preprocessing import normalize
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
# %%
M = np.load("counts.npy")
labels = np.load("labels.npy")
M = normalize(M, norm="l2")
# %%
Ma, Mb, la, lb = train_test_split(M, labels, test_size=0.25, random_state=5)
print(LogisticRegression(max_iter=1000).fit(Ma, la).score(Mb, lb))
""")

item("b2pre02_leak_median_fill_loop", "fillna with each column's median in a loop over columns, then KFold",
     ["preprocessing"], "The medians come from all rows, which KFold then splits into folds.", """
import numpy as np
import pandas as pd
from sklearn.model_selection import KFold
from sklearn.ensemble import RandomForestClassifier
# %%
credit = pd.read_csv("credit.csv")
for column in ["income", "debt", "age"]:
    credit[column] = credit[column].fillna(credit[column].median())
# %%
X = credit[["income", "debt", "age"]].to_numpy()
y = credit["default"].to_numpy()
folds = KFold(n_splits=4, shuffle=True, random_state=2)
accs = [RandomForestClassifier(random_state=2).fit(X[a], y[a]).score(X[b], y[b]) for a, b in folds.split(X)]
print(np.mean(accs))
""")

item("b2pre02_clean_median_fill_in_folds", "fillna with each column's median in a loop over columns, then KFold", [],
     "Twin: the medians are taken from each fold's training rows.", """
import numpy as np
import pandas as pd
from sklearn.model_selection import KFold
from sklearn.ensemble import RandomForestClassifier
# %%
credit = pd.read_csv("credit.csv")
cols = ["income", "debt", "age"]
folds = KFold(n_splits=4, shuffle=True, random_state=2)
accs = []
for a, b in folds.split(credit):
    fit_rows, held_rows = credit.iloc[a].copy(), credit.iloc[b].copy()
    medians = fit_rows[cols].median()
    fit_rows[cols] = fit_rows[cols].fillna(medians)
    held_rows[cols] = held_rows[cols].fillna(medians)
    model = RandomForestClassifier(random_state=2).fit(fit_rows[cols], fit_rows["default"])
    accs.append(model.score(held_rows[cols], held_rows["default"]))
print(np.mean(accs))
""")

item("b2pre03_leak_svd_on_tfidf_then_cv", "TruncatedSVD on a TF-IDF matrix of all documents, then cross_val_score",
     ["preprocessing"], "Both the vocabulary and the components come from every document.", """
from sklearn.datasets import fetch_20newsgroups
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.decomposition import TruncatedSVD
from sklearn.model_selection import cross_val_score
from sklearn.svm import LinearSVC
# %%
news = fetch_20newsgroups(subset="all", categories=["sci.space", "rec.autos"])
lsa = TruncatedSVD(n_components=100, random_state=0).fit_transform(TfidfVectorizer().fit_transform(news.data))
# %%
print(cross_val_score(LinearSVC(), lsa, news.target, cv=5).mean())
""")

item("b2pre03_clean_svd_tfidf_pipeline_cv", "TruncatedSVD on a TF-IDF matrix of all documents, then cross_val_score", [],
     "Twin: vectorizer and SVD are pipeline steps, fitted inside each fold.", """
from sklearn.datasets import fetch_20newsgroups
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.decomposition import TruncatedSVD
from sklearn.pipeline import make_pipeline
from sklearn.model_selection import cross_val_score
from sklearn.svm import LinearSVC
# %%
news = fetch_20newsgroups(subset="all", categories=["sci.space", "rec.autos"])
lsa_model = make_pipeline(TfidfVectorizer(), TruncatedSVD(n_components=100, random_state=0), LinearSVC())
# %%
print(cross_val_score(lsa_model, news.data, news.target, cv=5).mean())
""")

item("b2pre04_leak_kbins_then_shuffle_split", "KBinsDiscretizer fitted on all rows, then ShuffleSplit",
     ["preprocessing"], "Bin edges (quantiles) are learned from every row.", """
import pandas as pd
from sklearn.preprocessing import KBinsDiscretizer
from sklearn.model_selection import ShuffleSplit, cross_val_score
from sklearn.naive_bayes import MultinomialNB
# %%
trips = pd.read_csv("trips.csv")
binner = KBinsDiscretizer(n_bins=8, encode="onehot-dense", strategy="quantile")
coded = binner.fit_transform(trips[["distance", "duration", "hour"]])
# %%
splitter = ShuffleSplit(n_splits=5, test_size=0.3, random_state=4)
print(cross_val_score(MultinomialNB(), coded, trips["tip"] > 0, cv=splitter).mean())
""")

item("b2pre04_clean_kbins_in_pipeline", "KBinsDiscretizer fitted on all rows, then ShuffleSplit", [],
     "Twin: the discretizer is a pipeline step.", """
import pandas as pd
from sklearn.preprocessing import KBinsDiscretizer
from sklearn.pipeline import make_pipeline
from sklearn.model_selection import ShuffleSplit, cross_val_score
from sklearn.naive_bayes import MultinomialNB
# %%
trips = pd.read_csv("trips.csv")
model = make_pipeline(KBinsDiscretizer(n_bins=8, encode="onehot-dense", strategy="quantile"), MultinomialNB())
# %%
splitter = ShuffleSplit(n_splits=5, test_size=0.3, random_state=4)
print(cross_val_score(model, trips[["distance", "duration", "hour"]], trips["tip"] > 0, cv=splitter).mean())
""")

item("b2ovl01_leak_augmented_copies_then_split", "noisy copies of every image appended, then train_test_split",
     ["overlap"], "A noisy copy of each image can land in the test part while its original is in training.", """
import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC
# %%
imgs = np.load("digits.npy")
tags = np.load("tags.npy")
noisy = imgs + np.random.default_rng(0).normal(0, 0.05, imgs.shape)
imgs = np.vstack([imgs, noisy])
tags = np.concatenate([tags, tags])
# %%
i_tr, i_te, t_tr, t_te = train_test_split(imgs.reshape(len(imgs), -1), tags, random_state=0)
print(SVC().fit(i_tr, t_tr).score(i_te, t_te))
""")

item("b2ovl01_clean_augment_training_part", "noisy copies of every image appended, then train_test_split", [],
     "Twin: only the training images get noisy copies.", """
import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC
# %%
imgs = np.load("digits.npy").reshape(-1, 64)
tags = np.load("tags.npy")
i_tr, i_te, t_tr, t_te = train_test_split(imgs, tags, random_state=0)
# %%
noisy = i_tr + np.random.default_rng(0).normal(0, 0.05, i_tr.shape)
i_tr = np.vstack([i_tr, noisy])
t_tr = np.concatenate([t_tr, t_tr])
print(SVC().fit(i_tr, t_tr).score(i_te, t_te))
""")

item("b2mt01_leak_threshold_on_test", "decision threshold tuned on the test set, F1 at that threshold reported",
     ["multi_test"], "The threshold maximising test F1 is picked and that F1 is reported.", """
import numpy as np
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import f1_score
# %%
feats, target = make_classification(n_samples=3000, weights=[0.9], random_state=3)
f_tr, f_te, t_tr, t_te = train_test_split(feats, target, stratify=target, random_state=3)
clf = GradientBoostingClassifier(random_state=3).fit(f_tr, t_tr)
proba = clf.predict_proba(f_te)[:, 1]
# %%
cuts = np.linspace(0.05, 0.95, 19)
f1s = [f1_score(t_te, proba >= c) for c in cuts]
cut = cuts[int(np.argmax(f1s))]
print(f"threshold {cut:.2f}: F1 {max(f1s):.3f}")
""")

item("b2mt01_clean_threshold_on_validation", "decision threshold tuned on the test set, F1 at that threshold reported",
     [], "Twin: the threshold is tuned on a validation part; the test F1 is measured once.", """
import numpy as np
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import f1_score
# %%
feats, target = make_classification(n_samples=3000, weights=[0.9], random_state=3)
f_tr, f_te, t_tr, t_te = train_test_split(feats, target, stratify=target, random_state=3)
f_fit, f_cal, t_fit, t_cal = train_test_split(f_tr, t_tr, stratify=t_tr, random_state=3)
clf = GradientBoostingClassifier(random_state=3).fit(f_fit, t_fit)
# %%
cuts = np.linspace(0.05, 0.95, 19)
cal_proba = clf.predict_proba(f_cal)[:, 1]
cut = cuts[int(np.argmax([f1_score(t_cal, cal_proba >= c) for c in cuts]))]
print(f"threshold {cut:.2f}: F1 {f1_score(t_te, clf.predict_proba(f_te)[:, 1] >= cut):.3f}")
""")

item("b2mt02_leak_xgboost_early_stopping_on_test", "gradient boosting stopped early on the test set, test accuracy reported",
     ["multi_test"], "The number of boosting rounds is chosen by the test loss; the test accuracy is then reported.", """
import xgboost as xgb
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.metrics import accuracy_score
# %%
Xb, yb = load_breast_cancer(return_X_y=True)
Xb_tr, Xb_te, yb_tr, yb_te = train_test_split(Xb, yb, random_state=8)
# %%
booster = xgb.XGBClassifier(n_estimators=2000, learning_rate=0.05, early_stopping_rounds=20)
booster.fit(Xb_tr, yb_tr, eval_set=[(Xb_te, yb_te)], verbose=False)
print("best iteration", booster.best_iteration)
print("test accuracy", accuracy_score(yb_te, booster.predict(Xb_te)))
""")

item("b2mt02_clean_xgboost_early_stopping_on_validation", "gradient boosting stopped early on the test set, test accuracy reported",
     [], "Twin: early stopping watches a validation part carved from the training part.", """
import xgboost as xgb
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.metrics import accuracy_score
# %%
Xb, yb = load_breast_cancer(return_X_y=True)
Xb_tr, Xb_te, yb_tr, yb_te = train_test_split(Xb, yb, random_state=8)
Xb_fit, Xb_stop, yb_fit, yb_stop = train_test_split(Xb_tr, yb_tr, random_state=8)
# %%
booster = xgb.XGBClassifier(n_estimators=2000, learning_rate=0.05, early_stopping_rounds=20)
booster.fit(Xb_fit, yb_fit, eval_set=[(Xb_stop, yb_stop)], verbose=False)
print("best iteration", booster.best_iteration)
print("test accuracy", accuracy_score(yb_te, booster.predict(Xb_te)))
""")

item("b2mt03_leak_evaluate_helper_reads_globals", "a helper scoring on the global test split, best of a dict comprehension",
     ["multi_test"], "evaluate() reads X_test from the notebook; the best model by that score is printed.", """
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier
from sklearn.metrics import roc_auc_score
# %%
churn = pd.read_csv("churn.csv")
X_train, X_test, y_train, y_test = train_test_split(churn.drop(columns="left"), churn["left"], random_state=1)
# %%
def evaluate(model):
    model.fit(X_train, y_train)
    return roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])
# %%
zoo = {"logit": LogisticRegression(max_iter=2000), "knn": KNeighborsClassifier(15), "tree": DecisionTreeClassifier(max_depth=5)}
aucs = {name: evaluate(model) for name, model in zoo.items()}
champion = max(aucs, key=aucs.get)
print(f"{champion} wins with AUC {aucs[champion]:.3f}")
""")

item("b2mt03_clean_evaluate_helper_table_no_choice", "a helper scoring on the global test split, best of a dict comprehension",
     [], "Negative: each model is fitted and measured on the test split and the table is printed; nothing is chosen.", """
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier
from sklearn.metrics import roc_auc_score
# %%
churn = pd.read_csv("churn.csv")
X_train, X_test, y_train, y_test = train_test_split(churn.drop(columns="left"), churn["left"], random_state=1)
# %%
def evaluate(model):
    model.fit(X_train, y_train)
    return roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])
# %%
zoo = {"logit": LogisticRegression(max_iter=2000), "knn": KNeighborsClassifier(15), "tree": DecisionTreeClassifier(max_depth=5)}
for name, model in zoo.items():
    print(name, round(evaluate(model), 3))
""")

item("b2mt04_clean_seed_average_on_test", "several seeds of one model measured on the test set, mean and spread reported",
     [], "Negative: no candidate is chosen; the mean over seeds is reported.", """
import numpy as np
from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split
from sklearn.ensemble import RandomForestClassifier
# %%
wx, wy = load_wine(return_X_y=True)
wx_tr, wx_te, wy_tr, wy_te = train_test_split(wx, wy, random_state=0)
accs = [RandomForestClassifier(random_state=s).fit(wx_tr, wy_tr).score(wx_te, wy_te) for s in range(10)]
print(f"{np.mean(accs):.3f} +/- {np.std(accs):.3f}")
""")

# Third batch: the library's calls imported under other names (`... import train_test_split as tts`).

item("b3pre01_leak_aliased_split", "a scaler fitted on all rows, then a split imported under another name",
     ["preprocessing"], "The split is `tts`, imported as train_test_split: the scaler saw the test rows.", """
import pandas as pd
from sklearn.model_selection import train_test_split as tts
from sklearn.preprocessing import RobustScaler
from sklearn.svm import SVC
# %%
loans = pd.read_parquet("loans.parquet")
features = RobustScaler().fit_transform(loans.drop(columns="default"))
# %%
a_tr, a_te, b_tr, b_te = tts(features, loans["default"], test_size=0.3, random_state=4)
print(SVC().fit(a_tr, b_tr).score(a_te, b_te))
""")

item("b3pre01_clean_aliased_split", "a scaler fitted on all rows, then a split imported under another name", [],
     "Negative: the same aliased split, the scaler fitted on the training rows only.", """
import pandas as pd
from sklearn.model_selection import train_test_split as tts
from sklearn.preprocessing import RobustScaler
from sklearn.svm import SVC
# %%
loans = pd.read_parquet("loans.parquet")
a_tr, a_te, b_tr, b_te = tts(loans.drop(columns="default"), loans["default"], test_size=0.3, random_state=4)
# %%
scaler = RobustScaler().fit(a_tr)
print(SVC().fit(scaler.transform(a_tr), b_tr).score(scaler.transform(a_te), b_te))
""")

item("b3pre02_leak_aliased_cross_validation", "a selector fitted with the label on all rows, then cross_val_score and KFold under other names",
     ["preprocessing"], "`cvs(..., cv=K(5))` holds out rows the selector already ranked features on.", """
import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.model_selection import KFold as K, cross_val_score as cvs
from sklearn.linear_model import LogisticRegression
# %%
signals = np.load("signals.npy")
labels = np.load("labels.npy")
kept = SelectKBest(f_classif, k=20).fit_transform(signals, labels)
print(cvs(LogisticRegression(max_iter=500), kept, labels, cv=K(5)).mean())
""")

item("b3pre02_clean_aliased_cross_validation", "a selector fitted with the label on all rows, then cross_val_score and KFold under other names",
     [], "Negative: the selector is a pipeline step, fitted inside each fold.", """
import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.model_selection import KFold as K, cross_val_score as cvs
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
# %%
signals = np.load("signals.npy")
labels = np.load("labels.npy")
model = make_pipeline(SelectKBest(f_classif, k=20), LogisticRegression(max_iter=500))
print(cvs(model, signals, labels, cv=K(5)).mean())
""")

item("b3pre03_leak_aliased_scaler_in_helper", "a helper scales with a scaler class imported under another name, then the split",
     ["preprocessing"], "`MM` is MinMaxScaler; the helper fits it on every row before the split.", """
import pandas as pd
from sklearn.preprocessing import MinMaxScaler as MM
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsRegressor
# %%
def prepared(frame):
    return MM().fit_transform(frame)
# %%
homes = pd.read_csv("homes.csv")
inputs = prepared(homes[["rooms", "area", "age"]])
i_tr, i_te, p_tr, p_te = train_test_split(inputs, homes["price"], random_state=2)
print(KNeighborsRegressor().fit(i_tr, p_tr).score(i_te, p_te))
""")

item("b3pre03_clean_aliased_scaler_in_helper", "a helper scales with a scaler class imported under another name, then the split",
     [], "Negative: the helper fits on the training rows and transforms both.", """
import pandas as pd
from sklearn.preprocessing import MinMaxScaler as MM
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsRegressor
# %%
def prepared(train, test):
    scaler = MM().fit(train)
    return scaler.transform(train), scaler.transform(test)
# %%
homes = pd.read_csv("homes.csv")
i_tr, i_te, p_tr, p_te = train_test_split(homes[["rooms", "area", "age"]], homes["price"], random_state=2)
i_tr, i_te = prepared(i_tr, i_te)
print(KNeighborsRegressor().fit(i_tr, p_tr).score(i_te, p_te))
""")
