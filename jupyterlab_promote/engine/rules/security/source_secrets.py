"""hardcoded-secret: secrets written into cells, found by token format or by the name they are given."""

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from ...notebook.cell_memo import cells_where, per_text
from ...notebook.model import Cell, Notebook
from ...notebook.source import magic_calls
from ...text.secret_patterns import (
    TokenHit,
    find_tokens,
    hints_in,
    kinds_of_hints,
    redact,
    secret_value_kind,
    strip_auth_scheme,
)
from ..base import Fix, Violation, at_node
from ..source_edits import delete_statement, import_edits, node_range, replace_range
from .credential_names import credential_name, env_var_name

# Every credential-like name contains one of these (lowercased); cells without any have no named secrets.
_CREDENTIAL_HINTS = ("pass", "pwd", "secret", "token", "key", "auth", "cred", "bearer")
ROTATE = "rotate it: the old value stays in the notebook's history"
# Objects whose attribute names are enough on their own (`self.api_key` -> API_KEY).
_GENERIC_ROOTS = frozenset({"self", "cls", "config", "cfg", "conf", "settings", "args", "params", "options", "opts"})


@dataclass(frozen=True)
class Target:
    """What a string literal is assigned to, which names the secret and its environment variable."""

    name: str
    owner: str = ""
    """The module or object of an attribute target (`quandl` in `quandl.ApiConfig.api_key`)."""
    environ_statement: ast.stmt | None = None
    """Set for `os.environ["X"] = "..."`: the fix deletes that statement instead."""

    @property
    def env_name(self) -> str:
        if self.environ_statement is not None:
            return self.name
        env = env_var_name(self.name)
        owner = env_var_name(self.owner) if self.owner else ""
        return f"{owner}_{env}" if owner and not env.startswith(owner) else env


def _is_environ(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ" and isinstance(node.value, ast.Name) \
        and node.value.id == "os"


def _target(node: ast.AST, statement: ast.stmt | None = None) -> Target | None:
    if isinstance(node, ast.Name):
        return Target(node.id)
    if isinstance(node, ast.Attribute):
        root = node
        while isinstance(root, ast.Attribute):
            root = root.value
        owner = root.id if isinstance(root, ast.Name) and root.id not in _GENERIC_ROOTS else ""
        return Target(node.attr, owner)
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        return Target(node.slice.value, "", statement if _is_environ(node.value) else None)
    return None


def _str(node: ast.AST | None) -> ast.Constant | None:
    return node if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def assigned_literals(cell: Cell) -> Iterator[tuple[Target, ast.Constant]]:
    """String literals with the name they are given: assignments, keyword arguments, dict keys, defaults."""
    parsed = cell.parsed
    for node in [*parsed.nodes(ast.Assign), *parsed.nodes(ast.AnnAssign)]:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                pairs = zip(target.elts, node.value.elts)
            else:
                pairs = [(target, node.value)]
            for left, right in pairs:
                if (literal := _str(right)) and (named := _target(left, node)):
                    yield named, literal
    for call in parsed.nodes(ast.Call):
        for keyword in call.keywords:
            if keyword.arg and (literal := _str(keyword.value)):
                yield Target(keyword.arg), literal
            elif keyword.arg == "auth" and isinstance(keyword.value, ast.Tuple) and len(keyword.value.elts) == 2 \
                    and (literal := _str(keyword.value.elts[1])):
                yield Target("password"), literal  # requests' auth=(user, password)
    for mapping in parsed.nodes(ast.Dict):
        for key, value in zip(mapping.keys, mapping.values):
            if (name := _str(key)) and (literal := _str(value)):
                yield Target(name.value), literal
    for arguments in parsed.nodes(ast.arguments):
        positional = [*arguments.posonlyargs, *arguments.args]
        for arg, default in [*zip(positional[len(positional) - len(arguments.defaults):], arguments.defaults),
                             *zip(arguments.kwonlyargs, arguments.kw_defaults)]:
            if literal := _str(default):
                yield Target(arg.arg), literal


def _string_literals(cell: Cell) -> list[ast.Constant]:
    """Plain string literals (not the pieces of f-strings, whose positions are the whole f-string's)."""
    pieces = {id(v) for node in cell.parsed.nodes(ast.JoinedStr) for v in node.values}
    return [node for node in cell.parsed.nodes(ast.Constant) if isinstance(node.value, str) and id(node) not in pieces]


def _env_fix(nb: Notebook, cell: Cell, literal: ast.Constant, secret: str, target: Target | None, env: str) -> tuple[Fix, ...]:
    if target is not None and target.environ_statement is not None:
        body = _body_of(cell, target.environ_statement)
        edit = delete_statement(cell, target.environ_statement, body) if body is not None else None
        title = f"Delete it and set {env} outside the notebook; {ROTATE}"
        return (Fix("env-outside", title, "unsafe", (edit,)),) if edit else ()
    where = node_range(cell, literal)
    value = literal.value
    at = value.find(secret)
    if where is None or at < 0:
        return ()
    lookup = f'os.environ["{env}"]'
    prefix, suffix = value[:at], value[at + len(secret):]
    text = " + ".join([*([repr(prefix)] if prefix else []), lookup, *([repr(suffix)] if suffix else [])])
    edits = (replace_range(cell, where, text), *import_edits(nb, "os"))
    return (Fix("env-lookup", f"Read it from {lookup}; {ROTATE}", "unsafe", edits),)


def _body_of(cell: Cell, statement: ast.stmt) -> list[ast.stmt] | None:
    """The block holding a statement (the fix needs to know whether it is the block's only one)."""
    for node in ast.walk(cell.parsed.tree):
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if isinstance(body, list) and any(item is statement for item in body):
                return body
    return None


def _offset_position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1)


