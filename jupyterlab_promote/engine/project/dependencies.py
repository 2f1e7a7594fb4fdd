"""What a notebook's project declares it depends on, and which distribution an import needs.

The declaring folder is the nearest one, from the notebook's folder up to the repository root, holding a
dependency file that declares something (a `pyproject.toml` holding only tool settings does not count).
All dependency files of that folder (and its `binder/` or `requirements/` subfolders, and the files they
include with `-r`) are read together, each cached until it changes. With a boundary (the server's root)
no folder above it is searched and no file or `-r` include that leads out of it is read.
"""

import os
import re
import sys
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from ..files.bounded import parse_file_cached, within
from .environment_files import parse_conda_explicit, parse_dockerfile, parse_post_build
from .folder import Project, folder_listing, per_listing
from .import_names import (
    NAMESPACE_PACKAGES,
    PYTHON2_STDLIB,
    RUNTIME_PROVIDED,
    STDLIB_OF_SOME_VERSIONS,
    in_tables,
    table_distributions,
)
from .installed import installed_distributions, installed_version
from .requirement_files import (
    ProjectFile,
    Requirement,
    RequirementsText,
    normalize,
    parse_environment_yml,
    parse_pipfile,
    parse_pyproject,
    parse_requirements_txt,
)
from .setup_files import parse_setup_cfg, parse_setup_py

_PROJECT_PARSERS = {
    "pyproject.toml": parse_pyproject,
    "Pipfile": parse_pipfile,
    "setup.cfg": parse_setup_cfg,
    "setup.py": parse_setup_py,
    "environment.yml": parse_environment_yml,
    "environment.yaml": parse_environment_yml,
    "postBuild": parse_post_build,
}
_REQUIREMENTS_NAME = re.compile(r"^requirements.*\.(txt|in)$|^.*requirements\.txt$")
_DOCKERFILE_NAME = re.compile(r"^(Dockerfile|Containerfile)([.-][\w.-]+)?$|^[\w.-]+\.[Dd]ockerfile$")
_SUBFOLDERS = ("binder", ".binder", "requirements", "docker", ".devcontainer")
_MAX_INCLUDE_DEPTH = 5
_LOCK_FILES = ("requirements.in", "poetry.lock", "Pipfile.lock", "uv.lock", "pdm.lock", "conda-lock.yml",
               "requirements.lock")


@dataclass(frozen=True)
class Declared:
    """The dependencies one project folder declares."""

    root: Path
    files: tuple[Path, ...]
    requirements: tuple[Requirement, ...]
    requirements_file: Path | None
    """The requirements file new dependencies go to (requirements.in or requirements.txt), if any."""
    project_names: frozenset[str] = field(default_factory=frozenset)
    """Normalised names of the project itself (`pip install -e .` makes its package importable)."""
    file_requirements: tuple[Requirement, ...] = ()
    """What requirements_file declares (with the files it includes)."""
    locked: bool = False
    """A lock file or a pip-tools `requirements.in` pins the versions elsewhere."""
    local_roots: tuple[Path, ...] = ()
    """Folders whose modules are importable: the project root and what `-e ./path` installs."""

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(r.key for r in self.requirements) | self.project_names


def declared_dependencies(project: Project) -> Declared | None:
    """The nearest declaring folder's dependencies; None when no dependency file declares anything."""
    for folder in project.folders_upwards():
        listing = folder_listing(folder)
        if _dependency_file_names(listing, False) or any(sub in listing for sub in _SUBFOLDERS):
            declared = _declared_in(folder, project.boundary)
            if declared is not None:
                return declared
        if ".git" in listing:  # the repository root: files above it belong to another project
            return None
    return None


def searched_up_to_boundary(project: Project) -> bool:
    """Whether the search for dependency files stopped at the boundary (the server's root) rather than at a
    repository root: files above the boundary may declare the dependencies, unread."""
    folders = project.folders_upwards()
    if project.boundary is None or not folders or project.boundary.parent == project.boundary:
        return False
    return not any(".git" in folder_listing(folder) for folder in folders)


