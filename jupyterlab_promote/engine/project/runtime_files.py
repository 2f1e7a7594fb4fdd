"""Whether anything near a notebook describes the environment it runs in, exactly enough to rebuild it.

A container file, a devcontainer, a lock file, a conda environment or explicit spec, a Binder folder, a
Nix shell, or a requirements file that pins every package with `==`: any of these in the notebook's
folder or above it (up to the repository root, not past the boundary) lets someone else rebuild the
runtime. A requirements file with ranges or bare names does not: it resolves to other versions each month.
"""

import re
from pathlib import Path

from ..files.bounded import parse_file_cached, within
from .declared_versions import file_versions
from .folder import Project, folder_listing, per_listing
from .requirement_files import parse_requirements_txt

RUNTIME_FILES = frozenset({
    ".devcontainer", ".devcontainer.json", "binder", ".binder",
    "poetry.lock", "Pipfile.lock", "uv.lock", "pdm.lock", "pylock.toml", "conda-lock.yml", "requirements.lock",
    "environment.yml", "environment.yaml", "docker-compose.yml", "docker-compose.yaml", "compose.yml",
    "compose.yaml", "flake.nix", "shell.nix",
})
_CONTAINER_FILE = re.compile(r"^(Dockerfile|Containerfile)([.-][\w.-]+)?$|^[\w.-]+\.[Dd]ockerfile$")
_REQUIREMENTS = re.compile(r"^requirements.*\.txt$")


def is_container_file(name: str) -> bool:
    return bool(_CONTAINER_FILE.match(name))


def is_conda_spec(name: str) -> bool:
    """conda's explicit spec (`conda list --explicit > spec-file.txt`) or conda-lock's per-platform output."""
    return (name.endswith(".txt") and ("spec-file" in name or "explicit" in name)) or \
        (name.startswith("conda-") and name.endswith(".lock"))


def fully_pinned(path: Path, boundary: Path | None = None) -> bool:
    """A requirements file whose every requirement names one version (`==X` or `===X`), with at least
    one requirement; a `-r` include or an editable path leaves versions open, so it does not count."""
    parsed = parse_file_cached(path, parse_requirements_txt, boundary=boundary)
    if parsed is None or not parsed.requirements or parsed.includes or parsed.editable_paths:
        return False
    exact = {version.key for version in file_versions(path, boundary) if version.exact}
    return all(requirement.key in exact for requirement in parsed.requirements)


@per_listing(maxsize=256)
def _candidates(listing: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(names that describe the runtime, requirements files to read), sorted; kept with the listing, as a
    folder above a project (a home, a corpus) holds hundreds of names."""
    describing = sorted(name for name in listing
                        if name in RUNTIME_FILES or is_container_file(name) or is_conda_spec(name))
    return tuple(describing), tuple(sorted(name for name in listing if _REQUIREMENTS.match(name)))


def runtime_description(project: Project) -> Path | None:
    """The nearest file or folder that describes the runtime, from the notebook's folder up to the
    repository root (or the boundary); None when there is none."""
    for folder in project.folders_upwards():
        listing = folder_listing(folder)
        describing, requirements = _candidates(listing)
        for name in describing:
            if within(folder / name, project.boundary):
                return folder / name
        for name in requirements:
            if within(folder / name, project.boundary) and fully_pinned(folder / name, project.boundary):
                return folder / name
        if ".git" in listing:
            return None
    return None
