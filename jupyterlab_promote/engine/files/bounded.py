"""Reading a project's files safely: regular files only, never blocking, never past a size limit, and
(in the server) never outside the folder the analysis is allowed to see.

A project is whatever a repository holds, so a name the analysis reads may be a FIFO (an open() that
waits forever for a writer), a link to `/dev/zero` (a read that never ends) or a link out of the project.
The file is opened with O_NONBLOCK and judged by `fstat` of the opened descriptor, so swapping the file
between a check and the open cannot fool the check.
"""

import os
import stat
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# Requirements, pyproject, git config and attributes files are a few KB; test files some tens of KB.
MAX_PROJECT_FILE_BYTES = 2 * 1024 * 1024
# A git index lists every tracked file (about 100 bytes each): a million files fit.
MAX_GIT_INDEX_BYTES = 128 * 1024 * 1024

_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


class UnreadableFile(OSError):
    """A path that names something other than a regular file of a readable size; `str()` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.strerror = reason

    def __str__(self) -> str:
        return self.strerror


class FileTooLarge(UnreadableFile):
    """A regular file over the size limit."""


def read_bounded(path: Path | str, max_bytes: int = MAX_PROJECT_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; raises OSError (UnreadableFile for a FIFO, a
    device, a folder or a file over the limit) instead of blocking or reading without end."""
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise UnreadableFile("not a regular file")
        if status.st_size > max_bytes:
            raise FileTooLarge(f"larger than {_size(max_bytes)}")
        chunks, total = [], 0
        while total <= max_bytes:  # a file that grows while it is read stops at the limit too
            chunk = os.read(descriptor, max_bytes + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise FileTooLarge(f"larger than {_size(max_bytes)}")
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def read_bounded_text(path: Path | str, max_bytes: int = MAX_PROJECT_FILE_BYTES) -> str:
    """As :func:`read_bounded`, decoded as UTF-8 (raises UnicodeDecodeError for other bytes), with line
    ends as `open()` in text mode gives them: `\n` only."""
    text = read_bounded(path, max_bytes).decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def within(path: Path | str, boundary: Path | None) -> bool:
    """Whether the path, its links followed, stays inside `boundary` (a resolved folder); always True
    without a boundary. A path that cannot be resolved (a link loop) is not inside."""
    if boundary is None:
        return True
    base = os.fspath(boundary)
    prefix = base.rstrip(os.sep) + os.sep
    text = os.fspath(path)
    if text.startswith(prefix) and _no_link_below(text, len(prefix)):
        return True  # the common case, told with one lstat per folder below the boundary
    try:
        real = os.path.realpath(text)
    except (OSError, ValueError):
        return False
    return real == base or real.startswith(prefix)


def _no_link_below(path: str, start: int) -> bool:
    """Whether no part of `path` after `start` is a link, `.` or `..` (a missing part is no link)."""
    parts = path[start:].split(os.sep)
    if any(part in ("", ".", "..") for part in parts):
        return False
    for end in range(len(parts)):
        try:
            if stat.S_ISLNK(os.lstat(path[:start] + os.sep.join(parts[: end + 1])).st_mode):
                return False
        except FileNotFoundError:
            return True
        except (OSError, ValueError):
            return False
    return True


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:g} MB"


def upwards(folder: Path | None, boundary: Path | None) -> tuple[Path, ...]:
    """A resolved folder and its parents, the last being `boundary` when the folder is inside it."""
    if folder is None:
        return ()
    found = [folder]
    if folder != boundary:
        for parent in folder.parents:
            found.append(parent)
            if parent == boundary:
                break
    if boundary is not None and found[-1] != boundary:
        return ()  # the folder is not inside the boundary at all
    return tuple(found)


def parse_file_cached(path: Path | str, parse: Callable[[str], T], stat: os.stat_result | None = None,
                      boundary: Path | None = None, max_bytes: int = MAX_PROJECT_FILE_BYTES) -> T | None:
    """parse(text of path), cached until the file changes; None when it cannot be read as UTF-8 (or as
    UTF-16 with its byte-order mark), is not a regular file, is over `max_bytes`, or leads outside
    `boundary`.

    Pass the file's stat when a directory scan already has it.
    """
    try:
        stat = stat or os.stat(path)
    except (OSError, ValueError):
        return None
    if boundary is not None and not within(path, boundary):
        return None
    # Keyed by the path as text: a folder scan asks about every sibling notebook on each analysis,
    # and hashing a new Path object costs more than the stat.
    return _parse(os.fspath(path), stat.st_mtime_ns, stat.st_size, parse, max_bytes)


def forget_parsed_files() -> None:
    """Drop what parse_file_cached keeps (a batch run empties it on its schedule)."""
    _parse.cache_clear()


@lru_cache(maxsize=512)
def _parse(path: str, _mtime_ns: int, _size: int, parse: Callable[[str], T], max_bytes: int) -> T | None:
    try:
        text = _project_text(path, max_bytes)
    except (OSError, UnicodeDecodeError):
        return None
    return parse(text)


def _project_text(path: str, max_bytes: int) -> str:
    """The text of a project file read for its content only: UTF-8, or UTF-16 when it starts with the
    byte-order mark (`pip freeze > requirements.txt` in Windows PowerShell writes UTF-16)."""
    try:
        return read_bounded_text(path, max_bytes)
    except UnicodeDecodeError:
        data = read_bounded(path, max_bytes)
        if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise
        text = data.decode("utf-16")
        return text.replace("\r\n", "\n").replace("\r", "\n")
