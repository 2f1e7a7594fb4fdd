import shutil
import subprocess
from pathlib import Path

import pytest

from jupyterlab_promote.engine import git, git_index
from jupyterlab_promote.engine.project import Project

HAS_GIT = shutil.which("git") is not None


pytestmark = pytest.mark.usefixtures("isolated_home")


def git_init(folder: Path) -> bool:
    """`git init` the folder; False when git is not installed (the tests then check the no-repo answers)."""
    if not HAS_GIT:
        return False
    subprocess.run(["git", "init", "-q", str(folder)], check=True, capture_output=True)
    return True


def git_add(folder: Path, *paths: str) -> None:
    subprocess.run(["git", "-C", str(folder), "add", *paths], check=True, capture_output=True)


def test_a_plain_folder_is_not_a_repository(tmp_path):
    assert git.find_repository(tmp_path) is None
    assert git.find_repository(None) is None
    assert Project.around(tmp_path / "nb.ipynb").git_root is None


def test_finds_the_work_tree_from_a_subfolder(tmp_path):
    inited = git_init(tmp_path)
    (tmp_path / "notebooks").mkdir()
    repo = git.find_repository(tmp_path / "notebooks")
    if not inited:
        assert repo is None
        return
    assert repo is not None and repo.root == tmp_path and repo.git_dir == tmp_path / ".git"
    assert Project.around(tmp_path / "notebooks" / "a.ipynb").git_root == tmp_path


def test_a_path_through_dot_dot_leaves_the_repository_it_names(tmp_path):
    inited = git_init(tmp_path / "repo")
    (tmp_path / "repo" / "sub").mkdir(parents=True, exist_ok=True)
    (tmp_path / "elsewhere").mkdir()
    outside = Project.around(tmp_path / "repo" / "sub" / ".." / ".." / "elsewhere" / "nb.ipynb")
    assert outside.folder == (tmp_path / "elsewhere").resolve() and outside.git_root is None
    inside = Project.around(tmp_path / "elsewhere" / ".." / "repo" / "sub" / "nb.ipynb")
    assert inside.git_root == ((tmp_path / "repo").resolve() if inited else None)


def test_a_git_file_pointing_to_a_worktree_directory(tmp_path):
    main_git = tmp_path / "main" / ".git"
    worktree_git = main_git / "worktrees" / "feature"
    worktree_git.mkdir(parents=True)
    (main_git / "HEAD").write_text("ref: refs/heads/main\n")
    (worktree_git / "HEAD").write_text("ref: refs/heads/feature\n")
    (worktree_git / "commondir").write_text("../..\n")
    checkout = tmp_path / "feature"
    checkout.mkdir()
    (checkout / ".git").write_text(f"gitdir: {worktree_git}\n")
    repo = git.find_repository(checkout)
    assert repo is not None
    assert (repo.root, repo.git_dir, repo.common_dir) == (checkout, worktree_git.resolve(), main_git.resolve())


def test_a_broken_git_file_is_not_a_repository(tmp_path):
    (tmp_path / ".git").write_text("not a pointer")
    assert git.find_repository(tmp_path) is None


@pytest.mark.parametrize("version", [2, 3, 4])
def test_tracked_and_untracked_files_in_every_index_version(tmp_path, version):
    if not git_init(tmp_path):
        assert git.find_repository(tmp_path) is None
        return
    (tmp_path / "deep" / "er").mkdir(parents=True)
    for name in ("a.ipynb", "deep/b.ipynb", "deep/er/c.ipynb", "deep/er/d.ipynb"):
        (tmp_path / name).write_text("{}")
    git_add(tmp_path, "a.ipynb", "deep/b.ipynb", "deep/er/c.ipynb")
    subprocess.run(["git", "-C", str(tmp_path), "update-index", "--index-version", str(version)], check=True)
    repo = git.find_repository(tmp_path)
    assert git.is_tracked(repo, tmp_path / "a.ipynb") is True
    assert git.is_tracked(repo, tmp_path / "deep" / "er" / "c.ipynb") is True
    assert git.is_tracked(repo, tmp_path / "deep" / "er" / "d.ipynb") is False
    assert git.is_tracked(repo, tmp_path / "deep" / "b.ipynb") is True


def test_a_new_repository_without_an_index_tracks_nothing(tmp_path):
    if not git_init(tmp_path):
        assert git.find_repository(tmp_path) is None
        return
    assert git.is_tracked(git.find_repository(tmp_path), tmp_path / "a.ipynb") is False


def test_a_git_add_is_seen_at_once(tmp_path):
    if not git_init(tmp_path):
        return
    (tmp_path / "a.ipynb").write_text("{}")
    repo = git.find_repository(tmp_path)
    assert git.is_tracked(repo, tmp_path / "a.ipynb") is False
    git_add(tmp_path, "a.ipynb")
    assert git.is_tracked(repo, tmp_path / "a.ipynb") is True


