import json
import shutil
import subprocess
from pathlib import Path

import pytest

from jupyterlab_promote.engine.fixes.edits import apply_edits, apply_file_edit
from jupyterlab_promote.engine.notebook.model import notebook_from_dict
from jupyterlab_promote.engine.project import git
from jupyterlab_promote.engine.project.config import Config
from jupyterlab_promote.engine.rules import version_control as vc

from factories import cell, notebook, notebook_json, violations

HAS_GIT = shutil.which("git") is not None
PNG = {"output_type": "display_data", "metadata": {}, "data": {"image/png": "A" * 600 * 1024, "text/plain": "<Figure>"}}
STREAM = {"output_type": "stream", "name": "stdout", "text": ["hello\n"]}


pytestmark = pytest.mark.usefixtures("isolated_home")


def fake_repo(folder: Path) -> Path:
    """A repository as git lays it out, without needing git: enough for the configuration rules."""
    (folder / ".git" / "info").mkdir(parents=True)
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return folder / "analysis.ipynb"


def install_nbstripout(folder: Path) -> None:
    (folder / ".gitattributes").write_text("*.ipynb filter=nbstripout\n")
    (folder / ".git" / "config").write_text('[filter "nbstripout"]\n\tclean = nbstripout\n')


def ran(source: str, count: int | None, outputs=None) -> dict:
    return cell(source, execution_count=count, outputs=outputs)


class TestStoredOutputs:
    def test_one_finding_whose_fix_clears_every_output_and_count(self):
        data = notebook_json(ran("print('hello')", 1, [STREAM]), ran("x = 1", 2), "# markdown", ran("y = 2", None))
        found = list(vc.stored_outputs(notebook_from_dict(data)))
        assert len(found) == 1 and found[0].cell is None
        assert "Outputs of 1 cell" in found[0].message
        fix = found[0].fixes[0]
        assert fix.applicability == "unsafe"  # outputs are data: asked first, never by --fix
        cleared, files = apply_edits(data, list(fix.edits))
        assert files == []
        assert all(c["outputs"] == [] and c["execution_count"] is None for c in cleared["cells"])

    def test_a_clean_notebook_is_fine(self):
        assert violations(vc.stored_outputs, "x = 1", ran("y = 2", None)) == []

    def test_execution_counts_alone_are_reported(self):
        found = violations(vc.stored_outputs, ran("x = 1", 3))
        assert found[0].message.startswith("Execution counts")

    def test_no_fix_for_cells_without_ids(self):
        data = notebook_json(ran("print(1)", 1, [STREAM]))
        del data["cells"][0]["id"]
        found = list(vc.stored_outputs(notebook_from_dict(data)))
        assert len(found) == 1 and found[0].fixes == ()

    def test_quiet_when_an_installed_filter_strips_outputs_on_commit(self, tmp_path):
        path = fake_repo(tmp_path)
        install_nbstripout(tmp_path)
        assert violations(vc.stored_outputs, ran("print(1)", 1, [STREAM]), path=path) == []


class TestLargeOutput:
    def test_flags_the_cell_with_its_size_and_kind(self):
        found = violations(vc.large_output, ran("plot()", 1, [PNG]), ran("x", 2, [STREAM]))
        assert [v.cell.index for v in found] == [0]
        assert "600 kB of images, text" in found[0].message
        assert 1.0 < found[0].weight < 1.5

    def test_weight_grows_with_size_and_is_capped(self):
        huge = dict(PNG, data={"text/html": "<td>" * 2 * 1024 * 1024})
        found = violations(vc.large_output, ran("df", 1, [huge]))
        assert "8.0 MB of HTML" in found[0].message and found[0].weight == 3.0

    def test_small_outputs_are_fine(self):
        assert violations(vc.large_output, ran("print(1)", 1, [STREAM])) == []

    def test_threshold_comes_from_the_configuration(self):
        data = notebook_json(ran("print(1)", 1, [dict(STREAM, text="x" * 3000)]))
        nb = notebook_from_dict(data, config=Config(thresholds={"large_output_kb": 2}))
        assert len(list(vc.large_output(nb))) == 1

    def test_fix_clears_this_cells_outputs_and_keeps_its_count(self):
        data = notebook_json(ran("plot()", 4, [PNG]))
        fix = next(vc.large_output(notebook_from_dict(data))).fixes[0]
        result, _ = apply_edits(data, list(fix.edits))
        assert result["cells"][0]["outputs"] == [] and result["cells"][0]["execution_count"] == 4


class TestNoisyMetadata:
    def test_reports_view_state_timings_and_widget_state_once_and_removes_them(self):
        timing = {"ExecuteTime": {"end_time": "2024-01-01T00:00:00"}, "scrolled": True, "tags": ["keep"]}
        hidden = {"jupyter": {"outputs_hidden": True, "other": 1}}
        data = notebook_json(cell("a = 1", metadata=timing), cell("b = 2", metadata=hidden), "c = 3",
                             metadata={"widgets": {"application/vnd.jupyter.widget-state+json": {
                                 "state": {"model-1": {"model_name": "IntSliderModel"}}, "version_major": 2}}})
        found = list(vc.noisy_metadata(notebook_from_dict(data)))
        assert len(found) == 1
        assert "ExecuteTime (1 cell)" in found[0].message and "widget state" in found[0].message
        assert "jupyter.outputs_hidden" in found[0].message
        result, _ = apply_edits(data, list(found[0].fixes[0].edits))
        assert result["cells"][0]["metadata"] == {"tags": ["keep"]}
        assert result["cells"][1]["metadata"] == {"jupyter": {"other": 1}}
        assert "widgets" not in result["metadata"] and "kernelspec" in result["metadata"]

    def test_papermill_run_records_are_noise_and_an_empty_widget_placeholder_is_not(self):
        run = {"papermill": {"duration": 1.2, "start_time": "2024-01-01T00:00:00", "status": "completed"}}
        data = notebook_json(cell("a = 1", metadata=run), metadata={"widgets": {"state": {}, "version": "1.1.2"}})
        [found] = list(vc.noisy_metadata(notebook_from_dict(data)))
        assert found.message == "View and run metadata changes without any code change: papermill (1 cell)"

    def test_default_false_flags_and_ordinary_metadata_are_fine(self):
        quiet = {"collapsed": False, "scrolled": False, "tags": ["parameters"], "jupyter": {"source_hidden": False}}
        assert violations(vc.noisy_metadata, cell("a = 1", metadata=quiet)) == []


