"""LK001's quick-fix: fit on the training part after the split, and transform both parts with it.

    X = scaler.fit_transform(X)                      (the fit goes)
    X_train, X_test, y_train, y_test = train_test_split(X, y)
    X_train = scaler.fit_transform(X_train)          (added)
    X_test = scaler.transform(X_test)                (added)

Offered only when the edit says exactly what the notebook means: the fit rescales a name in place
(`X = ....fit_transform(X)`, one argument), `train_test_split` splits that name into plain names, both
statements stand alone at the top of their cells in notebook order, and nothing but the split reads the
rescaled name afterwards, nor the fitted object between the two (each would see other values).
An estimator built inline (`StandardScaler().fit_transform(X)`) is kept in a new variable where the fit
was, named after its class, when no cell uses that name.
"""

import ast
import re

from ...fixes.edits import Edit, text_edit
from ...notebook.cell_memo import per_text
from ...notebook.model import Cell, Notebook
from ..base import Fix, char_column
from .aliases import import_aliases
from .rows import Learned, Site, node_span
from .vocabulary import call_name


def fit_after_split(nb: Notebook, learned: Learned, split: Site) -> tuple[Fix, ...]:
    """The fix for a fit before `split`, when it is unambiguous; none otherwise."""
    fit_cell, split_cell = learned.site.cell, split.cell
    if learned.via or fit_cell is None or split_cell is None or not fit_cell.id or not split_cell.id:
        return ()
    cells = nb.python_cells
    if fit_cell.index > split_cell.index or any(c.parsed.tree is None or c.parsed.syntax_error for c in cells):
        return ()  # out of order, or code the trees do not show may read the rescaled name
    if _position(cells, fit_cell) < 0 or _position(cells, split_cell) < 0:
        return ()
    fit = _statement(fit_cell, learned.site.node)
    divide = _statement(split_cell, split.node)
    if fit is None or divide is None or (fit_cell is split_cell and fit.lineno >= divide.lineno):
        return ()
    name, receiver = _rescaling(fit)
    sides = _sides(divide, name, import_aliases(nb)) if name else None
    if sides is None:
        return ()
    train, test = sides
    if _loads_after(cells, fit_cell, fit, name) != _loads_in(divide).get(name, 0) or _read_by_functions(cells, name):
        return ()  # the rescaled values are read elsewhere: they would change there too
    edits: list[Edit] = []
    if isinstance(receiver, ast.Name):
        between = _loads_between(cells, fit_cell, fit, split_cell, divide)
        if receiver.id in between:
            return ()
        obj = receiver.id
        edits.append(_remove(fit_cell, fit))
    else:
        obj = _snake(call_name(receiver) or "")
        constructor = ast.get_source_segment(fit_cell.source, receiver)
        if not obj or constructor is None or _used_anywhere(cells, obj):
            return ()
        edits.append(_replace(fit_cell, fit, f"{obj} = {constructor}"))
    edits.append(_after(split_cell, divide, f"{train} = {obj}.fit_transform({train})\n{test} = {obj}.transform({test})"))
    title = f"Fit {obj} on {train} after the split and transform {test} with it"
    return (Fix("fit-after-split", title, "unsafe", tuple(edits)),)


def _statement(cell: Cell, node) -> ast.stmt | None:
    """The top-level statement of the cell that is `name = <node>`, alone on its lines."""
    body = cell.parsed.tree.body
    for position, statement in enumerate(body):
        if (isinstance(statement, ast.Assign) and node_span(statement.value) == node_span(node) and statement.col_offset == 0
                and (position == 0 or body[position - 1].end_lineno < statement.lineno)
                and (position + 1 == len(body) or body[position + 1].lineno > statement.end_lineno)):
            return statement
    return None


def _rescaling(fit: ast.Assign) -> tuple[str | None, ast.expr | None]:
    """(`X`, the estimator expression) for `X = <estimator>.fit_transform(X)`."""
    call = fit.value
    if not (len(fit.targets) == 1 and isinstance(fit.targets[0], ast.Name) and isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute) and call.func.attr == "fit_transform"
            and len(call.args) == 1 and not call.keywords and isinstance(call.args[0], ast.Name)
            and call.args[0].id == fit.targets[0].id):
        return None, None
    receiver = call.func.value
    if isinstance(receiver, ast.Name) or (isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Name)):
        return fit.targets[0].id, receiver
    return None, None


def _sides(divide: ast.Assign, name: str, aliases: dict[str, str] | None = None) -> tuple[str, str] | None:
    """The names `train_test_split` (or an alias of it) binds to the training and test parts of `name`."""
    call = divide.value
    if not (isinstance(call, ast.Call) and call_name(call, aliases) == "train_test_split" and len(divide.targets) == 1
            and isinstance(divide.targets[0], (ast.Tuple, ast.List))):
        return None
    targets = divide.targets[0].elts
    arrays = call.args
    if (any(isinstance(a, ast.Starred) for a in arrays) or len(targets) != 2 * len(arrays)
            or not all(isinstance(t, ast.Name) for t in targets)):
        return None
    positions = [i for i, a in enumerate(arrays) if isinstance(a, ast.Name) and a.id == name]
    if len(positions) != 1:
        return None
    train, test = targets[2 * positions[0]].id, targets[2 * positions[0] + 1].id
    return (train, test) if name not in (train, test) else None


