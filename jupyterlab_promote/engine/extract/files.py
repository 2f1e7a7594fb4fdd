"""Writing an extraction: all or nothing, inside its boundary, never over an existing file.

New files are created exclusively, so a file that appears between planning and writing makes the write
fail instead of being clobbered. When any step fails (a file, a folder, or the caller's own last step,
the notebook), the files created are removed, an appended module gets its old text back and the
folders made for them are removed again: a refused or failed extraction leaves every file as it was.
"""

import errno
import os
from collections.abc import Callable
from pathlib import Path

from ..files.atomic import write_text_atomic
from ..files.bounded import read_bounded_text
from .plan import ExtractPlan
from .selection import ExtractRefused, UnusableFileName

# Most file systems hold names of at most 255 bytes; a longer one fails only when written.
MAX_NAME_BYTES = 255


def check_file_name(path: Path, what: str) -> None:
    """Refuse a planned file whose name, or one of whose folders' names, the file system cannot hold."""
    for part in path.parts:
        if len(os.fsencode(part)) > MAX_NAME_BYTES:
            raise UnusableFileName(f"{what} name {part[:24]}… is {len(os.fsencode(part))} bytes long; "
                                   f"file names hold at most {MAX_NAME_BYTES}")
    try:
        os.lstat(path)
    except FileNotFoundError:
        pass
    except OSError as error:
        if error.errno != errno.ENOTDIR:  # a file where a folder is meant: writing it is refused later
            raise UnusableFileName(f"{what} {path.name[:40]} is not a usable path ({error.strerror})") from None
    except ValueError:  # an embedded NUL
        raise UnusableFileName(f"{what} name must not contain a NUL character") from None


def planned_files(plan: ExtractPlan, folder: Path) -> list[Path]:
    """The module and (when planned) the test file, as paths below the notebook's folder."""
    return [folder / plan.module_path, *([folder / plan.test_path] if plan.test_path else [])]


def confine(plan: ExtractPlan, folder: Path, boundary: Path) -> None:
    """Refuse a plan with a file whose real location (symbolic links followed) is outside `boundary`."""
    root = Path(os.path.realpath(boundary))
    for path in planned_files(plan, folder):
        real = Path(os.path.realpath(path))
        if root == real or root not in real.parents:
            shown = Path(os.path.relpath(path, folder)).as_posix()
            link = " through a symbolic link" if root in Path(os.path.normpath(path)).parents else ""
            raise ExtractRefused(f"{shown} would be written outside the server's root directory{link}; "
                                 "choose a module path inside it")


def write_files(plan: ExtractPlan, folder: Path, boundary: Path | None = None,
                then: Callable[[], None] | None = None) -> list[Path]:
    """Write the test file, then the module (created, or appended to), then run `then`; all or nothing.

    Returns the paths written. A file system error becomes an ExtractRefused after everything written
    was undone.
    """
    if boundary is not None:
        confine(plan, folder, boundary)
    module = folder / plan.module_path
    test = folder / plan.test_path if plan.test_path and plan.test_source is not None else None
    files = [module, *([test] if test is not None else [])]
    new_folders = _missing_folders(files)
    created: list[Path] = []
    previous = read_bounded_text(module) if plan.appends else None  # the plan read it the same way
    appended = False
    try:
        if test is not None:
            _create_exclusively(test, plan.test_source)
            created.append(test)
        if plan.appends:
            appended = True
            write_text_atomic(module, plan.module_source)
        else:
            _create_exclusively(module, plan.module_source)
            created.append(module)
        if then is not None:
            then()
    except BaseException as error:
        _undo(created, module if appended else None, previous, new_folders)
        if isinstance(error, OSError):
            where = Path(error.filename).name if isinstance(error.filename, str) else "a file"
            raise ExtractRefused(f"{where} could not be written ({error.strerror or error})") from None
        raise
    return files


def _create_exclusively(target: Path, content: str) -> None:
    """Write a new file atomically; refuse if it exists by now."""
    try:
        write_text_atomic(target, content, exclusive=True)
    except FileExistsError:
        if not os.path.lexists(target):  # a file where one of its folders should be
            raise
        raise ExtractRefused(f"{target.name} appeared meanwhile; nothing was written") from None


def _missing_folders(files: list[Path]) -> list[Path]:
    """The folders that writing these files creates, deepest first."""
    missing: set[Path] = set()
    for file in files:
        folder = file.parent
        while not folder.exists() and folder != folder.parent:
            missing.add(folder)
            folder = folder.parent
    return sorted(missing, key=lambda folder: len(folder.parts), reverse=True)


def _undo(created: list[Path], appended: Path | None, previous: str | None, new_folders: list[Path]) -> None:
    for path in created:
        path.unlink(missing_ok=True)
    if appended is not None and previous is not None:
        write_text_atomic(appended, previous)
    for folder in new_folders:
        try:
            folder.rmdir()
        except OSError:  # not empty: something else put a file there meanwhile
            pass
