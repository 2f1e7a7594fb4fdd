"""The "Add a Dockerfile" fix: a container that reproduces the notebook's run.

The image is the kernel's Python series (`python:3.11-slim`), the project's requirements are installed
from the file the project already uses (or, with none, the notebook's imports pinned to the versions
installed here), and the command runs the notebook headless with papermill's conventions: with a cell
tagged `parameters`, `papermill NB OUT -p name value` for each parameter it sets (so a run can change
them without editing the notebook); without one, `jupyter nbconvert --to notebook --execute`.
"""

import ast
import json
import re
import sys
from pathlib import Path, PurePosixPath

from ...files.bounded import parse_file_cached
from ...fixes.edits import file_edit
from ...notebook.model import Cell, Notebook
from ...notebook.stamp_versions import ran_versions
from ...project.dependencies import Declared, distributions_for, local_modules, relative_to_notebook, requirement_line
from ...project.requirement_files import normalize, parse_requirements_txt
from ..base import Fix
from .declared import third_party_imports
from .parameters_cell import parameters_cell

_SERIES = re.compile(r"^(\d+)\.(\d+)")
_PLAIN_NUMBER = re.compile(r"^\d+(\.\d+)?$")


def python_series(nb: Notebook) -> str:
    """"3.11" from the notebook's `language_info.version`; the running Python's when it says nothing."""
    info = nb.metadata.get("language_info")
    version = info.get("version") if isinstance(info, dict) else None
    match = _SERIES.match(version) if isinstance(version, str) else None
    return f"{match.group(1)}.{match.group(2)}" if match else f"{sys.version_info[0]}.{sys.version_info[1]}"


def papermill_arguments(cell: Cell) -> list[str]:
    """`-p name value` for each literal the parameters cell assigns, as papermill reads them back.

    papermill turns a `-p` value into a bool, None, int or float when it reads as one, so a string goes
    with `-r` (raw: always a string), and what `-p` cannot carry (a negative number, a list, a dict)
    with `-y` as a YAML (JSON) mapping. Names assigned from expressions keep the cell's own value.
    """
    tree = cell.parsed.tree
    arguments: list[str] = []
    for statement in tree.body if tree is not None else ():
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, node = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, node = statement.target, statement.value
        else:
            continue
        if not isinstance(target, ast.Name):
            continue
        try:
            value = ast.literal_eval(node)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue
        arguments += _argument(target.id, value)
    return arguments


def _argument(name: str, value: object) -> list[str]:
    if isinstance(value, str):
        return ["-r", name, value]
    if value is None or isinstance(value, bool) or (isinstance(value, (int, float)) and _PLAIN_NUMBER.match(repr(value))):
        return ["-p", name, repr(value)]
    try:
        return ["-y", json.dumps({name: value})]
    except (TypeError, ValueError):  # a set, bytes, a complex number: not YAML papermill can read
        return []


def headless_command(nb: Notebook, name: str) -> list[str]:
    """The command that runs the notebook (`name`, in the working folder) top to bottom with no browser."""
    output = f"{PurePosixPath(name).stem}.out.ipynb"
    cell = parameters_cell(nb)
    if cell is not None:
        return ["papermill", name, output, *papermill_arguments(cell)]
    return ["jupyter", "nbconvert", "--to", "notebook", "--execute", name, "--output", output]


def _install_lines(nb: Notebook, declared: Declared | None, home: Path) -> list[str]:
    """COPY and RUN lines that install the project's dependencies (the project itself copied after)."""
    if declared is not None and declared.requirements_file is not None:
        requirements = Path(declared.requirements_file).relative_to(home).as_posix()
        parsed = parse_file_cached(declared.requirements_file, parse_requirements_txt, boundary=nb.project.boundary)
        install = f"RUN pip install --no-cache-dir -r {requirements}"
        if parsed is None or parsed.includes or parsed.editable_paths:  # it names other files of the project: copy them all first
            return ["COPY . .", install]
        return [f"COPY {requirements} {requirements}", install, "COPY . ."]
    if declared is not None and any(path.name in ("pyproject.toml", "setup.py", "setup.cfg") for path in declared.files):
        return ["COPY . .", "RUN pip install --no-cache-dir ."]
    # Only here are the imports needed: finding them is most of this fix's cost on a long notebook.
    local = local_modules(nb.project.folder, *(declared.local_roots if declared else ()))
    modules = third_party_imports(nb, local, nb.project.boundary)
    pins = sorted({_pin(nb, module) for module in modules}, key=str.lower)
    lines = [f"RUN pip install --no-cache-dir {' '.join(pins)}"] if pins else []
    return [*lines, "COPY . ."]


def _pin(nb: Notebook, module: str) -> str:
    """The install line of an import: the version the verification run loaded; else the version installed
    here when this Python is the notebook's series (another series may not have that release); else the
    bare name."""
    distribution = distributions_for(module)[0]
    ran = ran_versions(nb.metadata)[0]
    version = next((v for name, v in ran.items() if normalize(name) == normalize(distribution)), None)
    if version is not None:
        return f"{distribution}=={version}"
    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return requirement_line(module) if python_series(nb) == here else distribution


def dockerfile_text(nb: Notebook, declared: Declared | None, home: Path, notebook: Path) -> str:
    """The Dockerfile for a notebook (its resolved path `notebook`), to be written in `home` (its build context)."""
    folder = notebook.parent.relative_to(home).as_posix()
    command = headless_command(nb, notebook.name)
    tool = "papermill" if command[0] == "papermill" else "nbconvert"
    lines = [
        f"# Reproduces the run of {notebook.name}: its Python, the project's requirements, the notebook",
        "# executed headless (written by jupyter-promote; build with `docker build -t notebook .`).",
        f"FROM python:{python_series(nb)}-slim",
        "WORKDIR /project",
        *_install_lines(nb, declared, home),
        f"RUN pip install --no-cache-dir {tool} ipykernel",
        f"WORKDIR /project/{folder}" if folder != "." else "",
        f"CMD {json.dumps(command)}",
    ]
    return "".join(f"{line}\n" for line in lines if line)


def add_dockerfile(nb: Notebook, declared: Declared | None) -> Fix | None:
    """"Add a Dockerfile" next to the project's dependency files (the notebook's folder when it has
    none); None for a notebook with no path, or one whose path could not be written on one line."""
    if nb.path is None or nb.project.folder is None:
        return None
    home = declared.root if declared is not None else nb.project.folder
    notebook = Path(nb.path).resolve()  # once: each resolve reads every folder on the way (a system call each)
    where = notebook.relative_to(home).as_posix()
    if "\r" in where or "\n" in where:
        return None  # a line break in a file name would start a Dockerfile instruction of its own
    target = relative_to_notebook(nb.project, home / "Dockerfile")
    text = dockerfile_text(nb, declared, home, notebook)
    return Fix("add-dockerfile", f"Add a Dockerfile ({target})", "unsafe", (file_edit(target, text, "create"),))
