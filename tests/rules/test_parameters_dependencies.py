from jupyterlab_promote.engine.fixes.edits import apply_edits
from jupyterlab_promote.engine.notebook.model import notebook_from_dict
from jupyterlab_promote.engine.project.config import Config
from jupyterlab_promote.engine.rules import parameters_dependencies as pd_rules
from jupyterlab_promote.engine.rules.parameters_dependencies import (
    declared,
    literals,
    notebook_installs,
    paths,
)

from factories import cell, notebook, notebook_json, violations

PARAMETERS = {"tags": ["parameters"]}


def sources(nb_json):
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in nb_json["cells"]]


def apply_fix(cells, violation, fix_index=0):
    nb_json, files = apply_edits(notebook_json(*cells), list(violation.fixes[fix_index].edits))
    return nb_json, files


def project(tmp_path, requirements: str | None = "pandas==2.2.0\n"):
    (tmp_path / ".git").mkdir(exist_ok=True)
    if requirements is not None:
        (tmp_path / "requirements.txt").write_text(requirements)
    return tmp_path / "analysis.ipynb"


class TestAbsolutePath:
    def test_flags_unix_windows_home_and_unc_paths_with_position(self):
        cells = ['df = pd.read_csv("/home/alice/churn/customers.csv")', r'x = open("C:\\Users\\bob\\data.xlsx")',
                 "y = load('~/Desktop/data')", r'z = r"\\fileserver\share\sales.csv"', "w = '/kaggle/input/t/train.csv'"]
        found = violations(paths.absolute_path, *cells)
        assert [v.cell.index for v in found] == [0, 1, 2, 3, 4]
        first = found[0]
        assert (first.line, first.column, first.end_column) == (1, 17, 50)
        assert "'/home/alice/churn/customers.csv'" in first.message
        assert "C:\\Users\\bob\\data.xlsx" in found[1].message

    def test_urls_routes_regexes_docstrings_dates_and_system_paths_are_fine(self):
        cells = ['url = "https://example.com/home/alice/data.csv"', 'requests.get("/data/v1/items")',
                 'def f():\n    """Reads /home/alice/x.csv."""', "re.compile(r'[a-z]:\\d+')", "d = '1/2/2020'",
                 "open('/dev/null'); os.listdir('/tmp/work'); p = '/usr/share/fonts/x.ttf'", "k = '~/.kaggle/kaggle.json'",
                 "print('saved to /home/alice/out.csv')", "s = '/'", "speed = '10 km/h'", "drive.mount('/content/drive')"]
        assert violations(paths.absolute_path, *cells) == []

    def test_paths_in_the_parameters_cell_are_already_parameters(self):
        assert violations(paths.absolute_path, cell('DATA = "/mnt/data/x.csv"', metadata=PARAMETERS)) == []

    def test_shell_lines_are_reported_on_the_line_without_a_fix(self):
        found = violations(paths.absolute_path, "x = 1\n!ls /content/drive/MyDrive/data", "!ssh host cat /home/u/x")
        assert [(v.cell.index, v.line, v.column) for v in found] == [(0, 2, 4)]
        assert found[0].fixes == ()

    def test_fix_creates_a_parameters_cell_after_the_imports(self):
        cells = [cell("# Churn", cell_type="markdown"), "import pandas as pd", 'df = pd.read_csv("/home/alice/customers.csv")']
        [v] = violations(paths.absolute_path, *cells)
        assert v.fixes[0].applicability == "safe"
        fixed, _ = apply_fix(cells, v)
        assert sources(fixed) == ["# Churn", "import pandas as pd", 'CUSTOMERS_CSV = "/home/alice/customers.csv"\n',
                                  "df = pd.read_csv(CUSTOMERS_CSV)"]
        assert fixed["cells"][2]["metadata"]["tags"] == ["parameters"]

    def test_fix_appends_to_an_existing_parameters_cell_with_a_unique_name(self):
        cells = [cell("DATA_DIR = 'data'", metadata=PARAMETERS), "data_dir = 1",
                 "data_dir = '/mnt/shared/raw/'"]
        [v] = violations(paths.absolute_path, *cells)
        fixed, _ = apply_fix(cells, v)
        assert sources(fixed)[0] == "DATA_DIR = 'data'\nDATA_DIR_2 = '/mnt/shared/raw/'"
        assert sources(fixed)[2] == "data_dir = DATA_DIR_2"

    def test_a_parameters_cell_below_the_use_makes_the_fix_unsafe(self):
        cells = ["df = open('/Users/bob/a.txt')", cell("N = 1", metadata=PARAMETERS)]
        [v] = violations(paths.absolute_path, *cells)
        assert v.fixes[0].applicability == "unsafe"

    def test_constants_in_a_settings_cell_get_the_cell_tagged(self):
        cells = ["import os\nDATA = '/data/projects/churn'\nN = 3", "print(DATA)"]
        [v] = violations(paths.absolute_path, *cells)
        fixed, _ = apply_fix(cells, v)
        assert fixed["cells"][0]["metadata"]["tags"] == ["parameters"]
        assert sources(fixed) == sources(notebook_json(*cells))

    def test_a_constant_line_moves_whole_into_the_parameters_cell(self):
        cells = ["import pandas as pd", "DATA = '/data/projects/churn.csv'\ndf = pd.read_csv(DATA)"]
        [v] = violations(paths.absolute_path, *cells)
        fixed, _ = apply_fix(cells, v)
        assert sources(fixed) == ["import pandas as pd", "DATA = '/data/projects/churn.csv'\n", "df = pd.read_csv(DATA)"]

    def test_f_strings_are_reported_without_a_fix(self):
        [v] = violations(paths.absolute_path, "p = f'/home/{user}/data.csv'")
        assert v.fixes == ()


