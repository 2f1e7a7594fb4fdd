"""absolute-path: file system paths that exist on one machine only."""

import ast
import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from ...notebook.cell_memo import cells_where, per_source, per_text
from ...notebook.model import Cell, Notebook
from ...notebook.source import parse_cell
from ..base import Fix, Violation, at_node
from .matching_statements import cell_magic_calls, matching_lines, statements_on, walk
from .parameters_cell import (
    ParameterFixes,
    is_constant_name,
    magic_line,
    parameters_cell,
)

# Roots that hold a person's files, a mounted disk or a hosted runtime's data: machine-bound. Roots every
# Unix system has (/tmp, /usr, /etc, /dev, /var) are left alone.
_ROOTS = ("home|Users|mnt|media|data|datasets|content|kaggle|Volumes|opt|srv|scratch|gpfs|nfs|dbfs|"
          "workspace|root|Shared|storage|projects|efs|lustre|export")
_PATH = re.compile(
    r"(?:^|(?<=[\s=:'\"(,;]))(?P<path>"
    rf"/(?:{_ROOTS})/[^\s'\"]*[^\s'\".,;:)]"  # Unix, without trailing punctuation
    r"|~[A-Za-z0-9_-]*[/\\](?!\.)[^\s'\"]+"  # ~/data, ~alice/data; not ~/.kaggle-style tool settings
    r"|[A-Za-z]:[\\/][^\s'\"]+"  # C:\Users, D:/data
    r"|\\\\[\w.$-]+\\[\w.$ -]+"  # UNC \\server\share
    r")"
)
# Other absolute paths count when the whole literal is one, ending in a data or model file.
_DATA_FILE = re.compile(
    r"^/[\w.-]+(?:/[\w. -]+)+\.(?:csv|tsv|parquet|xlsx?|pkl|pickle|h5|hdf5|npy|npz|feather|zip|gz|db|"
    r"sqlite|joblib|pt|pth|ckpt|arrow|avro|orc|sav|mat|nc|txt)$"
)
# Cheap searches that find where a path may be, each starting with a fixed character so the regex
# engine can skip ahead; `_candidate_offsets` runs only those whose character occurs in the cell.
_UNIX_ROOT = re.compile(rf"/(?:{_ROOTS})/")
_SEARCHES = (("~", re.compile(r"~\w*[/\\]")), (":", re.compile(r":[\\/]")), ("\\\\", re.compile(r"\\\\")),
             ("'/", re.compile(r"'/\w+/")), ('"/', re.compile(r'"/\w+/')))
# Calls whose string arguments are messages, URLs, routes or patterns, not files of this machine.
_TEXT_FUNCTIONS = frozenset({"print", "info", "debug", "warning", "warn", "error", "exception", "critical",
                             "log", "write", "get", "post", "put", "patch", "delete", "head", "request",
                             "route", "urljoin", "add_url_rule", "add_api_route", "mount", "Markdown",
                             "HTML", "markdown"})
# Shell commands that act on this machine's files; others (cluster tools, ssh, cloud CLIs) may name
# paths on another machine.
_LOCAL_COMMANDS = frozenset({"cd", "ls", "cp", "mv", "cat", "mkdir", "rm", "unzip", "tar", "head", "tail", "wc",
                             "du", "find", "ln", "chmod", "python", "python3", "gunzip", "7z", "touch"})
_FILE_MAGICS = frozenset({"cd", "run", "load", "pushd", "bookmark", "writefile", "save"})
_REGEX_FUNCTIONS = frozenset({"compile", "match", "search", "sub", "subn", "findall", "finditer",
                              "fullmatch", "split"})


def _candidate_offsets(python: str) -> list[int]:
    offsets = [m.start() for m in _UNIX_ROOT.finditer(python)]
    for needle, search in _SEARCHES:
        if needle in python:
            offsets += [m.start() for m in search.finditer(python)]
    return offsets


def find_path(text: str) -> str | None:
    """The machine-bound path in a string, or None."""
    if len(text) > 2000:
        return None
    match = _PATH.search(text)
    if match is None:
        return _DATA_FILE.match(text) and text
    if match.start() == 0 and "\n" not in text and len(text) < 200:
        return text.strip()
    return match.group("path")


