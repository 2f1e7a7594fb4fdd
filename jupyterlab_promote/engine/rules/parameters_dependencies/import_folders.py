"""Where each import of a notebook is looked for: the notebook's folder, plus the folders it moves to
(`os.chdir`, `%cd`) or adds to `sys.path` before that import.

A notebook that steps into `../notebook_format` to import a helper and steps back (`os.chdir(path)` with
`path = os.getcwd()` saved before) imports its packages from its own folder again: those imports are
checked as any other. Only an import made while the notebook is somewhere the analysis cannot see (a
computed path, a folder outside the project or not in this checkout) may come from a file there, so
there only known packages count. Cells are taken in notebook order, statements in text order.
"""

import ast
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ...files.bounded import within
from ...notebook.cell_memo import per_source
from ...notebook.model import Cell, Notebook
from ...notebook.source import parse_cell
from ...python.syntax import breadth_first

# Text that may move where imports come from; cells without any are not walked.
MOVES_IMPORTS = ("sys.path", "chdir(", "run_line_magic('cd'")
_PATH_FUNCTIONS = frozenset({"join", "abspath", "realpath", "normpath", "Path", "PurePath", "str", "fspath",
                             "resolve", "absolute"})
_CWD_FUNCTIONS = frozenset({"getcwd", "cwd", "getcwdu"})


@dataclass
class Place:
    """Where imports are looked for at one point of the notebook."""

    folder: Path | None
    """The working folder, None once it moved somewhere unseen."""
    added: list[Path] = field(default_factory=list)
    """Folders added to sys.path that exist in the project."""
    unseen: bool = False
    """sys.path got a folder the analysis cannot see."""

    @property
    def folders(self) -> tuple[Path, ...]:
        return tuple(dict.fromkeys([*([self.folder] if self.folder else []), *self.added]))

    @property
    def known(self) -> bool:
        return self.folder is not None and not self.unseen


@per_source
def _moves(source: str) -> tuple[tuple[int, int, str, ast.AST], ...]:
    """(line, column, kind, node) of what moves imports in a cell, and of the names it binds to paths."""
    parsed = parse_cell(source)
    if parsed.tree is None or not any(move in parsed.python for move in MOVES_IMPORTS):
        return ()
    found = []
    for node in breadth_first(parsed.tree):
        kind = _move_kind(node)
        if kind:
            found.append((node.lineno, node.col_offset, kind, node))
    return tuple(sorted(found, key=lambda item: item[:2]))


