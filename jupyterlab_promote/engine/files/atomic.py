"""Atomic file writes: a reader sees the old file or the new one, never half of either.

A written file gets the permissions a plain `open(path, "w")` would give it (0666 less the umask; an
existing file keeps its own), and a symbolic link stays a link: the new text goes to the file it
points to. The caller decides whether that file may be written (the server checks its root first).
"""

import os
import tempfile
import threading
from pathlib import Path

_UMASK_LOCK = threading.Lock()
# The temporary file's name holds the start of the target's, for a person who finds one after a crash;
# the cap leaves room for the random part within the file system's 255-byte name limit.
_NAME_HINT_CHARACTERS = 40


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows.

    os.umask can only be read by setting it, and the umask is process-wide: another thread creating a
    file between the two calls would get the wrong mode. Linux shows it in /proc/self/status instead.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The mode `open(path, "w")` gives a new file."""
    return 0o666 & ~current_umask()


def write_text_atomic(target: Path, content: str, exclusive: bool = False) -> None:
    """Write through a temporary file in the same folder, then move it into place.

    With `exclusive`, the file must not exist yet (nor a link by its name): it is linked into place (a
    hard link never replaces a file), so one that appears meanwhile makes this raise FileExistsError
    instead of being clobbered. Otherwise a symbolic link is followed: the file it points to is written.
    """
    if not exclusive:
        target = Path(os.path.realpath(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    hint = target.name[:_NAME_HINT_CHARACTERS]
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{hint}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(content)
            stream.flush()
            os.fchmod(stream.fileno(), _mode_for(target))
            os.fsync(stream.fileno())
        if exclusive:
            os.link(temporary, target)
            return
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        return new_file_mode()
