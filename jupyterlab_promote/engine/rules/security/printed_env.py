"""Secrets a cell reads from the environment and then shows: `print(os.environ["SERVICE_TOKEN"])`, or the
lookup as the cell's last expression. The code is clean; the value is in the saved output, whatever its
shape (no token format needed), because the name says what it is."""

import ast
from collections.abc import Iterator

from ...notebook.cell_memo import per_text
from ...notebook.model import Cell
from ...text.secret_values import secret_value_kind
from .credential_names import credential_name
from .named_literals import env_lookup

_SHOWING_CALLS = frozenset({"print", "display", "pprint", "write", "info", "debug", "warning", "log"})
_LINES_READ = 20


def _environ_item(node: ast.AST) -> str | None:
    """`os.environ["X"]` (or `environ["X"]`), and the getters of env_lookup."""
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        value = node.value
        if (isinstance(value, ast.Attribute) and value.attr == "environ") or (
                isinstance(value, ast.Name) and value.id == "environ"):
            return node.slice.value
    found = env_lookup(node)
    return found[0] if found else None


def _shown_names(tree: ast.Module) -> Iterator[str]:
    """Environment variables whose value the cell prints or leaves as its result."""
    read_into: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and (name := _environ_item(node.value)):
            read_into.update({t.id: name for t in node.targets if isinstance(t, ast.Name)})

    def variable(node: ast.AST) -> str | None:
        return _environ_item(node) or (read_into.get(node.id) if isinstance(node, ast.Name) else None)

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called(node) in _SHOWING_CALLS:
            for argument in node.args:
                parts = [v.value for v in argument.values if isinstance(v, ast.FormattedValue)] \
                    if isinstance(argument, ast.JoinedStr) else [argument]
                yield from filter(None, map(variable, parts))
    if tree.body and isinstance(tree.body[-1], ast.Expr) and (name := variable(tree.body[-1].value)):
        yield name


def _called(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


@per_text
def shown_credentials(cell: Cell) -> tuple[tuple[str, str], ...]:
    """(variable, credential kind) for each credential-named environment variable the cell shows."""
    tree = cell.parsed.tree
    if tree is None or "environ" not in cell.source and "getenv" not in cell.source:
        return ()
    found = {name: kind for name in _shown_names(tree) if (kind := credential_name(name)) in ("secret", "password")}
    return tuple(found.items())


def shown_value(texts: list[str], kind: str) -> str | None:
    """The first line of the output that is a secret of this kind on its own (or after `NAME=` / `NAME: `)."""
    for text in texts:
        for line in text.split("\n", _LINES_READ)[:_LINES_READ]:
            value = line.strip().strip("'\"")
            tails = [value.partition(separator)[2].strip().strip("'\"") for separator in ("=", ": ") if separator in value]
            tails += value.split()[-1:] if " " in value else []  # "token is x7Kp..."
            for candidate in (value, *tails):
                if candidate and secret_value_kind(candidate, kind) == "secret":
                    return candidate
    return None
