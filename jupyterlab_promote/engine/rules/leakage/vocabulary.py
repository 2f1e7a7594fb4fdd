"""What the leakage rules recognise: scikit-learn style estimators, splits, and train/test names.

Only names are matched (the module they come from is not asked): the classes below are spelled the same in
scikit-learn, imbalanced-learn and category_encoders, and nothing else in a notebook shares them. A name
imported under another one (`from M import f as g`) is read as the name it was imported as, `f` (aliases.py).
"""

import ast
import re
from functools import lru_cache

from ...notebook.cell_memo import mentions_any
from ...notebook.dataflow import Step
from ...notebook.statement_shapes import root_name

# Transformers whose fit learns something from the rows it sees (means, variances, categories,
# vocabularies, components, selected features, target statistics). Stateless ones (Normalizer,
# FunctionTransformer, HashingVectorizer, pd.get_dummies) cannot leak and are left out, and so are
# LabelEncoder / LabelBinarizer: they only learn the list of classes of the target.
LEARNING_TRANSFORMERS = frozenset({
    "StandardScaler", "MinMaxScaler", "RobustScaler", "MaxAbsScaler", "QuantileTransformer",
    "PowerTransformer", "KBinsDiscretizer", "SplineTransformer",
    "SimpleImputer", "KNNImputer", "IterativeImputer", "Imputer",
    "OneHotEncoder", "OrdinalEncoder", "TargetEncoder", "WOEEncoder", "CatBoostEncoder",
    "LeaveOneOutEncoder", "JamesSteinEncoder", "MEstimateEncoder", "GLMMEncoder", "CountEncoder",
    "PCA", "IncrementalPCA", "KernelPCA", "SparsePCA", "TruncatedSVD", "FactorAnalysis", "FastICA", "NMF",
    "LinearDiscriminantAnalysis",
    "TSNE", "UMAP", "Isomap", "LocallyLinearEmbedding", "MDS", "SpectralEmbedding", "KMeans", "MiniBatchKMeans",
    "SelectKBest", "SelectPercentile", "SelectFpr", "SelectFdr", "SelectFwe", "GenericUnivariateSelect",
    "SelectFromModel", "RFE", "RFECV", "VarianceThreshold", "SequentialFeatureSelector",
    "CountVectorizer", "TfidfVectorizer", "TfidfTransformer", "DictVectorizer",
})
# Resampling invents or drops rows from the distribution it sees; before a split, synthetic copies of
# training rows end up in the test set.
RESAMPLERS = frozenset({
    "SMOTE", "ADASYN", "BorderlineSMOTE", "SVMSMOTE", "KMeansSMOTE", "SMOTENC", "SMOTEN",
    "RandomOverSampler", "RandomUnderSampler", "SMOTEENN", "SMOTETomek", "NearMiss", "TomekLinks",
    "EditedNearestNeighbours", "ClusterCentroids",
})
CONTAINERS = frozenset({"Pipeline", "make_pipeline", "ColumnTransformer", "make_column_transformer", "FeatureUnion",
                         "make_union"})
STATELESS = frozenset({"FunctionTransformer", "Normalizer", "HashingVectorizer", "PolynomialFeatures", "Binarizer"})

SPLIT_FUNCTIONS = frozenset({"train_test_split"})
CROSS_VALIDATION_FUNCTIONS = frozenset({"cross_val_score", "cross_val_predict", "cross_validate", "learning_curve",
                                        "validation_curve", "permutation_test_score"})
SPLITTER_CLASSES = frozenset({"KFold", "StratifiedKFold", "ShuffleSplit", "StratifiedShuffleSplit", "RepeatedKFold",
                              "RepeatedStratifiedKFold", "GroupShuffleSplit", "StratifiedGroupKFold"})
SEARCH_CLASSES = frozenset({"GridSearchCV", "RandomizedSearchCV", "HalvingGridSearchCV", "HalvingRandomSearchCV"})

# What the row-provenance analysis (rows.py, interpret.py) reads calls as: data tables, not code.
# Fitting methods that learn from the rows given; `fit_sample` is imbalanced-learn's old name of fit_resample.
LEARNING_METHODS = frozenset({"fit", "fit_transform", "fit_resample", "fit_sample", "partial_fit", "fit_predict"})
RESAMPLING_METHODS = frozenset({"fit_resample", "fit_sample"})
APPLYING_METHODS = frozenset({"transform", "inverse_transform"})
# Functions that fit and apply in one call, returning the transformed rows. `normalize` scales each row on
# its own (stateless) unless it is asked to scale columns (axis=0).
FUNCTION_TRANSFORMS = frozenset({"scale", "minmax_scale", "maxabs_scale", "robust_scale", "quantile_transform",
                                 "power_transform"})