def _declared_in(root: Path, boundary: Path | None) -> Declared | None:
    folders = [root, *(root / sub for sub in _SUBFOLDERS if within(root / sub, boundary))]
    files, requirements, names, declares = [], [], set(), False
    requirements_file, file_requirements, editable = None, [], []
    for folder in folders:
        for name in _dependency_file_names(folder_listing(folder), folder.name == "requirements"):
            path = folder / name
            parser = _project_parser(name)
            if parser is None:
                declares = True
                found = _requirements_txt(path, files, 0, editable, boundary)
                requirements += found
                if folder == root and name in ("requirements.in", "requirements.txt") and requirements_file is None:
                    requirements_file, file_requirements = path, found
                continue
            parsed = parse_file_cached(path, parser, boundary=boundary) or ProjectFile()
            if not parsed.declares:
                continue
            declares = True
            files.append(path)
            requirements += parsed.requirements
            if parsed.project_name:
                names.add(normalize(parsed.project_name))
            for include in parsed.includes:
                requirements += _requirements_txt(folder / include, files, 1, editable, boundary)
    if not declares:
        return None
    listing = folder_listing(root)
    locked = any(name in listing for name in _LOCK_FILES)
    local_roots = [root, *(path for path in editable if within(path, boundary))]
    return Declared(root, tuple(dict.fromkeys(files)), tuple(requirements), requirements_file, frozenset(names),
                    tuple(file_requirements), locked, tuple(dict.fromkeys(local_roots)))


@per_listing(maxsize=256)
def _dependency_file_names(listing: frozenset[str], requirements_folder: bool) -> tuple[str, ...]:
    """The names in a folder's listing that may declare dependencies, sorted; kept with the listing, as
    a folder above a project (a home or /tmp) holds hundreds of names."""
    return tuple(sorted(
        name for name in listing
        if name in _PROJECT_PARSERS or _is_requirements_name(name) or _DOCKERFILE_NAME.match(name)
        or _is_conda_explicit_name(name) or (requirements_folder and name.endswith((".txt", ".in")))
    ))


def _project_parser(name: str):
    """The parser of a file that is not a pip requirements list; None for one that is."""
    if name in _PROJECT_PARSERS:
        return _PROJECT_PARSERS[name]
    if _DOCKERFILE_NAME.match(name):
        return parse_dockerfile
    if _is_conda_explicit_name(name) and not _is_requirements_name(name):
        return parse_conda_explicit
    return None


def _is_requirements_name(name: str) -> bool:
    """`requirements*.txt` and the like, and the same name misspelt or capitalised (`requiremets.txt`,
    `Requirement.txt`): `pip install -r` reads it as well, so it declares what it lists."""
    if _REQUIREMENTS_NAME.match(name):
        return True
    stem, dot, suffix = name.lower().rpartition(".")
    return (dot == "." and suffix in ("txt", "in") and 9 <= len(stem) <= 14
            and SequenceMatcher(None, stem, "requirements").ratio() >= 0.9)


def _is_conda_explicit_name(name: str) -> bool:
    """conda's own name for an explicit spec (`conda list --explicit > spec-file.txt`) and conda-lock's
    per-platform output (`conda-linux-64.lock`)."""
    return (name.endswith(".txt") and ("spec-file" in name or "explicit" in name)) or \
        (name.startswith("conda-") and name.endswith(".lock"))


def _requirements_or_explicit(text: str) -> RequirementsText:
    """A requirements file, or a conda explicit spec saved under a requirements name
    (`conda list --explicit > requirements.txt`)."""
    if "@EXPLICIT" in text:
        explicit = parse_conda_explicit(text)
        if explicit.declares:
            return RequirementsText(explicit.requirements, (), ())
    return parse_requirements_txt(text)


def _requirements_txt(path: Path, files: list[Path], depth: int, editable: list[Path],
                      boundary: Path | None) -> list[Requirement]:
    """A requirements file's requirements and those of the files it includes (not past the boundary)."""
    if depth > _MAX_INCLUDE_DEPTH or path in files:
        return []
    parsed = parse_file_cached(path, _requirements_or_explicit, boundary=boundary)
    if parsed is None:
        return []
    files.append(path)
    found = list(parsed.requirements)
    editable.extend(path.parent / target for target in parsed.editable_paths)
    for include in parsed.includes:
        found += _requirements_txt(path.parent / include, files, depth + 1, editable, boundary)
    return found