class TestHardcodedParameter:
    def test_flags_file_names_hyperparameters_dates_and_thresholds(self):
        cells = ['df = pd.read_csv("sales_2023.csv")', "m = RandomForestClassifier(n_estimators=500, max_depth=8)",
                 "recent = df[df.date > '2023-01-01']", "hits = df[df['proba'] >= 0.75]"]
        found = violations(literals.hardcoded_parameter, *cells)
        assert [v.message.split(" is ")[0] for v in found] == [
            "File name \"sales_2023.csv\"", "Hyper-parameter n_estimators=500", "Date '2023-01-01'", "Threshold 0.75"]
        assert "(and 1 more in this cell)" in found[1].message

    def test_quiet_when_a_parameters_cell_exists(self):
        cells = [cell("N = 1", metadata=PARAMETERS), 'df = pd.read_csv("sales.csv")']
        assert violations(literals.hardcoded_parameter, *cells) == []

    def test_styling_priors_assertions_equality_and_settings_cells_are_fine(self):
        cells = ["plt.hist(x, alpha=0.5)", "p = pm.Beta('p', alpha=1.0, beta=1.0)", "assert loss < 0.25", "assert (w == torch.load('ref.pt')).all()",
                 "rows = df[df.rate == 0.07]", "TEST_SIZE = 0.2\nDATA = 'x.csv'", "if len(x) > 1.5: pass",
                 "split(X, test_size=TEST_SIZE)", "with open('config.yaml') as f:\n    cfg = yaml.safe_load(f)",
                 "settings = json.load(open('settings.json'))"]
        assert violations(literals.hardcoded_parameter, *cells) == []

    def test_findings_are_capped_per_notebook(self):
        cells = [f"m{i} = Ridge(alpha={i}.5)" for i in range(12)]
        assert len(violations(literals.hardcoded_parameter, *cells)) == literals.MAX_FINDINGS

    def test_fix_moves_the_literal_under_the_keyword_name(self):
        cells = ["import numpy as np", "clf = SVC(C=10)"]
        [v] = violations(literals.hardcoded_parameter, *cells)
        fixed, _ = apply_fix(cells, v)
        assert sources(fixed) == ["import numpy as np", "C = 10\n", "clf = SVC(C=C)"]


