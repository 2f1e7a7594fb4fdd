"""The folder around a notebook: where its requirements, git repository and tests are.

Rules that need the project ask `nb.project`. A notebook sent without a path (or a path that does not
exist) gets a Project with no folder, and those rules stay quiet. In the server the project has a
`boundary` (the server's root): no folder above it is searched and no file that leads out of it is read.
Looking for files is a handful of `stat` calls, cheap enough for every live re-analysis; reading and
parsing them is cached by path, modification time and size, so an edited requirements file is seen at once
by a long-running server. Files are read, and parses cached, through :mod:`.files.bounded`: regular files of a
bounded size.
"""

import os
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..files.bounded import upwards, within

if TYPE_CHECKING:
    from .git import Repository

TEST_FOLDERS = ("tests", "test")
# Test suites are small; the cap keeps a live analysis fast when a notebook sits in a huge tree.
MAX_TEST_FILES = 2000


@dataclass(frozen=True)
class Project:
    folder: Path | None
    """The notebook's own folder."""
    boundary: Path | None = None
    """The resolved folder nothing outside of which is read (the server's root); None: no limit (the CLI)."""

    @staticmethod
    def around(notebook_path: Path | None, boundary: Path | None = None) -> "Project":
        if notebook_path is None:
            return Project(None, boundary)
        try:
            # resolve(), not absolute(): the parents of `a/../b` lexically include `a`.
            folder = notebook_path.resolve().parent
            usable = folder.is_dir() and within(folder, boundary)
        except (OSError, RuntimeError):  # a link loop on the way
            usable = False
        return Project(folder if usable else None, boundary)

    def folders_upwards(self) -> tuple[Path, ...]:
        """The notebook's folder and those above it, up to the boundary."""
        return upwards(self.folder, self.boundary)

    def readable(self, path: Path) -> bool:
        """Whether the analysis may read this path: it stays inside the boundary, links followed."""
        return within(path, self.boundary)

    def find_upwards(self, *names: str, stop_at_root: bool = True) -> Path | None:
        """The nearest file or folder with one of these names, from the notebook's folder upwards.

        The search stops at the repository root (the folder holding `.git`) when there is one, so a
        notebook is not judged by files outside its project.
        """
        for candidate in self.folders_upwards():
            for name in names:
                path = candidate / name
                if path.exists() and self.readable(path):
                    return path
            if stop_at_root and (candidate / ".git").exists():
                return None
        return None

    @cached_property
    def git_repository(self) -> "Repository | None":
        """The git work tree around the notebook (see :mod:`.git`), or None."""
        from .git import find_repository

        return find_repository(self.folder, self.boundary)

    @cached_property
    def repository_beyond_boundary(self) -> bool:
        """Whether a `.git` sits above the boundary: a repository the analysis may not read, so it cannot
        tell whether the notebook is tracked (only names are looked at, nothing there is opened)."""
        if self.folder is None or self.boundary is None or self.git_repository is not None:
            return False
        return any(os.path.lexists(folder / ".git") for folder in self.boundary.parents)

    @property
    def git_root(self) -> Path | None:
        repository = self.git_repository
        return repository.root if repository else None

    def nearest(self, *names: str) -> Path | None:
        """Like :meth:`find_upwards`, answered from directory listings cached by modification time.

        For rules that look for many names (CI configurations): one `stat` per folder instead of one per
        name and folder. A name may have one sub-path (`.github/workflows`), checked on disk when its
        first part is listed.
        """
        for candidate in self.folders_upwards():
            listed = folder_listing(candidate)
            for name in names:
                first, _, rest = name.partition("/")
                if first in listed and (not rest or (candidate / name).exists()) and self.readable(candidate / name):
                    return candidate / name
            if ".git" in listed:
                return None
        return None

    @cached_property
    def tests_folder(self) -> Path | None:
        """The nearest `tests/` or `test/` folder, from the notebook's folder up to the repository root."""
        found = self.nearest(*TEST_FOLDERS)
        return found if found is not None and found.is_dir() else None

    @cached_property
    def test_files(self) -> tuple[Path, ...]:
        """pytest-style files (`test_*.py`, `*_test.py`) in the tests folder and next to the notebook."""
        if self.folder is None:
            return ()
        found = [self.folder / name for name in _test_file_names(folder_listing(self.folder))
                 if self.readable(self.folder / name)]
        if self.tests_folder is not None:
            found += _test_files_below(self.tests_folder, self.boundary)
        return tuple(dict.fromkeys(found[:MAX_TEST_FILES]))


def _test_files_below(top: Path, boundary: Path | None) -> list[Path]:
    """The test files in a folder and its subfolders (hidden ones and links to folders left out), top
    folder first as os.walk gives them; a link to a file is kept only when it stays inside the boundary."""
    found: list[Path] = []
    pending, visited = [os.fspath(top)], 0
    while pending and len(found) <= MAX_TEST_FILES and visited <= MAX_TEST_FILES:
        folder, visited = pending.pop(0), visited + 1
        subfolders = []
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        if not entry.name.startswith(".") and entry.name != "__pycache__":
                            subfolders.append(entry.path)
                    elif _is_test_file(entry.name) and (not entry.is_symlink() or within(entry.path, boundary)):
                        found.append(Path(entry.path))
        except OSError:
            continue
        pending[:0] = sorted(subfolders)
    return found


_LISTING_MEMOS: list = []


def per_listing(maxsize: int):
    """functools.lru_cache for a function of a folder listing, emptied with the listings
    (:func:`forget_folder_listings`). Kept after them, an entry would still be found for the listing read
    again, an equal frozenset but another object, by comparing the two name by name on every look-up:
    10,000 names for each notebook of a folder of 10,000 (a batch run's notebooks took a quarter longer
    after its first emptying)."""
    def decorate(function):
        cached = lru_cache(maxsize=maxsize)(function)
        _LISTING_MEMOS.append(cached)
        return cached

    return decorate


@per_listing(maxsize=16)
def _test_file_names(listing: frozenset[str]) -> tuple[str, ...]:
    """The test files' names of a folder listing, sorted: kept with the listing, so the notebooks of a
    folder of thousands do not each sort and filter all its names."""
    return tuple(sorted(name for name in listing if _is_test_file(name)))


def _is_test_file(name: str) -> bool:
    return name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py"))


def folder_listing(folder: Path) -> frozenset[str]:
    """The names in a folder; a folder's modification time changes when an entry is added or removed."""
    try:
        return _list_folder(folder, folder.stat().st_mtime_ns)
    except OSError:
        return frozenset()


def forget_folder_listings() -> None:
    """Drop the kept listings (a batch run empties them on its schedule: each is asked by one folder's notebooks)."""
    _list_folder.cache_clear()
    for memo in _LISTING_MEMOS:
        memo.cache_clear()


@lru_cache(maxsize=1024)
def _list_folder(folder: Path, _mtime_ns: int) -> frozenset[str]:
    try:
        return frozenset(os.listdir(folder))
    except OSError:
        return frozenset()
