"""git's index file, read directly: the paths it tracks (index versions 2 to 4, SHA-1 or SHA-256).

A split index (`git update-index --split-index`, `core.splitIndex`) keeps most entries in a shared file,
`sharedindex.<hash>` next to it; its `link` extension says which shared entries are deleted or replaced
(git's Documentation/gitformat-index.adoc, "Split index"). Both files are read here: git itself is never
run, as it would run whatever the repository's configuration names (core.fsmonitor, for one).
"""

import struct
from functools import lru_cache
from pathlib import Path

from ..files.bounded import MAX_GIT_INDEX_BYTES, read_bounded
from .ewah_bitmap import ewah_positions


@lru_cache(maxsize=16)
def index_paths(index: Path, _mtime_ns: int, _size: int, hash_size: int) -> frozenset[str] | None:
    """The paths in a git index file (versions 2 to 4); None for a format this reader does not know."""
    try:
        names, link = _parse_index(read_bounded(index, MAX_GIT_INDEX_BYTES), hash_size)
        paths = names if link is None else _merge_split_index(index.parent, names, link, hash_size)
        return None if paths is None else frozenset(name for name in paths if name is not None)
    except (OSError, struct.error, IndexError, ValueError):
        return None


def _merge_split_index(git_dir: Path, names: list[str | None], link: bytes, hash_size: int) -> list[str | None] | None:
    """The paths of a split index: the shared entries not deleted, and the entries the split index adds.

    Replaced shared entries keep their path (their copies in the split index have empty names); the
    entries after the replacements are added ones.
    """
    shared_hash = link[:hash_size]
    if len(shared_hash) != hash_size:
        return None
    if not any(shared_hash):  # all zeros: no shared index, every entry is here
        return names
    shared_names, shared_link = _parse_index(
        read_bounded(git_dir / f"sharedindex.{shared_hash.hex()}", MAX_GIT_INDEX_BYTES), hash_size)
    if shared_link is not None:
        return None  # a shared index is never split itself: not a file git wrote
    deleted: set[int] = set()
    replaced = 0
    if len(link) > hash_size:
        deleted, end = ewah_positions(link, hash_size, len(shared_names))
        replacements, end = ewah_positions(link, end, len(shared_names))
        if end != len(link):
            return None
        replaced = len(replacements)
    if replaced > len(names):
        return None
    kept = (name for position, name in enumerate(shared_names) if position not in deleted)
    return [*kept, *names[replaced:]]


def _parse_index(data: bytes, hash_size: int) -> tuple[list[str | None], bytes | None]:
    """The entry paths of an index file (None for a sparse index's directory entries, which are not
    files), and the body of its `link` extension (None: not a split index)."""
    signature, version, count = struct.unpack_from(">4sII", data, 0)
    if signature != b"DIRC" or version not in (2, 3, 4):
        raise ValueError("not an index this reader knows")
    paths: list[str | None] = []
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
        directory = mode & 0o170000 == 0o040000
        paths.append(None if directory else name.decode("utf-8", errors="surrogateescape"))
    while offset + 8 <= len(data) - hash_size:
        extension, size = struct.unpack_from(">4sI", data, offset)
        if extension == b"link":
            return paths, data[offset + 8: offset + 8 + size]
        offset += 8 + size
    return paths, None


def _varint(data: bytes, offset: int) -> tuple[int, int]:
    """git's offset encoding (varint.c), used by index version 4 for the shared path prefix."""
    byte = data[offset]
    value = byte & 0x7F
    while byte & 0x80:
        offset += 1
        byte = data[offset]
        value = ((value + 1) << 7) | (byte & 0x7F)
    return value, offset + 1
