"""The packages a shell command installs: `pip install`, `python -m pip install`, `uv pip install`,
`conda` / `mamba` / `micromamba install`.

Read by the rule on installs run from notebook cells and by the Dockerfile reader (its `RUN` lines).
"""

import re
import shlex

_INSTALLERS = re.compile(r"^\s*(?:\S*python[\d.]*\s+-m\s+|\{sys\.executable\}\s+-m\s+|\S*/|uv\s+)?"
                         r"(pip[\d.]*|conda|mamba|micromamba)\s+install\b(.*)$")
# Upgrading the installer itself is environment setup, not a dependency of the notebook.
INSTALLER_ITSELF = frozenset({"pip", "setuptools", "wheel", "conda", "mamba"})
_VALUED_OPTIONS = frozenset({"-r", "--requirement", "-c", "--constraint", "-i", "--index-url", "--extra-index-url",
                             "-f", "--find-links", "-t", "--target", "--prefix", "--root", "--src",
                             "--trusted-host", "--upgrade-strategy", "-e", "--editable", "-n", "--name", "-p",
                             "--channel", "--python-version", "--platform", "--cache-dir", "--log", "--file"})
_SEPARATORS = re.compile(r"&&|;|\|\||\|")


def install_command(kind: str, argument: str) -> list[str] | None:
    """The packages a `%pip` / `%conda` magic or a `!` shell line installs; None when it installs nothing."""
    if kind in ("pip", "conda", "mamba"):
        argument = f"{kind} {argument}"
    elif kind != "!":
        return None
    return shell_install(_SEPARATORS.split(argument, maxsplit=1)[0])


def shell_install(command: str) -> list[str] | None:
    """The package words of one simple command (no `&&`), None when it is no install."""
    match = _INSTALLERS.match(command)
    if match is None:
        return None
    try:
        words = shlex.split(match.group(2))
    except ValueError:
        words = match.group(2).split()
    packages, skip_next = [], False
    for word in words:
        if skip_next or word.startswith(("-", ">", "2>", "{", "$")) or word in ("&", "1>"):
            skip_next = word in _VALUED_OPTIONS
            continue
        packages.append(word.split("::")[-1])  # conda's channel::name
    return packages


def requirement_files_named(command: str) -> list[str]:
    """The files an install command reads with `-r` / `--requirement` / `--file` (conda's)."""
    try:
        words = shlex.split(command)
    except ValueError:
        words = command.split()
    found = []
    for index, word in enumerate(words):
        name, equals, value = word.partition("=")
        if name in ("-r", "--requirement", "--file") and not equals and index + 1 < len(words):
            found.append(words[index + 1])
        elif name in ("--requirement", "--file") and equals:
            found.append(value)
        elif word.startswith("-r") and len(word) > 2 and not word.startswith("--"):
            found.append(word[2:])
    return found


def shell_commands(text: str) -> list[str]:
    """The simple commands of a shell line: split at `&&`, `||`, `;` and `|`."""
    return [part.strip() for part in _SEPARATORS.split(text) if part.strip()]
