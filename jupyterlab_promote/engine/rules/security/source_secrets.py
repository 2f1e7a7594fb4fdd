"""hardcoded-secret: secrets written into cells, found by token format or by the name they are given."""

import ast
from collections.abc import Iterator

from ...notebook.cell_memo import cells_where, per_text
from ...notebook.model import Cell, Notebook
from ...notebook.source import PYTHON_BODY_CELL_MAGICS, magic_calls
from ...text.secret_patterns import TokenHit, find_tokens, redact
from ...text.secret_values import secret_value_kind, strip_auth_scheme
from ...text.substrings import any_word_pattern
from ...text.token_hints import hints_in, kinds_of_hints
from ..base import Fix, Violation, at_node
from ..source_edits import delete_statement, import_edits, node_range, replace_range
from .basic_auth import basic_auth_pairs
from .credential_names import credential_name
from .line_secrets import LineValue, comment_values, text_values
from .named_literals import Target, assigned_literals
from .paired_literals import paired_literals

# Every credential-like name contains one of these (lowercased); cells without any have no named secrets.
_CREDENTIAL_HINTS = ("pass", "pwd", "secret", "token", "key", "auth", "cred", "bearer", "b64", "basic", "login")
# One read of a cell's lowered text for all the hints, stopping at these letters only (half the time of one
# `in` per hint, on the cells of 100 notebooks).
_CREDENTIAL_HINT = any_word_pattern(_CREDENTIAL_HINTS, "kwbghcp")
ROTATE = "rotate it: the old value stays in the notebook's history"


def _string_literals(cell: Cell) -> list[ast.Constant]:
    """Plain string literals (not the pieces of f-strings, whose positions are the whole f-string's)."""
    pieces = {id(v) for node in cell.parsed.nodes(ast.JoinedStr) for v in node.values}
    return [node for node in cell.parsed.nodes(ast.Constant) if isinstance(node.value, str) and id(node) not in pieces]


def _env_fix(nb: Notebook, cell: Cell, literal: ast.Constant, secret: str, target: Target | None, env: str) -> tuple[Fix, ...]:
    if cell.parsed.syntax_error is not None:
        return ()  # a cell read by the tolerant parse: its tree's text is not the cell's, an edit could land wrong
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


def _token_findings(nb: Notebook, cell: Cell, python: bool, hits: tuple[TokenHit, ...], targets: dict[int, Target]):
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
    return _CREDENTIAL_HINT.search(cell.source.lower()) is not None


@per_text
def _sets_env(cell: Cell) -> bool:
    return cell.parsed.uses_magics and "'env'" in cell.parsed.python


@per_text
def _token_hints(cell: Cell) -> frozenset[str]:
    return hints_in(cell.source)


@per_text
def _tokens(cell: Cell) -> tuple[TokenHit, ...]:
    """The cell's tokens, kept with its text: an edit elsewhere does not search it again. Only the kinds
    whose hints are in this cell are tried (the notebook's other hints do not make it search more)."""
    return tuple(find_tokens(cell.source, kinds_of_hints(_token_hints(cell))))


@per_text
def _assigned(cell: Cell) -> tuple:
    """The literals the cell's code gives a name (assigned_literals), kept with its parse."""
    return (*assigned_literals(cell.parsed.nodes), *paired_literals(cell.parsed.nodes))


