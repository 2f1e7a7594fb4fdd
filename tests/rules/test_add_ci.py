"""Add CI: the fix on no-tests-near-notebook (TS002), the workflow or script it writes, and the workflow
checked against GitHub's workflow schema (SchemaStore's, as check-jsonschema ships it)."""

import importlib.resources
import json
import subprocess

import jsonschema
import pytest
from ruamel.yaml import YAML

from jupyterlab_promote.engine.fixes.edits import EditError, apply_file_edit
from jupyterlab_promote.engine.notebook.model import notebook_from_dict
from jupyterlab_promote.engine.project.config import load_config
from jupyterlab_promote.engine.rules.testing import no_tests_near_notebook

from factories import notebook_json

FUNCTION = "def scale(x):\n    y = x * 2\n    return y + 1\n"
PYTHON_310 = {"language_info": {"name": "python", "version": "3.10.12"}}


def repository(tmp_path, remote: str | None = None):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    config = f'[core]\n\tbare = false\n[remote "origin"]\n\turl = {remote}\n' if remote else "[core]\n\tbare = false\n"
    (tmp_path / ".git" / "config").write_text(config)
    return tmp_path


def ci_fix(folder, name="analysis.ipynb"):
    path = folder / name
    nb = notebook_from_dict(notebook_json(FUNCTION, metadata=PYTHON_310), path, load_config(path))
    found = list(no_tests_near_notebook(nb))
    fixes = [fix for v in found for fix in v.fixes if fix.id == "add-ci-workflow"]
    return fixes[0] if fixes else None


def workflow_schema() -> dict:
    vendored = importlib.resources.files("check_jsonschema") / "builtin_schemas" / "vendor" / "github-workflows.json"
    return json.loads(vendored.read_text(encoding="utf-8"))


def load_yaml(text: str):
    return YAML(typ="safe", pure=True).load(text)  # YAML 1.2: `on` stays a key, as GitHub reads it


class TestAddCI:
    def test_on_github_a_workflow_with_the_three_jobs_that_validates_against_the_schema(self, tmp_path):
        root = repository(tmp_path, "git@github.com:someone/churn.git")
        (root / "requirements.txt").write_text("pandas\n")
        (root / "notebooks").mkdir()
        fix = ci_fix(root / "notebooks", "churn model.ipynb")
        assert (fix.title, fix.applicability) == ("Add CI (../.github/workflows/notebook-promote.yml)", "unsafe")
        [edit] = fix.edits
        assert edit["action"] == "create"
        workflow = load_yaml(edit["content"])
        jsonschema.Draft7Validator(workflow_schema()).validate(workflow)
        assert list(workflow["jobs"]) == ["check", "verify", "tests"]
        runs = {job: [step.get("run") for step in spec["steps"] if "run" in step] for job, spec in workflow["jobs"].items()}
        assert runs == {
            "check": ["pip install jupyterlab_promote", "jupyter-promote check . --min-score 75 --format github"],
            "verify": ["pip install jupyterlab_promote ipykernel -r requirements.txt",
                       "jupyter-promote verify 'notebooks/churn model.ipynb' --timeout 900 --cell-timeout 300 --no-stamp"],
            "tests": ["pip install pytest -r requirements.txt", "python -m pytest || [ $? -eq 5 ]"],
        }
        assert {spec["steps"][1]["with"]["python-version"] for spec in workflow["jobs"].values()} == {"3.10"}
        written = apply_file_edit(root / "notebooks", edit, root)
        assert written == root / ".github" / "workflows" / "notebook-promote.yml"
        # once it is there, the notebook has CI near it: no finding, no fix
        assert ci_fix(root / "notebooks", "churn model.ipynb") is None

    def test_the_schema_catches_a_broken_workflow(self):
        broken = load_yaml("on: push\njobs:\n  check:\n    steps:\n      - run: x\n")
        with pytest.raises(jsonschema.ValidationError, match="is not valid under any of the given schemas"):
            jsonschema.Draft7Validator(workflow_schema()).validate(broken)

    def test_a_github_folder_counts_as_github_too(self, tmp_path):
        root = repository(tmp_path)
        (root / ".github").mkdir()
        assert ci_fix(root).edits[0]["path"] == ".github/workflows/notebook-promote.yml"

    def test_elsewhere_a_plain_script_with_the_same_three_jobs_that_runs(self, tmp_path):
        root = repository(tmp_path, "https://gitlab.com/someone/churn.git")
        (root / "pyproject.toml").write_text('[project]\nname = "churn"\ndependencies = ["pandas"]\n')
        [edit] = ci_fix(root).edits
        assert edit["path"] == "ci/promote.sh"
        assert edit["content"].splitlines()[3:] == [
            "set -eu", 'cd "$(dirname "$0")/.."',
            "", "# check", "pip install jupyterlab_promote", "jupyter-promote check . --min-score 75 --format github",
            "", "# verify", "pip install jupyterlab_promote ipykernel .",
            "jupyter-promote verify analysis.ipynb --timeout 900 --cell-timeout 300 --no-stamp",
            "", "# tests", "pip install pytest .", "python -m pytest || [ $? -eq 5 ]",
        ]
        assert subprocess.run(["sh", "-n"], input=edit["content"], text=True).returncode == 0
        apply_file_edit(root, edit, root)
        assert ci_fix(root) is None

    def test_never_overwrites_and_the_min_score_comes_from_the_project(self, tmp_path):
        root = repository(tmp_path)
        (root / "pyproject.toml").write_text("[tool.jupyterlab_promote]\nmin_score = 90\n")
        [edit] = ci_fix(root).edits
        assert "jupyter-promote check . --min-score 90 --format github\n" in edit["content"]
        (root / "ci").mkdir()
        (root / "ci" / "promote.sh").write_text("echo mine\n")
        with pytest.raises(EditError, match="already exists"):
            apply_file_edit(root, edit, root)
        assert (root / "ci" / "promote.sh").read_text() == "echo mine\n"

    def test_no_fix_for_a_notebook_with_tests_near_it_or_without_a_path(self, tmp_path):
        root = repository(tmp_path)
        (root / "tests").mkdir()
        assert ci_fix(root) is None
        assert list(no_tests_near_notebook(notebook_from_dict(notebook_json(FUNCTION)))) == []


def test_outside_a_repository_requirements_above_the_notebook_folder_are_installed_from_there(tmp_path):
    (tmp_path / "requirements.txt").write_text("pandas==2.2.2\n")
    (tmp_path / "notebooks").mkdir()
    fix = ci_fix(tmp_path / "notebooks")
    assert fix is not None
    assert "-r ../requirements.txt" in fix.edits[0]["content"]
