"""git's index file, read directly: the paths it tracks (index versions 2 to 4, SHA-1 or SHA-256).

A split index (whose entries live in a shared file) is left to `git ls-files`, run with a short timeout.
"""

import struct
import subprocess
from functools import lru_cache
from pathlib import Path

GIT_TIMEOUT_S = 2.0


@lru_cache(maxsize=16)
def index_paths(index: Path, _mtime_ns: int, _size: int, hash_size: int) -> frozenset[str] | None:
    """The paths in a git index file (versions 2 to 4); None for a format this reader does not know."""
    try:
        data = index.read_bytes()
        return _parse_index(data, hash_size)
    except (OSError, struct.error, IndexError, ValueError):
        return None


def _parse_index(data: bytes, hash_size: int) -> frozenset[str] | None:
    signature, version, count = struct.unpack_from(">4sII", data, 0)
    if signature != b"DIRC" or version not in (2, 3, 4):
        return None
    paths: list[str] = []
    offset, previous = 12, b""
    fixed = 40 + hash_size + 2  # stat fields, object hash, flags
    for _ in range(count):
        start = offset
        mode = struct.unpack_from(">I", data, start + 24)[0]
        flags = struct.unpack_from(">H", data, start + 40 + hash_size)[0]
        offset = start + fixed + (2 if version >= 3 and flags & 0x4000 else 0)
        if version == 4:
            strip, offset = _varint(data, offset)
            end = data.index(b"\0", offset)
            name = previous[: len(previous) - strip] + data[offset:end]
            offset = end + 1
        else:
            end = data.index(b"\0", offset)
            name = data[offset:end]
            offset = start + ((end - start + 8) & ~7)
        previous = name
        if mode & 0o170000 != 0o040000:  # sparse-index directory entries are not files
            paths.append(name.decode("utf-8", errors="surrogateescape"))
    while offset + 8 <= len(data) - hash_size:
        extension, size = struct.unpack_from(">4sI", data, offset)
        if extension == b"link":
            return None  # a split index: most entries live in a shared index file
        offset += 8 + size
    return frozenset(paths)


def _varint(data: bytes, offset: int) -> tuple[int, int]:
    """git's offset encoding (varint.c), used by index version 4 for the shared path prefix."""
    byte = data[offset]
    value = byte & 0x7F
    while byte & 0x80:
        offset += 1
        byte = data[offset]
        value = ((value + 1) << 7) | (byte & 0x7F)
    return value, offset + 1


@lru_cache(maxsize=256)
def ls_files_tracked(root: Path, relative: str, _index_mtime_ns: int) -> bool | None:
    """Whether `git ls-files` knows the file, for an index this module cannot read; None when git cannot tell."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "ls-files", "--error-unmatch", "--", relative],
            capture_output=True, timeout=GIT_TIMEOUT_S, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None  # git not installed, or too slow to wait for in a live analysis
    if result.returncode == 0:
        return True
    return False if b"did not match" in result.stderr else None
