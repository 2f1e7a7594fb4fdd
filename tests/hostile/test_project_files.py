"""A project's files are whatever its repository holds: FIFOs, links to devices, links out of the project.

The analysis reads only regular files of a bounded size, never waits on one, and in the server reads
nothing outside the server's root: no finding quotes such a file. The CLI keeps reading what the user's
own checkout names (no boundary), but never hangs on it.
"""

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_promote.engine.project.config import ConfigError, load_config

from factories import notebook_json

NOTEBOOK = json.dumps(notebook_json("import numpy\nimport pandas\nx = numpy.ones(3)"))
OUTSIDE_WORD = "outsidesecretword"
CLI_TIMEOUT_S = 60
# The CLI runs in a process of its own with this much address space: a read of /dev/zero without end
# fails at once instead of taking the machine's memory.
MEMORY_LIMIT = 1024 * 1024 * 1024


def write_notebook(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(NOTEBOOK, encoding="utf-8")
    return path


def hostile_project(folder: Path) -> Path:
    """A folder whose every project file is a FIFO or a link to /dev/zero, in a git repository of the same."""
    write_notebook(folder / "analysis.ipynb")
    os.mkfifo(folder / "requirements.txt")
    os.symlink("/dev/zero", folder / "requirements-dev.txt")
    os.symlink("/dev/zero", folder / "environment.yml")
    os.mkfifo(folder / "setup.cfg")
    os.mkfifo(folder / ".gitattributes")
    os.symlink("/dev/zero", folder / ".pre-commit-config.yaml")
    os.mkfifo(folder / "jupytext.toml")
    (folder / "tests").mkdir()
    os.mkfifo(folder / "tests" / "test_analysis.py")
    os.symlink("/dev/zero", folder / "tests" / "test_zero.py")
    git = folder / ".git"
    (git / "info").mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    os.mkfifo(git / "config")
    os.symlink("/dev/zero", git / "index")
    os.mkfifo(git / "info" / "attributes")
    return folder / "analysis.ipynb"


def odd_notebooks(folder: Path) -> list[str]:
    """Names ending in .ipynb that are not notebooks one can read, next to one that is."""
    write_notebook(folder / "good.ipynb")
    os.mkfifo(folder / "fifo.ipynb")
    os.symlink("/dev/zero", folder / "zero.ipynb")
    os.symlink("loop.ipynb", folder / "loop.ipynb")
    os.symlink("missing.ipynb", folder / "dangling.ipynb")
    os.symlink(".", folder / "again")  # a link back up: walking into it would never end
    return ["dangling.ipynb", "fifo.ipynb", "loop.ipynb", "zero.ipynb"]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    def limit_memory() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run([sys.executable, "-m", "jupyterlab_promote.cli", "check", *args], capture_output=True,
                          text=True, timeout=CLI_TIMEOUT_S, preexec_fn=limit_memory, check=False)


@pytest.fixture
def unblock_fifos(tmp_path):
    """Give any reader still waiting on a FIFO its end of file, so a failing test leaves no stuck thread."""
    yield
    for fifo in (p for p in tmp_path.rglob("*") if p.is_fifo()):
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass


def test_the_cli_checks_a_project_of_fifos_and_devices_without_waiting(tmp_path, isolated_home, unblock_fifos):
    notebook = hostile_project(tmp_path / "project")
    result = run_cli("--format", "json", str(notebook))
    assert result.returncode in (0, 1), result.stderr[-2000:]
    entry = json.loads(result.stdout)["notebooks"][0]
    assert entry["error"] is None and entry["score"] is not None


def test_the_cli_reports_odd_notebooks_in_a_folder_and_checks_the_others(tmp_path, unblock_fifos):
    odd = odd_notebooks(tmp_path / "folder")
    result = run_cli("--format", "json", str(tmp_path / "folder"))
    assert result.returncode == 1, result.stderr[-2000:]  # one readable notebook, the others not
    entries = {Path(e["path"]).name: e for e in json.loads(result.stdout)["notebooks"]}
    assert sorted(entries) == sorted([*odd, "good.ipynb"])  # each once: the link back up was not walked
    assert entries["good.ipynb"]["error"] is None
    assert "not a regular file" in entries["fifo.ipynb"]["error"]
    assert "not a regular file" in entries["zero.ipynb"]["error"]
    assert entries["loop.ipynb"]["error"] and entries["dangling.ipynb"]["error"]


@pytest.mark.parametrize(("name", "reason"), [
    ("fifo.ipynb", "not a regular file"), ("zero.ipynb", "not a regular file"), ("loop.ipynb", "symbolic links"),
])
def test_the_cli_given_one_odd_notebook_exits_2_with_its_reason(tmp_path, name, reason, unblock_fifos):
    odd_notebooks(tmp_path / "folder")
    result = run_cli(str(tmp_path / "folder" / name))
    assert result.returncode == 2 and reason in result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize(("text", "words"), [
    ("a = " + "[" * 20000 + "]" * 20000 + "\n", "nested too deeply"),
    ("[tool.jupyterlab_promote]\nselect = ['caf\xe9']\n", "not UTF-8"),
])
def test_a_pyproject_that_cannot_be_read_is_a_config_error(tmp_path, text, words):
    (tmp_path / "pyproject.toml").write_bytes(text.encode("latin-1"))
    with pytest.raises(ConfigError, match=words):
        load_config(write_notebook(tmp_path / "nb.ipynb"))
    result = run_cli(str(tmp_path / "nb.ipynb"))
    assert result.returncode == 2 and words in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def outside_root_project(root: Path) -> None:
    """Notebooks whose requirements reach outside the server root, under a pyproject above the root."""
    outside = root.parent / "other.txt"
    outside.write_text(f"{OUTSIDE_WORD}\n")
    (root.parent / "pyproject.toml").write_text('[tool.jupyterlab_promote]\nselect = ["HS"]\n')
    write_notebook(root / "included" / "nb.ipynb")
    (root / "included" / "requirements.txt").write_text("-r ../../other.txt\nnumpy\npandas\n")
    write_notebook(root / "linked" / "nb.ipynb")
    os.symlink(outside, root / "linked" / "requirements.txt")
    write_notebook(root / "plain" / "nb.ipynb")


async def analyse(jp_fetch, path: str) -> dict:
    body = json.dumps({"path": path})
    response = await asyncio.wait_for(jp_fetch("jupyterlab-promote", "analyze", method="POST", body=body), 30)
    assert response.code == 200
    return json.loads(response.body)


async def test_the_server_reads_nothing_outside_its_root(jp_fetch, jp_root_dir, isolated_home):
    outside_root_project(jp_root_dir)
    for folder in ("included", "linked", "plain"):
        entry = await analyse(jp_fetch, f"{folder}/nb.ipynb")
        assert OUTSIDE_WORD not in json.dumps(entry)
        # The pyproject above the root selects HS only: unread, every category is checked.
        assert any(f["code"].startswith("PD") for f in entry["findings"]), folder
    badge = await jp_fetch("jupyterlab-promote", "badge", params={"path": "plain/nb.ipynb"})
    assert badge.code == 200


def test_the_cli_still_reads_what_the_checkout_names(tmp_path, isolated_home):
    outside_root_project(tmp_path / "root")
    result = run_cli("--format", "json", str(tmp_path / "root" / "included" / "nb.ipynb"))
    entry = json.loads(result.stdout)["notebooks"][0]
    assert {f["code"][:2] for f in entry["findings"]} <= {"HS"}  # the pyproject above applies
    (tmp_path / "pyproject.toml").unlink()
    result = run_cli("--format", "json", str(tmp_path / "root" / "included" / "nb.ipynb"))
    assert OUTSIDE_WORD in result.stdout


async def test_the_server_answers_for_a_project_of_fifos_and_devices(jp_fetch, jp_root_dir, isolated_home,
                                                                     unblock_fifos):
    hostile_project(jp_root_dir / "project")
    entry = await analyse(jp_fetch, "project/analysis.ipynb")
    assert entry["error"] is None and entry["score"] is not None


async def test_the_server_says_an_unreadable_pyproject_is_bad_input(jp_fetch, jp_root_dir):
    write_notebook(jp_root_dir / "nb.ipynb")
    (jp_root_dir / "pyproject.toml").write_text("a = " + "{b = " * 10000 + "}" * 10000 + "\n")
    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch("jupyterlab-promote", "analyze", method="POST", body=json.dumps({"path": "nb.ipynb"}))
    assert caught.value.code == 400
    assert "nested too deeply" in json.loads(caught.value.response.body)["message"]
