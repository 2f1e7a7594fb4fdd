"""String literals with the credential name the code gives them, read from a syntax tree.

The name comes from where the value goes, not only from an assignment: a keyword argument, a dict key
(also when the value sits in a tuple, as multipart forms write `'password': (None, '...')`), a default,
the fallback of an environment lookup (`os.getenv("DB_PASSWORD", "...")`, `os.environ.get("X") or "..."`),
a comparison (`password == "..."`), the password slot of a login call or a Basic-auth helper. The tree may
be a whole cell's or that of one line or comment read on its own (line_secrets.py).
"""

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .credential_names import credential_name, env_var_name

# Objects whose attribute names are enough on their own (`self.api_key` -> API_KEY).
_GENERIC_ROOTS = frozenset({"self", "cls", "config", "cfg", "conf", "settings", "args", "params", "options", "opts"})
# Calls whose second positional argument is a password: `smtp.login(user, pw)`, `HTTPBasicAuth(user, pw)`.
_PASSWORD_SLOT_CALLS = frozenset({"login", "HTTPBasicAuth", "HTTPDigestAuth", "HTTPProxyAuth", "BasicAuth",
                                  "add_password", "PlainCredentials", "simple_bind_s", "bind_s"})
# Keyword arguments that mean an API key only in a login call: `wandb.login(key="...")`.
_LOGIN_KEYWORDS = frozenset({"key", "anonymous_key"})
# Dicts written as account files hold their key under a bare "key" beside the user (kaggle.json).
_ACCOUNT_FIELDS = frozenset({"username", "user", "login", "email", "account"})
_LETTER_DIGIT_TURNS = re.compile(r"[A-Za-z](?=\d)|\d(?=[A-Za-z])")
# String methods that return the same secret: `"...".strip()`, `"...".encode()`.
_KEEPING_METHODS = frozenset({"strip", "rstrip", "lstrip", "encode", "decode"})
_ENV_GETTERS = frozenset({"getenv", "get", "setdefault"})
# Settings readers that take a variable's name and a default: django-environ's `env(...)`, python-decouple's
# `config(...)`, and helpers named after the environment.
_SETTING_READERS = frozenset({"env", "config", "get_env", "getenv_or_default", "getenvordefault", "env_or_default"})
Nodes = Callable[[type], list]


@dataclass(frozen=True)
class Target:
    """What a string literal is assigned to, which names the secret and its environment variable."""

    name: str
    owner: str = ""
    """The module or object of an attribute target (`quandl` in `quandl.ApiConfig.api_key`)."""
    environ_statement: ast.stmt | None = None
    """Set for `os.environ["X"] = "..."`: the fix deletes that statement instead."""
    fixable: bool = True
    """False where replacing the literal by a lookup would not fix it (a fallback, a comparison)."""
    bare: bool = False
    """The value was written without quotes (a pasted `.env` or YAML line), so it must look generated."""

    @property
    def env_name(self) -> str:
        if self.environ_statement is not None:
            return self.name
        env = env_var_name(self.name)
        owner = env_var_name(self.owner) if self.owner else ""
        return f"{owner}_{env}" if owner and not env.startswith(owner) else env


def _is_environ(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (isinstance(node, ast.Name)
                                                                            and node.id == "environ")


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


def _strings_in(node: ast.AST) -> list[ast.Constant]:
    """A literal, or the literals of a short tuple or list (`(None, 's3cret')`)."""
    if isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) <= 4:
        return [literal for element in node.elts if (literal := _str(element))]
    literal = _str(node)
    return [literal] if literal else []


