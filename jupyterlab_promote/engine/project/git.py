"""What git knows about a notebook: its work tree, whether it is tracked, and what keeps its outputs out.

Read from the files in `.git` directly, so it works without a `git` executable, in repositories git
would refuse as "dubious ownership", and fast enough for every live re-analysis. Nothing here runs git
or anything a repository's configuration names (fsmonitor, hooks, filters): a hostile clone is only read.
Everything read is cached by file modification time: an `nbstripout --install` or a `git add` is seen at once.

Every file is read through :mod:`.files.bounded` (regular files of a bounded size only). With a boundary
(the server's root), a repository outside it is not looked for, and paths the repository's own files name
(`gitdir:`, `include.path`, `core.attributesfile`) are not followed out of it. The user's global git
configuration is at fixed places the project cannot choose, and is read as git reads it.

Nothing here raises on a broken or unusual repository; an answer that cannot be known is `None`.
"""

import fnmatch
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..files.bounded import parse_file_cached, upwards, within
from .git_index import index_paths

# Pre-commit hooks that remove outputs from notebooks before they are committed.
STRIPPING_HOOKS = frozenset({"nbstripout", "nb-clean", "nbdev_clean", "nbdev-clean", "jupyter-notebook-cleanup"})
PAIRING_HOOKS = frozenset({"jupytext"})
_HOOK_ID = re.compile(r"^[ \t-]*id:\s*['\"]?([\w.-]+)", re.MULTILINE)
T = TypeVar("T")
_SECTION = re.compile(r'\s*\[\s*([\w.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]')


@dataclass(frozen=True)
class Repository:
    root: Path
    """The work tree: the folder holding `.git`."""
    git_dir: Path
    """Where this work tree's index and HEAD are (`.git`, or `.git/worktrees/<name>` for a linked worktree)."""
    common_dir: Path
    """Where config, info/attributes and hooks are (the main `.git` for linked worktrees)."""
    boundary: Path | None = None
    """The folder no read may leave (the server's root), or None."""

    def read(self, path: Path | str, parse: Callable[[str], T]) -> T | None:
        """parse(the text of a file of the repository), cached; None outside the boundary or unreadable."""
        return parse_file_cached(path, parse, boundary=self.boundary)


def find_repository(folder: Path | None, boundary: Path | None = None) -> Repository | None:
    """The git work tree containing this folder (and inside the boundary, when there is one), or None."""
    for candidate in upwards(folder, boundary):
        dot_git = candidate / ".git"
        if not within(dot_git, boundary):
            return None
        if dot_git.is_dir():
            return Repository(candidate, dot_git, dot_git, boundary) if (dot_git / "HEAD").exists() else None
        if dot_git.is_file():
            return _linked_repository(candidate, dot_git, boundary)
    return None


def _linked_repository(root: Path, pointer: Path, boundary: Path | None) -> Repository | None:
    """A `.git` file (`gitdir: ...`) as written for submodules and `git worktree add`."""
    text = parse_file_cached(pointer, str, boundary=boundary) or ""
    if not text.startswith("gitdir:"):
        return None
    try:
        git_dir = (root / text[len("gitdir:"):].strip()).resolve()
        if not (within(git_dir, boundary) and (git_dir / "HEAD").exists()):
            return None
        common = parse_file_cached(git_dir / "commondir", str, boundary=boundary)
        common_dir = (git_dir / common.strip()).resolve() if common else git_dir
    except (OSError, RuntimeError, ValueError):  # a link loop, a NUL byte in the pointer
        return None
    return Repository(root, git_dir, common_dir, boundary) if within(common_dir, boundary) else None


def relative_path(repo: Repository, path: Path) -> str | None:
    """The path as git names it: relative to the work tree, with forward slashes."""
    try:
        return path.resolve().relative_to(repo.root).as_posix()
    except ValueError:
        return None


# -- tracked or not -----------------------------------------------------------------------------------

def is_tracked(repo: Repository, path: Path) -> bool | None:
    """Whether the file is in git's index (added or committed); None when that cannot be told."""
    relative = relative_path(repo, path)
    index = repo.git_dir / "index"
    if relative is None:
        return None
    try:
        stat = index.stat()
    except OSError:
        return False  # a fresh repository has no index until the first `git add`
    if not within(index, repo.boundary):
        return None
    tracked = index_paths(index, stat.st_mtime_ns, stat.st_size, _hash_size(repo))
    return None if tracked is None else relative in tracked


def _hash_size(repo: Repository) -> int:
    config = repo.read(repo.common_dir / "config", parse_config) or {}
    return 32 if config.get(("extensions", None), {}).get("objectformat") == "sha256" else 20


# -- configuration files ------------------------------------------------------------------------------

Config = dict[tuple[str, str | None], dict[str, str]]


