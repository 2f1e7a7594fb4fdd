"""The folder around a notebook: where its requirements, git repository and tests are.

Rules that need the project ask `nb.project`. A notebook sent without a path (or a path that does not
exist) gets a Project with no folder, and those rules stay quiet. Looking for files is a handful of
`stat` calls, cheap enough for every live re-analysis; reading and parsing them is cached by path,
modification time and size, so an edited requirements file is seen at once by a long-running server.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Project:
    folder: Path | None
    """The notebook's own folder."""

    @staticmethod
    def around(notebook_path: Path | None) -> "Project":
        if notebook_path is None:
            return Project(None)
        folder = notebook_path.absolute().parent
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


def parse_file_cached(path: Path, parse: Callable[[str], T]) -> T | None:
    """parse(text of path), cached until the file changes; None when it cannot be read as UTF-8."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _parse(path, stat.st_mtime_ns, stat.st_size, parse)


@lru_cache(maxsize=512)
def _parse(path: Path, _mtime_ns: int, _size: int, parse: Callable[[str], T]) -> T | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return parse(text)