def _plain(node: ast.AST) -> ast.Constant | None:
    """The text of a literal written another way: bytes (`b"x7Kp..."`), or a string with a method that keeps
    it (`"x7Kp...".strip()`, `.encode()`)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _KEEPING_METHODS:
        node = node.func.value
    if isinstance(node, ast.Constant) and isinstance(node.value, bytes) and node.value.isascii():
        return ast.Constant(value=node.value.decode("ascii"), lineno=node.lineno, col_offset=node.col_offset,
                            end_lineno=node.end_lineno, end_col_offset=node.end_col_offset)
    return _str(node) if node is not None and not isinstance(node, ast.Call) else None


def _pieces(node: ast.AST) -> list[ast.Constant]:
    """The literal pieces of a string built from parts (`"Bearer " + "x7Kp..."`, `f"Bearer x7Kp..."`): each
    is judged on its own; none is a whole value a lookup could replace."""
    if not isinstance(node, (ast.BinOp, ast.JoinedStr, ast.Constant)) and (literal := _plain(node)):
        return [literal]
    if isinstance(node, ast.Constant):
        return [literal] if isinstance(node.value, bytes) and (literal := _plain(node)) else []
    pieces: list[ast.Constant] = []
    stack, whole = ([node], True) if isinstance(node, (ast.BinOp, ast.JoinedStr)) else ([], False)
    while stack and len(pieces) < 8:
        part = stack.pop()
        if literal := _str(part):
            pieces.append(literal)
        elif isinstance(part, ast.BinOp) and isinstance(part.op, ast.Add):
            stack += [part.right, part.left]
        else:
            whole = whole and isinstance(part, ast.JoinedStr) and all(_str(value) for value in part.values)
            pieces += [value for value in part.values if _str(value)] if isinstance(part, ast.JoinedStr) else []
    if whole and not stack and len(pieces) > 1:  # literals only (`"x7Kp" + "2Rm9..."`): one value, where it is written
        return [ast.Constant(value="".join(piece.value for piece in pieces), lineno=node.lineno,
                             col_offset=node.col_offset, end_lineno=node.end_lineno, end_col_offset=node.end_col_offset)]
    return pieces


def _named_strings(name: str, node: ast.AST) -> Iterator[tuple[Target, ast.Constant]]:
    """The literals a value under `name` is made of: itself, a short tuple's, or a built string's pieces."""
    for literal in _strings_in(node):
        yield Target(name), literal
    for literal in _pieces(node):
        yield Target(name, fixable=False), literal


def call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def env_lookup(node: ast.AST) -> tuple[str, ast.Call] | None:
    """The variable read by `os.getenv("X")`, `os.environ.get("X")`, `environ.setdefault("X", ...)`."""
    if not (isinstance(node, ast.Call) and node.args and (name := _str(node.args[0]))):
        return None
    func = node.func
    called = call_name(node).lower()
    if called in _SETTING_READERS or (isinstance(func, ast.Name) and called == "getenv"):
        return name.value, node
    if isinstance(func, ast.Attribute) and func.attr in _ENV_GETTERS and (
            _is_environ(func.value) or (func.attr == "getenv" and isinstance(func.value, ast.Name))):
        return name.value, node
    return None


def _call_literals(call: ast.Call) -> Iterator[tuple[Target, ast.Constant]]:
    name = call_name(call)
    for keyword in call.keywords:
        if keyword.arg == "auth" and isinstance(keyword.value, ast.Tuple) and len(keyword.value.elts) == 2:
            if literal := _str(keyword.value.elts[1]):
                yield Target("password"), literal  # requests' auth=(user, password)
        elif keyword.arg in _LOGIN_KEYWORDS and name == "login" and (literal := _str(keyword.value)):
            yield Target("api_key"), literal
        elif keyword.arg:
            yield from _named_strings(keyword.arg, keyword.value)
    if (lookup := env_lookup(call)) is not None:
        fallback = call.args[1] if len(call.args) > 1 else next(
            (k.value for k in call.keywords if k.arg in ("default", "value")), None)
        if literal := _str(fallback):
            yield Target(lookup[0], fixable=False), literal
    elif name in _PASSWORD_SLOT_CALLS and len(call.args) >= 2 and (literal := _str(call.args[1])):
        yield Target("password"), literal
    elif name.startswith("set") and call.args and (value := _str(call.args[-1])):
        # A setter names the value just before it (`cfg.set("db", "password", "...")`, `setattr(c, "api_key",
        # "...")`), or by its own name (`keyring.set_password(service, user, "...")`).
        named = _str(call.args[-2]) if len(call.args) >= 2 else None
        yield Target(named.value if named and credential_name(named.value) else name), value


def _dict_literals(mapping: ast.Dict) -> Iterator[tuple[Target, ast.Constant]]:
    keys = [key.value for key in mapping.keys if _str(key)]
    account = any(key.lower() in _ACCOUNT_FIELDS for key in keys)
    for key, value in zip(mapping.keys, mapping.values):
        if not (name := _str(key)):
            continue
        label = "api_key" if account and name.value.lower() == "key" else name.value
        yield from _named_strings(label, value)


def _compared_literals(compare: ast.Compare) -> Iterator[tuple[Target, ast.Constant]]:
    operands = [compare.left, *compare.comparators]
    for op, left, right in zip(compare.ops, operands, operands[1:]):
        if not isinstance(op, (ast.Eq, ast.NotEq)):
            continue
        for named, value in ((left, right), (right, left)):
            if (literal := _str(value)) and (target := _target(named)) is not None:
                yield Target(target.name, target.owner, fixable=False), literal


def assigned_literals(nodes: Nodes) -> Iterator[tuple[Target, ast.Constant]]:
    """String literals with the name they are given, from a tree's nodes by type (ParsedCell.nodes)."""
    for node in [*nodes(ast.Assign), *nodes(ast.AnnAssign)]:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                pairs = zip(target.elts, node.value.elts)
            else:
                pairs = [(target, node.value)]
            if (literal := _pasted_value(node)) and (named := _target(target, node)):
                yield Target(named.name, named.owner, fixable=False), literal
                continue
            for left, right in pairs:
                if (literal := _str(right)) and (named := _target(left, node)):
                    yield named, literal
                elif (pieces := _pieces(right)) and (named := _target(left, node)):
                    yield from ((Target(named.name, named.owner, fixable=False), piece) for piece in pieces)
                elif (literal := _bare(node, right)) and (named := _target(left, node)):
                    yield Target(named.name, named.owner, fixable=False, bare=True), literal
    for call in nodes(ast.Call):
        yield from _call_literals(call)
    for mapping in nodes(ast.Dict):
        yield from _dict_literals(mapping)
    for arguments in nodes(ast.arguments):
        positional = [*arguments.posonlyargs, *arguments.args]
        for arg, default in [*zip(positional[len(positional) - len(arguments.defaults):], arguments.defaults),
                             *zip(arguments.kwonlyargs, arguments.kw_defaults)]:
            if literal := _str(default):
                yield Target(arg.arg), literal
    for either in nodes(ast.BoolOp):
        if isinstance(either.op, ast.Or):
            for first, second in zip(either.values, either.values[1:]):
                if (lookup := env_lookup(first)) and (literal := _str(second)):
                    yield Target(lookup[0], fixable=False), literal
    for compare in nodes(ast.Compare):
        yield from _compared_literals(compare)


