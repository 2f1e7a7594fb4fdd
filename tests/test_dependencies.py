from importlib.metadata import distributions, packages_distributions, version
from pathlib import Path

from jupyterlab_promote.engine.project import dependencies, installed
from jupyterlab_promote.engine.project.dependencies import (
    declared_dependencies,
    distributions_for,
    is_declared,
    is_known_distribution,
    is_third_party,
    local_modules,
    requirement_line,
    searched_up_to_boundary,
)
from jupyterlab_promote.engine.project.environment_files import (
    parse_conda_explicit,
    parse_dockerfile,
    parse_post_build,
)
from jupyterlab_promote.engine.project.folder import Project
from jupyterlab_promote.engine.project.import_names import GENERATED_TABLE, generated_table
from jupyterlab_promote.engine.project.install_commands import install_command, requirement_files_named
from jupyterlab_promote.engine.project.requirement_files import (
    normalize,
    parse_environment_yml,
    parse_pipfile,
    parse_pyproject,
    parse_requirement,
    parse_requirements_txt,
)
from jupyterlab_promote.engine.project.setup_files import parse_setup_cfg, parse_setup_py


def names(requirements):
    return [r.name for r in requirements]


class TestRequirementLines:
    def test_names_specifiers_extras_markers_and_urls(self):
        assert not parse_requirement("pandas").pinned
        assert parse_requirement("Scikit_Learn>=1.2 ; python_version>'3.8'").pinned
        assert parse_requirement("requests[socks]==2.31").name == "requests"
        assert parse_requirement("torch @ https://x/torch.whl").pinned
        assert parse_requirement("git+https://github.com/a/b.git#egg=bee").name == "bee"
        assert parse_requirement("https://host/pkgs/shiny_lib-1.0-py3-none-any.whl").name == "shiny_lib"
        assert parse_requirement("./local/folder") is None
        assert parse_requirement("--index-url https://x") is None

    def test_normalize_follows_pep_503(self):
        assert normalize("Scikit_Learn") == normalize("scikit.learn") == "scikit-learn"

    def test_requirements_txt_comments_continuations_options_and_includes(self):
        text = ("# data stack\npandas==2.2.0  # pinned\nnumpy \\\n  >=1.26\n-r base.txt\n--requirement=dev.txt\n"
                "-e .\n-e git+https://g/x.git#egg=xpkg\n--index-url https://pypi.org/simple\n-c constraints.txt\n"
                "seaborn\n")
        parsed = parse_requirements_txt(text)
        assert names(parsed.requirements) == ["pandas", "numpy", "xpkg", "seaborn"]
        assert [r.pinned for r in parsed.requirements] == [True, True, True, False]
        assert parsed.requirements[1].line == 3
        assert parsed.includes == ("base.txt", "dev.txt")
        assert parsed.editable_paths == (".",)


class TestProjectFiles:
    def test_pep_621_and_optional_dependencies(self):
        text = '[project]\nname = "churn"\ndependencies = ["pandas>=2", "numpy"]\n' \
               '[project.optional-dependencies]\nplot = ["matplotlib"]\n[tool.ruff]\nline-length = 100\n'
        parsed = parse_pyproject(text)
        assert names(parsed.requirements) == ["pandas", "numpy", "matplotlib"]
        assert parsed.project_name == "churn" and parsed.declares

    def test_poetry_tables_skip_python(self):
        text = '[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\npython = "^3.10"\npandas = "^2.0"\n' \
               'torch = {version = "*", source = "pytorch"}\n[tool.poetry.group.dev.dependencies]\npytest = "*"\n'
        parsed = parse_pyproject(text)
        assert names(parsed.requirements) == ["pandas", "torch", "pytest"]
        assert [r.pinned for r in parsed.requirements] == [True, False, False]

    def test_tool_settings_only_pyproject_declares_nothing(self):
        assert not parse_pyproject("[tool.black]\nline-length = 88\n").declares
        assert not parse_pyproject("this is [not toml").declares

    def test_environment_yml_conda_and_pip_sections(self):
        text = ("name: demo\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.11\n  - numpy=1.26\n"
                "  - conda-forge::pandas>=2  # comment\n  - pip\n  - pip:\n    - lightgbm==4.1\n"
                "    - -r extra.txt\nvariables:\n  A: 1\n")
        parsed = parse_environment_yml(text)
        assert names(parsed.requirements) == ["numpy", "pandas", "pip", "lightgbm"]
        assert parsed.includes == ("extra.txt",)

    def test_pipfile_setup_cfg_and_setup_py(self):
        assert names(parse_pipfile('[packages]\nrequests = "*"\n[dev-packages]\npytest = "*"\n').requirements) == [
            "requests", "pytest"]
        cfg = "[metadata]\nname = lib\n[options]\ninstall_requires =\n    numpy\n    scipy>=1\n" \
              "[options.extras_require]\nplot = matplotlib\n"
        assert names(parse_setup_cfg(cfg).requirements) == ["numpy", "scipy", "matplotlib"]
        py = "from setuptools import setup\nsetup(name='lib', install_requires=['pandas', 'xgboost>=2'])\n"
        parsed = parse_setup_py(py)
        assert names(parsed.requirements) == ["pandas", "xgboost"] and parsed.project_name == "lib"
        assert parse_setup_py("setup(").requirements == ()