def test_an_unreadable_index_falls_back_to_git_and_copes_without_it(tmp_path, monkeypatch):
    git_dir = tmp_path / ".git"
    git_dir.mkdir()
    (git_dir / "HEAD").write_text("ref: refs/heads/main\n")
    (git_dir / "index").write_bytes(b"DIRC\x00\x00\x00\x09\x00\x00\x00\x00")  # a version no reader knows
    repo = git.find_repository(tmp_path)
    monkeypatch.setattr(git_index.subprocess, "run", _no_git)
    assert git.is_tracked(repo, tmp_path / "a.ipynb") is None


def _no_git(*args, **kwargs):
    raise FileNotFoundError("git")


def test_parse_config_sections_subsections_and_comments():
    config = git.parse_config('[core]\n\tbare = false\n[filter "nbstripout"]\n  clean = "python -m nbstripout" # x\n'
                              "[Filter.old]\nclean=cat\n; comment\n")
    assert config[("filter", "nbstripout")]["clean"] == "python -m nbstripout"
    assert config[("filter", "old")]["clean"] == "cat"
    assert config[("core", None)]["bare"] == "false"


def test_attribute_lines_set_and_unset_the_filter():
    assert git.parse_attributes("# c\n*.ipynb filter=nbstripout diff=ipynb\nraw/*.ipynb -filter\n[attr]x a\n") == (
        ("*.ipynb", "nbstripout"), ("raw/*.ipynb", None))


def _repo_with_notebook(tmp_path: Path) -> tuple[git.Repository, Path]:
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / "nbs").mkdir()
    notebook = tmp_path / "nbs" / "a.ipynb"
    notebook.write_text("{}")
    return git.find_repository(tmp_path), notebook


def test_no_stripping_configured(tmp_path):
    repo, notebook = _repo_with_notebook(tmp_path)
    setup = git.output_stripping(repo, notebook)
    assert not setup.configured and setup.filter is None


def test_filter_in_gitattributes_without_install_does_not_strip(tmp_path):
    repo, notebook = _repo_with_notebook(tmp_path)
    (tmp_path / ".gitattributes").write_text("*.ipynb filter=nbstripout\n")
    setup = git.output_stripping(repo, notebook)
    assert (setup.filter, setup.filter_installed, setup.strips_outputs) == ("nbstripout", False, False)
    assert setup.filter_source == tmp_path / ".gitattributes"


def test_filter_installed_in_the_clone_strips(tmp_path):
    repo, notebook = _repo_with_notebook(tmp_path)
    (tmp_path / ".git" / "info" / "attributes").write_text("*.ipynb filter=nbstripout\n")
    (tmp_path / ".git" / "config").write_text('[filter "nbstripout"]\n\tclean = nbstripout\n')
    assert git.output_stripping(repo, notebook).strips_outputs


def test_a_nearer_attributes_file_unsets_the_filter(tmp_path):
    repo, notebook = _repo_with_notebook(tmp_path)
    (tmp_path / ".gitattributes").write_text("*.ipynb filter=nbstripout\n")
    (tmp_path / "nbs" / ".gitattributes").write_text("a.ipynb -filter\n")
    assert git.output_stripping(repo, notebook).filter is None


def test_path_patterns_are_relative_to_their_attributes_file(tmp_path):
    repo, notebook = _repo_with_notebook(tmp_path)
    (tmp_path / ".gitattributes").write_text("nbs/*.ipynb filter=nbstripout\nother/*.ipynb filter=x\n")
    assert git.output_stripping(repo, notebook).filter == "nbstripout"


def test_global_install_counts(tmp_path, isolated_home):
    repo, notebook = _repo_with_notebook(tmp_path)
    (isolated_home / ".gitconfig").write_text('[filter "nbstripout"]\n clean = nbstripout\n[core]\n attributesfile = ~/.gitattributes\n')
    (isolated_home / ".gitattributes").write_text("*.ipynb filter=nbstripout\n")
    assert git.output_stripping(repo, notebook).strips_outputs


def test_pre_commit_hooks_and_jupytext_configuration(tmp_path):
    repo, notebook = _repo_with_notebook(tmp_path)
    (tmp_path / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: https://github.com/kynan/nbstripout\n    hooks:\n      - id: nbstripout\n      - id: ruff\n")
    setup = git.output_stripping(repo, notebook)
    assert setup.hooks == frozenset({"nbstripout"}) and setup.strips_outputs
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n")
    (tmp_path / "jupytext.toml").write_text('formats = "ipynb,py:percent"\n')
    setup = git.output_stripping(repo, notebook)
    assert setup.configured and not setup.strips_outputs and setup.pairing == tmp_path / "jupytext.toml"


def test_a_split_index_is_answered_by_git_itself(tmp_path):
    if not git_init(tmp_path):
        assert git.find_repository(tmp_path) is None
        return
    (tmp_path / "a.ipynb").write_text("{}")
    (tmp_path / "b.ipynb").write_text("{}")
    git_add(tmp_path, "a.ipynb")
    subprocess.run(["git", "-C", str(tmp_path), "update-index", "--split-index"], check=True, capture_output=True)
    repo = git.find_repository(tmp_path)
    index = tmp_path / ".git" / "index"
    assert git_index.index_paths(index, index.stat().st_mtime_ns, index.stat().st_size, 20) is None
    assert git.is_tracked(repo, tmp_path / "a.ipynb") is True
    assert git.is_tracked(repo, tmp_path / "b.ipynb") is False