class TestUndeclaredDependency:
    def test_flags_an_import_missing_from_requirements_and_offers_a_pinned_line(self, tmp_path):
        path = project(tmp_path)
        found = violations(declared.undeclared_dependency, "import pandas as pd\nimport nbformat", path=path)
        assert [(v.cell.index, v.line) for v in found] == [(0, 2)]
        assert "'nbformat'" in found[0].message and "requirements.txt" in found[0].message
        [edit] = found[0].fixes[0].edits
        assert edit["path"] == "requirements.txt" and edit["action"] == "append"
        assert edit["content"].startswith("nbformat==")

    def test_import_names_map_to_distribution_names(self, tmp_path):
        path = project(tmp_path, "scikit-learn==1.4\nPillow\nPyYAML\nopencv-python-headless\n")
        cells = ["from sklearn.linear_model import Ridge", "from PIL import Image\nimport yaml, cv2"]
        assert violations(declared.undeclared_dependency, *cells, path=path) == []

    def test_stdlib_local_relative_future_and_optional_imports_are_fine(self, tmp_path):
        path = project(tmp_path, "")
        (tmp_path / "features.py").write_text("")
        cells = ["from __future__ import annotations\nimport os, json\nfrom . import x\nimport features",
                 "try:\n    import ujson as json\nexcept ImportError:\n    import json", "import IPython"]
        assert violations(declared.undeclared_dependency, *cells, path=path) == []

    def test_packages_of_an_editable_install_are_local(self, tmp_path):
        path = project(tmp_path, "-e ./lib\n")
        (tmp_path / "lib" / "src" / "churnlib").mkdir(parents=True)
        assert violations(declared.undeclared_dependency, "import churnlib", path=path) == []

    def test_reads_pyproject_and_environment_files(self, tmp_path):
        path = project(tmp_path, None)
        (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\ndependencies = ["numpy"]\n')
        (tmp_path / "environment.yml").write_text("dependencies:\n  - pandas\n  - pip:\n    - lightgbm\n")
        found = violations(declared.undeclared_dependency, "import numpy, pandas, lightgbm, xgboost", path=path)
        assert [v.message.split("'")[1] for v in found] == ["xgboost"]
        assert found[0].fixes[0].applicability == "manual"

    def test_one_notebook_finding_when_no_file_declares_anything(self, tmp_path):
        path = project(tmp_path, None)
        found = violations(declared.undeclared_dependency, "import pandas as pd", "import nbformat\nimport os",
                           path=path)
        assert len(found) == 1 and found[0].cell is None
        assert "nbformat, pandas" in found[0].message
        [edit] = found[0].fixes[0].edits
        assert edit["action"] == "create" and "nbformat==" in edit["content"] and "pandas" in edit["content"]

    def test_names_no_known_package_has_are_never_written_as_requirements(self, tmp_path):
        path = project(tmp_path, None)
        found = violations(declared.undeclared_dependency, "import pandas\nimport utils, helpers_zq", path=path)
        assert found[0].message.endswith(
            "dependencies: pandas; and helpers_zq, utils, which no known package or file of the project provides")
        [edit] = found[0].fixes[0].edits
        assert "pandas" in edit["content"] and "utils" not in edit["content"] and "helpers" not in edit["content"]
        (only_unknown,) = violations(declared.undeclared_dependency, "import utils", path=path)
        assert only_unknown.fixes == () and "utils, which no known package" in only_unknown.message

    def test_an_unknown_name_beside_a_requirements_file_gets_a_manual_fix(self, tmp_path):
        path = project(tmp_path, "pandas\n")
        (found,) = violations(declared.undeclared_dependency, "import pandas, utils", path=path)
        assert found.message == ("'utils' is imported but not declared in requirements.txt, and no known package "
                                 "or file of the project provides it")
        assert [(fix.applicability, fix.title.split(",")[0]) for fix in found.fixes][:1] == [
            ("manual", "Add utils.py to the project")]

    def test_quiet_without_a_path(self):
        assert violations(declared.undeclared_dependency, "import pandas") == []

    def test_modules_the_notebook_writes_or_downloads_are_local(self, tmp_path):
        path = project(tmp_path, "")
        cells = ["%%writefile my_rnn_library.py\ndef rnn(x):\n    return x", "import my_rnn_library",
                 "!wget -nc https://example.org/course/utils.py", "from utils import first_layer",
                 "import cmdstanpy"]
        found = violations(declared.undeclared_dependency, *cells, path=path)
        assert [v.message.split("'")[1] for v in found] == ["cmdstanpy"]

    def test_after_a_change_of_working_folder_only_known_packages_count(self, tmp_path):
        path = project(tmp_path, "")
        cells = ["import os\nos.chdir(os.path.join('..', 'notebook_format'))", "from formats import load_style",
                 "import sklearn"]
        found = violations(declared.undeclared_dependency, *cells, path=path)
        assert [v.message.split("'")[1] for v in found] == ["sklearn"]

    def test_the_report_is_the_same_whatever_the_environment_maps(self, tmp_path, monkeypatch):
        from jupyterlab_promote.engine.project import dependencies

        path = project(tmp_path, "scikit-learn==1.4\nopencv-python-headless==4.9\nPillow==10.0\n")
        cells = ["import sklearn, cv2, yaml, bs4, skimage\nfrom PIL import Image", "import dateutil, fitz, umap",
                 "import os\nos.chdir(os.environ['DATA'])\nimport seaborn, polars"]

        def report():
            return [(v.cell.index, v.line, v.message, [f.title for f in v.fixes])
                    for v in violations(declared.undeclared_dependency, *cells, path=path)]

        monkeypatch.setattr(dependencies, "installed_distributions", lambda: {})
        empty = report()
        monkeypatch.setattr(dependencies, "installed_distributions",
                            lambda: {name: ("a-local-fork",) for name in ("yaml", "bs4", "skimage", "fitz", "seaborn")})
        assert report() == empty
        assert [message.split("'")[1] for _, _, message, _ in empty] == [
            "yaml", "bs4", "skimage", "dateutil", "fitz", "umap", "seaborn", "polars"]
        assert "(package PyYAML)" in empty[0][2] and "(package python-dateutil)" in empty[3][2]

    def test_a_notebook_that_steps_out_and_back_is_checked_from_its_own_folder(self, tmp_path):
        (tmp_path / "repo").mkdir()
        path = project(tmp_path / "repo", "pandas==2.2\n")
        cells = ["import os\npath = os.getcwd()\nos.chdir(os.path.join('..', 'notebook_format'))\n"
                 "from nb_formatting_helpers import load_style", "os.chdir(path)\nimport pandas\nimport lightfm",
                 "import inhouse_toolkit"]
        found = violations(declared.undeclared_dependency, *cells, path=path)
        assert [(v.cell.index, v.message.split("'")[1]) for v in found] == [(1, "lightfm"), (2, "inhouse_toolkit")]

    def test_imports_before_a_later_chdir_are_checked(self, tmp_path):
        path = project(tmp_path, "")
        cells = ["import inhouse_toolkit", "import os\nos.chdir(input('where?'))\nimport other_unknown\nimport lightfm"]
        found = violations(declared.undeclared_dependency, *cells, path=path)
        assert [v.message.split("'")[1] for v in found] == ["inhouse_toolkit", "lightfm"]

    def test_folders_moved_to_or_added_to_sys_path_inside_the_project_hold_local_modules(self, tmp_path):
        (tmp_path / "repo" / "notebooks").mkdir(parents=True)
        path = project(tmp_path / "repo", "").parent / "notebooks" / "analysis.ipynb"
        (tmp_path / "repo" / "src" / "churnlib").mkdir(parents=True)
        (tmp_path / "repo" / "helpers.py").write_text("")
        (tmp_path / "repo" / "tools" / "plotkit").mkdir(parents=True)
        cells = ["import sys\nsys.path.append('../src/')\nimport churnlib\nprint(sys.path)",
                 "sys.path.insert(0, str(Path.cwd().parent / 'tools'))\nimport plotkit",
                 "%cd ..\nimport helpers\nimport inhouse_toolkit"]
        found = violations(declared.undeclared_dependency, *cells, path=path)
        assert [v.message.split("'")[1] for v in found] == ["inhouse_toolkit"]

    def test_a_pinned_install_in_the_notebook_is_declared_in_the_wrong_place(self, tmp_path):
        path = project(tmp_path, "pandas==2.2\n")
        cells = ["%pip install -q lightgbm==4.1\n!pip install shap", "import pandas, lightgbm, shap",
                 "if IN_COLAB:\n    !pip install optuna==3.6\nimport optuna"]
        found = violations(declared.undeclared_dependency, *cells, path=path)
        assert [v.message.split("'")[1] for v in found] == ["shap", "optuna"]
        installs = violations(notebook_installs.pip_install_in_notebook, *cells, path=path)
        assert [v.message for v in installs] == [
            "Cell runs `pip install -q lightgbm==4.1`: the pin belongs in requirements.txt, where the environment "
            "is built, not in the notebook",
            "Cell runs `pip install shap`: declare the packages in requirements.txt instead of installing them "
            "from the notebook"]

    def test_an_install_of_what_the_requirements_already_declare_is_told_so(self, tmp_path):
        path = project(tmp_path, "pandas==2.2\nshap==0.45\n")
        [v] = violations(notebook_installs.pip_install_in_notebook, "%pip install shap==0.45 pandas", path=path)
        assert v.message == ("Cell runs `pip install shap==0.45 pandas`: already declared in requirements.txt: the "
                             "environment is built from it, not by the notebook")
        assert v.fixes[0].edits[-1]["type"] != "file"  # nothing to add, the line is only deleted

    def test_pinned_installs_leave_the_no_requirements_finding_when_they_cover_everything(self, tmp_path):
        path = project(tmp_path, None)
        assert violations(declared.undeclared_dependency, "%pip install polars==1.0\nimport polars", path=path) == []
        [v] = violations(declared.undeclared_dependency, "%pip install polars==1.0\nimport polars, lightfm",
                         path=path)
        assert v.message.endswith(": lightfm")

    def test_without_a_requirements_file_inside_the_servers_root_the_message_says_so(self, tmp_path):
        root = tmp_path / "root"
        (root / "work").mkdir(parents=True)
        (tmp_path / "requirements.txt").write_text("pandas\n")
        config = Config(boundary=root.resolve())
        nb = notebook_from_dict(notebook_json("import pandas"), root / "work" / "nb.ipynb", config)
        [v] = declared.undeclared_dependency(nb)
        assert v.message == ("No requirements file within the server's root (folders above it are not read) "
                             "declares this notebook's dependencies: pandas")
        nb = notebook_from_dict(notebook_json("import pandas"), root / "work" / "nb.ipynb")
        assert list(declared.undeclared_dependency(nb)) == []


class TestPipInstallInNotebook:
    def test_flags_pip_and_conda_installs(self):
        cells = ["!pip install xgboost", "%pip install -q lightgbm==4.1", "!conda install -c conda-forge -y shap",
                 "!{sys.executable} -m pip install catboost", "!python -m pip install --upgrade pip", "!ls"]
        found = violations(notebook_installs.pip_install_in_notebook, *cells)
        assert [v.cell.index for v in found] == [0, 1, 2, 3]
        assert "`pip install xgboost`" in found[0].message

    def test_reported_on_the_right_line_inside_a_capture_cell(self):
        [v] = violations(notebook_installs.pip_install_in_notebook, "%%capture\n%pip install transformers")
        assert v.line == 2

    def test_fix_moves_packages_to_requirements_and_deletes_the_line(self, tmp_path):
        path = project(tmp_path, "pandas==2.2.0\n")
        cells = ["!pip install pandas seaborn\nimport seaborn"]
        [v] = violations(notebook_installs.pip_install_in_notebook, *cells, path=path)
        fixed, files = apply_fix(cells, v)
        assert sources(fixed) == ["import seaborn"]
        assert files == [{"type": "file", "path": "requirements.txt", "action": "append", "content": "seaborn\n"}]
        assert v.fixes[0].applicability == "unsafe"

    def test_fix_deletes_a_cell_left_empty(self):
        cells = ["import os", "# setup\n!pip install shap"]
        [v] = violations(notebook_installs.pip_install_in_notebook, *cells)
        fixed, _ = apply_fix(cells, v)
        assert sources(fixed) == ["import os"]


    def test_fix_keeps_an_indented_block_valid(self):
        cells = ["if not HAVE_TFX:\n    %pip install -q tfx\nimport tfx"]
        [v] = violations(notebook_installs.pip_install_in_notebook, *cells)
        fixed, _ = apply_fix(cells, v)
        assert sources(fixed) == ["if not HAVE_TFX:\n    pass\nimport tfx"]

    def test_installs_that_run_only_on_colab_or_kaggle_are_runtime_setup(self):
        cells = ["if IS_COLAB or IS_KAGGLE:\n    %pip install -q -U urlextract",
                 "if 'google.colab' in sys.modules:\n    !pip install shap\nelse:\n    !pip install lime"]
        found = violations(notebook_installs.pip_install_in_notebook, *cells)
        assert [(v.cell.index, v.line) for v in found] == [(1, 4)]

    def test_installing_the_requirements_file_is_told_apart(self):
        [v] = violations(notebook_installs.pip_install_in_notebook, "!pip install -r requirements.txt")
        assert v.message == ("Cell runs `pip install -r requirements.txt`: install the environment before the "
                             "notebook runs, not from it")
        assert v.fixes[0].title == "Delete this line"


class TestUnpinnedRequirement:
    def test_lists_requirements_without_versions_once(self, tmp_path):
        path = project(tmp_path, "pandas\nnumpy==1.26\nseaborn>=0.13\nrequests  # http\n")
        [v] = violations(declared.unpinned_requirement, "import pandas", path=path)
        assert v.cell is None and "2 requirements" in v.message and "pandas, requests" in v.message

    def test_pinned_locked_or_missing_requirements_are_fine(self, tmp_path):
        path = project(tmp_path, "pandas==2.2\n")
        assert violations(declared.unpinned_requirement, "import pandas", path=path) == []
        (tmp_path / "requirements.txt").write_text("pandas\n")
        (tmp_path / "poetry.lock").write_text("")
        assert violations(declared.unpinned_requirement, "import pandas", path=path) == []
        assert violations(declared.unpinned_requirement, "import pandas") == []


def test_rules_table_keeps_the_contract_names():
    by_name = {rule.name: rule for rule in pd_rules.RULES}
    assert by_name["absolute-path"].code == "PD001"
    assert {"hardcoded-parameter", "undeclared-dependency"} <= set(by_name)
    assert all(rule.category == "parameters_dependencies" and rule.doc for rule in pd_rules.RULES)


def test_rules_never_raise_on_odd_notebooks(tmp_path):
    odd = [notebook(), notebook("def broken(:"), notebook("%%bash\nls /home/x"),
           notebook("import pandas", path=tmp_path / "x.ipynb"),
           notebook("x = 1", metadata={"kernelspec": {"name": "ir", "language": "R"}, "language_info": {"name": "R"}})]
    for nb in odd:
        for rule in pd_rules.RULES:
            list(rule.check(nb))


def test_the_missing_requirements_are_listed_by_name_whatever_is_installed(tmp_path, monkeypatch):
    from jupyterlab_promote.engine.rules.parameters_dependencies import declared

    source = "import pandas_datareader\nimport pandas\nimport numpy"
    nb_path = project(tmp_path, requirements=None)
    unpinned = [v.message for v in violations(declared.undeclared_dependency, source, path=nb_path)]
    pins = {"pandas": "pandas==2.2.3", "numpy": "numpy==2.1.0"}
    original = declared.requirement_line
    monkeypatch.setattr(declared, "requirement_line", lambda module: pins.get(original(module), original(module)))
    pinned = [v.message for v in violations(declared.undeclared_dependency, source, path=nb_path)]
    assert unpinned == pinned
    assert pinned[0].endswith("numpy, pandas, pandas-datareader")