class TestImportNames:
    def test_static_table_and_namespace_packages(self):
        assert distributions_for("sklearn.ensemble")[0] == "scikit-learn"
        assert distributions_for("google.cloud.storage")[0] == "google-cloud-storage"
        assert distributions_for("google.protobuf")[0] == "protobuf"
        assert "opencv-python-headless" in distributions_for("cv2")

    def test_declared_under_another_name(self):
        keys = frozenset({"scikit-learn", "pillow", "python-dotenv", "google-cloud-bigquery", "py-xgboost"})
        assert is_declared("sklearn", keys)
        assert is_declared("PIL.Image", keys)
        assert is_declared("dotenv", keys)
        assert is_declared("google.cloud.bigquery", keys)
        assert is_declared("xgboost", keys)
        assert not is_declared("lightgbm", keys)

    def test_standard_library_runtime_and_python2_modules_are_not_third_party(self):
        assert not is_third_party("os.path")
        assert not is_third_party("google.colab")
        assert not is_third_party("cPickle")
        assert not is_third_party("addressbook_pb2")
        assert is_third_party("pandas")

    def test_requirement_line_pins_installed_versions(self):
        assert requirement_line("nbformat").startswith("nbformat==")
        assert requirement_line("surely_not_installed_pkg") == "surely_not_installed_pkg"


