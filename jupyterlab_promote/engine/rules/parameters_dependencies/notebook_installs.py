"""Installs run from cells (`%pip install`, `!pip install`, `!conda install`): where they are and what they
pin. A pinned install declares the dependency, in the wrong place: the undeclared-dependency rule counts
it as declared, this rule says where the pin belongs."""

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...fixes.edits import file_edit, text_edit
from ...notebook.cell_memo import per_text
from ...notebook.model import Cell, Notebook
from ...project.dependencies import Declared, declared_dependencies, relative_to_notebook
from ...project.install_commands import INSTALLER_ITSELF, install_command
from ...project.requirement_files import Requirement, normalize, parse_requirement
from ..base import Fix, Violation
from .matching_statements import cell_magic_calls
from .parameters_cell import delete_lines, magic_line


@dataclass(frozen=True)
class Install:
    cell: Cell
    kind: str
    """`pip`, `conda`, `mamba` for magics, `!` for shell lines."""
    argument: str
    line: int | None
    """1-based line of the cell's text, None when the magic's text cannot be found again."""
    packages: tuple[str, ...]
    """The package words (`xgboost`, `lightgbm==4.1`), the installer itself left out."""
    from_file: bool

    @property
    def pinned(self) -> tuple[Requirement, ...]:
        """The packages installed at a stated version."""
        found = (parse_requirement(word) for word in self.packages)
        return tuple(r for r in found if r is not None and r.pinned)


def notebook_installs(nb: Notebook) -> Iterator[Install]:
    """Every install a cell runs, except those that run only on Colab or Kaggle."""
    for cell in nb.python_cells:
        for kind, argument, call in cell_magic_calls(cell.source) if cell.parsed.uses_magics else ():
            packages = install_command(kind, argument)
            if packages is None:
                continue
            packages = [p for p in packages if normalize(re.split(r"[=<>!~\[]", p)[0]) not in INSTALLER_ITSELF]
            from_file = "-r" in argument.split() or "--requirement" in argument
            if not packages and not from_file:
                continue
            line = magic_line(cell, call, argument)
            if line is not None and line in _hosted_only_lines(cell):
                continue
            yield Install(cell, kind, argument, line, tuple(packages), from_file)


def pinned_install_keys(nb: Notebook) -> frozenset[str]:
    """Normalised names of the distributions cells install at a stated version."""
    if not any(cell.parsed.uses_magics for cell in nb.python_cells):
        return frozenset()
    return frozenset(r.key for install in notebook_installs(nb) for r in install.pinned)


def pip_install_in_notebook(nb: Notebook) -> Iterator[Violation]:
    """A cell installs packages (`!pip install`, `%pip install`, `!conda install`).

    Why: every run changes the environment it runs in and needs network access; without a version it
    installs whatever is newest that day, and with one (`%pip install x==1.2`) the pin is in the wrong
    place: production environments are built before the code runs, from declared files.
    Example: `!pip install xgboost` or `%pip install transformers==4.35.0` at the top of the notebook.
    Instead: list the packages in requirements.txt (pinned) and install them once, when the environment
    is built.
    """
    declared = None
    for install in notebook_installs(nb):
        if declared is None:
            declared = declared_dependencies(nb.project) or False
        shown = install.argument if install.kind == "!" else f"{install.kind} {install.argument}"
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        line = install.line
        text = install.cell.source.split("\n")[line - 1] if line else ""
        yield Violation(f"Cell runs `{shown}`: {_advice(install, declared or None)}", install.cell, line,
                        0 if line else None, line, len(text) if line else None,
                        fixes=(_move_install(nb, install),) if line else ())


def _advice(install: Install, declared: Declared | None) -> str:
    if not install.packages:
        return "install the environment before the notebook runs, not from it"
    target = "requirements.txt"
    if declared is not None:
        target = declared.requirements_file.name if declared.requirements_file else _file_names(declared)
        requirements = [parse_requirement(word) for word in install.packages]
        if all(r is not None and r.key in declared.keys for r in requirements):
            return f"already declared in {target}: the environment is built from it, not by the notebook"
    if len(install.pinned) == len(install.packages):
        pins = "the pins belong" if len(install.packages) > 1 else "the pin belongs"
        return f"{pins} in {target}, where the environment is built, not in the notebook"
    return f"declare the packages in {target} instead of installing them from the notebook"


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


def _file_names(declared: Declared) -> str:
    names = list(dict.fromkeys(path.name for path in declared.files))
    return " or ".join(names[:3]) if names else "the dependency files"


def _move_install(nb: Notebook, install: Install) -> Fix:
    cell, line, packages = install.cell, install.line, install.packages
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
