"""The folder around a notebook: where its requirements, git repository and tests are.

Rules that need the project ask `nb.project`. A notebook sent without a path (or a path that does not
exist) gets a Project with no folder, and those rules stay quiet. Looking for files is a handful of
`stat` calls, cheap enough for every live re-analysis; reading and parsing them is cached by path,
modification time and size, so an edited requirements file is seen at once by a long-running server.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from .git import Repository

T = TypeVar("T")

TEST_FOLDERS = ("tests", "test")
# Test suites are small; the cap keeps a live analysis fast when a notebook sits in a huge tree.
MAX_TEST_FILES = 2000


@dataclass(frozen=True)
class Project:
    folder: Path | None
    """The notebook's own folder."""

    @staticmethod
    def around(notebook_path: Path | None) -> "Project":
        if notebook_path is None:
            return Project(None)
        # resolve(), not absolute(): the parents of `a/../b` lexically include `a`.
        folder = notebook_path.resolve().parent
        return Project(folder if folder.is_dir() else None)

    def find_upwards(self, *names: str, stop_at_root: bool = True) -> Path | None:
        """The nearest file or folder with one of these names, from the notebook's folder upwards.

        The search stops at the repository root (the folder holding `.git`) when there is one, so a
        notebook is not judged by files outside its project.
        """
        if self.folder is None:
            return None
        for candidate in (self.folder, *self.folder.parents):
            for name in names:
                path = candidate / name
                if path.exists():
                    return path
            if stop_at_root and (candidate / ".git").exists():
                return None
        return None

    @cached_property
    def git_repository(self) -> "Repository | None":
        """The git work tree around the notebook (see :mod:`.git`), or None."""
        from .git import find_repository

        return find_repository(self.folder)

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
        if self.folder is None:
            return None
        for candidate in (self.folder, *self.folder.parents):
            listed = _listing(candidate)
            for name in names:
                first, _, rest = name.partition("/")
                if first in listed and (not rest or (candidate / name).exists()):
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
        found = [self.folder / name for name in sorted(_listing(self.folder)) if _is_test_file(name)]
        if self.tests_folder is not None:
            for visited, (folder, subfolders, files) in enumerate(os.walk(self.tests_folder)):
                subfolders[:] = [d for d in subfolders if not d.startswith(".") and d != "__pycache__"]
                found.extend(Path(folder, name) for name in files if _is_test_file(name))
                if len(found) > MAX_TEST_FILES or visited > MAX_TEST_FILES:
                    break
        return tuple(dict.fromkeys(found[:MAX_TEST_FILES]))


def _is_test_file(name: str) -> bool:
    return name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py"))


def _listing(folder: Path) -> frozenset[str]:
    """The names in a folder; a folder's modification time changes when an entry is added or removed."""
    try:
        return _list_folder(folder, folder.stat().st_mtime_ns)
    except OSError:
        return frozenset()


@lru_cache(maxsize=1024)
def _list_folder(folder: Path, _mtime_ns: int) -> frozenset[str]:
    try:
        return frozenset(os.listdir(folder))
    except OSError:
        return frozenset()


def parse_file_cached(path: Path | str, parse: Callable[[str], T], stat: os.stat_result | None = None) -> T | None:
    """parse(text of path), cached until the file changes; None when it cannot be read as UTF-8.

    Pass the file's stat when a directory scan already has it.
    """
    try:
        stat = stat or os.stat(path)
    except OSError:
        return None
    # Keyed by the path as text: a folder scan asks about every sibling notebook on each analysis,
    # and hashing a new Path object costs more than the stat.
    return _parse(os.fspath(path), stat.st_mtime_ns, stat.st_size, parse)


@lru_cache(maxsize=512)
def _parse(path: str, _mtime_ns: int, _size: int, parse: Callable[[str], T]) -> T | None:
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read()
    except (OSError, UnicodeDecodeError):
        return None
    return parse(text)
