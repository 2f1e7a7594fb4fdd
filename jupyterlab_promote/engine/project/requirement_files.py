"""Read the names a dependency file declares: requirements*.txt, pyproject.toml, environment.yml and
Pipfile (setup.py and setup.cfg: setup_files.py; conda explicit specs and Dockerfiles: environment_files.py).

Every parser takes the file's text and returns `Requirement`s (and, for requirements files, the files it
includes with `-r`); callers cache them with `files.bounded.parse_file_cached`. Parsers never raise: a broken
file declares nothing rather than stopping the analysis.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Requirement:
    name: str
    """The distribution name as written."""
    pinned: bool
    """True when a version (or a direct URL) is given."""
    line: int = 0
    """1-based line in its file, 0 when unknown."""

    @property
    def key(self) -> str:
        return normalize(self.name)


@dataclass(frozen=True)
class RequirementsText:
    requirements: tuple[Requirement, ...]
    includes: tuple[str, ...]
    """Files named by `-r` / `--requirement`, relative to the including file."""
    editable_paths: tuple[str, ...]
    """Local projects installed with `-e PATH` or a bare `./path`."""


def normalize(name: str) -> str:
    """PEP 503 name normalisation: `Scikit_Learn` and `scikit-learn` are one distribution."""
    return re.sub(r"[-_.]+", "-", name).lower()


_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
_EGG = re.compile(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_URL_START = ("http:", "https:", "git+", "hg+", "svn+", "bzr+", "file:", "ftp:")
_WHEEL = re.compile(r"(?:^|/)([A-Za-z0-9][A-Za-z0-9._]*)-\d[^/]*\.(?:whl|tar\.gz|zip|tar\.bz2)$")
# `#` at the start or after a blank; the blanks before it go with the strip that follows.
_COMMENT = re.compile(r"(?:^|(?<=\s))#.*$")
_SPECIFIER = re.compile(r"[<>=!~]")


def parse_requirement(text: str, line: int = 0) -> Requirement | None:
    """One PEP 508 requirement, URL or archive; None for paths, options and what is not a requirement."""
    text = text.strip().strip("'\"")
    if not text or text.startswith("-"):
        return None
    egg = _EGG.search(text)
    if text.startswith(_URL_START) or egg:
        if egg:
            return Requirement(egg.group(1), True, line)
        wheel = _WHEEL.search(text.split("#", 1)[0])
        return Requirement(wheel.group(1), True, line) if wheel else None
    if text.startswith((".", "/", "~")) or "\\" in text:
        wheel = _WHEEL.search(text.replace("\\", "/"))
        return Requirement(wheel.group(1), True, line) if wheel else None
    match = _NAME.match(text)
    if match is None:
        return None
    rest = text[match.end():].lstrip()
    if rest.startswith("["):
        rest = rest.partition("]")[2]
    rest = rest.split(";", 1)[0].strip()
    return Requirement(match.group(), rest.startswith("@") or bool(_SPECIFIER.search(rest)), line)


def parse_requirements_txt(text: str) -> RequirementsText:
    """pip's requirements format: comments, `\\` continuations, options, `-r`, `-e`, markers, URLs."""
    requirements, includes, editable = [], [], []
    logical, first_line = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        if not logical:
            first_line = number
        if raw.endswith("\\"):
            logical += raw[:-1] + " "
            continue
        line = _COMMENT.sub("", logical + raw).strip()
        logical = ""
        option = re.match(r"(-r|--requirement|-e|--editable)(?:\s*=?\s*)(\S+)", line)
        if option:
            target = option.group(2)
            if option.group(1) in ("-r", "--requirement"):
                includes.append(target)
                continue
            found = parse_requirement(target, first_line) if "egg=" in target or "://" in target else None
            if found:
                requirements.append(found)
            else:
                editable.append(target)
            continue
        if line.startswith((".", "/")) and not _WHEEL.search(line):
            editable.append(line.split()[0])
            continue
        found = parse_requirement(line, first_line)
        if found:
            requirements.append(found)
    return RequirementsText(tuple(requirements), tuple(includes), tuple(editable))


@dataclass(frozen=True)
class ProjectFile:
    """What a project-level file (pyproject, setup.cfg, setup.py, Pipfile, environment.yml, a conda spec, a
    Dockerfile) declares."""

    requirements: tuple[Requirement, ...] = ()
    project_name: str | None = None
    includes: tuple[str, ...] = ()
    """Requirements files it names, relative to its folder: `-r` in an environment.yml's pip section or a
    Dockerfile's `pip install`, `file:` in setup.cfg or pyproject's dynamic dependencies, `open()` in setup.py."""
    declares: bool = False
    """True when the file has a dependency section at all (even an empty one)."""


def requirements_of(items) -> list[Requirement]:
    found = []
    for item in items if isinstance(items, list) else ():
        if isinstance(item, str):
            requirement = parse_requirement(item)
            if requirement:
                found.append(requirement)
    return found


