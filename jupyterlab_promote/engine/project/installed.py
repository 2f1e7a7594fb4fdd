"""What is installed where the analysis runs: the import-to-distribution map and versions of this
environment, read once per process. The shipped tables decide first (dependencies.py); this only adds
names for imports they do not know, and versions for the lines a fix suggests."""

import re
from functools import lru_cache

_METADATA_NAME = re.compile(r"^Name:[ \t]*(\S.*?)\s*$", re.MULTILINE)


@lru_cache(maxsize=1)
def installed_distributions() -> dict[str, tuple[str, ...]]:
    """Top-level import name -> installed distributions; computed once per process (it scans site-packages).

    What importlib.metadata.packages_distributions() answers (Python 3.11), read as text: its parse of
    every METADATA as an e-mail and its path object for every line of every RECORD cost 8× more, in
    each process of a CLI run.
    """
    from importlib.metadata import distributions

    found: dict[str, list[str]] = {}
    try:
        for dist in distributions():
            name = _METADATA_NAME.search(dist.read_text("METADATA") or dist.read_text("PKG-INFO") or "")
            if name is None:
                continue
            for top in (dist.read_text("top_level.txt") or "").split() or _inferred_top_level(dist):
                found.setdefault(top, []).append(name.group(1))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        # a broken distribution's metadata must not stop the analysis
        return {}
    return {top: tuple(names) for top, names in found.items()}


def _inferred_top_level(dist) -> set[str]:
    """The top-level names of a distribution's .py files (its RECORD, or an egg's SOURCES.txt)."""
    tops = set()
    for line in (dist.read_text("RECORD") or dist.read_text("SOURCES.txt") or "").splitlines():
        path = line.split(",", 1)[0]
        if path.endswith(".py"):
            head, nested, _ = path.partition("/")
            tops.add(head if nested else path[:-3])
    return tops


@lru_cache(maxsize=1024)
def installed_version(distribution: str) -> str | None:
    """The installed version (read once per process: metadata lookups scan site-packages)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except (PackageNotFoundError, ValueError):
        return None