def hardcoded_secret(nb: Notebook) -> Iterator[Violation]:
    """A secret is written in a cell: a known token format, a password in a URL or a connection string, or a
    literal given a credential's name (assigned, passed, compared, used as an environment fallback, in a
    comment, or on a line of a cell that does not parse).

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
    # Cells that do not parse are read line by line (line_secrets.py): they count too.
    code_cells = nb.code_cells if nb.is_python else []
    worth = {*(hinted if kinds else ()), *cells_where(_mentions_credentials, code_cells),
             *cells_where(_sets_env, nb.python_cells)}
    for cell in sorted(worth, key=lambda cell: cell.index):
        python = cell in python_cells
        # A cell with none of the hints has none of the kinds' tokens.
        hits = _tokens(cell) if kinds and _token_hints(cell) else ()
        tree = python and cell.parsed.tree is not None
        named = list(_assigned(cell)) if tree and (hits or _mentions_credentials(cell)) else []
        targets = {id(literal): target for target, literal in named}
        reported = set()
        for violation, literal_id in _token_findings(nb, cell, python, hits, targets):
            reported.add(literal_id)
            yield violation
        if tree and _mentions_credentials(cell):
            named += [(Target("basic_auth_password", fixable=False), literal, password)
                      for literal, password in basic_auth_pairs(cell.parsed.nodes)]
        spans = [(_offset_position(cell.source, hit.start), _offset_position(cell.source, hit.end)) for hit in hits]
        for target, literal, *password in named:
            if not target.fixable and any(_enclosing(cell, [literal], *span) is not None for span in spans):
                continue  # a piece of an f-string holding a token already reported (pieces share its place)
            if id(literal) not in reported and (found := _named_finding(nb, cell, target, literal, *password)):
                reported.add(id(literal))
                yield found
        token_lines = {_offset_position(cell.source, hit.start)[0] for hit in hits}
        if nb.is_python and cell.is_code and _mentions_credentials(cell):
            for value in _line_values(cell):
                if value.line not in token_lines and (found := _line_finding(cell, value)):
                    yield found
        if python and cell.parsed.uses_magics and "'env'" in cell.parsed.python:
            yield from _env_magic_findings(cell, token_lines)


def _named_finding(nb: Notebook, cell: Cell, target: Target, literal: ast.Constant, password: str = ""):
    """The finding for a literal under a name, or None when the name or the value is not a credential's."""
    name_kind = credential_name(target.name)
    if name_kind == "password" and target.bare:
        name_kind = "secret"  # a bare word under a password name is more likely a variable than a password
    verdict = secret_value_kind(password or literal.value, name_kind) if name_kind else None
    if verdict == "default":
        return at_node(f"'{target.name}' is set to the default password '{literal.value}' in the notebook: "
                       "read real passwords at run time", cell, literal, severity="info")
    if verdict is None:
        return None
    secret = password or strip_auth_scheme(literal.value)
    fixes = _env_fix(nb, cell, literal, secret, target, target.env_name) if target.fixable else ()
    what = "a user:password pair for Basic authentication" if password else "a secret-looking literal"
    name = "Basic auth" if password else f"'{target.name}'"
    return at_node(f"{name} is set to {what} ({redact(secret)}): anyone who gets the notebook can use it",
                   cell, literal, fixes=fixes)


@per_text
def _line_values(cell: Cell) -> tuple[LineValue, ...]:
    """Named values the tree does not hold: in comments, or in every line of a cell read as text."""
    parsed = cell.parsed
    if parsed.tree is None:
        return tuple(text_values(cell.source, _CREDENTIAL_HINTS, plain=False))
    if parsed.cell_magic and parsed.cell_magic not in PYTHON_BODY_CELL_MAGICS:
        return tuple(text_values(cell.source, _CREDENTIAL_HINTS, plain=True))
    found = comment_values(cell.source, _CREDENTIAL_HINTS) if "#" in cell.source else []
    if parsed.uses_magics and "!" in cell.source:  # shell lines (`!export API_KEY=...`) are not Python
        shell = {number for number, text in enumerate(cell.source.split("\n"), 1) if text.lstrip().startswith("!")}
        found += text_values(cell.source, _CREDENTIAL_HINTS, plain=True, only=shell) if shell else []
    if config_lines := _config_string_lines(cell):
        lines = cell.source.split("\n")
        # A `#` inside a string is text, not a comment: what follows it there is an example in prose.
        found += [value for value in text_values(cell.source, _CREDENTIAL_HINTS, plain=False, only=config_lines)
                  if "#" not in lines[value.line - 1][:value.column]]
    if getattr(parsed, "unparsed_lines", ()):  # lines the tolerant parse (when there is one) left out of the tree
        unparsed = {line for first, last in parsed.unparsed_lines for line in range(first, last + 1)}
        found += text_values(cell.source, _CREDENTIAL_HINTS, plain=False, only=unparsed)
    return tuple({(value.line, value.column): value for value in found}.values())


def _config_string_lines(cell: Cell) -> set[int]:
    """The lines of multi-line strings the code uses (assigned, passed, written to a file) that hold a
    credential word: a YAML, INI or .env text kept in a string (`password: ...` in a triple-quoted config) is
    read line by line, as a `%%writefile` cell is. A string standing alone is documentation, left out."""
    if '"""' not in cell.source and "'''" not in cell.source:
        return set()
    standing = {id(statement.value) for statement in cell.parsed.nodes(ast.Expr)}
    lines: set[int] = set()
    for literal in cell.parsed.nodes(ast.Constant):
        if (isinstance(literal.value, str) and literal.end_lineno > literal.lineno and id(literal) not in standing
                and any(hint in literal.value.lower() for hint in _CREDENTIAL_HINTS)):
            lines.update(range(literal.lineno + 1, literal.end_lineno + 1))
    return lines


def _line_finding(cell: Cell, value: LineValue) -> Violation | None:
    name_kind = credential_name(value.target.name)
    if name_kind == "password" and not value.quoted:
        name_kind = "secret"
    verdict = secret_value_kind(value.value, name_kind) if name_kind else None
    if verdict != "secret":
        return None
    where = "in a comment" if "#" in cell.source.split("\n")[value.line - 1][:value.column] else "in this cell"
    return Violation(f"'{value.target.name}' is set to a secret-looking literal ({redact(value.value)}) {where}: "
                     "anyone who gets the notebook can use it", cell, value.line, value.column, value.line,
                     value.end_column)


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
