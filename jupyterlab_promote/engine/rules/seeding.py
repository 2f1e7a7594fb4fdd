"""Where a notebook draws random numbers and where it seeds the generators, per library.

Calls are recognised by their imported origin (`np.random.rand` is `numpy.random.rand` only when `np` is
numpy), so a user's own `rand` or `KMeans` is never mistaken for a library's. Seeds set inside a
function count for the whole notebook (the function is usually a `seed_everything` helper).
"""

import ast
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from ..notebook.cell_memo import canonical, cells_where, per_source, per_text
from ..notebook.merge_memo import merged
from ..notebook.model import Cell, Notebook
from ..notebook.source import parse_cell
from ..python.syntax import breadth_first

_RANDOM_NOT_DRAWING = frozenset({"seed", "Random", "SystemRandom", "getstate", "setstate"})
_NUMPY_NOT_DRAWING = frozenset({
    "seed", "get_state", "set_state", "Generator", "BitGenerator", "SeedSequence", "PCG64", "PCG64DXSM",
    "MT19937", "Philox", "SFC64", "default_rng", "RandomState", "bit_generator",
})
_TORCH_DRAWING = frozenset({
    "rand", "randn", "randint", "randperm", "rand_like", "randn_like", "randint_like", "normal", "bernoulli",
    "multinomial",
})
# Estimators and splitters whose results change with `random_state` (None = numpy's global generator).
# train_test_split is the leakage category's `split-without-random-state`, so it is not counted here.
_SKLEARN_RANDOM = frozenset({
    "RandomForestClassifier", "RandomForestRegressor", "ExtraTreesClassifier", "ExtraTreesRegressor",
    "GradientBoostingClassifier", "GradientBoostingRegressor", "HistGradientBoostingClassifier",
    "HistGradientBoostingRegressor", "BaggingClassifier", "BaggingRegressor", "AdaBoostClassifier",
    "AdaBoostRegressor", "IsolationForest", "KMeans", "MiniBatchKMeans", "MLPClassifier", "MLPRegressor",
    "SGDClassifier", "SGDRegressor", "TSNE", "GaussianMixture", "TruncatedSVD", "RandomizedSearchCV",
    "ShuffleSplit", "StratifiedShuffleSplit", "GroupShuffleSplit", "RepeatedKFold", "RepeatedStratifiedKFold",
    "make_classification", "make_regression", "make_blobs", "make_moons", "make_circles",
})
_SKLEARN_IF_SHUFFLED = frozenset({"KFold", "StratifiedKFold"})
# Libraries whose own seed functions seed only themselves.
_SEEDED_ELSEWHERE = frozenset({"random", "numpy", "torch", "tensorflow", "sklearn", "jax", "cupy"})

LIBRARIES = ("random", "numpy", "torch", "sklearn")
SEED_CALLS = {"random": "random.seed()", "numpy": "np.random.seed()", "torch": "torch.manual_seed()",
              "sklearn": "np.random.seed()"}


@dataclass(frozen=True)
class RandomUse:
    library: str
    """One of LIBRARIES, or "generator" for `default_rng()` / `RandomState()` without a seed."""
    what: str
    """How the call reads in a message: `np.random.rand()`, `RandomForestClassifier()`."""
    cell: Cell
    node: ast.Call
    in_function: bool

    @property
    def position(self) -> tuple[int, int, int]:
        return (self.cell.index, self.node.lineno, self.node.col_offset)


def import_origins(nb: Notebook) -> tuple[dict[str, str], dict[str, int]]:
    """What each imported name refers to (`np` -> `numpy`), and the first cell importing each library
    (kept while the importing cells stay the same: read only)."""
    kept = _kept_origins(nb)
    return kept.origins, kept.first_import


@dataclass(frozen=True)
class _Origins:
    origins: dict[str, str]
    first_import: dict[str, int]

    @cached_property
    def needles(self) -> tuple[str, ...]:
        return _needles(self.origins)

    @cached_property
    def key(self) -> frozenset:
        return canonical(frozenset(self.origins.items()))


def _kept_origins(nb: Notebook) -> _Origins:
    """The merge of the importing cells' imports, kept while they stay the same objects: an edit of a cell
    that imports nothing, before or after, changes neither the filter's answer nor this."""
    return merged(_merge_origins, cells_where(_imports_any, nb.python_cells))


def _merge_origins(cells: Sequence[Cell]) -> _Origins:
    origins: dict[str, str] = {}
    first_import: dict[str, int] = {}
    for cell in cells:
        for bound, origin, library in _imports(cell.source):
            if bound is not None:
                origins[bound] = origin
            if library is not None:
                first_import.setdefault(library, cell.index)
    return _Origins(origins, first_import)


@per_text
def _imports_any(cell: Cell) -> bool:
    return bool(_imports(cell.source))


@per_source
def _imports(source: str) -> tuple[tuple[str | None, str | None, str | None], ...]:
    """A cell's imports as (bound name, what it names, library) in order; kept with the cell's parse.

    `from x import a, b` names its library once, after its first name, as import_origins expects.
    """
    found = []
    tree = parse_cell(source).tree
    for node in _statements(tree.body if tree is not None else []):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                found.append((alias.asname or top, alias.name if alias.asname else top, top))
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                found.append((alias.asname or alias.name, f"{node.module}.{alias.name}", None))
            found.append((None, None, node.module.split(".")[0]))
    return tuple(found)


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Top-level statements, and those inside top-level if/try/with blocks (guarded imports)."""
    for node in body:
        yield node
        if isinstance(node, (ast.If, ast.Try, ast.With)):
            for field in ("body", "orelse", "finalbody"):
                yield from _statements(getattr(node, field, []) or [])


def dotted(node: ast.AST, origins: dict[str, str]) -> str | None:
    """`np.random.rand` -> `numpy.random.rand` when `np` is imported numpy; None unless rooted in an import."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in origins:
        return None
    parts.append(origins[node.id])
    return ".".join(reversed(parts))


