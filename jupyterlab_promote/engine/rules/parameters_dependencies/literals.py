"""hardcoded-parameter: literals a run would want to change, scattered through the cells."""

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...notebook.cell_memo import cells_where, per_source, per_text
from ...notebook.model import Cell, Notebook
from ...notebook.source import parse_cell
from ...python.syntax import breadth_first
from ..base import Violation, at_node
from .matching_statements import matching_lines, statements_on, walk
from .parameters_cell import (
    ParameterFixes,
    is_config_cell,
    literal_text,
    parameters_cell,
)
from .paths import find_path

# Enough to show the pattern without drowning the report: a notebook without parameters has many.
MAX_FINDINGS = 5

_FILE_FUNCTIONS = frozenset({
    "read_csv", "read_excel", "read_json", "read_parquet", "read_table", "read_pickle", "read_feather",
    "read_hdf", "read_fwf", "read_orc", "read_sas", "read_stata", "read_spss", "read_xml", "read_file",
    "to_csv", "to_excel", "to_parquet", "to_json", "to_pickle", "to_feather", "to_hdf", "open", "load",
    "save", "dump", "loadtxt", "savetxt", "genfromtxt", "load_model", "save_model", "load_workbook",
    "Path", "ExcelFile", "ExcelWriter", "load_dataset", "read_text", "from_pretrained",
})
_HYPERPARAMETERS = frozenset({
    "n_estimators", "learning_rate", "max_depth", "test_size", "train_size", "epochs", "batch_size",
    "n_neighbors", "C", "alpha", "gamma", "n_components", "max_iter", "num_leaves", "min_samples_split",
    "min_samples_leaf", "min_child_weight", "dropout", "lr", "n_clusters", "max_features", "subsample",
    "colsample_bytree", "reg_alpha", "reg_lambda", "l1_ratio", "num_boost_round", "hidden_size",
    "num_layers", "n_epochs", "num_epochs", "early_stopping_rounds", "eta", "max_leaf_nodes", "n_iter",
    "momentum", "weight_decay", "n_splits", "num_round", "latent_dim", "embedding_dim", "max_samples",
    "k", "degree", "validation_split", "patience",
})
# Hyper-parameters are keywords of model classes (`Ridge(alpha=1.0)`) and of these training calls; the
# same keywords elsewhere are styling (`plt.hist(alpha=0.5)`) or probability priors (`pm.Beta(alpha=1)`).
_TRAINING_CALLS = frozenset({"train_test_split", "fit", "train", "cross_val_score", "cross_validate",
                             "cross_val_predict", "compile", "fit_generator", "learning_curve", "validation_curve"})
_NOT_MODEL_OWNERS = frozenset({"pm", "pymc", "pymc3", "mc", "pyro", "numpyro", "dist", "tfd", "tfp", "plt",
                               "patches", "mpatches", "go", "px", "sns", "ax", "stats", "np", "random"})
_DATE = re.compile(r"^(?:19|20)\d\d-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?$")
# A cell is walked only when its text may hold one of the literals: cheap regexes, no alternation of
# every keyword (that would cost as much as the walk).
_FILE_EXTENSIONS = ("csv|tsv|txt|json|jsonl|parquet|xlsx?|pkl|pickle|h5|hdf5|npy|npz|feather|zip|gz|db|sqlite|"
                    "joblib|pt|pth|ckpt|sav|mat|arrow|orc|avro|xml|yaml|yml|model|bin|dat")
_FILE_NAME = re.compile(rf"^[\w./\\ -]{{1,255}}\.(?:{_FILE_EXTENSIONS})$", re.IGNORECASE)
# The file a notebook reads its settings from is where parameters belong, not one of them.
_CONFIG_FILE = re.compile(r"^(?:config|settings|params|parameters)(?:[._-]\w+)?\.(?:ya?ml|json|toml|ini|cfg)$",
                          re.IGNORECASE)
_FILE_LITERAL = re.compile(rf"\.(?:{_FILE_EXTENSIONS})['\"]", re.IGNORECASE)
_DATE_LITERAL = re.compile(r"(?:19|20)\d\d-[01]\d['\"-]")
_THRESHOLD = re.compile(r"[<>]=?\s*\d*\.\d")
_KEYWORD_NUMBER = re.compile(r"=\s*[\d.]")
# From a word's start only: trying every position inside a long word would read it again each time.
_IDENTIFIER_END = re.compile(r"(?<!\w)(\w+)\s*$")


def _candidate_lines(python: str) -> set[int]:
    """Lines that may hold a file name, date, threshold or `keyword=number` hyper-parameter."""
    starts = [m.start() for m in _FILE_LITERAL.finditer(python)]
    if "-0" in python or "-1" in python:
        starts += [m.start() for m in _DATE_LITERAL.finditer(python)]
    if "<" in python or ">" in python:
        starts += [m.start() for m in _THRESHOLD.finditer(python)]
    for match in _KEYWORD_NUMBER.finditer(python):
        at = match.start()
        if at and python[at - 1] not in "=!<>":
            name = _IDENTIFIER_END.search(python, max(0, at - 40), at)
            if name and name.group(1) in _HYPERPARAMETERS:
                starts.append(at)
    return matching_lines(python, starts)


