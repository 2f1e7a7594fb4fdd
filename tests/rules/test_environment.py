"""environment-drift (LK008), no-reproducible-environment (PD006) and its Add a Dockerfile fix."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from jupyterlab_promote.engine.fixes.edits import apply_file_edit
from jupyterlab_promote.engine.project.declared_versions import (
    parse_environment_versions,
    parse_pipfile_versions,
    parse_pyproject_versions,
    parse_requirements_versions,
)
from jupyterlab_promote.engine.rules.leakage.environment_drift import environment_drift
from jupyterlab_promote.engine.rules.parameters_dependencies.runtime import no_reproducible_environment

from factories import cell, notebook_json

PARAMETERS = {"tags": ["parameters"]}


def stamped(packages: dict, python: str = "3.11.9") -> dict:
    return {"jupyterlab_promote": {"verified_at": "2026-11-30T10:00:00+00:00", "passed": True, "source_hash": "x",
                                   "python": python, "packages": packages}}


def drift(tmp_path, files: dict[str, str], packages: dict, *cells: str, python: str = "3.11.9"):
    (tmp_path / ".git").mkdir(exist_ok=True)
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    from jupyterlab_promote.engine.notebook.model import notebook_from_dict

    nb = notebook_from_dict(notebook_json(*cells, metadata=stamped(packages, python)), tmp_path / "analysis.ipynb")
    return list(environment_drift(nb))


class TestDeclaredVersions:
    def test_requirements_lines_give_their_specifiers_with_options_markers_and_urls_left_out(self):
        text = ("pandas==2.2.2  # tested\nnumpy>=1.26,<2 \\\n  --hash=sha256:abc\nrequests\n"
                "-r other.txt\nscipy==1.11; python_version<'3.9'\ngit+https://x/y.git#egg=z\n")
        assert parse_requirements_versions(text) == (("pandas", "==2.2.2", 1), ("numpy", "<2,>=1.26", 2))

    def test_pyproject_pipfile_and_environment_yml(self):
        pyproject = '[project]\nname = "p"\ndependencies = [\n  "scikit-learn~=1.4",\n  "rich",\n]\n'
        assert parse_pyproject_versions(pyproject) == (("scikit-learn", "~=1.4", 4),)
        pipfile = '[packages]\npandas = "==2.2.2"\nrich = "*"\nnumpy = {version = ">=1.26"}\n'
        assert parse_pipfile_versions(pipfile) == (("pandas", "==2.2.2", 2), ("numpy", ">=1.26", 4))
        env = ("name: x\ndependencies:\n  - python=3.10\n  - conda-forge::numpy==1.26.4=py310h\n  - pandas\n"
               "  - pip:\n    - lightgbm==4.3.0\n  - scipy>=1.10\n")
        assert parse_environment_versions(env) == (
            ("python", "==3.10.*", 3), ("numpy", "==1.26.4", 4), ("lightgbm", "==4.3.0", 7), ("scipy", ">=1.10", 8))


class TestEnvironmentDrift:
    def test_a_pin_other_than_what_ran_is_flagged_at_the_import(self, tmp_path):
        found = drift(tmp_path, {"requirements.txt": "numpy>=1.20\npandas==1.5.3\n"},
                      {"pandas": "2.2.2", "numpy": "1.26.4"}, "import numpy as np", "import pandas as pd")
        [v] = found
        assert (v.cell.index, v.line) == (1, 1)
        assert v.message == ("pandas 2.2.2 ran (the verification run of 2026-11-30), but requirements.txt line 2 "
                             "pins pandas==1.5.3")

    def test_a_range_that_excludes_what_ran_and_the_python_of_an_environment_yml(self, tmp_path):
        env = "dependencies:\n  - python=3.10\n  - pip:\n    - scikit-learn>=1.0,<1.3\n"
        found = drift(tmp_path, {"environment.yml": env}, {"scikit-learn": "1.5.0"}, "import sklearn")
        assert [v.message for v in found] == [
            "python 3.11.9 ran (the verification run of 2026-11-30), but environment.yml line 2 allows only python==3.10.*",
            "scikit-learn 1.5.0 ran (the verification run of 2026-11-30), but environment.yml line 4 allows only "
            "scikit-learn<1.3,>=1.0",
        ]
        assert found[0].cell is None and found[1].cell.index == 0

    def test_versions_inside_what_is_declared_local_labels_and_undeclared_packages_are_fine(self, tmp_path):
        files = {"requirements.txt": "pandas~=2.2\ntorch==2.1.0\nnumpy\n",
                 "pyproject.toml": '[project]\nname = "p"\ndependencies = ["requests>=2"]\n'}
        ran = {"pandas": "2.2.2", "torch": "2.1.0+cu118", "numpy": "1.0", "rich": "13.0", "requests": "2.31.0"}
        assert drift(tmp_path, files, ran, "import pandas, torch, numpy, rich, requests") == []

    def test_no_stamp_or_no_dependency_file_says_nothing(self, tmp_path):
        assert drift(tmp_path, {}, {"pandas": "2.2.2"}, "import pandas") == []
        (tmp_path / "requirements.txt").write_text("pandas==1.5.3\n")
        from jupyterlab_promote.engine.notebook.model import notebook_from_dict

        unstamped = notebook_from_dict(notebook_json("import pandas"), tmp_path / "analysis.ipynb")
        assert list(environment_drift(unstamped)) == []


def reproducible(tmp_path, files: dict[str, str], *cells, metadata=None):
    (tmp_path / ".git").mkdir(exist_ok=True)
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    from jupyterlab_promote.engine.notebook.model import notebook_from_dict

    nb = notebook_from_dict(notebook_json(*cells, metadata=metadata), tmp_path / "analysis.ipynb")
    return list(no_reproducible_environment(nb))


PYTHON_310 = {"language_info": {"name": "python", "version": "3.10.12"}}


class TestNoReproducibleEnvironment:
    def test_a_loose_requirements_file_is_not_enough_and_the_fix_writes_a_dockerfile_with_papermill(self, tmp_path):
        params = cell('data = "data/in.csv"\nalpha = 0.5\nepochs = 10\nshift = -1\nlayers = [64, 32]\n'
                      'fast = True\nstart = pd.Timestamp("2024")', metadata=PARAMETERS)
        [v] = reproducible(tmp_path, {"requirements.txt": "pandas>=2\n"}, "import pandas as pd", params,
                           metadata=PYTHON_310)
        [fix] = v.fixes
        assert (fix.id, fix.applicability) == ("add-dockerfile", "unsafe")
        [edit] = fix.edits
        assert (edit["path"], edit["action"]) == ("Dockerfile", "create")
        lines = edit["content"].splitlines()
        assert [line for line in lines if not line.startswith("#")] == [
            "FROM python:3.10-slim",
            "WORKDIR /project",
            "COPY requirements.txt requirements.txt",
            "RUN pip install --no-cache-dir -r requirements.txt",
            "COPY . .",
            "RUN pip install --no-cache-dir papermill ipykernel",
            'CMD ["papermill", "analysis.ipynb", "analysis.out.ipynb", "-r", "data", "data/in.csv", "-p", "alpha", '
            '"0.5", "-p", "epochs", "10", "-y", "{\\"shift\\": -1}", "-y", "{\\"layers\\": [64, 32]}", "-p", "fast", '
            '"True"]',
        ]
        command = json.loads(lines[-1][len("CMD "):])
        assert command[command.index("data") + 1] == "data/in.csv"

    def test_the_dockerfile_goes_beside_the_requirements_and_runs_the_notebook_in_its_folder(self, tmp_path):
        (tmp_path / "notebooks").mkdir()
        (tmp_path / ".git").mkdir()
        (tmp_path / "requirements.txt").write_text("-r base.txt\n")
        (tmp_path / "base.txt").write_text("pandas\n")
        from jupyterlab_promote.engine.notebook.model import notebook_from_dict

        nb = notebook_from_dict(notebook_json("import pandas"), tmp_path / "notebooks" / "eda.ipynb")
        [v] = list(no_reproducible_environment(nb))
        [edit] = v.fixes[0].edits
        assert edit["path"] == "../Dockerfile"
        body = [line for line in edit["content"].splitlines() if not line.startswith("#")]
        assert body[2:4] == ["COPY . .", "RUN pip install --no-cache-dir -r requirements.txt"]
        assert body[-2:] == ["WORKDIR /project/notebooks", 'CMD ["jupyter", "nbconvert", "--to", "notebook", '
                             '"--execute", "eda.ipynb", "--output", "eda.out.ipynb"]']
        written = apply_file_edit(tmp_path / "notebooks", edit, tmp_path)
        assert written == tmp_path / "Dockerfile" and written.read_text() == edit["content"]

    def test_without_a_requirements_file_the_imports_are_installed_pinned_to_what_ran(self, tmp_path):
        metadata = {"language_info": {"name": "python", "version": "3.4.10"}, **stamped({"pandas": "2.2.2"})}
        [v] = reproducible(tmp_path, {}, "import pandas as pd\nimport sklearn", metadata=metadata)
        content = v.fixes[0].edits[0]["content"]
        # what ran is pinned; scikit-learn did not run under the stamp and 3.4 is not this Python: no pin
        assert "RUN pip install --no-cache-dir pandas==2.2.2 scikit-learn\n" in content

    def test_each_description_of_the_runtime_is_enough(self, tmp_path):
        for files in ({"Dockerfile": "FROM python:3.11\n"}, {"app.Dockerfile": "FROM x\n"},
                      {".devcontainer/devcontainer.json": "{}"}, {"poetry.lock": ""}, {"uv.lock": ""},
                      {"environment.yml": "dependencies: [pandas]\n"}, {"binder/requirements.txt": "pandas\n"},
                      {"requirements.txt": "pandas==2.2.2\nnumpy===1.26.4 --hash=sha256:abc\n"},
                      {"spec-file.txt": "@EXPLICIT\n"}):
            folder = tmp_path / str(len(list(tmp_path.iterdir())))
            folder.mkdir()
            assert reproducible(folder, files, "import pandas") == [], files

    def test_a_line_break_in_the_notebook_name_gives_no_dockerfile(self, tmp_path):
        (tmp_path / ".git").mkdir()
        from jupyterlab_promote.engine.notebook.model import notebook_from_dict

        nb = notebook_from_dict(notebook_json("import pandas"), tmp_path / "a\nRUN curl x | sh\n.ipynb")
        nb.path.write_text("{}")
        [v] = list(no_reproducible_environment(nb))
        assert v.fixes == ()

    def test_a_description_above_the_notebook_counts_but_not_past_the_repository_root(self, tmp_path):
        (tmp_path / "Dockerfile").write_text("FROM python:3.11\n")
        project = tmp_path / "project"
        (project / "sub").mkdir(parents=True)
        from jupyterlab_promote.engine.notebook.model import notebook_from_dict

        nb = notebook_from_dict(notebook_json("import pandas"), project / "sub" / "a.ipynb")
        assert list(no_reproducible_environment(nb)) == []
        (project / ".git").mkdir()
        assert len(list(no_reproducible_environment(nb))) == 1

    def test_partly_pinned_requirements_and_a_notebook_with_no_path_or_no_code(self, tmp_path):
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        assert len(reproducible(tmp_path / "a", {"requirements.txt": "pandas==2.2.2\nnumpy>=1\n"}, "import pandas")) == 1
        assert reproducible(tmp_path / "b", {}, cell("# notes", "markdown")) == []
        from jupyterlab_promote.engine.notebook.model import notebook_from_dict

        assert list(no_reproducible_environment(notebook_from_dict(notebook_json("import pandas")))) == []


@pytest.mark.install  # starts jupyter and a kernel in a subprocess (15 s on a loaded machine), like the install tests
def test_the_generated_headless_command_runs_the_notebook(tmp_path):
    """The Dockerfile's command, run here: papermill is not installed in this environment, so the
    notebook has no parameters cell and the nbconvert form runs (in this virtual environment's kernel)."""
    jupyter = Path(sys.executable).parent / "jupyter"
    assert jupyter.exists() and shutil.which("python3")
    source = notebook_json("total = sum(range(4))\nprint(total)")
    [v] = reproducible(tmp_path, {}, *[c["source"] for c in source["cells"]])
    content = v.fixes[0].edits[0]["content"]
    command = json.loads(content.splitlines()[-1][len("CMD "):])
    assert command[:2] == ["jupyter", "nbconvert"]
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("total = sum(range(4))\nprint(total)")],
                                            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                     "language": "python"}}),
                   tmp_path / "analysis.ipynb")
    subprocess.run([str(jupyter), *command[1:]], cwd=tmp_path, check=True, capture_output=True, timeout=300)
    ran = nbformat.read(tmp_path / "analysis.out.ipynb", as_version=4)
    assert ran.cells[0].outputs[0]["text"] == "6\n"
