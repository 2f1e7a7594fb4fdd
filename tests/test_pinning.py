"""Pin what ran: the text written into requirements.txt, pyproject.toml and environment.yml."""

from jupyterlab_promote.engine.project.pinning import (
    pin_environment_yml,
    pin_pyproject,
    pin_requirements_txt,
    pinned_file_text,
)

PINS = {"pandas": "2.2.2", "scikit-learn": "1.5.0", "numpy": "1.26.4"}


def test_requirements_pins_in_place_keeps_everything_else_and_appends_the_rest():
    before = ("# data\nPandas[performance]>=1.5 ; python_version>'3.8'  # fast\n-r base.txt\n"
              "scikit_learn\ngit+https://github.com/x/numpy.git#egg=numpy\nrequests==2.31\n")
    after = pin_requirements_txt(before, PINS)
    assert after == ("# data\nPandas[performance]==2.2.2 ; python_version>'3.8'  # fast\n-r base.txt\n"
                     "scikit_learn==1.5.0\ngit+https://github.com/x/numpy.git#egg=numpy\nrequests==2.31\n"
                     "numpy==1.26.4\n")


def test_requirements_without_a_final_newline_hash_locked_lines_and_continuations():
    before = "numpy==1.0 \\\n    --hash=sha256:abc\npandas>=1 \\\n    ; python_version>'3'\r\nscikit-learn"
    after = pin_requirements_txt(before, PINS)
    assert after == ("numpy==1.0 \\\n    --hash=sha256:abc\npandas==2.2.2 \\\n    ; python_version>'3'\r\n"
                     "scikit-learn==1.5.0")
    assert pin_requirements_txt("", {"pandas": "2.2.2"}) == "pandas==2.2.2\n"


def test_pyproject_multiline_list_keeps_order_comments_and_other_tables():
    before = ('[build-system]\nrequires = ["hatchling"]\n\n[project]\nname = "p"\ndependencies = [\n'
              '    "pandas>=2",  # frames\n    "rich",\n]\n\n[tool.x]\ndependencies = ["numpy"]\n')
    after = pin_pyproject(before, PINS)
    assert after == ('[build-system]\nrequires = ["hatchling"]\n\n[project]\nname = "p"\ndependencies = [\n'
                     '    "pandas==2.2.2",  # frames\n    "rich",\n    "scikit-learn==1.5.0",\n    "numpy==1.26.4",\n]\n'
                     '\n[tool.x]\ndependencies = ["numpy"]\n')


def test_pyproject_one_line_and_empty_lists_and_a_file_without_a_project_table():
    assert pin_pyproject('[project]\ndependencies = ["numpy[extra]"]\n', {"numpy": "1.26.4", "rich": "13"}) == \
        '[project]\ndependencies = ["numpy[extra]==1.26.4", "rich==13"]\n'
    assert pin_pyproject("[project]\ndependencies = []\n", {"rich": "13"}) == '[project]\ndependencies = ["rich==13"]\n'
    assert pin_pyproject("[tool.ruff]\nline-length = 100\n", PINS) == "[tool.ruff]\nline-length = 100\n"


def test_environment_yml_conda_and_pip_items_in_place_new_ones_in_the_pip_list():
    before = ("name: x\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.11\n  - conda-forge::numpy>=1.2\n"
              "  - pip\n  - pip:\n      - pandas  # via pip\n")
    after = pin_environment_yml(before, PINS)
    assert after == ("name: x\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.11\n"
                     "  - conda-forge::numpy==1.26.4\n  - pip\n  - pip:\n      - pandas==2.2.2  # via pip\n"
                     "      - scikit-learn==1.5.0\n")


def test_environment_yml_without_a_pip_list_gets_one_after_its_last_dependency():
    before = "dependencies:\n  - pandas\nvariables:\n  - X\n"
    after = pin_environment_yml(before, {"pandas": "2.2.2", "rich": "13"})
    assert after == "dependencies:\n  - pandas==2.2.2\n  - pip:\n    - rich==13\nvariables:\n  - X\n"


def test_the_file_kind_is_told_by_its_name():
    assert pinned_file_text("requirements-dev.txt", "pandas\n", {"pandas": "2"}) == "pandas==2\n"
    assert pinned_file_text("pyproject.toml", "[project]\ndependencies = []\n", {"pandas": "2"}) == \
        '[project]\ndependencies = ["pandas==2"]\n'
    assert pinned_file_text("environment.yaml", "dependencies:\n  - pandas\n", {"pandas": "2"}) == \
        "dependencies:\n  - pandas==2\n"
    assert pinned_file_text("setup.py", "", {"pandas": "2"}) is None
