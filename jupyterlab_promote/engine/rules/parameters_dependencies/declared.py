"""Dependencies: imports no file declares, installs run from cells, requirements without versions."""

import ast
import re
import shlex
from collections.abc import Iterator

from ...fixes.edits import file_edit, text_edit
from ...notebook.cell_memo import per_source, per_text
from ...notebook.model import Cell, Notebook
from ...notebook.source import parse_cell
from ...project.dependencies import (
    Declared,
    declared_dependencies,
    is_declared,
    is_known_distribution,
    is_third_party,
    local_modules,
    relative_to_notebook,
    requirement_line,
)
from ...project.requirement_files import normalize, parse_requirement
from ..base import Fix, Violation, at_node
from .matching_statements import cell_magic_calls
from .parameters_cell import delete_lines, magic_line

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


# Text that moves where imports come from: sys.path edits, os.chdir(), and the %cd magic.
_MOVES_IMPORTS = ("sys.path", "chdir(", "run_line_magic('cd'")
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


def third_party_imports(nb: Notebook, local: frozenset[str]) -> dict[str, tuple[Cell, ast.stmt]]:
    """The first import of each third-party top-level module (optional imports left out)."""
    found: dict[str, tuple[Cell, ast.stmt]] = {}
    # A notebook that changes sys.path or its working folder imports from folders we cannot see: only
    # known packages count.
    extends_path = any(move in cell.parsed.python for cell in nb.python_cells for move in _MOVES_IMPORTS)
    local = local | modules_made_by(nb)
    for cell in nb.python_cells:
        for statement, module, optional in _cell_imports(cell.source):
            top = module.split(".", 1)[0]
            if optional or top in found or top in local or module == "__future__" or not is_third_party(module):
                continue
            if extends_path and not is_known_distribution(module):
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


def undeclared_dependency(nb: Notebook) -> Iterator[Violation]:
    """A third-party package is imported but no requirements file of the project declares it.

    Why: the notebook runs only where someone happened to install that package; a fresh environment
    (a colleague, CI, a container) fails with ModuleNotFoundError, or gets another version.
    Example: `import lightgbm` while requirements.txt lists only pandas and scikit-learn.
    Instead: declare every import in requirements.txt (or pyproject.toml / environment.yml), pinned to
    the version you tested with.
    """
    project = nb.project
    if nb.path is None or project.folder is None or not nb.python_cells:
        return
    declared = declared_dependencies(project)
    roots = declared.local_roots if declared else ()
    local = local_modules(project.folder, *roots, *(root / "src" for root in roots))
    found = third_party_imports(nb, local)
    modules = _modules(found)
    if declared is None:
        if found:
            # By name alone: "pandas==2.2" would sort after "pandas-datareader", "pandas" before it.
            lines = sorted({requirement_line(module) for module in modules.values()},
                           key=lambda line: line.split("==")[0].lower())
            shown = ", ".join(dict.fromkeys(line.split("==")[0] for line in lines))
            fix = Fix("create-requirements", "Create requirements.txt", "safe",
                      (file_edit("requirements.txt", "".join(f"{line}\n" for line in lines), "create"),))
            yield Violation(f"No requirements file declares this notebook's dependencies: {shown}", fixes=(fix,))
        return
    for top, (cell, statement) in found.items():
        module = modules[top]
        if is_declared(module, declared.keys):
            continue
        line = requirement_line(module)
        package = line.split("==")[0]
        also = f" (package {package})" if normalize(package) != normalize(top) else ""
        yield at_node(f"'{top}'{also} is imported but not declared in {_file_names(declared)}", cell, statement,
                      fixes=(_add_requirement(nb, declared, [line]),))


_INSTALLERS = re.compile(r"^\s*(?:\S*python[\d.]*\s+-m\s+|\{sys\.executable\}\s+-m\s+|\S*/)?(pip3?|conda|mamba)"
                         r"\s+install\b(.*)$")
# Upgrading the installer itself is environment setup, not a dependency of the notebook.
_INSTALLER_ITSELF = frozenset({"pip", "setuptools", "wheel", "conda", "mamba"})
_VALUED_OPTIONS = frozenset({"-r", "--requirement", "-c", "--constraint", "-i", "--index-url", "--extra-index-url",
                             "-f", "--find-links", "-t", "--target", "--prefix", "--root", "--src",
                             "--trusted-host", "--upgrade-strategy", "-e", "--editable", "-n", "--name", "-p",
                             "--channel", "--python-version", "--platform", "--cache-dir", "--log"})


def install_command(kind: str, argument: str) -> list[str] | None:
    """The packages a `%pip` / `%conda` magic or a `!` shell line installs; None when it installs nothing."""
    if kind in ("pip", "conda", "mamba"):
        argument = f"{kind} {argument}"
    elif kind != "!":
        return None
    command = re.split(r"&&|;|\|\||\|", argument, maxsplit=1)[0]
    match = _INSTALLERS.match(command)
    if match is None:
        return None
    try:
        words = shlex.split(match.group(2))
    except ValueError:
        words = match.group(2).split()
    packages, skip_next = [], False
    for word in words:
        if skip_next or word.startswith(("-", ">", "2>", "{", "$")) or word in ("&", "1>"):
            skip_next = word in _VALUED_OPTIONS
            continue
        packages.append(word)
    return packages


