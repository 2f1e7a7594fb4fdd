"""Install test: the README's "into your own JupyterLab" path, end to end.

Builds the wheel from a copy of the checkout (the files git tracks, plus new ones it does not ignore: what a
fresh clone holds), so the build hook runs `jlpm install` and `jlpm build:prod` there and nothing in the
developer's tree (the editable install, its labextension link, node_modules) is touched. The wheel is then
installed with JupyterLab into a new virtual environment and checked from the outside, as a user would.

Takes about a minute or two on two cores (the frontend's production build dominates). Deselect it with
`-m "not install"`.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.install

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "churn_analysis.ipynb"
BUILD_TIMEOUT = 900
INSTALL_TIMEOUT = 600
COMMAND_TIMEOUT = 120


def run(args: list, env: dict, cwd: Path, timeout: float = COMMAND_TIMEOUT) -> str:
    """Run a command; its combined output without colour codes, or a failure that shows it."""
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, args))} exited {done.returncode}:\n{done.stdout[-4000:]}"
    return re.sub(r"\x1b\[[0-9;]*m", "", done.stdout)


def checkout_files() -> list[str]:
    """What a fresh clone of this checkout would hold, with the working tree's edits."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, stdout=subprocess.PIPE, check=True, timeout=COMMAND_TIMEOUT).stdout
    return [name for name in listed.decode().split("\0") if name and (REPO / name).is_file()]


def clean_env(tmp: Path, **extra: str) -> dict:
    """The environment without the developer's virtual environment and Jupyter folders in it."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME") and not key.startswith("JUPYTER")}
    # A Jupyter config and data folder of the test's own: the user's ~/.jupyter stays out of the answers.
    env.update(JUPYTER_CONFIG_DIR=str(tmp / "jupyter-config"), JUPYTER_DATA_DIR=str(tmp / "jupyter-data"),
               JUPYTER_PREFER_ENV_PATH="1", PIP_DISABLE_PIP_VERSION_CHECK="1", **extra)
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel `pip wheel .` builds in a fresh clone."""
    tmp = tmp_path_factory.mktemp("wheel-build")
    source = tmp / "jupyterlab_promote"
    for name in checkout_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    dist = tmp / "dist"
    run([sys.executable, "-m", "pip", "wheel", source, "--no-deps", "-w", dist], clean_env(tmp, CI="true"),
        cwd=tmp, timeout=BUILD_TIMEOUT)
    (built,) = dist.glob("jupyterlab_promote-*.whl")
    shutil.rmtree(source)  # its node_modules alone is half a gigabyte
    return built


@pytest.fixture(scope="module")
def user_venv(wheel, tmp_path_factory) -> Path:
    """A new virtual environment with JupyterLab and the wheel, as the README installs them."""
    tmp = tmp_path_factory.mktemp("user-venv")
    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", venv], clean_env(tmp), cwd=tmp)
    import jupyterlab  # the developer's version: pip's cache has it

    run([venv / "bin" / "python", "-m", "pip", "install", "-q", f"jupyterlab=={jupyterlab.__version__}", wheel],
        clean_env(tmp), cwd=tmp, timeout=INSTALL_TIMEOUT)
    return venv


def venv_env(venv: Path) -> dict:
    env = clean_env(venv.parent, VIRTUAL_ENV=str(venv))
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def test_the_wheel_ships_the_prebuilt_labextension_and_the_server_config(wheel):
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    data = wheel.name.split("-")[0] + "-" + wheel.name.split("-")[1] + ".data/data/"
    share = data + "share/jupyter/labextensions/jupyterlab_promote/"
    assert share + "package.json" in names and share + "install.json" in names
    assert any(name.startswith(share + "static/remoteEntry.") for name in names)
    assert data + "etc/jupyter/jupyter_server_config.d/jupyterlab_promote.json" in names


def test_pip_install_enables_the_lab_and_server_extensions(user_venv):
    env = venv_env(user_venv)
    jupyter = user_venv / "bin" / "jupyter"
    labextensions = run([jupyter, "labextension", "list"], env, cwd=user_venv.parent)
    line = next(line for line in labextensions.splitlines() if "jupyterlab_promote" in line)
    assert "enabled" in line and "OK" in line and "(python, jupyterlab_promote)" in line, labextensions
    server = run([jupyter, "server", "extension", "list"], env, cwd=user_venv.parent)
    assert re.search(r"^\s*jupyterlab_promote enabled$", server, re.M), server
    assert re.search(r"^\s*jupyterlab_promote [0-9][^ ]* OK$", server, re.M), server


def test_the_installed_cli_runs_on_the_example(user_venv, tmp_path):
    env = venv_env(user_venv)
    cli = user_venv / "bin" / "jupyter-promote"
    assert "check" in run([cli, "--help"], env, cwd=tmp_path)
    shutil.copy(EXAMPLE, tmp_path / "churn_analysis.ipynb")
    report = run([cli, "check", "churn_analysis.ipynb"], env, cwd=tmp_path)
    assert "churn_analysis.ipynb  score " in report and "/100" in report
