"""`user:password` pairs written for HTTP Basic authentication: the text passed to base64
(`base64.b64encode(b"admin:s3cr3t")`, also through `.encode()`), and headers that already hold the
encoded pair (`"Authorization": "Basic YWRtaW46czNjcjN0"`)."""

import ast
import base64
import binascii
import re
from collections.abc import Iterator

from ...text.secret_values import secret_value_kind
from .named_literals import Nodes, call_name

_ENCODERS = frozenset({"b64encode", "standard_b64encode", "urlsafe_b64encode", "encodebytes", "encodestring"})
_BASIC = re.compile(r"(?i)^basic\s+([A-Za-z0-9+/]{8,}={0,2})$")
_PRINTABLE = re.compile(r"^[\x21-\x7e]+$")


def _text(node: ast.AST) -> tuple[ast.Constant, str] | None:
    """The literal text of `"..."`, `b"..."` or `"...".encode(...)`."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "encode":
        node = node.func.value
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        value = node.value.decode("latin-1") if isinstance(node.value, bytes) else node.value
        return node, value
    return None


def _password_of(pair: str) -> str | None:
    user, colon, password = pair.partition(":")
    if not colon or not user or "\n" in pair or not _PRINTABLE.match(pair):
        return None
    return password if secret_value_kind(password, "password") == "secret" else None


def basic_auth_pairs(nodes: Nodes) -> Iterator[tuple[ast.Constant, str]]:
    """Literals that hold a `user:password` pair for Basic authentication, with the password."""
    for call in nodes(ast.Call):
        if call_name(call) in _ENCODERS and call.args and (found := _text(call.args[0])):
            literal, pair = found
            if (password := _password_of(pair)) is not None:
                yield literal, password
    for literal in nodes(ast.Constant):
        if isinstance(literal.value, str) and literal.value[:6].lower() == "basic " and \
                (match := _BASIC.match(literal.value.strip())):
            try:
                pair = base64.b64decode(match.group(1), validate=True).decode("ascii")
            except (binascii.Error, UnicodeDecodeError, ValueError):
                continue
            if (password := _password_of(pair)) is not None:
                yield literal, password