def parse_pyproject(text: str) -> ProjectFile:
    data = _toml(text)
    project = data.get("project") if isinstance(data.get("project"), dict) else {}
    tool = data.get("tool") if isinstance(data.get("tool"), dict) else {}
    poetry = tool.get("poetry") if isinstance(tool.get("poetry"), dict) else {}
    found = requirements_of(project.get("dependencies"))
    sections = [project.get("optional-dependencies"), data.get("dependency-groups"),
                (tool.get("pdm") or {}).get("dev-dependencies") if isinstance(tool.get("pdm"), dict) else None]
    for section in sections:
        if isinstance(section, dict):
            for items in section.values():
                found += requirements_of(items)
    uv = tool.get("uv") if isinstance(tool.get("uv"), dict) else {}
    found += requirements_of(uv.get("dev-dependencies"))
    tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
    groups = poetry.get("group") if isinstance(poetry.get("group"), dict) else {}
    tables += [g.get("dependencies") for g in groups.values() if isinstance(g, dict)]
    for table in tables:
        if isinstance(table, dict):
            found += [Requirement(name, _poetry_pinned(spec)) for name, spec in table.items() if name.lower() != "python"]
    includes = _dynamic_dependency_files(tool)
    declares = bool(found) or bool(includes) or "dependencies" in project or "dependencies" in poetry
    name = project.get("name") or poetry.get("name")
    return ProjectFile(tuple(found), name if isinstance(name, str) else None, includes, declares)


def _dynamic_dependency_files(tool: dict) -> tuple[str, ...]:
    """`[tool.setuptools.dynamic] dependencies = {file = ["requirements.txt"]}`: the files named."""
    setuptools = tool.get("setuptools") if isinstance(tool.get("setuptools"), dict) else {}
    dynamic = setuptools.get("dynamic") if isinstance(setuptools.get("dynamic"), dict) else {}
    found = []
    for key in ("dependencies", "optional-dependencies"):
        entry = dynamic.get(key)
        entries = [entry] if key == "dependencies" else list(entry.values()) if isinstance(entry, dict) else []
        for item in entries:
            files = item.get("file") if isinstance(item, dict) else None
            if isinstance(files, str):
                found.append(files)
            elif isinstance(files, list):
                found += [name for name in files if isinstance(name, str)]
    return tuple(found)


def _poetry_pinned(spec) -> bool:
    version = spec.get("version") if isinstance(spec, dict) else spec
    return isinstance(version, str) and version.strip() not in ("", "*")


def parse_pipfile(text: str) -> ProjectFile:
    data = _toml(text)
    found = []
    for section in ("packages", "dev-packages"):
        table = data.get(section)
        if isinstance(table, dict):
            found += [Requirement(name, _poetry_pinned(spec)) for name, spec in table.items()]
    return ProjectFile(tuple(found), declares="packages" in data)


_CONDA_ITEM = re.compile(r"^(\s*)-\s+(.*)$")


def parse_environment_yml(text: str) -> ProjectFile:
    """The `dependencies:` list of a conda environment file, its `pip:` sub-list included.

    Read line by line (no YAML library): conda specs are `name`, `name=1.2`, `channel::name>=1`.
    """
    found, includes, inside, declares = [], [], None, False
    for number, raw in enumerate(text.splitlines(), 1):
        line = _COMMENT.sub("", raw).rstrip()
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if line.strip() == "dependencies:":
            inside, declares = indent, True
            continue
        if inside is None:
            continue
        item = _CONDA_ITEM.match(line)
        if item is None:
            if indent <= inside:
                inside = None
            continue
        spec = item.group(2).strip().strip("'\"")
        if spec.startswith(("-r ", "--requirement")):
            includes.append(spec.split()[-1])
        elif spec != "pip:" and not spec.endswith(":"):
            requirement = parse_requirement(spec.split("::")[-1], number)
            if requirement and requirement.key != "python":
                found.append(requirement)
    return ProjectFile(tuple(found), includes=tuple(includes), declares=declares)


def _toml(text: str) -> dict:
    try:
        import tomllib  # here: a project without a TOML file to read never pays for it
    except ImportError:  # Python 3.10: the small reader below
        return _small_toml(text)
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return {}


_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'')


def _small_toml(text: str) -> dict:
    """Tables, keys, strings and string arrays: enough for dependency sections when tomllib is missing."""
    data: dict = {}
    table, pending, pending_key = data, "", None
    for raw in text.splitlines():
        line = raw.strip()
        if pending_key is not None:
            pending += " " + line
            if pending.count("[") <= pending.count("]"):
                table[pending_key] = [a or b for a, b in _STRING.findall(pending)]
                pending_key = None
            continue
        if not line or line.startswith("#"):
            continue
        header = re.match(r"^\[([^\[\]]+)\]$", line)
        if header:
            table = data
            for part in header.group(1).split("."):
                table = table.setdefault(part.strip().strip('"'), {})
            continue
        key, sep, value = line.partition("=")
        if not sep or line.startswith("[["):
            continue
        key, value = key.strip().strip('"'), value.strip()
        if value.startswith("[") and value.count("[") > value.count("]"):
            pending, pending_key = value, key
        elif value.startswith("["):
            table[key] = [a or b for a, b in _STRING.findall(value)]
        elif value.startswith("{"):
            table[key] = {}
        else:
            string = _STRING.match(value)
            table[key] = (string.group(1) or string.group(2)) if string else value
    return data
