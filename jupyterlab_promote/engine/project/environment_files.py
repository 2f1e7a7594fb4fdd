"""Read what builds an environment without being a requirements list: conda explicit spec files
(`conda list --explicit`, conda-lock's `.lock` files), Dockerfiles that `pip install` or `conda install`,
and Binder's `postBuild` script.

Like the other parsers these take a file's text (read by `files.bounded`), never raise, and answer a
`ProjectFile`: a Dockerfile's `-r` files become includes, read as requirements files by the caller.
"""

import json
import re
from pathlib import PurePosixPath

from .install_commands import INSTALLER_ITSELF, requirement_files_named, shell_commands, shell_install
from .requirement_files import ProjectFile, Requirement, normalize, parse_requirement

_CONDA_EXTENSIONS = (".conda", ".tar.bz2")


def parse_conda_explicit(text: str) -> ProjectFile:
    """A conda explicit spec: `@EXPLICIT` then one package URL a line, each an exact build."""
    lines = text.splitlines()
    if not any(line.strip() == "@EXPLICIT" for line in lines):
        return ProjectFile()
    found = []
    for number, raw in enumerate(lines, 1):
        name = _conda_package_name(raw)
        if name and normalize(name) != "python":
            found.append(Requirement(name, True, number))
    return ProjectFile(tuple(found), declares=True)


def _conda_package_name(line: str) -> str | None:
    """`.../numpy-1.26.4-py311h64a7726_0.conda#md5` -> numpy: name-version-build, the name may hold dashes.
    Split with plain string operations: a line is a URL of any length."""
    file_name = line.strip().split("#", 1)[0].rstrip().rsplit("/", 1)[-1]
    extension = next((e for e in _CONDA_EXTENSIONS if file_name.endswith(e)), None)
    if extension is None:
        return None
    parts = file_name[: -len(extension)].rsplit("-", 2)
    return parts[0] if len(parts) == 3 and all(parts) else None


_INSTRUCTION = re.compile(r"^\s*([A-Za-z]+)\s+(.*)$", re.DOTALL)
_HEREDOC = re.compile(r"<<-?\s*[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']?")
_ENV_ASSIGNMENT = re.compile(r"^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)+")
# Long RUN lines are normal; a Dockerfile line longer than this is generated noise, not an install.
_MAX_INSTRUCTION_CHARS = 100_000


def parse_dockerfile(text: str) -> ProjectFile:
    """The packages a Dockerfile's RUN lines install, and the requirements files they install from.

    A file named in the image (`-r /tmp/requirements.txt`) is found through the COPY or ADD that put it
    there; otherwise its own name is looked for next to the Dockerfile.
    """
    found, includes, copies, installs = [], [], {}, False
    for line, instruction, argument in _instructions(text):
        if instruction in ("COPY", "ADD"):
            _record_copy(argument, copies)
            continue
        if instruction != "RUN":
            continue
        for command in shell_commands(_exec_form(argument)):
            command = _ENV_ASSIGNMENT.sub("", command.removeprefix("sudo ").strip())
            packages = shell_install(command)
            if packages is None:
                continue
            installs = True
            for word in packages:
                requirement = parse_requirement(word, line)
                if requirement and requirement.key not in INSTALLER_ITSELF and requirement.key != "python":
                    found.append(requirement)
            includes += [_source_of(name, copies) for name in requirement_files_named(command)]
    return ProjectFile(tuple(found), includes=tuple(dict.fromkeys(includes)), declares=installs)


def parse_post_build(text: str) -> ProjectFile:
    """Binder's `postBuild`: a shell script run once the image is built, read as the RUN lines it stands for."""
    lines = text.splitlines()
    as_runs = []
    for number, line in enumerate(lines):
        continued = number > 0 and lines[number - 1].rstrip().endswith("\\")
        command = line.strip() and not line.lstrip().startswith("#") and not continued
        as_runs.append(f"RUN {line}" if command else line)
    return parse_dockerfile("\n".join(as_runs))


def _instructions(text: str):
    """(first line, INSTRUCTION, argument) with `\\` continuations and heredocs joined, comments left out."""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        start, parts = index + 1, []
        while index < len(lines):
            line = lines[index]
            index += 1
            if line.lstrip().startswith("#"):
                if parts:
                    continue  # comment lines inside a continued instruction are dropped by Docker too
                break
            if line.rstrip().endswith("\\"):
                parts.append(line.rstrip()[:-1])
                continue
            parts.append(line)
            break
        joined = " ".join(parts)
        heredoc = _HEREDOC.search(joined)
        if heredoc:
            body = []
            while index < len(lines) and lines[index].strip() != heredoc.group(1):
                body.append(lines[index])
                index += 1
            index += 1
            joined = "\n".join([joined, *body])
        if len(joined) > _MAX_INSTRUCTION_CHARS:
            continue
        match = _INSTRUCTION.match(joined)
        if match:
            yield start, match.group(1).upper(), match.group(2)


def _exec_form(argument: str) -> str:
    """`["pip", "install", "x"]` as the shell line it stands for; heredoc bodies line by line."""
    stripped = argument.strip()
    if stripped.startswith("["):
        try:
            words = json.loads(stripped)
        except ValueError:
            return stripped
        if isinstance(words, list) and all(isinstance(word, str) for word in words):
            return " ".join(words)
    return _HEREDOC.sub("", argument).replace("\n", " ; ")


def _record_copy(argument: str, copies: dict[str, str]) -> None:
    words = [word for word in argument.split() if not word.startswith("--")]
    if len(words) < 2:
        return
    *sources, destination = words
    for source in sources:
        target = PurePosixPath(destination)
        if destination.endswith("/") or len(sources) > 1 or destination in (".", "./"):
            target = target / PurePosixPath(source).name
        copies[str(target)] = source


def _source_of(name: str, copies: dict[str, str]) -> str:
    """The build-context file a path inside the image came from."""
    if name in copies:
        return copies[name]
    for destination, source in copies.items():
        if PurePosixPath(destination).name == PurePosixPath(name).name and PurePosixPath(name).is_absolute():
            return source
    return PurePosixPath(name).name if PurePosixPath(name).is_absolute() else name
