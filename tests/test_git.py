import shutil
import subprocess
from pathlib import Path

import pytest

from jupyterlab_promote.engine.project import git, git_index
from jupyterlab_promote.engine.project.config import load_config
from jupyterlab_promote.engine.project.ewah_bitmap import ewah_positions
from jupyterlab_promote.engine.project.folder import Project
from jupyterlab_promote.engine.report.analysis import analyze_dict

from factories import notebook_json

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


def test_an_unreadable_index_leaves_tracking_unknown(tmp_path):
    git_dir = tmp_path / ".git"
    git_dir.mkdir()
    (git_dir / "HEAD").write_text("ref: refs/heads/main\n")
    (git_dir / "index").write_bytes(b"DIRC\x00\x00\x00\x09\x00\x00\x00\x00")  # a version no reader knows
    repo = git.find_repository(tmp_path)
    assert git.is_tracked(repo, tmp_path / "a.ipynb") is None


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


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), "-c", "core.splitIndex=true", *args], check=True, capture_output=True,
                   timeout=30)


def _tracked_by_reader(folder: Path) -> frozenset[str] | None:
    index = folder / ".git" / "index"
    return git_index.index_paths(index, index.stat().st_mtime_ns, index.stat().st_size, 20)


def test_a_split_index_is_read_with_its_shared_index(tmp_path):
    assert git_init(tmp_path)
    (tmp_path / "b.ipynb").write_text("{}")
    names = [f"nb{number:03}.ipynb" for number in range(130)]  # past two 64-bit bitmap words
    for name in names:
        (tmp_path / name).write_text("{}")
    _git(tmp_path, "add", *names)
    _git(tmp_path, "update-index", "--split-index")
    assert list((tmp_path / ".git").glob("sharedindex.*"))
    repo = git.find_repository(tmp_path)
    assert _tracked_by_reader(tmp_path) == frozenset(names)
    assert git.is_tracked(repo, tmp_path / "nb000.ipynb") is True
    assert git.is_tracked(repo, tmp_path / "b.ipynb") is False
    # A deletion, a modification and an addition: the link extension's delete and replace bitmaps
    # are no longer empty, and the added entry lives in the split index only.
    _git(tmp_path, "rm", "-q", "--cached", "nb003.ipynb", "nb100.ipynb")
    (tmp_path / "nb005.ipynb").write_text('{"cells": []}')
    _git(tmp_path, "add", "nb005.ipynb", "b.ipynb")
    expected = (frozenset(names) - {"nb003.ipynb", "nb100.ipynb"}) | {"b.ipynb"}
    listed = subprocess.run(["git", "-C", str(tmp_path), "ls-files"], capture_output=True, text=True, check=True,
                            timeout=30).stdout.split()
    assert frozenset(listed) == expected
    own, link = git_index._parse_index((tmp_path / ".git" / "index").read_bytes(), 20)
    deleted, end = ewah_positions(link, 20, len(names))
    assert deleted == {3, 100} and 5 in ewah_positions(link, end, len(names))[0]  # both bitmaps in use
    assert _tracked_by_reader(tmp_path) == expected
    assert git.is_tracked(repo, tmp_path / "nb003.ipynb") is False
    assert git.is_tracked(repo, tmp_path / "nb005.ipynb") is True


def test_a_split_index_whose_shared_index_is_missing_is_unknown(tmp_path):
    assert git_init(tmp_path)
    (tmp_path / "a.ipynb").write_text("{}")
    _git(tmp_path, "add", "a.ipynb")
    _git(tmp_path, "update-index", "--split-index")
    for shared in (tmp_path / ".git").glob("sharedindex.*"):
        shared.unlink()
    assert git.is_tracked(git.find_repository(tmp_path), tmp_path / "a.ipynb") is None


def test_a_boundary_keeps_repositories_and_the_paths_they_name_inside_it(tmp_path):
    assert git_init(tmp_path)
    root = tmp_path / "root"
    (root / "nested").mkdir(parents=True)
    boundary = root.resolve()
    # The repository is above the boundary: not read, but known to be there.
    assert git.find_repository(root / "nested", boundary) is None
    assert Project(root.resolve(), boundary).repository_beyond_boundary
    assert git.find_repository(root / "nested").root == tmp_path
    # A repository inside whose `.git` file, include.path and attributes file point out of the boundary.
    inner = root / "inner"
    inner.mkdir()
    assert git_init(inner)
    (tmp_path / "filters.cfg").write_text('[filter "nbstripout"]\n\tclean = nbstripout\n')
    (tmp_path / "attributes").write_text("*.ipynb filter=nbstripout\n")
    with (inner / ".git" / "config").open("a") as config:
        config.write(f"[include]\n\tpath = {tmp_path / 'filters.cfg'}\n"
                     f"[core]\n\tattributesfile = {tmp_path / 'attributes'}\n")
    notebook = inner / "nb.ipynb"
    notebook.write_text("{}")
    unbounded = git.find_repository(inner)
    assert git.notebook_filter(unbounded, notebook)[0] == "nbstripout" and git.filter_defined(unbounded, "nbstripout")
    bounded = git.find_repository(inner, boundary)
    assert bounded is not None and git.notebook_filter(bounded, notebook) is None
    assert not git.filter_defined(bounded, "nbstripout")
    linked = root / "linked"
    linked.mkdir()
    (linked / ".git").write_text(f"gitdir: {tmp_path / '.git'}\n")
    assert git.find_repository(linked, boundary) is None and git.find_repository(linked).git_dir == tmp_path / ".git"


def test_git_files_that_are_fifos_or_devices_are_not_read(tmp_path):
    import os

    assert git_init(tmp_path)
    (tmp_path / "nb.ipynb").write_text("{}")
    git_add(tmp_path, "nb.ipynb")
    (tmp_path / ".git" / "index").unlink()
    (tmp_path / ".git" / "index").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / ".gitattributes")
    (tmp_path / ".git" / "config").unlink()
    os.mkfifo(tmp_path / ".git" / "config")
    repo = git.find_repository(tmp_path)
    assert git.is_tracked(repo, tmp_path / "nb.ipynb") is None
    assert git.output_stripping(repo, tmp_path / "nb.ipynb").filter is None


def test_a_repository_above_the_boundary_is_not_said_to_be_missing(tmp_path):
    assert git_init(tmp_path / "repo")
    data = notebook_json("x = 1")
    for folder, missing in ((tmp_path / "repo" / "root", False), (tmp_path / "plain" / "root", True)):
        folder.mkdir(parents=True)
        notebook = folder / "nb.ipynb"
        notebook.write_text("{}")
        entry = analyze_dict(data, "nb.ipynb", notebook, load_config(notebook, folder.resolve()))
        assert ("VC004" in {f["code"] for f in entry["findings"]}) is missing
