"""The "Add CI" fix for no-tests-near-notebook: the three jobs of docs/github-actions.md, for this project.

A repository on GitHub (a remote whose URL names github.com in `.git/config`, read as text: git is
never run) or with a `.github/` folder gets `.github/workflows/notebook-promote.yml`; any other project
gets `ci/promote.sh`, a plain script any CI can call (`sh ci/promote.sh`). Both go in the repository
root (the notebook's folder outside a repository), are created only where no such file exists, and run:

1. `jupyter-promote check . --min-score N` (the project's `min_score`, else 75);
2. `jupyter-promote verify NOTEBOOK --no-stamp`: the notebook re-run in a fresh kernel;
3. the project's tests, `python -m pytest` (exit code 5, "no tests collected", passes: the project
   has none yet, which is why the fix is offered).

The project's dependencies are installed as the Dockerfile fix installs them: its requirements file,
else the project itself (`pip install .`) when it has a pyproject.toml or setup.py.
"""

import json
import os
import shlex
from pathlib import Path

from ..fixes.edits import file_edit
from ..notebook.model import Notebook
from ..project.dependencies import Declared, declared_dependencies, relative_to_notebook
from ..project.git import parse_config
from .base import Fix
from .parameters_dependencies.dockerfile import python_series

FIX_ID = "add-ci-workflow"
WORKFLOW = ".github/workflows/notebook-promote.yml"
SCRIPT = "ci/promote.sh"
DEFAULT_MIN_SCORE = 75
# pytest's exit code when it collected no tests: the tests job passes until the project has some.
_PYTEST = "python -m pytest || [ $? -eq 5 ]"


def on_github(nb: Notebook, root: Path) -> bool:
    """Whether the project lives on GitHub: a `.github/` folder in its root, or a remote whose URL
    names github.com in the repository's own config (read as text)."""
    if (root / ".github").is_dir() and nb.project.readable(root / ".github"):
        return True
    repository = nb.project.git_repository
    if repository is None:
        return False
    config = repository.read(repository.common_dir / "config", parse_config) or {}
    return any(section == "remote" and "github.com" in values.get("url", "").lower()
               for (section, _), values in config.items())


def _install_arguments(declared: Declared | None, root: Path) -> list[str]:
    """pip arguments that install the project's dependencies, paths relative to the repository root."""
    if declared is None:
        return []
    # Outside a repository the root is the notebook's folder, and the declarations may sit above it.
    if declared.requirements_file is not None:
        return ["-r", Path(os.path.relpath(declared.requirements_file, root)).as_posix()]
    if any(path.name in ("pyproject.toml", "setup.py") for path in declared.files):
        folder = Path(os.path.relpath(declared.root, root)).as_posix()
        return [folder if folder.startswith(".") else f"./{folder}"]
    return []


def _commands(nb: Notebook, declared: Declared | None, root: Path) -> dict[str, list[str]]:
    """The shell commands of each job, in order."""
    install = _install_arguments(declared, root)
    notebook = Path(nb.path).resolve().relative_to(root).as_posix()
    min_score = nb.config.min_score if nb.config.min_score is not None else DEFAULT_MIN_SCORE
    return {
        "check": ["pip install jupyterlab_promote", f"jupyter-promote check . --min-score {min_score} --format github"],
        "verify": [shlex.join(["pip", "install", "jupyterlab_promote", "ipykernel", *install]),
                   shlex.join(["jupyter-promote", "verify", notebook, "--timeout", "900", "--cell-timeout", "300",
                               "--no-stamp"])],
        "tests": [shlex.join(["pip", "install", "pytest", *install]), _PYTEST],
    }


def workflow_text(nb: Notebook, declared: Declared | None, root: Path) -> str:
    """The GitHub Actions workflow: three jobs, each on a fresh runner with the notebook's Python."""
    lines = [
        "# The notebook's path to production, on every pull request: its readiness score, a clean re-run,",
        "# and the project's tests (written by jupyter-promote's \"Add CI\" fix).",
        "name: Notebook promote", "", "on:", "  pull_request:", "  push:", "    branches: [main]", "",
        "permissions:", "  contents: read", "", "jobs:",
    ]
    titles = {"check": "Check the notebooks' readiness", "verify": "Re-run the notebook in a fresh kernel",
              "tests": "Run the project's tests"}
    for job, commands in _commands(nb, declared, root).items():
        lines += [f"  {job}:", "    runs-on: ubuntu-latest", "    steps:", "      - uses: actions/checkout@v4",
                  "      - uses: actions/setup-python@v5", "        with:",
                  f"          python-version: {json.dumps(python_series(nb))}",
                  f"      - run: {json.dumps(commands[0])}", f"      - name: {json.dumps(titles[job])}",
                  f"        run: {json.dumps(commands[1])}", ""]
    return "\n".join(lines[:-1]) + "\n"


def script_text(nb: Notebook, declared: Declared | None, root: Path) -> str:
    """The same three jobs as one POSIX shell script, run from the repository root."""
    lines = ["#!/bin/sh", "# The notebook's path to production: its readiness score, a clean re-run, and the project's",
             "# tests (written by jupyter-promote's \"Add CI\" fix). Run it from your CI: sh ci/promote.sh",
             "set -eu", 'cd "$(dirname "$0")/.."']
    for job, commands in _commands(nb, declared, root).items():
        lines += ["", f"# {job}", *commands]
    return "\n".join(lines) + "\n"


def add_ci(nb: Notebook) -> Fix | None:
    """"Add CI" for the notebook's project; None without a path, or when the notebook's path could not
    be written on one line, or when the file is already there."""
    if nb.path is None or nb.project.folder is None:
        return None
    root = nb.project.git_root or nb.project.folder
    notebook = Path(nb.path).resolve()
    if root not in notebook.parents or any(char in notebook.relative_to(root).as_posix() for char in "\r\n"):
        return None
    declared = declared_dependencies(nb.project)
    github = on_github(nb, root)
    name = WORKFLOW if github else SCRIPT
    if (root / name).exists():
        return None
    text = workflow_text(nb, declared, root) if github else script_text(nb, declared, root)
    target = relative_to_notebook(nb.project, root / name)
    return Fix(FIX_ID, f"Add CI ({target})", "unsafe", (file_edit(target, text, "create"),))
