"""[tool.jupyterlab_promote] in pyproject.toml, and suppression in cells."""

from pathlib import Path

import pytest

from jupyterlab_promote.engine.project.config import Config, ConfigError, load_config

from factories import cell, report


def write_pyproject(folder: Path, body: str) -> None:
    (folder / "pyproject.toml").write_text(body, encoding="utf-8")


def test_defaults_without_pyproject(tmp_path):
    config = load_config(tmp_path / "nb.ipynb")
    assert config.select == () and config.ignore == () and config.min_score is None


def test_nearest_pyproject_is_used(tmp_path):
    write_pyproject(tmp_path, '[tool.jupyterlab_promote]\nignore = ["HS003"]\nmin_score = 80\n'
                              '[tool.jupyterlab_promote.thresholds]\nlong_cell_lines = 10\n')
    (tmp_path / "sub").mkdir()
    config = load_config(tmp_path / "sub" / "nb.ipynb")
    assert config.ignore == ("HS003",) and config.min_score == 80
    assert config.threshold("long_cell_lines", 50) == 10 and config.threshold("other", 7) == 7
    assert not config.enabled("HS003", "unexecuted-cell") and config.enabled("HS004", "use-before-definition")


def test_a_path_through_dot_dot_is_judged_by_its_real_folders(tmp_path):
    # `project/sub/../../other/nb.ipynb`: the folders above it are other's, not project's.
    (tmp_path / "project" / "sub").mkdir(parents=True)
    write_pyproject(tmp_path / "project", '[tool.jupyterlab_promote]\nignore = ["HS003"]\n')
    (tmp_path / "other").mkdir()
    config = load_config(tmp_path / "project" / "sub" / ".." / ".." / "other" / "nb.ipynb")
    assert config.ignore == () and config.root is None
    assert load_config(tmp_path / "other" / ".." / "project" / "sub" / "nb.ipynb").ignore == ("HS003",)


def test_select_accepts_prefixes_and_names():
    config = Config(select=("HS", "absolute-path"))
    assert config.enabled("HS001", "out-of-order-execution")
    assert config.enabled("PD001", "absolute-path")
    assert not config.enabled("SC001", "hardcoded-secret")


def test_per_path_ignores(tmp_path):
    write_pyproject(tmp_path, '[tool.jupyterlab_promote.per_path_ignores]\n"drafts/*.ipynb" = ["HS"]\n')
    config = load_config(tmp_path)
    assert not config.enabled("HS001", "x", tmp_path / "drafts" / "a.ipynb")
    assert config.enabled("HS001", "x", tmp_path / "final" / "a.ipynb")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("[tool.jupyterlab_promote]\nignore = \"HS001\"\n", "'ignore' must be a list"),
        ("[tool.jupyterlab_promote]\nmin_score = 200\n", "'min_score'"),
        ("[tool.jupyterlab_promote]\nmax_notebook_mb = -1\n", "'max_notebook_mb'"),
        ("[tool.jupyterlab_promote]\nselekt = []\n", "unknown key(s) selekt"),
        ("this is not toml = = =", "cannot read it"),
    ],
)
def test_bad_configuration_says_what_is_wrong(tmp_path, body, words):
    write_pyproject(tmp_path, body)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert words in str(caught.value)


def codes(entry) -> list[str]:
    return [f["code"] for f in entry["findings"]]


def test_ignore_comment_on_the_line():
    entry = report("y = x  # promote: ignore[HS004]", "x = 1")
    assert "HS004" not in codes(entry)


def test_ignore_comment_for_another_code_does_not_suppress():
    entry = report("y = x  # promote: ignore[HS001]", "x = 1")
    assert "HS004" in codes(entry)


def test_ignore_comment_at_the_top_of_the_cell_covers_the_cell():
    entry = report("# promote: ignore\ny = x\nz = w", "x = 1\nw = 2")
    assert "HS004" not in codes(entry)


def test_ignore_tag_on_the_cell():
    entry = report(cell("y = x", metadata={"tags": ["promote-ignore"]}), "x = 1")
    assert codes(entry) == []


def test_a_boundary_keeps_a_pyproject_above_it_or_linked_out_of_it_unread(tmp_path):
    write_pyproject(tmp_path, "[tool.jupyterlab_promote]\nselect = ['HS']\n")
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    assert load_config(root / "sub" / "nb.ipynb").select == ("HS",)
    config = load_config(root / "sub" / "nb.ipynb", root.resolve())
    assert config.select == () and config.boundary == root.resolve()
    (root / "sub" / "pyproject.toml").symlink_to(tmp_path / "pyproject.toml")
    assert load_config(root / "sub" / "nb.ipynb", root.resolve()).select == ()
    assert load_config(root / "sub" / "nb.ipynb").select == ("HS",)

