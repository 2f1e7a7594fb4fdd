"""Read what setuptools' own files declare: setup.py (its syntax tree, never run) and setup.cfg.

`install_requires` is often not a literal list: a list bound to a name (`install_requires=REQUIRED`) is read
from its assignment, and requirements read from a file (`open("requirements.txt")`, a `with open(...)` block
binding the name, a helper called with the file's name or naming it in its body, setup.cfg's
`file: requirements.txt`) become includes the caller reads.
"""

import ast
import configparser
import re

from ..python.syntax import parse_code
from .requirement_files import ProjectFile, requirements_of

_REQUIREMENTS_FILE = re.compile(r"^[\w./-]+\.(txt|in)$")


def parse_setup_cfg(text: str) -> ProjectFile:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except (configparser.Error, RecursionError):
        return ProjectFile()
    found, includes = [], []
    declares = parser.has_option("options", "install_requires")
    values = [parser.get("options", "install_requires")] if declares else []
    if parser.has_section("options.extras_require"):
        values += [value for _, value in parser.items("options.extras_require")]
    for value in values:
        if value.strip().startswith("file:"):
            includes += [name.strip() for name in value.strip()[5:].split(",") if name.strip()]
        else:
            found += requirements_of(value.splitlines())
    name = parser.get("metadata", "name", fallback=None)
    return ProjectFile(tuple(found), name, tuple(includes), declares)


def parse_setup_py(text: str) -> ProjectFile:
    """The `install_requires`, `extras_require` and `name` of a `setup(...)` call, read without running it."""
    try:
        tree = parse_code(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ProjectFile()
    # names bound anywhere in the file, `with open("requirements.txt") as f: required = ...` included
    assigned: dict[str, ast.AST] = {target.id: node.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                                    for target in node.targets if isinstance(target, ast.Name)}
    # a helper defined in the file (`def read_requirements(): ...`) stands for its body
    assigned.update({node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)})
    # `with open("requirements.txt") as f: required = f.read().splitlines()`: the name stands for the block
    for block in (node for node in ast.walk(tree) if isinstance(node, ast.With) and _file_names(node)):
        for node in ast.walk(block):
            if isinstance(node, ast.Assign):
                assigned.update({target.id: block for target in node.targets if isinstance(target, ast.Name)})
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "setup":
            keywords = {k.arg: k.value for k in node.keywords if k.arg}
            found, includes = _requirements_and_files(keywords.get("install_requires"), assigned)
            extras = _resolved(keywords.get("extras_require"), assigned)
            if isinstance(extras, ast.Dict):
                for value in extras.values:
                    more, files = _requirements_and_files(value, assigned)
                    found, includes = found + more, includes + files
            name = _literal(_resolved(keywords.get("name"), assigned))
            return ProjectFile(tuple(found), name if isinstance(name, str) else None, tuple(dict.fromkeys(includes)),
                               declares="install_requires" in keywords)
    return ProjectFile()


def _resolved(node: ast.AST | None, assigned: dict[str, ast.AST]) -> ast.AST | None:
    """A name stands for what it was bound to (one step: no chains to follow)."""
    if isinstance(node, ast.Name) and node.id in assigned:
        return assigned[node.id]
    return node


def _requirements_and_files(node: ast.AST | None, assigned: dict[str, ast.AST]) -> tuple[list, list[str]]:
    """Literal requirements, or the requirements files an expression reads (`open("requirements.txt")`)."""
    node = _resolved(node, assigned)
    if node is None:
        return [], []

    value = _literal(node)
    if isinstance(value, (list, tuple)):
        return requirements_of(list(value)), []
    files = _file_names(node)
    if not files and isinstance(node, ast.Call):
        # `install_requires=read_requirements()`: the file the helper's own body names
        files = _file_names(_resolved(node.func, assigned))
    return [], files


def _file_names(node: ast.AST | None) -> list[str]:
    """String constants in an expression (or a function's body) that name a requirements file."""
    if node is None:
        return []
    return [child.value for child in ast.walk(node) if isinstance(child, ast.Constant)
            and isinstance(child.value, str) and _REQUIREMENTS_FILE.match(child.value)]


def _literal(node):
    try:
        return ast.literal_eval(node) if node is not None else None
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
