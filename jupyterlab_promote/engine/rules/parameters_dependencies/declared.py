"""Dependencies: imports no file declares, requirements without versions."""

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from ...fixes.edits import file_edit
from ...notebook.cell_memo import per_source
from ...notebook.model import Cell, Notebook
from ...notebook.source import parse_cell
from ...project.dependencies import (
    Declared,
    declared_dependencies,
    is_declared,
    is_known_distribution,
    is_published_name,
    is_third_party,
    local_modules,
    relative_to_notebook,
    requirement_line,
    searched_up_to_boundary,
)
from ...project.requirement_files import normalize
from ..base import Fix, Violation, at_node
from .import_folders import MOVES_IMPORTS, import_places
from .matching_statements import cell_magic_calls
from .notebook_installs import pinned_install_keys
from .pin_what_ran import pin_what_ran

# What an import the shipped tables do not know may be: a module of the project missing from it, or a
# package too rare for them; either way no line is written for it.
_NOT_FOUND = "no known package or file of the project provides"
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return handler.type is None or any(getattr(kind, "id", None) in _IMPORT_ERRORS for kind in kinds)


def _imports(body: list[ast.stmt], optional: bool = False) -> Iterator[tuple[ast.stmt, str, bool]]:
    """(statement, absolute module, inside a try that handles ImportError) for every import."""
    for statement in body:
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                yield statement, alias.name, optional
        elif isinstance(statement, ast.ImportFrom):
            if statement.level == 0 and statement.module:
                yield statement, statement.module, optional
        elif isinstance(statement, ast.Try) or type(statement).__name__ == "TryStar":
            guarded = optional or any(_catches_import_error(h) for h in statement.handlers)
            yield from _imports(statement.body, guarded)
            for handler in statement.handlers:
                yield from _imports(handler.body, optional)
            yield from _imports(statement.orelse + statement.finalbody, optional)
        else:
            for field in ("body", "orelse", "finalbody"):
                nested = getattr(statement, field, None)
                if isinstance(nested, list):
                    yield from _imports(nested, optional)
            for case in getattr(statement, "cases", ()):
                yield from _imports(case.body, optional)


@per_source
def _cell_imports(source: str) -> tuple[tuple[ast.stmt, str, bool], ...]:
    parsed = parse_cell(source)
    if parsed.tree is None or "import" not in parsed.python:
        return ()
    return tuple(_imports(parsed.tree.body))


_MODULE_FILE = re.compile(r"""(?:^|[\s/'"=])([A-Za-z_]\w*)\.py(?=$|[\s'"])""")


def modules_made_by(nb: Notebook) -> frozenset[str]:
    """Modules the notebook writes (`%%writefile utils.py`) or fetches (`!wget .../utils.py`) itself."""
    names = set()
    for cell in nb.code_cells:
        if cell.parsed.cell_magic == "writefile":
            names.update(_MODULE_FILE.findall(cell.source.split("\n", 1)[0]))
        elif cell.parsed.uses_magics and ".py" in cell.source:
            names.update(
                name for kind, argument, _ in cell_magic_calls(cell.source) if kind == "!"
                for name in _MODULE_FILE.findall(argument)
            )
    return frozenset(names)


def third_party_imports(nb: Notebook, local: frozenset[str], boundary: Path | None = None
                        ) -> dict[str, tuple[Cell, ast.stmt]]:
    """The first import of each third-party top-level module (optional imports left out).

    An import made after the notebook changed its working folder or `sys.path` may also come from the
    folders it moved to; from a folder the analysis cannot see, only known packages count.

    Four rules ask for it, most with the same local modules: it is found once per analysis and local
    modules, and shared (callers must not change it).
    """
    kept = nb.shared("third-party-imports", lambda _: {})
    found = kept.get((local, boundary))
    if found is None:
        found = kept[(local, boundary)] = _first_third_party_imports(nb, local, boundary)
    return found


def _first_third_party_imports(nb: Notebook, local: frozenset[str], boundary: Path | None
                               ) -> dict[str, tuple[Cell, ast.stmt]]:
    found: dict[str, tuple[Cell, ast.stmt]] = {}
    local = local | modules_made_by(nb)
    candidates = []
    for cell in nb.python_cells:
        for statement, module, optional in _cell_imports(cell.source):
            top = module.split(".", 1)[0]
            if optional or top in local or module == "__future__" or not is_third_party(module):
                continue
            candidates.append((cell, statement, module))
    places = {}
    if nb.project.folder is not None and any(move in cell.parsed.python for cell in nb.python_cells
                                             for move in MOVES_IMPORTS):
        places = import_places(nb, nb.project.folder, boundary, [(c, s) for c, s, _ in candidates])
    for cell, statement, module in candidates:
        top = module.split(".", 1)[0]
        if top in found:
            continue
        place = places.get(id(statement))
        if place is not None:
            if top in local_modules(*place.folders):
                continue
            if not place.known and not is_known_distribution(module):
                continue
        found[top] = (cell, statement)
    return found


def _modules(found: dict[str, tuple[Cell, ast.stmt]]) -> dict[str, str]:
    """Top-level name -> the dotted module first imported (namespace packages need the full name)."""
    modules = {}
    for top, (_, statement) in found.items():
        names = [a.name for a in statement.names] if isinstance(statement, ast.Import) else [statement.module]
        modules[top] = next((n for n in names if n and n.split(".", 1)[0] == top), top)
    return modules


def _file_names(declared: Declared) -> str:
    names = list(dict.fromkeys(path.name for path in declared.files))
    return " or ".join(names[:3]) if names else "the dependency files"