class TestNotebookNotInGit:
    def test_flags_a_notebook_outside_any_repository(self, tmp_path):
        found = violations(vc.notebook_not_in_git, "x = 1", path=tmp_path / "churn.ipynb")
        assert len(found) == 1 and "'churn.ipynb' is not in a git repository" in found[0].message
        assert found[0].fixes[0].applicability == "manual"

    def test_quiet_without_a_path_or_inside_a_repository(self, tmp_path):
        assert violations(vc.notebook_not_in_git, "x = 1") == []
        assert violations(vc.notebook_not_in_git, "x = 1", path=fake_repo(tmp_path)) == []


class TestUntrackedNotebook:
    def test_flags_a_notebook_git_does_not_track_until_it_is_added(self, tmp_path):
        path = tmp_path / "nbs" / "new.ipynb"
        path.parent.mkdir()
        path.write_text(json.dumps(notebook_json("x = 1")))
        if not HAS_GIT:
            assert violations(vc.untracked_notebook, "x = 1", path=path) == []
            assert len(violations(vc.notebook_not_in_git, "x = 1", path=path)) == 1
            return
        subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
        found = violations(vc.untracked_notebook, "x = 1", path=path)
        assert len(found) == 1 and "'nbs/new.ipynb' is not tracked by git" in found[0].message
        subprocess.run(["git", "-C", str(tmp_path), "add", "nbs/new.ipynb"], check=True)
        assert violations(vc.untracked_notebook, "x = 1", path=path) == []

    def test_quiet_outside_a_repository(self, tmp_path):
        assert violations(vc.untracked_notebook, "x = 1", path=tmp_path / "a.ipynb") == []


class TestNoOutputStripping:
    def test_flags_a_repository_without_stripping_and_fixes_gitattributes(self, tmp_path):
        path = fake_repo(tmp_path)
        found = violations(vc.no_output_stripping, ran("print(1)", 1, [STREAM]), path=path)
        assert len(found) == 1 and found[0].weight == 1.0
        assert found[0].message.startswith("Nothing in this repository strips notebook outputs")
        fix = found[0].fixes[0]
        assert fix.applicability == "unsafe" and "nbstripout --install" in fix.title
        (tmp_path / ".gitattributes").write_text("*.txt text")
        apply_file_edit(tmp_path, fix.edits[0])
        assert (tmp_path / ".gitattributes").read_text() == "*.txt text\n*.ipynb filter=nbstripout\n"
        assert git.output_stripping(git.find_repository(tmp_path), path).filter == "nbstripout"

    def test_a_clean_notebook_gets_a_lighter_reminder(self, tmp_path):
        found = violations(vc.no_output_stripping, "x = 1", path=fake_repo(tmp_path))
        assert found[0].weight == 0.5 and found[0].message.startswith("Outputs are cleared now")

    def test_quiet_when_a_pre_commit_hook_or_jupytext_pairing_is_set_up(self, tmp_path):
        path = fake_repo(tmp_path)
        (tmp_path / ".pre-commit-config.yaml").write_text("repos:\n- repo: local\n  hooks:\n  - id: nb-clean\n")
        assert violations(vc.no_output_stripping, ran("x", 1), path=path) == []
        (tmp_path / ".pre-commit-config.yaml").unlink()
        paired = notebook(ran("x", 1), path=path, metadata={"jupytext": {"formats": "ipynb,py:percent"}})
        assert list(vc.no_output_stripping(paired)) == []

    def test_quiet_outside_git_and_when_a_filter_is_set(self, tmp_path):
        assert violations(vc.no_output_stripping, ran("x", 1), path=tmp_path / "a.ipynb") == []
        path = fake_repo(tmp_path)
        (tmp_path / ".gitattributes").write_text("*.ipynb filter=nbstripout\n")
        assert violations(vc.no_output_stripping, ran("x", 1), path=path) == []


class TestStrippingFilterNotInstalled:
    def test_flags_a_filter_this_clone_does_not_define(self, tmp_path):
        path = fake_repo(tmp_path)
        (tmp_path / ".gitattributes").write_text("*.ipynb filter=nbstripout\n")
        found = violations(vc.stripping_filter_not_installed, ran("x", 1, [STREAM]), path=path)
        assert len(found) == 1 and ".gitattributes sets filter=nbstripout" in found[0].message
        assert found[0].fixes[0].title == "Run `nbstripout --install` in this clone"

    def test_an_installed_filter_is_fine(self, tmp_path):
        path = fake_repo(tmp_path)
        install_nbstripout(tmp_path)
        assert violations(vc.stripping_filter_not_installed, ran("x", 1, [STREAM]), path=path) == []