def _move_kind(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        attribute, owner = node.func.attr, node.func.value
        if attribute == "chdir":
            return "chdir"
        if attribute in ("append", "insert", "extend") and _is_sys_path(owner):
            return attribute
        if attribute == "run_line_magic" and node.args and _text(node.args[0]) == "cd":
            return "cd"
    elif isinstance(node, (ast.Assign, ast.AugAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if any(_is_sys_path(target) for target in targets):
            return "set"
        if isinstance(node, ast.Assign) and len(targets) == 1 and isinstance(targets[0], ast.Name):
            return "bind"
    return None


def _is_sys_path(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "path" and getattr(node.value, "id", None) == "sys"


def _text(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def import_places(nb: Notebook, home: Path, boundary: Path | None,
                  imports: Iterable[tuple[Cell, ast.stmt]]) -> dict[int, Place]:
    """id(import statement) -> where it is looked for, for the imports made after a move; an import not in
    the answer is looked for in the notebook's folder only."""
    wanted = {id(statement): (cell.index, statement.lineno, statement.col_offset) for cell, statement in imports}
    events = sorted(
        [(cell.index, line, column, kind, node) for cell in nb.python_cells for line, column, kind, node in
         _moves(cell.source)]
        + [(*position, "import", key) for key, position in wanted.items()],
        key=lambda event: event[:3])
    if not any(kind != "import" for *_, kind, _ in events):
        return {}
    place, names, found, checked = Place(home), {}, {}, {}
    for *_, kind, node in events:
        if kind == "import":
            if place.folders != (home,) or not place.known:
                found[node] = Place(place.folder, list(place.added), place.unseen)
        elif kind == "bind":
            value = _path(node.value, place.folder, names)
            if value is not None:
                names[node.targets[0].id] = value
            else:
                names.pop(node.targets[0].id, None)
        else:
            _move(place, kind, node, names, boundary, checked)
    return found


def _move(place: Place, kind: str, node: ast.AST, names: dict[str, Path], boundary: Path | None,
          checked: dict[Path, Path | None]) -> None:
    if kind in ("chdir", "cd"):
        argument = node.args[-1] if node.args else None
        if kind == "cd":
            text = (_text(argument) or "").strip().strip("'\"")
            target = _visible(Path(text), place.folder, boundary, checked) if text and not text.startswith("-") else None
        else:
            target = _visible(_path(argument, place.folder, names), place.folder, boundary, checked)
        place.folder = target
        return
    if kind == "set":
        place.unseen = True
        return
    items = node.args[-1:] if kind in ("append", "insert") else None
    if kind == "extend" and node.args and isinstance(node.args[0], (ast.List, ast.Tuple)):
        items = node.args[0].elts
    for item in items or [None]:
        folder = _visible(_path(item, place.folder, names), place.folder, boundary, checked)
        if folder is None:
            place.unseen = True
        elif folder not in place.added:  # a cell re-run in a loop adds the same folder again
            place.added.append(folder)


def _visible(path: Path | None, cwd: Path | None, boundary: Path | None,
             checked: dict[Path, Path | None]) -> Path | None:
    """The folder a path names, when it exists and may be read; relative paths start at `cwd`. Each folder
    is looked at once per analysis (`checked`): a cell of a thousand `os.chdir('..')` asks about a few."""
    if path is None or (cwd is None and not path.is_absolute()):
        return None
    folder = Path(os.path.normpath(path if path.is_absolute() else cwd / path))
    if folder not in checked:
        try:
            checked[folder] = folder if folder.is_dir() and within(folder, boundary) else None
        except OSError:
            checked[folder] = None
    return checked[folder]


def _path(node: ast.AST | None, cwd: Path | None, names: dict[str, Path]) -> Path | None:
    """The path an expression names, when it is made of literals, saved paths and `os.path` calls."""
    if node is None:
        return None
    text = _text(node)
    if text is not None:
        return Path(text) if text and "\0" not in text else None
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute) and node.attr in ("pardir", "curdir"):
        return Path(".." if node.attr == "pardir" else ".")
    if isinstance(node, ast.Attribute) and node.attr == "parent":  # Path.cwd().parent
        inner = _absolute(_path(node.value, cwd, names), cwd)
        return inner.parent if inner is not None else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        left, right = _path(node.left, cwd, names), _path(node.right, cwd, names)
        return left / right if left is not None and right is not None else None
    if not isinstance(node, ast.Call):
        return None
    function = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
    owner = node.func.value if isinstance(node.func, ast.Attribute) else None
    if function in _CWD_FUNCTIONS and not node.args:
        return cwd
    if function == "dirname" and len(node.args) == 1:
        inner = _path(node.args[0], cwd, names)
        return inner.parent if inner is not None else None
    if function in ("resolve", "absolute") and owner is not None and not node.args:
        return _absolute(_path(owner, cwd, names), cwd)
    if function in _PATH_FUNCTIONS and node.args and not node.keywords:
        parts = [_path(argument, cwd, names) for argument in node.args]
        if any(part is None for part in parts):
            return None
        joined = parts[0]
        for part in parts[1:]:
            joined = joined / part
        # abspath() fixes the folder it is called in: a saved `os.path.abspath('.')` stays there
        return _absolute(joined, cwd) if function in ("abspath", "realpath") else joined
    return None


def _absolute(path: Path | None, cwd: Path | None) -> Path | None:
    if path is None or path.is_absolute():
        return path
    return Path(os.path.normpath(cwd / path)) if cwd is not None else None