def local_modules(*folders: Path | None) -> frozenset[str]:
    """Top-level names importable from these folders: `foo.py`, packages and namespace folders."""
    names: frozenset[str] = frozenset()
    for folder in folders:
        if folder is not None:
            names |= _importable(folder_listing(folder))
    return names


@per_listing(maxsize=256)
def _importable(listing: frozenset[str]) -> frozenset[str]:
    names = set()
    for name in listing:
        stem, dot, extension = name.partition(".")
        if not dot or extension in ("py", "pyx") or extension.endswith(("so", "pyd")):
            names.add(stem)
    return frozenset(names)


# -- imports -> distributions ---------------------------------------------------------------------------


def is_third_party(module: str) -> bool:
    """False for the standard library, Python 2's old standard modules and what the runtime provides."""
    top = module.split(".", 1)[0]
    if top.endswith(("_pb2", "_pb2_grpc")):  # generated by protoc next to the code
        return False
    if top in sys.stdlib_module_names or top in STDLIB_OF_SOME_VERSIONS or top in PYTHON2_STDLIB or top.startswith("_"):
        return False
    # Most imports share no top-level name with what the runtime provides: no walk through it for them.
    return top not in _RUNTIME_TOPS or not any(module == m or module.startswith(m + ".") for m in RUNTIME_PROVIDED)


_RUNTIME_TOPS = frozenset(m.split(".", 1)[0] for m in RUNTIME_PROVIDED)


def distributions_for(module: str) -> tuple[str, ...]:
    """Distributions that may provide an import, the most likely first.

    The shipped tables come first, so the suggestion and the verdict for any import they know are the same
    wherever the analysis runs; what is installed here only adds names for imports they do not know.
    """
    parts = module.split(".")
    top = parts[0]
    found = [name for length in range(len(parts), 1, -1) for name in table_distributions(".".join(parts[:length]))]
    namespace = top in NAMESPACE_PACKAGES and len(parts) > 1
    if namespace:
        # google.cloud.storage -> google-cloud-storage, google.auth.transport -> google-auth
        depth = 3 if parts[1] in ("cloud", "storage", "mgmt", "ai") and len(parts) > 2 else 2
        found.append("-".join(parts[:depth]))
    found += table_distributions(top)
    if not namespace and not found:
        found += installed_distributions().get(top, ())
    found.append(top)
    return tuple(dict.fromkeys(found))


def is_known_distribution(module: str) -> bool:
    """True when the import is in the shipped tables (or installed here): surely a package, not a local file."""
    top = module.split(".", 1)[0]
    return in_tables(top) or top in NAMESPACE_PACKAGES or top in installed_distributions()


def is_published_name(module: str) -> bool:
    """True when the shipped tables know the import as a package's: whatever is installed here, so that a
    report does not change with the environment. A name they do not know (`utils`, `data`) is more likely
    a module of the project that is missing than a package to declare, and never written as one."""
    top = module.split(".", 1)[0]
    return in_tables(top) or top in NAMESPACE_PACKAGES


def is_declared(module: str, keys: frozenset[str]) -> bool:
    top = normalize(module.split(".", 1)[0])
    if any(normalize(name) in keys for name in distributions_for(module)):
        return True
    if module.split(".", 1)[0] in NAMESPACE_PACKAGES:
        return any(key.startswith(top + "-") for key in keys)
    # python-dotenv, py-xgboost, pywin32-style names for the same import
    return any(re.sub(r"^(python|py)-?|-python$", "", key) == top for key in keys)


def requirement_line(module: str) -> str:
    """The line to add for an import: pinned to the installed version when there is one."""
    distribution = distributions_for(module)[0]
    found = installed_version(distribution)
    return f"{distribution}=={found}" if found else distribution


def relative_to_notebook(project: Project, path: Path) -> str:
    """A project file's path as a file edit names it: relative to the notebook's folder."""
    if project.folder is None:
        return path.name
    return Path(os.path.relpath(path, project.folder)).as_posix()