class TestDeclaredDependencies:
    def test_nearest_declaring_folder_wins_and_follows_includes(self, tmp_path):
        (tmp_path / ".git").mkdir()
        (tmp_path / "requirements.txt").write_text("-r requirements/base.txt\nseaborn\n")
        (tmp_path / "requirements").mkdir()
        (tmp_path / "requirements" / "base.txt").write_text("pandas==2.2\n")
        notebooks = tmp_path / "notebooks"
        notebooks.mkdir()
        (notebooks / "pyproject.toml").write_text("[tool.black]\nline-length = 88\n")
        declared = declared_dependencies(Project(notebooks))
        assert declared is not None and declared.root == tmp_path
        assert {"pandas", "seaborn"} <= declared.keys
        assert declared.requirements_file == tmp_path / "requirements.txt"
        assert sorted(names(declared.file_requirements)) == ["pandas", "seaborn"]

    def test_a_requirements_file_saved_as_utf16_by_powershell_is_read(self, tmp_path):
        (tmp_path / ".git").mkdir()
        (tmp_path / "requirements.txt").write_bytes("numpy==1.25.1\r\nmatplotlib==3.7.2\r\n".encode("utf-16"))
        declared = declared_dependencies(Project(tmp_path))
        assert declared is not None and {"numpy", "matplotlib"} <= declared.keys

    def test_a_misspelt_or_capitalised_requirements_file_declares_too(self, tmp_path):
        for name in ("requiremets.txt", "Requirements.txt", "requirement.txt", "requirments.txt"):
            folder = tmp_path / name.replace(".", "_")
            (folder / ".git").mkdir(parents=True)
            (folder / name).write_text("seaborn\n")
            declared = declared_dependencies(Project(folder))
            assert declared is not None and "seaborn" in declared.keys, name
        for name in ("retirements.txt", "requests.txt", "notes.txt", "environment.txt"):
            folder = tmp_path / name.replace(".", "_")
            (folder / ".git").mkdir(parents=True)
            (folder / name).write_text("seaborn\n")
            declared = declared_dependencies(Project(folder))
            assert declared is None or "seaborn" not in declared.keys, name

    def test_bytes_that_are_neither_utf8_nor_utf16_with_a_mark_declare_nothing(self, tmp_path):
        (tmp_path / ".git").mkdir()
        (tmp_path / "requirements.txt").write_bytes("numpy\r\n".encode("utf-16-le") + b"\xff")
        declared = declared_dependencies(Project(tmp_path))
        assert declared is None or "numpy" not in declared.keys

    def test_stops_at_the_repository_root(self, tmp_path):
        (tmp_path / "requirements.txt").write_text("pandas\n")
        repo = tmp_path / "repo"
        (repo / ".git").mkdir(parents=True)
        assert declared_dependencies(Project(repo)) is None

    def test_include_cycles_do_not_loop(self, tmp_path):
        (tmp_path / ".git").mkdir()
        (tmp_path / "requirements.txt").write_text("-r requirements.txt\nnumpy\n")
        assert names(declared_dependencies(Project(tmp_path)).requirements) == ["numpy"]

    def test_an_edited_file_is_read_again(self, tmp_path):
        (tmp_path / ".git").mkdir()
        path = tmp_path / "requirements.txt"
        path.write_text("numpy\n")
        assert "pandas" not in declared_dependencies(Project(tmp_path)).keys
        path.write_text("numpy\npandas\n")
        assert "pandas" in declared_dependencies(Project(tmp_path)).keys

    def test_a_boundary_keeps_includes_links_and_folders_above_it_unread(self, tmp_path):
        root = tmp_path / "root"
        (root / "included").mkdir(parents=True)
        (root / "linked").mkdir()
        (root / "above").mkdir()
        (tmp_path / "other.txt").write_text("outsideword\n")
        (tmp_path / "requirements.txt").write_text("aboveword\n")
        (root / "included" / "requirements.txt").write_text("-r ../../other.txt\n-e ../../lib\nnumpy\n")
        (root / "linked" / "requirements.txt").symlink_to(tmp_path / "other.txt")
        boundary = root.resolve()
        included = declared_dependencies(Project((root / "included").resolve(), boundary))
        assert names(included.requirements) == ["numpy"] and included.local_roots == ((root / "included").resolve(),)
        assert declared_dependencies(Project((root / "linked").resolve(), boundary)) is not None
        assert "outsideword" not in declared_dependencies(Project((root / "linked").resolve(), boundary)).keys
        assert declared_dependencies(Project((root / "above").resolve(), boundary)) is None
        # Without a boundary (the CLI), the checkout's own files are read as they name each other.
        assert "outsideword" in declared_dependencies(Project((root / "included").resolve())).keys
        assert "aboveword" in declared_dependencies(Project((root / "above").resolve())).keys

    def test_local_modules(self, tmp_path):
        (tmp_path / "features.py").write_text("")
        (tmp_path / "mylib").mkdir()
        (tmp_path / "data.csv").write_text("")
        assert {"features", "mylib"} <= local_modules(tmp_path)
        assert "data" not in local_modules(tmp_path)


COMMON_IMPORTS = {"sklearn": "scikit-learn", "cv2": "opencv-python", "PIL": "Pillow", "yaml": "PyYAML",
                  "bs4": "beautifulsoup4", "skimage": "scikit-image", "dateutil": "python-dateutil",
                  "Crypto": "pycryptodome", "fitz": "PyMuPDF", "umap": "umap-learn", "dotenv": "python-dotenv",
                  "pydantic_settings": "pydantic-settings", "win32gui": "pywin32", "seaborn": "seaborn"}


def verdicts():
    keys = frozenset({"scikit-learn", "opencv-python-headless", "pillow", "pyyaml", "beautifulsoup4"})
    return {module: (distributions_for(module)[0], is_declared(module, keys), is_known_distribution(module),
                     is_third_party(module)) for module in [*COMMON_IMPORTS, "polars", "transformers"]}