def _loads_in(node: ast.AST) -> dict[str, int]:
    counts: dict[str, int] = {}
    for found in ast.walk(node):
        if isinstance(found, ast.Name) and isinstance(found.ctx, ast.Load):
            counts[found.id] = counts.get(found.id, 0) + 1
    return counts


@per_text
def _cell_names(cell: Cell) -> tuple[dict[str, int], frozenset[str], frozenset[str]]:
    """How often the cell reads each name, the names its functions, classes and lambdas read, and every
    name it mentions (kept with the text: the fix is looked for on every live analysis of a leaky notebook)."""
    tree = cell.parsed.tree
    scopes = cell.parsed.nodes(ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
    in_scopes = frozenset(name for scope in scopes for name in _loads_in(scope))
    mentioned = frozenset(n.id if isinstance(n, ast.Name) else n.arg for n in ast.walk(tree)
                          if isinstance(n, (ast.Name, ast.arg)))
    return _loads_in(tree), in_scopes, mentioned


def _loads(statements) -> dict[str, int]:
    counts: dict[str, int] = {}
    for statement in statements:
        for name, count in _loads_in(statement).items():
            counts[name] = counts.get(name, 0) + count
    return counts


def _mentioning(cells: list[Cell], name: str) -> list[Cell]:
    """The cells whose text has the name: the only ones whose trees may read it."""
    return [cell for cell in cells if name in cell.parsed.python]


def _loads_after(cells: list[Cell], cell: Cell, statement: ast.stmt, name: str) -> int:
    """How often `name` is read after `statement`, in notebook order."""
    later = _loads(s for s in cell.parsed.tree.body if s.lineno > statement.end_lineno).get(name, 0)
    return later + sum(_cell_names(other)[0].get(name, 0) for other in _mentioning(cells[_position(cells, cell) + 1:], name))


def _loads_between(cells: list[Cell], fit_cell: Cell, fit: ast.stmt, split_cell: Cell, divide: ast.stmt) -> set[str]:
    """The names read after the fit and before the split."""
    if fit_cell is split_cell:
        return set(_loads(s for s in fit_cell.parsed.tree.body if fit.end_lineno < s.lineno < divide.lineno))
    names = set(_loads(s for s in fit_cell.parsed.tree.body if s.lineno > fit.end_lineno))
    names.update(_loads(s for s in split_cell.parsed.tree.body if s.lineno < divide.lineno))
    for other in cells[_position(cells, fit_cell) + 1:_position(cells, split_cell)]:
        names.update(_cell_names(other)[0])
    return names


def _position(cells: list[Cell], cell: Cell) -> int:
    """Where the cell is among the notebook's (-1: not one of them, a cell of an earlier version)."""
    return next((i for i, other in enumerate(cells) if other is cell), -1)


def _read_by_functions(cells: list[Cell], name: str) -> bool:
    """Whether a function or class of the notebook reads `name` (a caller may run it after the split)."""
    return any(name in _cell_names(cell)[1] for cell in _mentioning(cells, name))


def _used_anywhere(cells: list[Cell], name: str) -> bool:
    return any(name in _cell_names(cell)[2] for cell in _mentioning(cells, name))


def _snake(class_name: str) -> str:
    """`StandardScaler` → `standard_scaler`, `PCA` → `pca`, `TfidfVectorizer` → `tfidf_vectorizer`."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", class_name).lower()


def _remove(cell: Cell, statement: ast.stmt) -> Edit:
    lines = cell.source.split("\n")
    if statement.end_lineno < len(lines):
        return text_edit(cell, statement.lineno, 0, statement.end_lineno + 1, 0, "")
    if statement.lineno > 1:
        return text_edit(cell, statement.lineno - 1, len(lines[statement.lineno - 2]), statement.end_lineno,
                         len(lines[-1]), "")
    return text_edit(cell, 1, 0, statement.end_lineno, len(lines[-1]), "")


def _replace(cell: Cell, statement: ast.stmt, text: str) -> Edit:
    end = char_column(cell, statement.end_lineno, statement.end_col_offset)
    return text_edit(cell, statement.lineno, 0, statement.end_lineno, end, text)


def _after(cell: Cell, statement: ast.stmt, text: str) -> Edit:
    lines = cell.source.split("\n")
    if statement.end_lineno < len(lines):
        return text_edit(cell, statement.end_lineno + 1, 0, statement.end_lineno + 1, 0, text + "\n")
    end = len(lines[-1])
    return text_edit(cell, statement.end_lineno, end, statement.end_lineno, end, "\n" + text)