def parse_config(text: str) -> Config:
    """A git config file as {(section, subsection): {key: last value}}; section and key lowercased."""
    config: Config = {}
    current: dict[str, str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        section = _SECTION.match(line)
        if section:
            group, subsection = section.group(1).lower(), section.group(2)
            if subsection is None and "." in group:  # the old `[filter.nbstripout]` spelling
                group, subsection = group.split(".", 1)
            current = config.setdefault((group, subsection), {})
            line = line[section.end():].strip()
            if not line:
                continue
        if current is None:
            continue
        key, _, value = line.partition("=")
        current[key.strip().lower()] = value.split(" #")[0].split(" ;")[0].strip().strip('"')
    return config


def _global_config_files() -> list[Path]:
    home = Path.home()
    xdg = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    return [Path("/etc/gitconfig"), xdg / "git" / "config", home / ".gitconfig"]


def _configs(repo: Repository) -> list[tuple[Config, Path | None]]:
    """Every config git reads for this repository, lowest precedence first (one level of include.path),
    each with the boundary the paths it names must stay in: none for the user's own, global files."""
    result: list[tuple[Config, Path | None]] = []
    sources = [(path, None) for path in _global_config_files()] + [(repo.common_dir / "config", repo.boundary)]
    for path, boundary in sources:
        config = parse_file_cached(path, parse_config, boundary=boundary)
        if config is None:
            continue
        result.append((config, boundary))
        include = config.get(("include", None), {}).get("path")
        if include:
            included = parse_file_cached(path.parent / Path(include).expanduser(), parse_config, boundary=boundary)
            if included is not None:
                result.append((included, boundary))
    return result


def filter_defined(repo: Repository, name: str) -> bool:
    """Whether git in this clone knows a `clean` command for the named filter (the command is never run)."""
    return any(config.get(("filter", name), {}).get("clean") for config, _ in _configs(repo))


# -- attributes ---------------------------------------------------------------------------------------

Attributes = tuple[tuple[str, str | None], ...]


def parse_attributes(text: str) -> Attributes:
    """(pattern, filter value) of each line that sets, unsets (None) or resets (None) `filter`."""
    lines = []
    for raw in text.splitlines():
        parts = raw.split()
        if not parts or parts[0].startswith(("#", "[attr]")):
            continue
        for attribute in parts[1:]:
            if attribute.startswith("filter="):
                lines.append((parts[0], attribute[len("filter="):]))
            elif attribute in ("-filter", "!filter"):
                lines.append((parts[0], None))
    return tuple(lines)


def _matches(pattern: str, relative: str) -> bool:
    """gitattributes matching: a pattern without a slash matches the file name at any depth."""
    if "/" not in pattern.rstrip("/"):
        return fnmatch.fnmatchcase(relative.rsplit("/", 1)[-1], pattern)
    pattern = pattern.lstrip("/")
    return fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(relative, pattern.replace("**/", ""))


def notebook_filter(repo: Repository, path: Path) -> tuple[str, Path] | None:
    """The git filter set on this file and the attributes file that sets it, in git's precedence order."""
    relative = relative_path(repo, path)
    if relative is None:
        return None
    sources: list[tuple[Path, str, Path | None]] = []
    attributes_file, named_by = next(((c[("core", None)]["attributesfile"], boundary)
                                      for c, boundary in reversed(_configs(repo))
                                      if c.get(("core", None), {}).get("attributesfile")), (None, None))
    xdg = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    global_file = Path(attributes_file).expanduser() if attributes_file else xdg / "git" / "attributes"
    sources.append((global_file, relative, named_by))
    folders = relative.split("/")[:-1]
    for depth in range(len(folders) + 1):
        sources.append((repo.root.joinpath(*folders[:depth], ".gitattributes"),
                        "/".join(folders[depth:] + [relative.rsplit("/", 1)[-1]]), repo.boundary))
    sources.append((repo.common_dir / "info" / "attributes", relative, repo.boundary))
    found: tuple[str, Path] | None = None
    for file, name, boundary in sources:
        for pattern, value in parse_file_cached(file, parse_attributes, boundary=boundary) or ():
            if _matches(pattern, name):
                found = (value, file) if value else None
    return found


# -- pre-commit and jupytext --------------------------------------------------------------------------

def precommit_hooks(repo: Repository) -> frozenset[str]:
    """The hook ids in the repository's `.pre-commit-config.yaml` (read as text: no YAML library)."""
    return repo.read(repo.root / ".pre-commit-config.yaml", _hook_ids) or frozenset()


def _hook_ids(text: str) -> frozenset[str]:
    return frozenset(_HOOK_ID.findall(text))


def jupytext_config(folder: Path, stop: Path, boundary: Path | None = None) -> Path | None:
    """A jupytext configuration pairing notebooks with text files, from the folder up to `stop`."""
    for candidate in upwards(folder, boundary):
        for name in ("jupytext.toml", ".jupytext.toml", ".jupytext", "jupytext.yml", ".jupytext.yml"):
            if "formats" in (parse_file_cached(candidate / name, str, boundary=boundary) or ""):
                return candidate / name
        if "[tool.jupytext]" in (parse_file_cached(candidate / "pyproject.toml", str, boundary=boundary) or ""):
            return candidate / "pyproject.toml"
        if candidate == stop:
            break
    return None


@dataclass(frozen=True)
class OutputStripping:
    """What would keep a notebook's outputs out of its commits."""

    filter: str | None = None
    """The git filter the attributes set on the notebook (e.g. `nbstripout`)."""
    filter_source: Path | None = None
    filter_installed: bool = False
    """Whether this clone's git config defines that filter: without it git silently commits as is."""
    hooks: frozenset[str] = frozenset()
    """Pre-commit hooks that strip outputs or pair notebooks with text files."""
    pairing: Path | None = None
    """A jupytext configuration file pairing notebooks with text files."""

    @property
    def strips_outputs(self) -> bool:
        return (self.filter is not None and self.filter_installed) or bool(self.hooks & STRIPPING_HOOKS)

    @property
    def configured(self) -> bool:
        return self.strips_outputs or bool(self.hooks) or self.pairing is not None


def output_stripping(repo: Repository, path: Path) -> OutputStripping:
    found = notebook_filter(repo, path)
    hooks = precommit_hooks(repo) & (STRIPPING_HOOKS | PAIRING_HOOKS)
    pairing = jupytext_config(path.resolve().parent, repo.root, repo.boundary)
    if found is None:
        return OutputStripping(hooks=hooks, pairing=pairing)
    name, source = found
    return OutputStripping(name, source, filter_defined(repo, name), hooks, pairing)