class TestSameAnswerWhereverItRuns:
    def test_common_imports_map_to_their_distributions_with_nothing_installed(self, monkeypatch):
        monkeypatch.setattr(dependencies, "installed_distributions", lambda: {})
        assert {module: distributions_for(module)[0] for module in COMMON_IMPORTS} == COMMON_IMPORTS

    def test_what_is_installed_does_not_change_the_verdict_on_known_imports(self, monkeypatch):
        monkeypatch.setattr(dependencies, "installed_distributions", lambda: {})
        empty = verdicts()
        odd = {name: ("some-fork",) for name in [*COMMON_IMPORTS, "polars", "transformers"]}
        monkeypatch.setattr(dependencies, "installed_distributions", lambda: odd)
        assert verdicts() == empty
        assert empty["cv2"][1] and empty["sklearn"][1] and not empty["dotenv"][1]

    def test_the_environment_adds_imports_the_tables_do_not_know(self, monkeypatch):
        monkeypatch.setattr(dependencies, "installed_distributions", lambda: {"inhouse_kit": ("inhouse-toolkit",)})
        assert distributions_for("inhouse_kit")[0] == "inhouse-toolkit"
        assert is_known_distribution("inhouse_kit")
        monkeypatch.setattr(dependencies, "installed_distributions", lambda: {})
        assert distributions_for("inhouse_kit") == ("inhouse_kit",) and not is_known_distribution("inhouse_kit")

    def test_names_projects_give_their_own_modules_are_not_known_packages(self, monkeypatch):
        monkeypatch.setattr(dependencies, "installed_distributions", lambda: {})
        for name in ("utils", "config", "helpers", "data", "src", "tests", "common", "models", "tools"):
            assert not is_known_distribution(name), name
        for name in ("polars", "transformers", "requests", "datasets", "lightfm"):
            assert is_known_distribution(name), name

    def test_the_standard_library_of_every_supported_python_is_not_third_party(self):
        for module in ("imp", "distutils.core", "asyncore", "tomllib", "telnetlib", "os", "cPickle"):
            assert not is_third_party(module), module

    def test_the_generated_table_is_shipped_beside_the_code_and_read(self):
        assert GENERATED_TABLE.parent == Path(dependencies.__file__).parent
        table = generated_table()
        assert len(table) > 10_000 and table["cv2"][0] == "opencv-python" and table["numpy"] == ("numpy",)


CONDA_SPEC = """# This file may be used to create an environment using:
# $ conda create --name <env> --file <this file>
# platform: linux-64
@EXPLICIT
https://conda.anaconda.org/conda-forge/linux-64/python-3.11.7-hab00c5b_1_cpython.conda
https://conda.anaconda.org/conda-forge/linux-64/numpy-1.26.4-py311h64a7726_0.conda
https://repo.anaconda.com/pkgs/main/linux-64/scikit-learn-1.3.0-py311ha02d727_0.tar.bz2#ab12cd
https://conda.anaconda.org/conda-forge/noarch/python-dateutil-2.9.0-pyhd8ed1ab_0.conda
"""

DOCKERFILE = """FROM python:3.11-slim
# tools first
RUN apt-get update && apt-get install -y git \\
    && rm -rf /var/lib/apt/lists/*
COPY docker-reqs.txt /tmp/
RUN pip install --no-cache-dir -r /tmp/docker-reqs.txt
RUN PIP_NO_CACHE_DIR=1 python -m pip install \\
    # the model stack
    torch==2.2.0 \\
    lightgbm && pip install --upgrade pip
RUN ["pip", "install", "shap==0.45"]
RUN conda install -y -c conda-forge conda-forge::xgboost=2.0
RUN <<EOF
pip install polars
EOF
"""


