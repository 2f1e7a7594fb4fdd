"""Atomic file writes: a reader sees the old file or the new one, never half of either."""

import os
import tempfile
from pathlib import Path


def write_text_atomic(target: Path, content: str, exclusive: bool = False) -> None:
    """Write through a temporary file in the same folder, then move it into place.

    With `exclusive`, the file must not exist yet: it is linked into place (a hard link never replaces
    a file), so one that appears meanwhile makes this raise FileExistsError instead of being clobbered.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        if exclusive:
            os.link(temporary, target)
            return
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o777)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
