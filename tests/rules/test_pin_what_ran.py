"""Pin what ran: the fix on undeclared-dependency, unpinned-requirement and environment-drift, the
`replace` file edit it is made of, and the versions read from a live kernel."""

import os

import pytest

from jupyterlab_promote.engine.fixes.edits import EditError, apply_file_edit, file_edit_result, replace_file_edit
from jupyterlab_promote.engine.notebook.kernel_versions import (
    MAX_PACKAGES,
    attach_kernel_packages,
    parse_versions_reply,
    versions_expression,
)
from jupyterlab_promote.engine.notebook.model import notebook_from_dict
from jupyterlab_promote.engine.report.analysis import analyze

from factories import notebook_json

STAMP = {"jupyterlab_promote": {"verified_at": "2026-11-30T10:00:00+00:00", "passed": True, "source_hash": "x",
                                "python": "3.11.9", "packages": {"pandas": "2.2.2", "numpy": "1.26.4",
                                                                 "scikit-learn": "1.5.0"}}}
CELLS = ("import numpy as np", "import pandas as pd", "import sklearn")


def project(tmp_path, files: dict[str, str], metadata=STAMP, kernel: dict | None = None, cells=CELLS):
    (tmp_path / ".git").mkdir(exist_ok=True)
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    nb = notebook_from_dict(notebook_json(*cells, metadata=metadata), tmp_path / "analysis.ipynb")
    if kernel is not None:
        attach_kernel_packages(nb, kernel)
    return analyze(nb, "analysis.ipynb")


def pin_fixes(entry) -> dict[str, dict]:
    """{finding code: its pin-what-ran fix}."""
    return {f["code"]: x for f in entry["findings"] for x in f["fixes"] if x["id"].endswith(":pin-what-ran")}


class TestPinWhatRan:
    def test_offered_on_drift_undeclared_and_unpinned_with_the_stamps_versions(self, tmp_path):
        entry = project(tmp_path, {"requirements.txt": "# data\nnumpy>=1.20\npandas==1.5.3\nrequests\n"})
        fixes = pin_fixes(entry)
        assert set(fixes) == {"LK008", "PD003", "PD005"}
        fix = fixes["LK008"]
        assert (fix["title"], fix["applicability"]) == (
            "Pin what ran (the verification run of 2026-11-30) in requirements.txt", "unsafe")
        [edit] = fix["edits"]
        assert (edit["path"], edit["action"]) == ("requirements.txt", "replace")
        assert edit["content"] == "# data\nnumpy==1.26.4\npandas==2.2.2\nrequests\nscikit-learn==1.5.0\n"
        written = apply_file_edit(tmp_path, edit, tmp_path)
        assert written.read_text() == edit["content"]

    def test_the_kernels_versions_win_over_the_stamp_and_feed_the_drift(self, tmp_path):
        kernel = {"python": "3.12.1", "pandas": "2.1.0", "numpy": "2.0.0"}
        entry = project(tmp_path, {"requirements.txt": "pandas==1.5.3\nnumpy\n"}, kernel=kernel)
        drift = [f["message"] for f in entry["findings"] if f["code"] == "LK008"]
        assert drift == ["pandas 2.1.0 ran (the running kernel), but requirements.txt line 1 pins pandas==1.5.3"]
        edit = pin_fixes(entry)["LK008"]["edits"][0]
        assert edit["content"] == "pandas==2.1.0\nnumpy==2.0.0\n"  # scikit-learn is not loaded in the kernel

    def test_pyproject_and_environment_yml_are_pinned_where_they_declare(self, tmp_path):
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        pyproject = '[project]\nname = "p"\ndependencies = [\n    "pandas>=1",\n]\n'
        edit = pin_fixes(project(tmp_path / "a", {"pyproject.toml": pyproject}))["PD003"]["edits"][0]
        assert (edit["path"], edit["content"]) == ("pyproject.toml", (
            '[project]\nname = "p"\ndependencies = [\n    "pandas==2.2.2",\n    "numpy==1.26.4",\n'
            '    "scikit-learn==1.5.0",\n]\n'))
        env = "name: x\ndependencies:\n  - python=3.11\n  - pandas\n"
        edit = pin_fixes(project(tmp_path / "b", {"environment.yml": env}))["PD003"]["edits"][0]
        assert edit["content"] == ("name: x\ndependencies:\n  - python=3.11\n  - pandas==2.2.2\n  - pip:\n"
                                   "    - numpy==1.26.4\n    - scikit-learn==1.5.0\n")

    def test_no_versions_known_no_file_everything_pinned_or_pip_tools_gives_no_fix(self, tmp_path):
        for name, files, metadata in (
            ("unstamped", {"requirements.txt": "pandas\nnumpy\n"}, None),
            ("nofile", {}, STAMP),
            ("pinned", {"requirements.txt": "pandas==2.2.2\nnumpy==1.26.4\nscikit-learn==1.5.0\n"}, STAMP),
            ("piptools", {"requirements.in": "pandas\n", "requirements.txt": "pandas==1.0\n"}, STAMP),
        ):
            folder = tmp_path / name
            folder.mkdir()
            assert pin_fixes(project(folder, files, metadata)) == {}, name


