"""Which versions a project's dependency files allow: the PEP 440 specifier of each declared package.

dependencies.py says *whether* a package is declared; this reads *which versions* the declaration
allows, from the same files (`Declared.files`), so a rule can set them against the versions a notebook
ran with. Read here: pip requirements files, pyproject `[project] dependencies`, Pipfile and
environment.yml (conda's `name=1.2` means `1.2.*`). A declaration with an environment marker is left
out: it may be meant for another platform or Python, and judging it here would be a guess.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from ..files.bounded import parse_file_cached
from .dependencies import Declared
from .requirement_files import _toml, normalize  # the one TOML reader (with its Python 3.10 fallback)


@dataclass(frozen=True)
class DeclaredVersion:
    name: str
    """The package name as written."""
    specifier: str
    """What the declaration allows, as a PEP 440 specifier set (`==2.2.2`, `>=1.4,<2`); never empty."""
    file: Path
    line: int
    """1-based line in the file, 0 when unknown."""

    @property
    def key(self) -> str:
        return normalize(self.name)

    @property
    def exact(self) -> bool:
        """A single `==X` (no wildcard) or `===X`: the declaration names one version."""
        from packaging.specifiers import SpecifierSet  # imported here, as in environment_drift.allows

        specifiers = list(SpecifierSet(self.specifier))
        return len(specifiers) == 1 and (specifiers[0].operator == "===" or (
            specifiers[0].operator == "==" and not specifiers[0].version.endswith(".*")))


# (name, specifier, line) as a parser finds them; the file is added by declared_versions.
Found = tuple[tuple[str, str, int], ...]


def _pep508(text: str) -> tuple[str, str] | None:
    """(name, specifier) of a PEP 508 requirement with a version constraint and no marker."""
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        return None
    if requirement.marker is not None or requirement.url or not str(requirement.specifier):
        return None
    return requirement.name, str(requirement.specifier)


def parse_requirements_versions(text: str) -> Found:
    """pip's requirements format: comments, `\\` continuations and options (`--hash` included) skipped."""
    found, logical, first = [], "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        if not logical:
            first = number
        if raw.endswith("\\"):
            logical += raw[:-1] + " "
            continue
        line = re.sub(r"(?:^|(?<=\s))#.*$", "", logical + raw).strip()
        logical = ""
        option = re.search(r"\s-{1,2}[a-z]", line)  # `pkg==1 --hash=sha256:...`
        line = line[:option.start()].strip() if option else line
        if line and not line.startswith("-"):
            parsed = _pep508(line)
            if parsed:
                found.append((*parsed, first))
    return tuple(found)


def _line_of(text: str, needle: str) -> int:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 0


def parse_pyproject_versions(text: str) -> Found:
    """pyproject.toml's `[project] dependencies` (Poetry's caret ranges are not PEP 440: left out)."""
    project = _toml(text).get("project")
    items = project.get("dependencies") if isinstance(project, dict) else None
    found = []
    for item in items if isinstance(items, list) else ():
        parsed = _pep508(item) if isinstance(item, str) else None
        if parsed:
            found.append((*parsed, _line_of(text, item)))
    return tuple(found)


def parse_pipfile_versions(text: str) -> Found:
    """Pipfile's `[packages]`: `pandas = "==2.2.2"` or `pandas = {version = ">=2"}` (`"*"` allows any)."""
    packages = _toml(text).get("packages")
    found = []
    for name, spec in packages.items() if isinstance(packages, dict) else ():
        version = spec.get("version") if isinstance(spec, dict) else spec
        if isinstance(version, str) and version.strip() not in ("", "*") and _valid(version):
            found.append((name, version.strip(), _line_of(text, f"{name} ")))
    return tuple(found)


_CONDA_SPEC = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(==|>=|<=|!=|>|<|=)?\s*([^\s=]*)")


def list_item(line: str) -> tuple[int, str, str] | None:
    """(indent, item, trailing blanks and comment) of a YAML list line `  - item  # note`; None for others.
    Split by hand: a regular expression with a lazy item before optional blanks backtracks on long blanks."""
    stripped = line.rstrip("\r\n")
    body = stripped.lstrip(" \t")
    if not body.startswith("-") or body[1:2] not in (" ", "\t"):
        return None
    indent = len(stripped) - len(body)
    rest = body[1:].lstrip(" \t")
    comment = re.search(r"\s#", rest)
    value = (rest[:comment.start()] if comment else rest).rstrip()
    return indent, value, rest[len(value):]


def parse_environment_versions(text: str) -> Found:
    """environment.yml: conda specs (`numpy=1.26`, `numpy==1.26.4`, `numpy>=1.2`; a channel prefix
    `conda-forge::` dropped, a build string ignored) and PEP 508 lines of its `pip:` list."""
    found, pip_indent = [], None
    for number, raw in enumerate(text.splitlines(), 1):
        found_item = list_item(raw)
        if found_item is None:
            if re.match(r"^\S", raw):
                pip_indent = None
            continue
        indent, item = found_item[0], found_item[1].strip("'\"")
        if item.rstrip(":") == "pip" and item.endswith(":"):
            pip_indent = indent
            continue
        if pip_indent is not None and indent > pip_indent:
            parsed = _pep508(item)
            if parsed:
                found.append((*parsed, number))
            continue
        pip_indent = None
        spec = _CONDA_SPEC.match(item.split("::")[-1])
        if spec is None or not spec.group(3):
            continue
        operator, version = spec.group(2) or "=", spec.group(3)
        if operator == "=":  # conda's `=1.2` is the 1.2 series; `=1.2.*` says it itself
            operator, version = "==", version if version.endswith("*") else version + ".*"
        if _valid(operator + version):
            found.append((spec.group(1), operator + version, number))
    return tuple(found)


def _valid(specifier: str) -> bool:
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        SpecifierSet(specifier)
    except InvalidSpecifier:
        return False
    return True


def _parser_of(path: Path):
    name = path.name
    if name == "pyproject.toml":
        return parse_pyproject_versions
    if name == "Pipfile":
        return parse_pipfile_versions
    if name in ("environment.yml", "environment.yaml"):
        return parse_environment_versions
    if name.endswith((".txt", ".in")):
        return parse_requirements_versions
    return None


def file_versions(path: Path, boundary: Path | None = None) -> tuple[DeclaredVersion, ...]:
    """The versioned declarations of one dependency file (cached until it changes); () for other files."""
    parser = _parser_of(path)
    found = parse_file_cached(path, parser, boundary=boundary) if parser else None
    return tuple(DeclaredVersion(name, spec, path, line) for name, spec, line in found or ())


def declared_versions(declared: Declared, boundary: Path | None = None) -> dict[str, tuple[DeclaredVersion, ...]]:
    """Normalised package name -> every versioned declaration of it in the project's dependency files."""
    by_key: dict[str, list[DeclaredVersion]] = {}
    for path in declared.files:
        for version in file_versions(path, boundary):
            by_key.setdefault(version.key, []).append(version)
    return {key: tuple(found) for key, found in by_key.items()}