class TestEnvironmentFiles:
    def test_conda_explicit_spec(self):
        parsed = parse_conda_explicit(CONDA_SPEC)
        assert names(parsed.requirements) == ["numpy", "scikit-learn", "python-dateutil"]
        assert all(r.pinned for r in parsed.requirements) and parsed.requirements[0].line == 6
        assert not parse_conda_explicit("numpy\npandas\n").declares

    def test_a_conda_spec_under_any_of_its_names_declares(self, tmp_path):
        (tmp_path / ".git").mkdir()
        (tmp_path / "spec-file.txt").write_text(CONDA_SPEC)
        assert {"numpy", "scikit-learn"} <= declared_dependencies(Project(tmp_path)).keys
        (tmp_path / "spec-file.txt").unlink()
        (tmp_path / "requirements.txt").write_text(CONDA_SPEC)  # `conda list --explicit > requirements.txt`
        declared = declared_dependencies(Project(tmp_path))
        assert "numpy" in declared.keys and "https" not in declared.keys

    def test_dockerfile_runs_continuations_exec_form_heredocs_and_copied_files(self):
        parsed = parse_dockerfile(DOCKERFILE)
        assert names(parsed.requirements) == ["torch", "lightgbm", "shap", "xgboost", "polars"]
        assert [r.pinned for r in parsed.requirements] == [True, False, True, True, False]
        assert parsed.requirements[0].line == 7
        assert parsed.includes == ("docker-reqs.txt",) and parsed.declares
        assert not parse_dockerfile("FROM python:3.11\nRUN apt-get install -y git\n").declares

    def test_a_dockerfile_and_the_files_it_installs_from_declare(self, tmp_path):
        (tmp_path / ".git").mkdir()
        (tmp_path / "docker").mkdir()
        (tmp_path / "docker" / "Dockerfile").write_text(DOCKERFILE)
        (tmp_path / "docker" / "docker-reqs.txt").write_text("pandas==2.2\n")
        declared = declared_dependencies(Project(tmp_path))
        assert {"pandas", "torch", "polars"} <= declared.keys
        assert declared.requirements_file is None

    def test_binder_post_build_script(self, tmp_path):
        script = "#!/bin/bash\nset -e\npip install --no-cache-dir \\\n    altair==5.0 \\\n    vega_datasets\njupyter lab build\n"
        parsed = parse_post_build(script)
        assert names(parsed.requirements) == ["altair", "vega_datasets"] and parsed.requirements[0].line == 3
        (tmp_path / ".git").mkdir()
        (tmp_path / "binder").mkdir()
        (tmp_path / "binder" / "postBuild").write_text(script)
        assert "vega-datasets" in declared_dependencies(Project(tmp_path)).keys

    def test_setup_py_lists_named_at_module_level_and_files_it_reads(self):
        py = "REQUIRED = ['numpy', 'scipy>=1']\nsetup(name='lib', install_requires=REQUIRED)\n"
        assert names(parse_setup_py(py).requirements) == ["numpy", "scipy"]
        py = "setup(install_requires=open('requirements/base.txt').read().splitlines())\n"
        assert parse_setup_py(py).includes == ("requirements/base.txt",) and parse_setup_py(py).declares
        py = ("def read_requirements():\n    with open('reqs.in') as f:\n        return f.read().split()\n"
              "setuptools.setup(install_requires=read_requirements())\n")
        assert parse_setup_py(py).includes == ("reqs.in",)
        py = ("with open('requirements.txt') as f:\n    required = f.read().splitlines()\n"
              "with open('README.md') as f:\n    long_description = f.read()\n"
              "setup(install_requires=required, long_description=long_description)\n")
        assert parse_setup_py(py).includes == ("requirements.txt",)
        assert parse_setup_py("setup(install_requires=" + "[" * 300 + "]" * 300 + ")").requirements == ()

    def test_setup_py_is_read_never_run(self, tmp_path):
        marker = tmp_path / "ran"
        py = f"open({str(marker)!r}, 'w').write('x')\nsetup(install_requires=['numpy'])\n"
        assert names(parse_setup_py(py).requirements) == ["numpy"] and not marker.exists()

    def test_setup_cfg_and_pyproject_files_are_includes(self, tmp_path):
        cfg = "[options]\ninstall_requires = file: requirements.txt, extra.txt\n"
        assert parse_setup_cfg(cfg).includes == ("requirements.txt", "extra.txt")
        toml = ('[project]\nname = "x"\ndynamic = ["dependencies"]\n'
                '[tool.setuptools.dynamic]\ndependencies = {file = ["base.txt"]}\n')
        assert parse_pyproject(toml).includes == ("base.txt",) and parse_pyproject(toml).declares
        (tmp_path / ".git").mkdir()
        (tmp_path / "pyproject.toml").write_text(toml)
        (tmp_path / "base.txt").write_text("seaborn==0.13\n")
        assert "seaborn" in declared_dependencies(Project(tmp_path)).keys

    def test_environment_yml_pip_section_includes_requirements(self, tmp_path):
        (tmp_path / ".git").mkdir()
        (tmp_path / "environment.yml").write_text(
            "name: x\ndependencies:\n  - python=3.11\n  - pip\n  - pip:\n    - -r requirements-pip.txt\n")
        (tmp_path / "requirements-pip.txt").write_text("optuna==3.6\n")
        assert "optuna" in declared_dependencies(Project(tmp_path)).keys