class TestReplaceEdit:
    def test_refused_when_the_file_changed_since_the_preview(self, tmp_path):
        (tmp_path / "requirements.txt").write_text("pandas\n")
        edit = replace_file_edit("requirements.txt", "pandas\n", "pandas==2.2.2\n")
        assert file_edit_result(tmp_path, edit)[1:] == ("pandas\n", "pandas==2.2.2\n")
        (tmp_path / "requirements.txt").write_text("pandas\nrich\n")
        with pytest.raises(EditError, match="changed since the fix was prepared"):
            apply_file_edit(tmp_path, edit)
        assert (tmp_path / "requirements.txt").read_text() == "pandas\nrich\n"
        (tmp_path / "requirements.txt").unlink()
        with pytest.raises(EditError, match="changed since"):
            file_edit_result(tmp_path, edit)

    def test_refused_outside_the_root_and_through_a_link_that_leads_out(self, tmp_path):
        root, outside = tmp_path / "root", tmp_path / "outside"
        root.mkdir()
        outside.mkdir()
        (outside / "requirements.txt").write_text("pandas\n")
        edit = replace_file_edit("../outside/requirements.txt", "pandas\n", "pandas==2.2.2\n")
        with pytest.raises(EditError, match="outside the project's folder"):
            apply_file_edit(root, edit, root)
        os.symlink(outside / "requirements.txt", root / "requirements.txt")
        with pytest.raises(EditError, match="symbolic link"):
            apply_file_edit(root, dict(edit, path="requirements.txt"), root)
        assert (outside / "requirements.txt").read_text() == "pandas\n"

    def test_an_unknown_action_is_refused(self, tmp_path):
        with pytest.raises(EditError, match="unknown file action"):
            file_edit_result(tmp_path, {"type": "file", "path": "x.txt", "action": "delete", "content": ""})


class TestKernelVersionsQuery:
    def test_the_expression_reads_only_loaded_modules_and_is_parsed_back(self):
        import sys

        import packaging

        expression = versions_expression({"packaging": ("packaging",), "not_loaded_pkg": ("not-loaded-pkg",),
                                          "bad name": ("x",), "x": ("evil'); import os; ('",)})
        assert "evil" not in expression and "bad name" not in expression
        before = set(sys.modules)
        answer = eval(expression, {})  # what the kernel evaluates as a silent user expression
        assert set(sys.modules) == before
        versions = parse_versions_reply(repr(answer))
        assert versions["packaging"] == packaging.__version__
        assert versions["python"] == "%d.%d.%d" % sys.version_info[:3]
        assert "not-loaded-pkg" not in versions

    def test_a_fake_reply_is_parsed_and_a_hostile_one_refused(self):
        assert parse_versions_reply(repr("{'python': '3.11.9', 'pandas': '2.2.2', 'bad name': '1'}")) == {
            "python": "3.11.9", "pandas": "2.2.2"}
        for reply in (None, "[1, 2]", "{'pandas': 2}", "__import__('os')", "'" + "x" * 20000 + "'"):
            with pytest.raises(ValueError):
                parse_versions_reply(reply)

    def test_at_most_a_bounded_number_of_packages_is_asked(self):
        candidates = {f"m{i}": (f"d{i}",) for i in range(MAX_PACKAGES + 40)}
        expression = versions_expression(candidates)
        assert f"'m{MAX_PACKAGES - 1}'" in expression and f"'m{MAX_PACKAGES}'" not in expression
