"""What git knows about a notebook: its work tree, whether it is tracked, and what keeps its outputs out.

Read from the files in `.git` directly, so it works without a `git` executable, in repositories git
would refuse as "dubious ownership", and fast enough for every live re-analysis. Only an index this
module cannot read (a split index) falls back to running `git ls-files` with a short timeout. Everything
read is cached by file modification time: an `nbstripout --install` or a `git add` is seen at once.

Nothing here raises on a broken or unusual repository; an answer that cannot be known is `None`.
"""

import fnmatch
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .git_index import index_paths, ls_files_tracked
from .project import parse_file_cached

# Pre-commit hooks that remove outputs from notebooks before they are committed.
STRIPPING_HOOKS = frozenset({"nbstripout", "nb-clean", "nbdev_clean", "nbdev-clean", "jupyter-notebook-cleanup"})
PAIRING_HOOKS = frozenset({"jupytext"})
_HOOK_ID = re.compile(r"^[ \t-]*id:\s*['\"]?([\w.-]+)", re.MULTILINE)
_SECTION = re.compile(r'\s*\[\s*([\w.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]')


@dataclass(frozen=True)
class Repository:
    root: Path
    """The work tree: the folder holding `.git`."""
    git_dir: Path
    """Where this work tree's index and HEAD are (`.git`, or `.git/worktrees/<name>` for a linked worktree)."""
    common_dir: Path
    """Where config, info/attributes and hooks are (the main `.git` for linked worktrees)."""


def find_repository(folder: Path | None) -> Repository | None:
    """The git work tree containing this folder, or None."""
    if folder is None:
        return None
    for candidate in (folder, *folder.parents):
        dot_git = candidate / ".git"
        if dot_git.is_dir():
            return Repository(candidate, dot_git, dot_git) if (dot_git / "HEAD").exists() else None
        if dot_git.is_file():
            return _linked_repository(candidate, dot_git)
    return None


def _linked_repository(root: Path, pointer: Path) -> Repository | None:
    """A `.git` file (`gitdir: ...`) as written for submodules and `git worktree add`."""
    text = parse_file_cached(pointer, str) or ""
    if not text.startswith("gitdir:"):
        return None
    git_dir = (root / text[len("gitdir:"):].strip()).resolve()
    if not (git_dir / "HEAD").exists():
        return None
    common = parse_file_cached(git_dir / "commondir", str)
    common_dir = (git_dir / common.strip()).resolve() if common else git_dir
    return Repository(root, git_dir, common_dir)


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
    tracked = index_paths(index, stat.st_mtime_ns, stat.st_size, _hash_size(repo))
    if tracked is not None:
        return relative in tracked
    return ls_files_tracked(repo.root, relative, stat.st_mtime_ns)


def _hash_size(repo: Repository) -> int:
    config = parse_file_cached(repo.common_dir / "config", parse_config) or {}
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


def _configs(repo: Repository) -> list[Config]:
    """Every config git reads for this repository, lowest precedence first (one level of include.path)."""
    result: list[Config] = []
    for path in (*_global_config_files(), repo.common_dir / "config"):
        config = parse_file_cached(path, parse_config)
        if config is None:
            continue
        result.append(config)
        include = config.get(("include", None), {}).get("path")
        if include:
            included = parse_file_cached((path.parent / Path(include).expanduser()), parse_config)
            if included is not None:
                result.append(included)
    return result


def filter_defined(repo: Repository, name: str) -> bool:
    """Whether git in this clone knows a `clean` command for the named filter."""
    return any(config.get(("filter", name), {}).get("clean") for config in _configs(repo))


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
    sources: list[tuple[Path, str]] = []
    attributes_file = next((c[("core", None)]["attributesfile"] for c in reversed(_configs(repo))
                            if c.get(("core", None), {}).get("attributesfile")), None)
    xdg = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    global_file = Path(attributes_file).expanduser() if attributes_file else xdg / "git" / "attributes"
    sources.append((global_file, relative))
    folders = relative.split("/")[:-1]
    for depth in range(len(folders) + 1):
        sources.append((repo.root.joinpath(*folders[:depth], ".gitattributes"), "/".join(folders[depth:] + [relative.rsplit("/", 1)[-1]])))
    sources.append((repo.common_dir / "info" / "attributes", relative))
    found: tuple[str, Path] | None = None
    for file, name in sources:
        for pattern, value in parse_file_cached(file, parse_attributes) or ():
            if _matches(pattern, name):
                found = (value, file) if value else None
    return found


# -- pre-commit and jupytext --------------------------------------------------------------------------

def precommit_hooks(repo: Repository) -> frozenset[str]:
    """The hook ids in the repository's `.pre-commit-config.yaml` (read as text: no YAML library)."""
    return parse_file_cached(repo.root / ".pre-commit-config.yaml", _hook_ids) or frozenset()


def _hook_ids(text: str) -> frozenset[str]:
    return frozenset(_HOOK_ID.findall(text))


def jupytext_config(folder: Path, stop: Path) -> Path | None:
    """A jupytext configuration pairing notebooks with text files, from the folder up to `stop`."""
    for candidate in (folder, *folder.parents):
        for name in ("jupytext.toml", ".jupytext.toml", ".jupytext", "jupytext.yml", ".jupytext.yml"):
            if "formats" in (parse_file_cached(candidate / name, str) or ""):
                return candidate / name
        if "[tool.jupytext]" in (parse_file_cached(candidate / "pyproject.toml", str) or ""):
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
    pairing = jupytext_config(path.resolve().parent, repo.root)
    if found is None:
        return OutputStripping(hooks=hooks, pairing=pairing)
    name, source = found
    return OutputStripping(name, source, filter_defined(repo, name), hooks, pairing)