COLUMN_AXIS_TRANSFORMS = frozenset({"normalize"})
# Methods and numpy functions that summarise rows into a statistic (unless asked per row, axis=1).
STATISTIC_METHODS = frozenset({"mean", "median", "std", "var", "min", "max", "quantile", "mode", "corr", "corrwith",
                               "nanmean", "nanmedian", "nanstd", "percentile", "nanpercentile", "nanquantile",
                               "average", "amin", "amax", "sem", "mad"})
GROUP_TRANSFORM_STATISTICS = frozenset({"mean", "median", "std", "var", "min", "max", "sum", "count", "nunique"})
# Binning whose edges come from the rows when only a number of bins is given.
BINNING_FUNCTIONS = frozenset({"cut", "qcut"})
ROW_CONCATENATIONS = frozenset({"concat", "concatenate", "vstack", "row_stack", "append"})
COLUMN_CONCATENATIONS = frozenset({"hstack", "column_stack", "c_", "dstack"})
# Calls that bring rows in from outside: each call site is a set of rows of its own.
LOADERS = re.compile(r"read_\w+|load_\w+|fetch_\w+|make_\w+|loadtxt|genfromtxt|load")
# Methods whose rows are those of their first argument, not of the object they are called on (a model).
ARGUMENT_ROWS_METHODS = frozenset({"predict", "predict_proba", "predict_log_proba", "decision_function", "score",
                                   "transform", "inverse_transform", "kneighbors", "apply"})
# Constructors of data from data: their rows are those of what they are given.
DATA_CONSTRUCTORS = frozenset({"DataFrame", "Series", "array", "asarray", "matrix", "Categorical", "Index"})
# Functions that draw rows with replacement (sklearn.utils.resample): copies of rows, like an oversampler.
RESAMPLING_FUNCTIONS = frozenset({"resample"})
# Methods applying a function to the data: `df.apply(f)` runs `f` on the data.
FUNCTION_APPLYING_METHODS = frozenset({"apply", "applymap", "map", "transform", "pipe", "agg", "aggregate"})

_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def call_name(call: ast.Call, aliases: dict[str, str] | None = None) -> str | None:
    """`train_test_split` for both `train_test_split(...)` and `model_selection.train_test_split(...)`, and for
    `tts(...)` when `aliases` (aliases.import_aliases) says `tts` was imported as `train_test_split`."""
    func = call.func
    if isinstance(func, ast.Name):
        return aliases.get(func.id, func.id) if aliases else func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    for given in call.keywords:  # a loop, not next() over a generator: asked of most calls read
        if given.arg == name:
            return given.value
    return None


def has_keyword_splat(call: ast.Call) -> bool:
    return any(k.arg is None for k in call.keywords)


def _words(name: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(name)}


# Asked of every name of every cell LK006 reads (a regular expression split into words each time): kept per name.
@lru_cache(maxsize=8192)
def is_test_name(name: str) -> bool:
    """`X_test`, `test_df`, `Xtest`, `testData`; not `latest`, `contest`, nor `train_and_test`."""
    words = _words(name)
    lowered = name.lower()
    if "train" in words or "training" in words:
        return False
    return bool(words & {"test", "tst", "testing"}) or bool(re.fullmatch(r"[xy]_?te?st\w*", lowered))


def is_train_name(name: str) -> bool:
    words = _words(name)
    return bool(words & {"train", "training", "tr", "trn"}) or bool(re.fullmatch(r"[xy]_?tra?i?n\w*", name.lower()))


def is_learner(label: str) -> bool:
    """Whether an estimator's label (`StandardScaler`, `Pipeline(StandardScaler, PCA)`) names a learning
    transform."""
    return label in LEARNING_TRANSFORMERS or label in RESAMPLERS or "(" in label


def split_sides(step: Step) -> tuple[list[str], list[str]]:
    """Names a split binds for training (even positions) and for testing (odd positions)."""
    node = step.node
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], (ast.Tuple, ast.List))
            and isinstance(node.value, ast.Call) and call_name(node.value) in SPLIT_FUNCTIONS):
        return [], []
    names = [root_name(e) if isinstance(e, ast.Name) else None for e in node.targets[0].elts]
    train = [n for n in names[0::2] if n]
    test = [n for n in names[1::2] if n]
    return train, test


def mentions(cells, *words: str) -> bool:
    """Cheap text pre-check before any tree walk: does any cell contain one of the words? The cells are read
    until one does (each cell's answer is kept with it), not all of them as a filter would."""
    return any(mentions_any(cell, words) for cell in cells)


LEARNER_MENTION = re.compile("|".join(sorted(LEARNING_TRANSFORMERS | RESAMPLERS, key=len, reverse=True)))
FIT_ON_TEST_MENTION = re.compile(r"\.(?:fit|fit_transform|fit_resample|partial_fit)\(\s*[\w.]*(?:test|Test|TEST|tst)")


def short(node: ast.AST, limit: int = 40) -> str:
    """Source text of an expression for a message, shortened."""
    text = ast.unparse(node)
    return text if len(text) <= limit else text[: limit - 1] + "…"