def _calls(tree: ast.Module, text: str, needles: tuple[str, ...]) -> tuple[tuple[ast.Call, bool], ...]:
    """The calls of the statements that mention a needle, with whether they sit in a def or class."""
    hits = [number for number, line in enumerate(text.split("\n"), start=1) if any(map(line.__contains__, needles))]
    found = []
    for statement in tree.body:
        end = statement.end_lineno or statement.lineno
        if not any(statement.lineno <= number <= end for number in hits):
            continue
        in_function = isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        found.extend((node, in_function) for node in breadth_first(statement) if isinstance(node, ast.Call))
    return tuple(found)


def _needles(origins: dict[str, str]) -> tuple[str, ...]:
    """Text that every random or seeding call of this notebook's imports contains, to skip other code."""
    needles = []
    for name, origin in origins.items():
        root, _, rest = origin.partition(".")
        last = origin.rsplit(".", 1)[-1]
        if origin in ("random", "numpy.random") or (root == "sklearn" and not rest):
            needles.append(f"{name}.")
        elif origin == "numpy":
            needles.append(f"{name}.random")
        elif origin == "torch":
            needles.extend(f"{name}.{call}" for call in ("rand", "normal", "bernoulli", "multinomial", "manual_seed",
                                                           "random", "cuda"))
        elif root == "random" or origin.startswith("numpy.random.") or (
            root == "sklearn" and last in _SKLEARN_RANDOM | _SKLEARN_IF_SHUFFLED
        ):
            needles.append(f"{name}(")
    # `seed` also catches the notebook's own seeding helpers.
    return (*needles, "seed") if needles else ()


def _keyword(node: ast.Call, name: str) -> ast.keyword | None:
    return next((k for k in node.keywords if k.arg == name), None)


def _classify(node: ast.Call, name: str) -> tuple[str, str] | None:
    """(library, shown name) of a call that draws unseeded random numbers, or ("seed", libraries)."""
    parts = name.split(".")
    last = parts[-1]
    if name == "random.seed":
        return "seed", "random"
    if name == "numpy.random.seed":
        return "seed", "numpy sklearn"
    if last in ("manual_seed", "manual_seed_all") and parts[0] == "torch":
        return "seed", "torch"
    if "seed" in last.lower() and parts[0] not in _SEEDED_ELSEWHERE:
        # A project's helper (`seed_everything`, `set_global_seeds`...) or pl/transformers' set_seed.
        return "seed", "random numpy torch sklearn"
    if parts[0] == "random" and len(parts) == 2 and last not in _RANDOM_NOT_DRAWING:
        return "random", f"random.{last}()"
    if parts[:2] == ["numpy", "random"] and len(parts) == 3:
        if last in ("default_rng", "RandomState"):
            return ("generator", f"np.random.{last}()") if not node.args and not node.keywords else None
        if last not in _NUMPY_NOT_DRAWING:
            return "numpy", f"np.random.{last}()"
    if parts[0] == "torch" and len(parts) == 2 and last in _TORCH_DRAWING and _keyword(node, "generator") is None:
        return "torch", f"torch.{last}()"
    if parts[0] == "sklearn" and _keyword(node, "random_state") is None:
        shuffled = _keyword(node, "shuffle")
        if last in _SKLEARN_RANDOM or (
            last in _SKLEARN_IF_SHUFFLED and shuffled is not None
            and isinstance(shuffled.value, ast.Constant) and shuffled.value.value is True
        ):
            return "sklearn", f"{last}()"
    return None


def random_uses(nb: Notebook) -> tuple[list[RandomUse], dict[str, tuple[int, int, int]]]:
    """Unseeded-looking random calls in notebook order, and where each library is first seeded."""
    kept = _kept_origins(nb)
    needles = kept.needles
    if not needles:
        return [], {}
    origin_key = kept.key
    uses: list[RandomUse] = []
    seeds: dict[str, tuple[int, int, int]] = {}
    for cell in cells_where(_cell_random_calls, nb.python_cells, needles, origin_key):
        for library, shown, node, in_function in _cell_random_calls(cell, needles, origin_key):
            if library == "seed":
                # A seed set in a helper function counts from where the helper is defined.
                position = (cell.index, node.lineno, node.col_offset)
                for seeded in shown.split():
                    seeds[seeded] = min(seeds.get(seeded, position), position)
            else:
                uses.append(RandomUse(library, shown, cell, node, in_function))
    uses.sort(key=lambda use: use.position)
    return uses, seeds


@per_text
def _cell_random_calls(cell: Cell, needles: tuple[str, ...], origin_key: frozenset) -> list[tuple]:
    """The cell's random draws and seeds as (library or "seed", shown, call, in a function)."""
    text = cell.parsed.python
    if not any(map(text.__contains__, needles)):  # no generator: asked of every cell
        return []
    origins = dict(origin_key)
    found = []
    for node, in_function in _calls(cell.parsed.tree, text, needles):
        name = dotted(node.func, origins)
        if name is None and isinstance(node.func, ast.Name):
            name = node.func.id  # the notebook's own helpers, e.g. `seed_everything(42)`
        classified = _classify(node, name) if name else None
        if classified is not None:
            found.append((*classified, node, in_function))
    return found


def seeded(use: RandomUse, seeds: dict[str, tuple[int, int, int]]) -> bool:
    if use.library == "generator":
        return False
    seed = seeds.get(use.library)
    # Code inside a function runs when called, usually after a seed cell: any seed counts.
    return seed is not None and (use.in_function or seed < use.position)