def pip_install_in_notebook(nb: Notebook) -> Iterator[Violation]:
    """A cell installs packages (`!pip install`, `%pip install`, `!conda install`).

    Why: every run changes the environment it runs in, needs network access, and installs whatever version
    is newest that day; production environments are built before the code runs, from declared files.
    Example: `!pip install xgboost` at the top of the notebook.
    Instead: list the packages in requirements.txt (pinned) and install them once, when the environment
    is built.
    """
    for cell in nb.python_cells:
        for kind, argument, call in cell_magic_calls(cell.source) if cell.parsed.uses_magics else ():
            packages = install_command(kind, argument)
            if packages is None:
                continue
            packages = [p for p in packages if normalize(p.split("=")[0]) not in _INSTALLER_ITSELF]
            from_file = "-r" in argument.split() or "--requirement" in argument
            if not packages and not from_file:
                continue
            line = magic_line(cell, call, argument)
            if line is not None and line in _hosted_only_lines(cell):
                continue
            shown = argument if kind == "!" else f"{kind} {argument}"
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            text = cell.source.split("\n")[line - 1] if line else ""
            advice = ("declare the packages in requirements.txt instead of installing them from the notebook"
                      if packages else "install the environment before the notebook runs, not from it")
            yield Violation(f"Cell runs `{shown}`: {advice}", cell, line, 0 if line else None, line,
                            len(text) if line else None,
                            fixes=(_move_install(nb, cell, line, packages),) if line else ())


_HOSTED = re.compile(r"colab|kaggle", re.IGNORECASE)


@per_text
def _hosted_only_lines(cell: Cell) -> frozenset[int]:
    """Lines inside an `if` that runs only on Colab or Kaggle (`if IS_COLAB:`): setting up a hosted
    runtime, which production never is."""
    if not _HOSTED.search(cell.parsed.python):
        return frozenset()
    lines: set[int] = set()
    for branch in cell.parsed.nodes(ast.If):
        if _HOSTED.search(ast.unparse(branch.test)) and branch.body:
            lines.update(range(branch.body[0].lineno, (branch.body[-1].end_lineno or branch.body[-1].lineno) + 1))
    return frozenset(lines)


def _move_install(nb: Notebook, cell: Cell, line: int, packages: list[str]) -> Fix:
    declared = declared_dependencies(nb.project)
    keys = declared.keys if declared else frozenset()
    lines = [p for p in packages if (r := parse_requirement(p)) is None or r.key not in keys]
    text = cell.source.split("\n")[line - 1]
    indent = text[: len(text) - len(text.lstrip())]
    # Inside a block (`if IN_COLAB:`) the line becomes `pass`, so the block keeps a body.
    edits = [text_edit(cell, line, 0, line, len(text), f"{indent}pass") if indent else delete_lines(cell, line, line)]
    content = "".join(f"{line}\n" for line in lines)
    if declared is not None and declared.requirements_file is not None:
        if content:
            edits.append(file_edit(relative_to_notebook(nb.project, declared.requirements_file), content, "append"))
    elif declared is None and content:
        edits.append(file_edit("requirements.txt", content, "create"))
    elif content:
        return Fix("move-install", f"Declare {', '.join(lines)} in {_file_names(declared)}, then delete this line",
                   "manual")
    title = "Move the packages to requirements.txt and delete this line" if packages else "Delete this line"
    return Fix("move-install", title, "unsafe", tuple(edits))


def unpinned_requirement(nb: Notebook) -> Iterator[Violation]:
    """Requirements in the notebook's requirements file carry no version.

    Why: each new environment installs the newest release of each package; a breaking release changes
    results or fails the run months later, with nothing in the project having changed.
    Example: a requirements.txt line `pandas` instead of `pandas==2.2.2`.
    Instead: pin the versions you tested with (`pip freeze`, pip-tools or a lock file).
    """
    if nb.path is None or nb.project.folder is None or not nb.python_cells:
        return
    declared = declared_dependencies(nb.project)
    if declared is None or declared.requirements_file is None or declared.locked:
        return
    path = declared.requirements_file
    unpinned = list(dict.fromkeys(r.name for r in declared.file_requirements if not r.pinned))
    if unpinned:
        shown = ", ".join(unpinned[:8]) + (f" and {len(unpinned) - 8} more" if len(unpinned) > 8 else "")
        verb = "have" if len(unpinned) > 1 else "has"
        yield Violation(f"{len(unpinned)} requirement{'s' if len(unpinned) > 1 else ''} in {path.name} "
                        f"{verb} no version: {shown}",
                        fixes=(Fix("pin-versions", "Pin each to the version you tested with (pip freeze)", "manual"),))
