from jupyterlab_promote.engine.project.dependencies import (
    declared_dependencies,
    distributions_for,
    is_declared,
    is_third_party,
    local_modules,
    requirement_line,
)
from jupyterlab_promote.engine.project.folder import Project
from jupyterlab_promote.engine.project.requirement_files import (
    normalize,
    parse_environment_yml,
    parse_pipfile,
    parse_pyproject,
    parse_requirement,
    parse_requirements_txt,
    parse_setup_cfg,
    parse_setup_py,
)


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
