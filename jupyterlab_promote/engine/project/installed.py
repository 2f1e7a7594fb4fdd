"""What is installed where the analysis runs: the import-to-distribution map and versions of this
environment, read once per process. The shipped tables decide first (dependencies.py); this only adds
names for imports they do not know, and versions for the lines a fix suggests."""

import re
from functools import lru_cache

_METADATA_NAME = re.compile(r"^Name:[ \t]*(\S.*?)\s*$", re.MULTILINE)
_METADATA_VERSION = re.compile(r"^Version:[ \t]*(\S.*?)\s*$", re.MULTILINE)


def installed_distributions() -> dict[str, tuple[str, ...]]:
    """Top-level import name -> installed distributions; computed once per process (it scans site-packages).

    What importlib.metadata.packages_distributions() answers (Python 3.11), read as text: its parse of
    every METADATA as an e-mail and its path object for every line of every RECORD cost 8× more, in
    each process of a CLI run.
    """
    return _scanned()[0]


@lru_cache(maxsize=1)
def _scanned() -> tuple[dict[str, tuple[str, ...]], dict[str, str] | None]:
    """(installed_distributions' map, each distribution's version by normalized name): one read of every
    METADATA serves both. The versions are None when a distribution's metadata broke the scan."""
    from importlib.metadata import distributions

    found: dict[str, list[str]] = {}
    versions: dict[str, str] = {}
    try:
        for dist in distributions():
            metadata = dist.read_text("METADATA") or dist.read_text("PKG-INFO") or ""
            name = _METADATA_NAME.search(metadata)
            if name is None:
                continue
            versions.setdefault(normalized_name(name.group(1)), metadata_version(metadata))
            for top in (dist.read_text("top_level.txt") or "").split() or _inferred_top_level(dist):
                found.setdefault(top, []).append(name.group(1))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        # a broken distribution's metadata must not stop the analysis
        return {}, None
    return {top: tuple(names) for top, names in found.items()}, versions


def normalized_name(distribution: str) -> str:
    """A distribution's name as importlib.metadata matches it (`Scikit.Learn` -> `scikit_learn`)."""
    return re.sub(r"[-_.]+", "_", distribution).lower()


def metadata_version(metadata: str) -> str | None:
    """The Version header of a METADATA text (read among the headers only: the description after them
    may quote one), as importlib.metadata.version answers it."""
    found = _METADATA_VERSION.search(metadata.split("\n\n", 1)[0])
    return found.group(1) if found else None


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
    """The installed version: from the one scan of site-packages (importlib's own look-up of a name reads
    a directory listing and parses a METADATA as an e-mail, for each name); looked up by importlib when
    that scan failed."""
    versions = _scanned()[1]
    if versions is not None:
        return versions.get(normalized_name(distribution))
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except (PackageNotFoundError, ValueError):
        return None