class TestInstallCommands:
    def test_installers_and_their_package_words(self):
        assert install_command("!", "pip3.11 install -q lightgbm==4.1 && ls") == ["lightgbm==4.1"]
        assert install_command("!", "uv pip install polars") == ["polars"]
        assert install_command("!", "micromamba install -y -c conda-forge conda-forge::rdkit") == ["rdkit"]
        assert install_command("pip", "install -r requirements.txt") == []
        assert install_command("!", "pipx install black") is None and install_command("run", "x.py") is None
        assert requirement_files_named("pip install -r a.txt --requirement=b.txt -rc.txt") == ["a.txt", "b.txt",
                                                                                                 "c.txt"]


class TestBoundary:
    def test_the_search_stopped_by_the_servers_root_is_told(self, tmp_path):
        root = tmp_path / "root"
        (root / "nb").mkdir(parents=True)
        assert searched_up_to_boundary(Project((root / "nb").resolve(), root.resolve()))
        assert not searched_up_to_boundary(Project((root / "nb").resolve()))
        (root / ".git").mkdir()
        assert not searched_up_to_boundary(Project((root / "nb").resolve(), root.resolve()))


def test_the_table_builder_keeps_popular_owners_and_drops_names_projects_use_for_their_own_modules():
    import importlib.util

    script = Path(__file__).parent.parent / "scripts" / "build_import_table.py"
    spec = importlib.util.spec_from_file_location("build_import_table", script)
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    pairs = [("scikit-learn", "sklearn"), ("sklearn", "sklearn"), ("scikit-learn", "tests"), ("requests", "requests"),
             ("opencv-python", "cv2"), ("opencv-python-headless", "cv2"), ("google-auth", "google"), ("six", "os")]
    pairs += [(f"abandoned{i}", name) for i in range(40) for name in ("utils", "tests", "requests", "cv2")]
    ranking = {"scikit-learn": 90, "sklearn": 3000, "requests": 6, "opencv-python": 300,
               "opencv-python-headless": 400, "google-auth": 50, "six": 20, "abandoned1": 9000}
    table = builder.build(pairs, ranking)
    assert table["sklearn"] == ["scikit-learn", "sklearn"]
    assert table["requests"][0] == "requests"  # 41 providers, but a popular distribution of that very name
    assert "utils" not in table and "tests" not in table  # many providers, no popular owner
    assert "cv2" not in table  # 42 providers, 3 of them ranked: kept only by the hand-kept table
    assert "google" not in table and "os" not in table


def test_installed_distributions_read_as_text_match_importlib():
    expected = {top: tuple(names) for top, names in packages_distributions().items()}
    assert dependencies.installed_distributions() == expected
    assert "nbformat" in dependencies.installed_distributions()["nbformat"]


def test_installed_versions_from_the_scan_match_importlib():
    names = {dist.metadata["Name"] for dist in distributions()}
    assert {name: installed.installed_version(name) for name in names} == {name: version(name) for name in names}
    assert installed.installed_version("NbFormat") == version("nbformat")
    assert installed.installed_version("surely-not-installed-pkg") is None


def test_distribution_names_are_normalized_as_importlib_matches_them():
    assert installed.normalized_name("Scikit.Learn") == installed.normalized_name("scikit-learn") == "scikit_learn"
    assert installed.normalized_name("typing__extensions") == "typing_extensions"


def test_the_metadata_version_is_read_among_the_headers_only():
    assert installed.metadata_version("Metadata-Version: 2.1\nName: x\nVersion: 1.2.3 \n\nVersion: 9") == "1.2.3"
    assert installed.metadata_version("Metadata-Version: 2.1\nName: x\n\nVersion: 9\n") is None


def test_top_level_names_are_inferred_from_the_record_without_top_level_txt():
    class Dist:
        files = {"RECORD": "pkg/__init__.py,sha256=x,10\npkg/sub/mod.py,,\nsolo.py,,\nsolo-1.0.dist-info/METADATA,,\n"
                           "data/table.csv,,\n"}

        def read_text(self, name):
            return self.files.get(name)

    assert installed._inferred_top_level(Dist()) == {"pkg", "solo"}