def _enclosing(cell: Cell, literals: list[ast.Constant], start: tuple[int, int], end: tuple[int, int]):
    for literal in literals:
        where = node_range(cell, literal)
        if where and (where[0], where[1]) <= start and end <= (where[2], where[3]):
            return literal
    return None


def _token_findings(nb: Notebook, cell: Cell, python: bool, hits: list[TokenHit], targets: dict[int, Target]):
    """Known token formats anywhere in the cell's text: strings, comments, shell lines, raw cells."""
    literals = _string_literals(cell) if hits and python else []
    for hit in hits:
        start, end = _offset_position(cell.source, hit.start), _offset_position(cell.source, hit.end)
        literal = _enclosing(cell, literals, start, end)
        fixes: tuple[Fix, ...] = ()
        if literal is not None:
            target = targets.get(id(literal))
            # A URL's password is replaced with the whole URL: the connection string is the secret.
            secret = literal.value if hit.kind.startswith("url_") else hit.value
            whole = literal.value.strip() == secret.strip()
            env = target.env_name if target and whole else hit.env_name
            fixes = _env_fix(nb, cell, literal, secret, target, env)
        in_comment = literal is None and "#" in cell.source.split("\n")[start[0] - 1][:start[1]]
        where = "in a comment" if in_comment else "in this cell"
        label = hit.label[0].upper() + hit.label[1:]
        message = f"{label} ({redact(hit.value)}) is written {where}: anyone who gets the notebook can use it"
        severity = "warning" if hit.local else None
        yield Violation(message, cell, *start, *end, fixes=fixes, severity=severity), id(literal) if literal else None


@per_text
def _mentions_credentials(cell: Cell) -> bool:
    lowered = cell.source.lower()
    return any(hint in lowered for hint in _CREDENTIAL_HINTS)


@per_text
def _sets_env(cell: Cell) -> bool:
    return cell.parsed.uses_magics and "'env'" in cell.parsed.python


@per_text
def _token_hints(cell: Cell) -> frozenset[str]:
    return hints_in(cell.source)


def hardcoded_secret(nb: Notebook) -> Iterator[Violation]:
    """A secret is written in a cell: a known token format, a password in a URL, or a credential-named literal.

    Why: notebooks are shared, committed and rendered on GitHub; a key in one is a leaked key, and it
    stays in the version history even after the cell is edited.
    Example: `openai.api_key = "sk-..."`, `create_engine("postgresql://admin:s3cret@db/prod")`.
    Instead: read it at run time (`os.environ["OPENAI_API_KEY"]`, `getpass()`, a secrets manager) and
    rotate the exposed key.
    """
    # Markdown is left out: it is prose about keys far more often than it holds one, and half the text.
    hinted = cells_where(_token_hints, [cell for cell in nb.cells if cell.cell_type != "markdown"])
    kinds = kinds_of_hints(frozenset().union(*map(_token_hints, hinted)))
    python_cells = set(nb.python_cells)
    # Only cells with a token's hint, a credential word or an `%env` line can hold a finding.
    worth = {*(hinted if kinds else ()), *cells_where(_mentions_credentials, nb.python_cells),
             *cells_where(_sets_env, nb.python_cells)}
    for cell in sorted(worth, key=lambda cell: cell.index):
        python = cell in python_cells
        # A cell with none of the hints has none of the kinds' tokens.
        hits = find_tokens(cell.source, kinds) if kinds and _token_hints(cell) else []
        named = list(assigned_literals(cell)) if python and (hits or _mentions_credentials(cell)) else []
        targets = {id(literal): target for target, literal in named}
        reported = set()
        for violation, literal_id in _token_findings(nb, cell, python, hits, targets):
            reported.add(literal_id)
            yield violation
        for target, literal in named:
            name_kind = credential_name(target.name) if id(literal) not in reported else None
            verdict = secret_value_kind(literal.value, name_kind) if name_kind else None
            if verdict is None:
                continue
            reported.add(id(literal))
            if verdict == "default":
                yield at_node(f"'{target.name}' is set to the default password '{literal.value}' in the notebook: "
                              "read real passwords at run time", cell, literal, severity="info")
                continue
            secret = strip_auth_scheme(literal.value)
            fixes = _env_fix(nb, cell, literal, secret, target, target.env_name)
            yield at_node(f"'{target.name}' is set to a secret-looking literal ({redact(secret)}): "
                          "anyone who gets the notebook can use it", cell, literal, fixes=fixes)
        if python and cell.parsed.uses_magics and "'env'" in cell.parsed.python:
            yield from _env_magic_findings(cell, {_offset_position(cell.source, hit.start)[0] for hit in hits})


def _env_magic_findings(cell: Cell, token_lines: set[int]) -> Iterator[Violation]:
    """`%env NAME=value` lines that set a credential-named variable to a secret-looking value."""
    for kind, argument, node in magic_calls(cell.parsed.tree):
        name, _, value = argument.partition("=") if "=" in argument else argument.partition(" ")
        name_kind = credential_name(name.strip()) if kind in ("env", "set_env") else None
        if name_kind is None or node.lineno in token_lines or secret_value_kind(value, name_kind) != "secret":
            continue
        line = cell.source.split("\n")[node.lineno - 1] if node.lineno <= cell.source.count("\n") + 1 else ""
        yield Violation(f"`%env {name.strip()}=` sets a secret-looking literal ({redact(value.strip())}): "
                        "anyone who gets the notebook can use it", cell, node.lineno, 0, node.lineno, len(line))
