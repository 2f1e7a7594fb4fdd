"""The notebook's own modules: the `.py` files beside it (or above it in its project) that it imports.

A fit moved into `features.py` by Extract to Module still runs before the split: the analysis reads the
module's functions from its source (a bounded read) and summarises them like the notebook's own. What
is read is kept by path, modification time and size, so an edited module is read again at once.
"""

import ast
import os
from functools import lru_cache
from pathlib import Path

from ...files.bounded import read_bounded_text
from ...notebook.cell_memo import per_text
from ...notebook.model import Cell
from ...project.folder import folder_listing
from .rows import Value

MAX_MODULE_BYTES = 512 * 1024


def module_file(project, dotted: str, level: int = 0) -> Path | None:
    """The local file a module name stands for (`features`, `pkg.features`), searched from the notebook's
    folder upwards within the project; None for anything installed or outside it."""
    if project is None or project.folder is None or not dotted and not level:
        return None
    parts = dotted.split(".") if dotted else []
    folders = (project.folder,) if level else project.folders_upwards()
    for folder in folders:
        # One cached listing per folder (a stat) tells most imports apart: numpy is no file of the project.
        top = parts[0] if parts else None
        if top is not None and top not in folder_listing(folder) and f"{top}.py" not in folder_listing(folder):
            continue
        relative = Path(*parts) if parts else Path()
        for candidate in (folder / relative.with_suffix(".py") if parts else None, folder / relative / "__init__.py"):
            if candidate is not None and candidate.is_file() and project.readable(candidate):
                return candidate
    return None


def file_stamp(path: Path) -> tuple | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (str(path), status.st_mtime_ns, status.st_size)


def module_functions(path: Path) -> dict[str, Value]:
    """The module's top-level functions and classes as values; empty when it cannot be read or parsed."""
    stamp = file_stamp(path)
    return _functions(stamp) if stamp is not None else {}


@lru_cache(maxsize=64)
def _functions(stamp: tuple) -> dict[str, Value]:
    try:
        tree = ast.parse(read_bounded_text(stamp[0], MAX_MODULE_BYTES))
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
        return {}
    functions: dict[str, Value] = {}
    module = Value(kind="module", node=functions)
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            functions[node.name] = Value(kind="function", label=node.name, node=node, key=(stamp, node.name),
                                         parts=(module,))
        elif isinstance(node, ast.ClassDef):
            functions[node.name] = Value(kind="class", label=node.name, node=node, key=(stamp, node.name))
    return functions


def local_import(project, node: ast.Import | ast.ImportFrom):
    """(name, value) for each name the import binds: a local module's function, class or the module."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            path = module_file(project, alias.name) if "." not in alias.name else None
            if path is not None:
                yield alias.asname or alias.name, Value(kind="module", label=alias.name, node=module_functions(path),
                                                        key=file_stamp(path))
            else:
                yield (alias.asname or alias.name).split(".")[0], Value(kind="imported", label=alias.name)
        return
    path = module_file(project, node.module or "", node.level)
    functions = module_functions(path) if path is not None else {}
    for alias in node.names:
        if alias.name == "*":
            yield from functions.items()
            continue
        found = functions.get(alias.name)
        if found is None and path is not None:
            submodule = module_file(project, f"{node.module}.{alias.name}" if node.module else alias.name, node.level)
            if submodule is not None:
                found = Value(kind="module", label=alias.name, node=module_functions(submodule),
                              key=file_stamp(submodule))
        yield alias.asname or alias.name, found or Value(kind="imported", label=alias.name)


def imported_stamps(project, modules: tuple[str, ...]) -> tuple:
    """The stamps of the local files these imported module names stand for: what a cell's reading of its
    imports depends on, beyond its text."""
    stamps = []
    for dotted in modules:
        path = module_file(project, dotted)
        if path is not None:
            stamps.append(file_stamp(path))
    return tuple(stamps)


def project_listings(project) -> tuple[frozenset[str], ...]:
    """The names in the project's folders, the notebook's and those above it (a stat each, the listing is kept):
    an import is looked for on disk only when it may name one of them. The listings themselves, not their union:
    a folder of ten thousand notebooks would otherwise be copied on every analysis of each of them."""
    return tuple(map(folder_listing, project.folders_upwards())) if project and project.folder else ()


def may_be_local(modules: tuple[str, ...], listings: tuple[frozenset[str], ...]) -> bool:
    """Whether one of the imported modules may be a file of the project (its top name is in a listing)."""
    tops = {module.split(".")[0] for module in modules}
    return any(top in listing or f"{top}.py" in listing for top in tops for listing in listings)


@per_text
def imported_modules(cell: Cell) -> tuple[str, ...]:
    """The modules the cell imports by absolute name (an `import a.b` names no local file: it is left out)."""
    if "import" not in cell.parsed.python or cell.parsed.tree is None:
        return ()  # no import statement, and no statement walked to find none
    modules = []
    for node in statement_imports(cell.parsed.tree.body):
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names if "." not in alias.name)
        elif node.module and not node.level:
            modules.append(node.module)
    return tuple(modules)


# Where statements nest: an import is a statement, found without a walk of the expressions (most nodes).
_STATEMENT_LISTS = ("body", "handlers", "orelse", "finalbody", "cases")


def statement_imports(statements: list[ast.stmt]) -> list[ast.Import | ast.ImportFrom]:
    """The import statements among these and the statements nested in them, in source order."""
    found = []
    pending = list(reversed(statements))
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
            continue
        for name in _STATEMENT_LISTS:
            inner = getattr(node, name, None)
            if inner.__class__ is list:
                pending.extend(reversed(inner))
    found.sort(key=lambda node: (node.lineno, node.col_offset))  # as ParsedCell.nodes orders them
    return found
