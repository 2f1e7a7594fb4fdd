"""The "done when" of the Add a Dockerfile fix, where no Docker daemon is at hand: the generated file's
structure, then its build steps and its command (papermill with the notebook's parameters) run in a fresh
virtual environment created from the project's pinned requirements, as the image would run them.

Installs papermill and ipykernel from the package index into the new environment (a minute or two):
marked `install`, like the wheel test, so CI runs it and `-m "not install"` leaves it out.
"""

import json
import os
import shlex
import subprocess
import sys
from importlib.metadata import version

import nbformat
import pytest

from jupyterlab_promote.engine.notebook.model import notebook_from_dict
from jupyterlab_promote.engine.project.dependencies import declared_dependencies
from jupyterlab_promote.engine.rules.parameters_dependencies.dockerfile import add_dockerfile

from factories import cell, notebook_json

pytestmark = pytest.mark.install
INSTALL_TIMEOUT = 900
RUN_TIMEOUT = 300
SERIES = f"{sys.version_info[0]}.{sys.version_info[1]}"


def fresh_env(tmp_path) -> dict:
    """No developer virtual environment, Jupyter folders of the test's own (so `python3` is the new
    environment's own kernel)."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME") and not key.startswith("JUPYTER")}
    env.update(JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"), JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"),
               JUPYTER_PREFER_ENV_PATH="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    return env


def run(args: list[str], cwd, env, timeout: float) -> None:
    done = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{shlex.join(args)} exited {done.returncode}:\n{done.stdout[-4000:]}"


def test_the_dockerfile_builds_and_runs_its_notebook_with_parameters_in_a_fresh_environment(tmp_path):
    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    (project / ".git").mkdir()
    requirements = f"packaging=={version('packaging')}\n"
    (project / "requirements.txt").write_text(requirements)
    parameters = cell('label = "default"\nalpha = 0.5\nrounds = 2', metadata={"tags": ["parameters"]})
    data = notebook_json(parameters, "from packaging.version import Version\n"
                                     "print(label, alpha * rounds, Version('1.0') < Version('2.0'))",
                         metadata={"language_info": {"name": "python", "version": sys.version.split()[0]}})
    notebook = project / "notebooks" / "report.ipynb"
    nbformat.write(nbformat.from_dict(data), notebook)
    nb = notebook_from_dict(data, notebook)
    text = add_dockerfile(nb, declared_dependencies(nb.project)).edits[0]["content"]

    # Structure: the kernel's Python, the pinned requirements, the tools, the headless command.
    steps = [line.split(" ", 1) for line in text.splitlines() if line and not line.startswith("#")]
    assert steps[0] == ["FROM", f"python:{SERIES}-slim"]
    assert ["COPY", "requirements.txt requirements.txt"] in steps
    runs = [rest for instruction, rest in steps if instruction == "RUN"]
    assert runs == ["pip install --no-cache-dir -r requirements.txt", "pip install --no-cache-dir papermill ipykernel"]
    assert steps[-2] == ["WORKDIR", "/project/notebooks"]
    command = json.loads(steps[-1][1])
    assert command == ["papermill", "report.ipynb", "report.out.ipynb", "-r", "label", "default",
                       "-p", "alpha", "0.5", "-p", "rounds", "2"]

    # The image's steps in a new virtual environment: WORKDIR /project is the project folder.
    env = fresh_env(tmp_path)
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], tmp_path, env, RUN_TIMEOUT)
    for step in runs:
        pip, *arguments = shlex.split(step)
        run([str(venv / "bin" / "python"), "-m", pip, *arguments], project, env, INSTALL_TIMEOUT)
    # The run itself, with other parameter values, as `docker run notebook papermill ... -p alpha 2` would.
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    run([*command[:6], "-p", "alpha", "2", "-p", "rounds", "3"], project / "notebooks", env, RUN_TIMEOUT)
    ran = nbformat.read(project / "notebooks" / "report.out.ipynb", as_version=4)
    printed = "".join(output.get("text", "") for c in ran.cells if c.cell_type == "code" for output in c.outputs)
    assert printed == "default 6 True\n"
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in ran.cells)
