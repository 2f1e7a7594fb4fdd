"""The files dependencies are read from besides requirements lists (Dockerfiles, conda specs, setup.py,
setup.cfg) are whatever a repository holds: FIFOs, links to devices, link loops, lines of megabytes.
They are read through the bounded reader like every project file: nothing waits, nothing is read past
the size limit, and a file that cannot be read declares nothing.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jupyterlab_promote.engine.files.bounded import MAX_PROJECT_FILE_BYTES
from jupyterlab_promote.engine.project.dependencies import declared_dependencies
from jupyterlab_promote.engine.project.folder import Project

from factories import notebook_json

CLI_TIMEOUT_S = 60


@pytest.fixture
def unblock_fifos(tmp_path):
    """Give any reader still waiting on a FIFO its end of file, so a failing test leaves no stuck thread."""
    yield
    for fifo in (p for p in tmp_path.rglob("*") if p.is_fifo()):
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass


def hostile_environment_files(folder: Path) -> None:
    (folder / ".git").mkdir(parents=True)
    (folder / "docker").mkdir()
    os.mkfifo(folder / "Dockerfile")
    os.symlink("/dev/zero", folder / "Containerfile")
    os.symlink("loop.lock", folder / "conda-linux-64.lock")
    os.symlink("conda-linux-64.lock", folder / "loop.lock")
    os.mkfifo(folder / "spec-file.txt")
    os.mkfifo(folder / "setup.py")
    os.symlink("/dev/zero", folder / "setup.cfg")
    (folder / "binder").mkdir()
    os.mkfifo(folder / "binder" / "postBuild")
    # a readable Dockerfile whose -r names a FIFO and a link to a device
    os.mkfifo(folder / "docker" / "fifo-reqs.txt")
    os.symlink("/dev/zero", folder / "docker" / "zero-reqs.txt")
    (folder / "docker" / "Dockerfile.gpu").write_text(
        "FROM python:3.11\nRUN pip install -r fifo-reqs.txt -r zero-reqs.txt && pip install torch==2.2\n")


def test_fifos_devices_and_link_loops_declare_nothing_and_block_nothing(tmp_path, unblock_fifos):
    hostile_environment_files(tmp_path)
    declared = declared_dependencies(Project(tmp_path))
    assert declared is not None and declared.keys == frozenset({"torch"})


def test_a_dockerfile_over_the_size_limit_is_not_read(tmp_path):
    (tmp_path / ".git").mkdir()
    line = "RUN pip install " + " ".join(f"pkg{i}" for i in range(MAX_PROJECT_FILE_BYTES // 8)) + "\n"
    (tmp_path / "Dockerfile").write_text("FROM python:3.11\n" + line)
    assert declared_dependencies(Project(tmp_path)) is None


@pytest.mark.parametrize(("name", "text"), [
    ("Dockerfile", "RUN pip install " + "a" * 1_500_000 + "\nRUN pip install numpy==1.26\n"),
    ("Dockerfile", "RUN pip install \\\n" * 50_000 + "numpy==1.26\n"),
    ("Dockerfile", "RUN <<EOF\n" + "pip install x\n" * 50_000),
    ("spec-file.txt", "@EXPLICIT\n" + "https://x/" + "-" * 1_500_000 + ".conda\n"
     + "https://c/linux-64/numpy-1.26.4-py311_0.conda\n"),
    ("setup.py", "setup(install_requires=['numpy'], x=" + "1+" * 200_000 + "1)\n"),
    ("setup.py", "setup(install_requires=" + "(" * 5_000 + ")" * 5_000 + ")\n"),
    ("setup.cfg", "[options]\ninstall_requires =\n" + "    numpy\n" * 20_000),
])
def test_huge_lines_and_deep_nesting_are_read_or_refused_whole(tmp_path, name, text):
    (tmp_path / ".git").mkdir()
    (tmp_path / name).write_text(text)
    declared = declared_dependencies(Project(tmp_path))
    assert declared is None or declared.keys <= {"numpy", "x", "a" * 1_500_000}


def test_the_cli_checks_a_notebook_among_hostile_environment_files(tmp_path, unblock_fifos):
    hostile_environment_files(tmp_path)
    (tmp_path / "nb.ipynb").write_text(json.dumps(notebook_json("import torch\nimport polars")))
    result = subprocess.run([sys.executable, "-m", "jupyterlab_promote.cli", "check", "--format", "json",
                             "--select", "PD003", str(tmp_path / "nb.ipynb")], capture_output=True, text=True,
                            timeout=CLI_TIMEOUT_S, check=False)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    [finding] = json.loads(result.stdout)["notebooks"][0]["findings"]
    assert finding["message"].startswith("'polars' is imported but not declared in Dockerfile.gpu")