def _pasted_value(statement: ast.stmt) -> ast.Constant | None:
    """The quoted value of a YAML or config line, which Python reads as an annotation without a value:
    `api_key: 'f3Kq...'`. A string annotation that reads as a type (`token: "Token"`, `"Optional[str]"`) is
    a forward reference, not a value."""
    if not (isinstance(statement, ast.AnnAssign) and statement.value is None and (literal := _str(statement.annotation))):
        return None
    if "#" in literal.value:
        return literal  # `"b8#Lx!q2"` would parse as the name b8 and a comment
    try:
        expression = ast.parse(literal.value.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return literal
    types = (ast.Name, ast.Attribute, ast.Subscript, ast.Tuple, ast.BinOp, ast.Constant)
    return None if isinstance(expression, types) else literal


def _bare(statement: ast.stmt, value: ast.AST | None) -> ast.Constant | None:
    """A value pasted without quotes, read as the text it is: `api_key: x7Kp...` (YAML, parsed as an
    annotation) or `API_KEY=x7Kp...` (a .env line, parsed as a name). Only a long name or a dotted path
    qualifies (`token: s.ZC9E...`); the caller still asks for a generated look."""
    if isinstance(statement, ast.AnnAssign) and statement.value is None:
        value = statement.annotation
    if not isinstance(value, (ast.Name, ast.Attribute)):
        return None
    text = ast.unparse(value)
    if len(text) < 12 or (isinstance(value, ast.Name) and isinstance(statement, ast.Assign) and len(text) < 16):
        return None
    if len(_LETTER_DIGIT_TURNS.findall(text)) < 3:
        return None  # an identifier (`mySecretValue1`), not a generated value
    return ast.Constant(value=text, lineno=value.lineno, col_offset=value.col_offset, end_lineno=value.end_lineno,
                        end_col_offset=value.end_col_offset)


def tree_nodes(tree: ast.AST) -> Nodes:
    """`nodes(type)` for a small tree parsed on its own (a line, a comment)."""
    index: dict[type, list] = {}
    for node in ast.walk(tree):
        index.setdefault(type(node), []).append(node)
    return lambda kind: index.get(kind, [])