def _add_requirement(nb: Notebook, declared: Declared, lines: list[str]) -> Fix:
    if declared.requirements_file is not None:
        target = relative_to_notebook(nb.project, declared.requirements_file)
        return Fix("add-requirement", f"Add to {declared.requirements_file.name}", "safe",
                   (file_edit(target, "".join(f"{line}\n" for line in lines), "append"),))
    return Fix("add-requirement", f"Declare {', '.join(lines)} in {_file_names(declared)}", "manual")


def project_third_party_imports(nb: Notebook, declared: Declared | None) -> dict[str, tuple[Cell, ast.stmt]]:
    """third_party_imports, the project's own modules (its roots and their `src/`) left out."""
    roots = declared.local_roots if declared else ()
    local = local_modules(nb.project.folder, *roots, *(root / "src" for root in roots))
    return third_party_imports(nb, local, nb.project.boundary)


def undeclared_dependency(nb: Notebook) -> Iterator[Violation]:
    """A third-party package is imported but no requirements file of the project declares it.

    Why: the notebook runs only where someone happened to install that package; a fresh environment
    (a colleague, CI, a container) fails with ModuleNotFoundError, or gets another version.
    Example: `import lightgbm` while requirements.txt lists only pandas and scikit-learn.
    Instead: declare every import in requirements.txt (or pyproject.toml / environment.yml), pinned to
    the version you tested with. Declarations are read from requirements files, pyproject.toml, setup.py,
    setup.cfg, Pipfile, environment.yml, conda explicit specs, Dockerfiles and Binder's postBuild; a pinned
    `%pip install x==1.2` in the notebook counts too (pip-install-in-notebook says where the pin belongs).
    """
    project = nb.project
    if nb.path is None or project.folder is None or not nb.python_cells:
        return
    declared = declared_dependencies(project)
    found = project_third_party_imports(nb, declared)
    modules = _modules(found)
    # A pinned `%pip install x==1.2` declares x, in the wrong place: pip-install-in-notebook says where.
    installed = pinned_install_keys(nb)
    if declared is None:
        missing = [module for module in modules.values() if not is_declared(module, installed)]
        if missing:
            # By name alone: "pandas==2.2" would sort after "pandas-datareader", "pandas" before it.
            lines = sorted({requirement_line(module) for module in missing if is_published_name(module)},
                           key=lambda line: line.split("==")[0].lower())
            shown = ", ".join(dict.fromkeys(line.split("==")[0] for line in lines))
            unknown = sorted({module.split(".", 1)[0] for module in missing if not is_published_name(module)},
                             key=str.lower)
            if unknown:
                names = ", ".join(unknown)
                unknown_part = f"{names}, which {_NOT_FOUND}"
                shown = f"{shown}; and {unknown_part}" if shown else unknown_part
            fixes = (Fix("create-requirements", "Create requirements.txt", "safe",
                         (file_edit("requirements.txt", "".join(f"{line}\n" for line in lines), "create"),)),
                     ) if lines else ()
            where = ("No requirements file within the server's root (folders above it are not read)"
                     if searched_up_to_boundary(project) else "No requirements file")
            yield Violation(f"{where} declares this notebook's dependencies: {shown}", fixes=fixes)
        return
    keys = declared.keys | installed
    pin = None
    for top, (cell, statement) in found.items():
        module = modules[top]
        if is_declared(module, keys):
            continue
        pin = pin or pin_what_ran(nb, found)
        if not is_published_name(module):
            add = Fix("add-requirement", f"Add {top}.py to the project, or declare the package that provides it "
                      f"in {_file_names(declared)}", "manual")
            yield at_node(f"'{top}' is imported but not declared in {_file_names(declared)}, and {_NOT_FOUND} it",
                          cell, statement, fixes=(add, *((pin,) if pin else ())))
            continue
        line = requirement_line(module)
        package = line.split("==")[0]
        also = f" (package {package})" if normalize(package) != normalize(top) else ""
        yield at_node(f"'{top}'{also} is imported but not declared in {_file_names(declared)}", cell, statement,
                      fixes=(_add_requirement(nb, declared, [line]), *((pin,) if pin else ())))


def unpinned_requirement(nb: Notebook) -> Iterator[Violation]:
    """Requirements in the notebook's requirements file carry no version.

    Why: each new environment installs the newest release of each package; a breaking release changes
    results or fails the run months later, with nothing in the project having changed.
    Example: a requirements.txt line `pandas` instead of `pandas==2.2.2`.
    Instead: pin the versions you tested with ("Pin what ran" writes the versions the notebook's kernel or
    its verification run loaded; or `pip freeze`, pip-tools, a lock file).
    """
    if nb.path is None or nb.project.folder is None or not nb.python_cells:
        return
    declared = declared_dependencies(nb.project)
    if declared is None or declared.requirements_file is None or declared.locked:
        return
    path = declared.requirements_file
    unpinned = list(dict.fromkeys(r.name for r in declared.file_requirements if not r.pinned))
    if unpinned:
        pin = pin_what_ran(nb, project_third_party_imports(nb, declared))
        shown = ", ".join(unpinned[:8]) + (f" and {len(unpinned) - 8} more" if len(unpinned) > 8 else "")
        verb = "have" if len(unpinned) > 1 else "has"
        yield Violation(f"{len(unpinned)} requirement{'s' if len(unpinned) > 1 else ''} in {path.name} "
                        f"{verb} no version: {shown}",
                        fixes=(pin,) if pin else
                        (Fix("pin-versions", "Pin each to the version you tested with (pip freeze)", "manual"),))