def _callee(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _is_regex_call(call: ast.Call) -> bool:
    func = call.func
    return (isinstance(func, ast.Attribute) and func.attr in _REGEX_FUNCTIONS
            and getattr(func.value, "id", None) == "re")


def _string_literals(statements: list[ast.AST], top_level: set[int]
                     ) -> Iterator[tuple[ast.expr, str, str | None, ast.stmt | None]]:
    """(literal node, its text, a name hint, the top-level `NAME = literal` statement it is the value of)."""
    skip: set[int] = set()
    hints: dict[int, tuple[str, ast.stmt | None]] = {}
    for node in walk(statements):
        if isinstance(node, ast.Expr):
            skip.add(id(node.value))
        elif isinstance(node, ast.Call):
            if _callee(node) in _TEXT_FUNCTIONS or _is_regex_call(node):
                skip.update(id(arg) for arg in node.args)
                skip.update(id(k.value) for k in node.keywords)
            for keyword in node.keywords:
                if keyword.arg:
                    hints.setdefault(id(keyword.value), (keyword.arg, None))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if len(targets) == 1 and isinstance(targets[0], ast.Name) and node.value is not None:
                statement = node if id(node) in top_level else None
                hints[id(node.value)] = (targets[0].id, statement)
        elif isinstance(node, ast.JoinedStr):
            skip.update(id(part) for part in node.values)
            text = "".join(p.value for p in node.values if isinstance(p, ast.Constant) and isinstance(p.value, str))
            if id(node) not in skip:
                yield node, text, None, None
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            hint, statement = hints.get(id(node), (None, None))
            yield node, node.value, hint, statement


def _hint_from_path(path: str) -> str:
    name = PurePosixPath(path.replace("\\", "/").rstrip("/")).name
    stem, dot, extension = name.partition(".")
    if not stem:
        return "DATA_PATH"
    return f"{stem}_{extension}" if dot else f"{stem}_dir"


def _magic_paths(cell: Cell) -> Iterator[Violation]:
    """Paths in `!shell` lines and `%magics`: reported on the line (the magic's text is not a literal)."""
    lines = cell.source.split("\n")
    for kind, argument, call in cell_magic_calls(cell.source):
        words = argument.split(None, 1)
        local = kind in _FILE_MAGICS or (kind == "!" and words and words[0].lstrip("!") in _LOCAL_COMMANDS)
        path = find_path(argument) if local else None
        line = magic_line(cell, call, argument) if path else None
        if path is None or line is None:
            continue
        start = lines[line - 1].find(path)
        column, end = (start, start + len(path)) if start >= 0 else (0, len(lines[line - 1]))
        yield Violation(f"Absolute path '{path}' in a shell command ties the notebook to one machine",
                        cell, line, column, line, end)


def absolute_path(nb: Notebook) -> Iterator[Violation]:
    """A string holds an absolute path that exists on one machine only (a home folder, a drive, a mount).

    Why: on a colleague's laptop, a scheduler or a container the path does not exist; the notebook fails,
    or silently reads another file that happens to be there.
    Example: `pd.read_csv("/Users/alice/projects/churn/customers.csv")`, `"C:\\Users\\bob\\data.xlsx"`.
    Instead: a path relative to the project, or a parameter in the papermill `parameters` cell that each
    run can set.
    """
    holding = cells_where(_holds_paths, nb.python_cells)
    if not holding:
        return
    fixes = ParameterFixes(nb)
    parameters = parameters_cell(nb)
    for cell in holding:
        if cell is parameters:
            continue
        if cell.parsed.uses_magics:
            yield from _magic_paths(cell)
        for node, path, hint, statement in _cell_paths(cell.source):
            yield at_node(f"Absolute path '{path}' ties the notebook to one machine", cell, node,
                          fixes=_fixes(fixes, cell, node, path, hint, statement))


@per_text
def _holds_paths(cell: Cell) -> bool:
    """Whether the cell holds a path literal, or a magic that may name one: most cells do neither."""
    return bool(_cell_paths(cell.source)) or cell.parsed.uses_magics


@per_source
def _cell_paths(source: str) -> tuple[tuple[ast.expr, str, str | None, ast.stmt | None], ...]:
    """(literal, path, name hint, `NAME = literal` statement) for each path literal of a cell's code."""
    parsed = parse_cell(source)
    statements = statements_on(parsed.tree, matching_lines(parsed.python, _candidate_offsets(parsed.python)))
    if not statements:
        return ()
    magic_args: set[int] = set()
    if parsed.uses_magics:
        magic_args = {id(arg) for _, _, call in cell_magic_calls(source) for arg in call.args}
    found = []
    for node, text, hint, statement in _string_literals(statements, {id(s) for s in parsed.tree.body}):
        path = find_path(text) if id(node) not in magic_args else None
        if path is not None:
            found.append((node, path, hint, statement))
    return tuple(found)


def _fixes(fixes: ParameterFixes, cell: Cell, node: ast.expr, path: str, hint: str | None,
           statement: ast.stmt | None) -> tuple[Fix, ...]:
    if isinstance(node, ast.JoinedStr) or not isinstance(node, ast.Constant):
        return ()
    if hint and statement is not None and is_constant_name(hint):
        moved = fixes.tag_config_cell(cell) or fixes.move_statement(cell, statement, hint)
        if moved is not None:
            return (moved,)
    return (fixes.move_literal(cell, node, hint or _hint_from_path(path)),)
