"""No command a repository names is ever run: the analysis reads `.git`, it never runs git.

A cloned repository chooses its own `.git/config`: core.fsmonitor, hooks, filters, diff drivers, ssh and
credential helpers are commands git runs on its behalf. Each one here creates a marker file; whatever the
CLI and the routes do with a notebook in that repository, the marker must never appear. The index is split
(`core.splitIndex`), the case the analysis once handed to `git ls-files`.
"""

import ast
import json
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

import jupyterlab_promote
from jupyterlab_promote.cli import main

from factories import notebook_json

HOOKS = ("pre-commit", "post-index-change", "post-checkout", "pre-auto-gc", "reference-transaction",
         "fsmonitor-watchman")
ENGINE = Path(jupyterlab_promote.__file__).parent / "engine"
# Re-running the notebook in a kernel is the verify feature's purpose, asked for by the user.
RUNS_THE_NOTEBOOK = {"verify.py"}


def hostile_repository(folder: Path, marker: Path) -> Path:
    """A repository (split index, one tracked notebook) whose config names `touch marker` everywhere."""
    folder.mkdir()
    (folder / "tracked.ipynb").write_text(json.dumps(notebook_json("x = 1")), encoding="utf-8")
    (folder / "untracked.ipynb").write_text(json.dumps(notebook_json("y = 2")), encoding="utf-8")
    for args in (("init", "-q"), ("-c", "core.splitIndex=true", "add", "tracked.ipynb")):
        subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, timeout=30)
    command = f"touch {marker}"
    hooks = folder / "hooks"
    hooks.mkdir()
    for name in HOOKS:
        hook = hooks / name
        hook.write_text(f"#!/bin/sh\n{command}\n")
        hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
        shutil.copy(hook, folder / ".git" / "hooks" / name)
    with (folder / ".git" / "config").open("a") as config:
        config.write(
            f"[core]\n\tfsmonitor = {command}\n\thooksPath = {hooks}\n\tsshCommand = {command}\n"
            f"\tpager = {command}\n\teditor = {command}\n\taskPass = {command}\n\tgitProxy = {command}\n"
            "\tsplitIndex = true\n"
            f"[diff]\n\texternal = {command}\n[diff \"x\"]\n\ttextconv = {command}\n\tcommand = {command}\n"
            f"[filter \"x\"]\n\tclean = {command}\n\tsmudge = {command}\n\tprocess = {command}\n\trequired = true\n"
            f"[credential]\n\thelper = !{command}\n[uploadpack]\n\tpackObjectsHook = {command}\n"
            f"[sequence]\n\teditor = {command}\n[gpg]\n\tprogram = {command}\n"
        )
    (folder / ".gitattributes").write_text("*.ipynb filter=x diff=x\n")
    return folder


@pytest.fixture
def marker(tmp_path):
    return tmp_path / "a-command-ran"


def test_the_cli_runs_nothing_the_repository_names(tmp_path, marker, isolated_home, capsys):
    repo = hostile_repository(tmp_path / "repo", marker)
    assert main(["check", "--format", "json", str(repo / "tracked.ipynb"), str(repo / "untracked.ipynb")]) == 0
    entries = {Path(e["path"]).name: e for e in json.loads(capsys.readouterr().out)["notebooks"]}
    assert not marker.exists()
    # The split index was read: only the notebook never added is reported as untracked.
    assert "untracked-notebook" in {f["name"] for f in entries["untracked.ipynb"]["findings"]}
    assert "untracked-notebook" not in {f["name"] for f in entries["tracked.ipynb"]["findings"]}


async def test_the_routes_run_nothing_the_repository_names(jp_fetch, jp_root_dir, marker, isolated_home):
    hostile_repository(jp_root_dir / "repo", marker)
    for name in ("tracked.ipynb", "untracked.ipynb"):
        body = json.dumps({"path": f"repo/{name}"})
        response = await jp_fetch("jupyterlab-promote", "analyze", method="POST", body=body)
        assert response.code == 200
        response = await jp_fetch("jupyterlab-promote", "badge", params={"path": f"repo/{name}"})
        assert response.code == 200
    assert not marker.exists()


def test_no_engine_module_starts_a_program():
    """Grep, by syntax: the analysis never imports subprocess nor calls os.system, os.popen, exec or spawn."""
    starting = []
    for path in sorted(ENGINE.rglob("*.py")):
        if path.name in RUNS_THE_NOTEBOOK:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            imported = ([a.name for a in node.names] if isinstance(node, ast.Import)
                        else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name.split(".")[0] in ("subprocess", "pty", "multiprocessing") for name in imported):
                starting.append(f"{path.name}:{node.lineno}")
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os"
                    and node.attr.startswith(("system", "popen", "exec", "spawn", "posix_spawn", "fork"))):
                starting.append(f"{path.name}:{node.lineno}")
    assert starting == []