_KINDS = {"file": "File name", "hyperparameter": "Hyper-parameter", "date": "Date", "threshold": "Threshold"}


@dataclass
class _Literal:
    kind: str
    node: ast.Constant
    label: str | None
    """The keyword a hyper-parameter is passed as."""
    hint: str


def _callee(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _is_number(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)


def _subject(node: ast.AST) -> str | None:
    """`prob` for `df["prob"]` or `df.prob`: what a threshold is compared with."""
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        return node.slice.value
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else None


def _trains_a_model(call: ast.Call) -> bool:
    name = _callee(call) or ""
    owner = call.func.value if isinstance(call.func, ast.Attribute) else None
    while isinstance(owner, ast.Attribute):
        owner = owner.value
    if getattr(owner, "id", None) in _NOT_MODEL_OWNERS:
        return False
    return name in _TRAINING_CALLS or name[:1].isupper()


def _from_call(call: ast.Call) -> Iterator[_Literal]:
    if _callee(call) in _FILE_FUNCTIONS:
        for arg in call.args[:2]:
            if (isinstance(arg, ast.Constant) and isinstance(arg.value, str) and _FILE_NAME.match(arg.value)
                    and find_path(arg.value) is None):
                name = arg.value.replace("\\", "/").rsplit("/", 1)[-1]
                if not _CONFIG_FILE.match(name):
                    yield _Literal("file", arg, None, name)
    for keyword in call.keywords if _trains_a_model(call) else ():
        if keyword.arg in _HYPERPARAMETERS and _is_number(keyword.value):
            yield _Literal("hyperparameter", keyword.value, keyword.arg, keyword.arg)
    for arg in [*call.args, *(k.value for k in call.keywords)]:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and _DATE.match(arg.value):
            yield _Literal("date", arg, None, "start_date")


def _from_compare(compare: ast.Compare) -> Iterator[_Literal]:
    if not all(isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE)) for op in compare.ops):
        return
    operands = [compare.left, *compare.comparators]
    subject = next((s for s in map(_subject, operands) if s), None)
    for operand in operands:
        if not isinstance(operand, ast.Constant):
            continue
        value = operand.value
        if isinstance(value, str) and _DATE.match(value):
            yield _Literal("date", operand, None, "cutoff_date")
        elif type(value) is float and 1e-3 <= abs(value) and value not in (0.0, 1.0) and subject:
            yield _Literal("threshold", operand, None, f"{subject}_threshold")


def _literals(statements: list[ast.stmt]) -> Iterator[_Literal]:
    checks: set[int] = set()
    for node in walk(statements):
        if isinstance(node, ast.Assert):
            # An assertion's bound or reference file is a test expectation, not a setting of the run.
            checks.update(id(child) for child in breadth_first(node.test) if isinstance(child, (ast.Compare, ast.Call)))
        elif isinstance(node, ast.Call) and id(node) not in checks:
            yield from _from_call(node)
        elif isinstance(node, ast.Compare) and id(node) not in checks:
            yield from _from_compare(node)


@per_text
def _holds_literals(cell: Cell) -> bool:
    return bool(_cell_literals(cell.source))


@per_source
def _cell_literals(source: str) -> dict[str, list[_Literal]]:
    """A cell's parameter-like literals by kind, cached by its text (callers must not change them)."""
    parsed = parse_cell(source)
    by_kind: dict[str, list[_Literal]] = {}
    for literal in _literals(statements_on(parsed.tree, _candidate_lines(parsed.python))):
        by_kind.setdefault(literal.kind, []).append(literal)
    return by_kind


def hardcoded_parameter(nb: Notebook) -> Iterator[Violation]:
    """File names, dates, thresholds or hyper-parameters typed into cells, with no `parameters` cell.

    Why: to run the notebook on next month's data or with another setting, someone edits code in several
    cells (and misses one); a scheduler such as papermill cannot pass values to it at all.
    Example: `pd.read_csv("sales_2023.csv")` in cell 2, `df[df.date > "2023-01-01"]` in cell 5,
    `RandomForestClassifier(n_estimators=500)` in cell 9.
    Instead: gather them as named constants in one cell near the top and tag it `parameters`.
    """
    if parameters_cell(nb) is not None:
        return
    fixes = ParameterFixes(nb)
    reported = 0
    for cell in cells_where(_holds_literals, nb.python_cells):
        if reported >= MAX_FINDINGS:
            return
        by_kind = _cell_literals(cell.source)
        if not by_kind or is_config_cell(cell):
            continue
        for kind, found in by_kind.items():
            if reported >= MAX_FINDINGS:
                return
            first = min(found, key=lambda f: (f.node.lineno, f.node.col_offset))
            more = len({id(f.node) for f in found}) - 1
            extra = f" (and {more} more in this cell)" if more else ""
            shown = literal_text(cell, first.node)
            shown = f"{first.label}={shown}" if first.label else shown
            reported += 1
            yield at_node(
                f"{_KINDS[kind]} {shown} is hard-coded{extra}: the notebook has no `parameters` cell "
                "to change it from",
                cell,
                first.node,
                fixes=(fixes.move_literal(cell, first.node, first.hint),),
            )
