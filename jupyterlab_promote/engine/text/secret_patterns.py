"""What a secret looks like: known token formats, credentials in URLs, values that look generated,
and placeholders that only look like secrets (the formats are listed in token_kinds.py and vendor_tokens.py,
values under credential names judged in secret_values.py, personal data in personal_data.py).

Pure functions over strings, shared by the security rules for cell sources and stored outputs. Every
pattern here costs a notebook half its score when it fires, so each one is anchored on a prefix or a
shape that random text, hashes and base64 images do not produce by accident.
"""

import base64
import binascii
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .token_hints import hinted_kinds, holds
from .token_kinds import TOKEN_KINDS


@lru_cache(maxsize=None)
def token_pattern(kind: str) -> re.Pattern:
    """A token kind's pattern, compiled when a text first holds one of its hints: a run meets a few of the
    eighty kinds, and compiling them all cost every process 6 ms at import."""
    return re.compile(TOKEN_KINDS[kind].pattern)


# re tries a pattern that does not start with a literal at every position it could start from: a Facebook
# app token's at every digit of a table, a connection string's password (a look-behind) at every
# character. Each token holds its sign, found at the few bars, quotes and semicolons of a text: a text
# without it is not searched for the token.
_SIGNS = {
    "facebook_app": re.compile(r"\|(?<=\d{15}\|)|%7C(?<=\d{15}%7C)"),
    "conn_password": re.compile(r"[;'\"][ \t]{0,4}(?i:password|pwd)[ \t]{0,4}="),
}
# "user:password@host" in documentation and connection-string templates.
_URL_PLACEHOLDER_PASSWORDS = frozenset({"password", "pass", "passwd", "pwd", "pw", "secret", "token", "key"})
_LOCAL_HOSTS = re.compile(r"(?i)^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal)$")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_DATA_URI = re.compile(r"data:[\w/+.\-]+;base64,[A-Za-z0-9+/=\s]*")


@dataclass(frozen=True)
class TokenHit:
    kind: str
    start: int
    end: int
    value: str
    local: bool = False
    """A credential for localhost only (a default dev database, a local Jupyter server): less severe."""

    @property
    def label(self) -> str:
        return TOKEN_KINDS[self.kind].label

    @property
    def env_name(self) -> str:
        return TOKEN_KINDS[self.kind].env_name


def find_tokens(text: str, kinds: tuple[str, ...] | None = None) -> list[TokenHit]:
    """Known token formats and URL credentials in text, placeholders and examples left out.

    `kinds` narrows the search to the kinds hinted in a larger text that contains this one.
    """
    hits = []
    for kind in hinted_kinds(text) if kinds is None else kinds:
        spec = TOKEN_KINDS[kind]
        if kinds is not None and not any(holds(text, hint) for hint in spec.hints):
            continue
        if kind == "url_token" and "=" not in text or kind in _SIGNS and _SIGNS[kind].search(text) is None:
            continue
        for match in token_pattern(kind).finditer(text):
            start = match.start()
            # A token starts a word: not inside an identifier, a file name (`box.ico-7a38...`) or a longer run.
            if spec.word_start and start and (text[start - 1].isalnum() or text[start - 1] in "_.-"):
                continue
            hit = _judge(kind, match, text)
            if hit is not None:
                hits.append(hit)
    hits.sort(key=lambda hit: hit.start)
    return hits


def _judge(kind: str, match: re.Match, text: str) -> TokenHit | None:
    """The hit for a match, or None when it is a placeholder, an example or documentation."""
    start, value, local = match.start(), match.group(0), False
    if kind == "url_password":
        while start and text[start - 1] in _SCHEME_CHARS:
            start -= 1
        secret = match.group("url_secret")
        if match.start() - start < 2 or not text[start].isalpha() or is_placeholder(secret) \
                or secret.lower() in _URL_PLACEHOLDER_PASSWORDS:
            return None
        value = text[start:match.end()]
        local = bool(_LOCAL_HOSTS.match(match.group("url_host")))
    elif kind == "url_token":
        secret = match.group("query_secret")
        if is_placeholder(secret) or not has_mixed_characters(secret) or entropy(secret) < 3.0:
            return None
        local = "localhost" in text[max(0, start - 40):start]
    elif kind == "aws_secret":
        secret = match.group("aws_value")
        if is_placeholder(secret) or entropy(secret) < 3.5:
            return None
    elif kind == "auth_header":
        secret = match.group("header_secret")
        scheme = (match.group("header_scheme") or "").strip().lower()
        if not (_basic_pair_password(secret) if scheme == "basic" else _generated(secret)):
            return None
        start, value = match.start("header_secret"), secret
    elif kind == "conn_password":
        secret = match.group("conn_secret")
        if is_placeholder(secret) or secret.lower() in _URL_PLACEHOLDER_PASSWORDS or secret[:1] in "$%{<":
            return None
        start, value = match.start("conn_secret"), secret
    elif kind == "curl_user":
        user, password = match.group("curl_user"), match.group("curl_password")
        secret = password or user
        if len(secret) < 4 or is_placeholder(secret) or secret.lower() in _URL_PLACEHOLDER_PASSWORDS or "$" in secret[:1]:
            return None
        start, value = match.start("curl_user"), f"{user}:{password}"
    elif kind == "jwt":
        # Without a signature the shape says less: the header and claims must then decode to JSON objects.
        if value.count(".") == 1 and not _jwt_parts_are_json(value):
            return None
    elif kind == "facebook_app":
        if not _generated(re.split(r"\||%7C", value, maxsplit=1)[-1]):
            return None  # the app id is a number; the secret after the bar must look generated
    elif kind == "discord":
        first, _, rest = value.partition(".")
        if not all(has_mixed_characters(part) and _mixed_case(part) for part in (first, rest.partition(".")[2])):
            return None
    elif kind == "cli_password":
        secret = match.group("cli_password")
        if is_placeholder(secret) or secret.lower() in _URL_PLACEHOLDER_PASSWORDS:
            return None
        start, value = match.start("cli_password"), secret
    elif kind == "private_key":
        # A PEM header followed by an ellipsis or nothing is documentation, not a key.
        body = text[match.end():match.end() + 64].strip()
        if len(body) < 32 or body.startswith(("...", "…", "<", "-----END")):
            return None
    elif is_placeholder(value) or not (has_mixed_characters(value) or _mixed_case(value)) or _filler(kind, value):
        return None
    return TokenHit(kind, start, match.end(), value, local)


def scannable_output_text(text: str, limit: int) -> str:
    """The first `limit` characters of an output's text, without terminal colours or embedded images."""
    text = text[:limit]
    if "\x1b[" in text:
        text = _ANSI.sub("", text)
    if "base64," in text:
        text = _DATA_URI.sub(" ", text)
    return text


# -- values -------------------------------------------------------------------------------------------

_PLACEHOLDER_WORDS = re.compile(
    r"(?i)your|my[_\-]?(?:api|secret|token|key|password)|example|sample|dummy|fake|placeholder|changeme|change_me"
    r"|replace|insert|enter|redacted|here\b|xxxx|\*\*\*|\.\.\.|…|todo|fixme|null|none|undefined|^test|test$|secret_?key$"
)
# An opener, then a closer later on the line: the last opener before it is found without scanning the
# rest of the line again from every other opener (`.*` would, quadratically, on "<<<<...").
_TEMPLATE = re.compile(r"[<{\[$%][^<{\[$%>}\]\n]*[>}\]]|^\$\w+$|%\(?\w*\)?s|^\{\{|\$\{")
_ENV_VAR_NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
_REPEATED = re.compile(r"^(.)\1+$|^(.{1,3})\2{3,}$")


def is_placeholder(value: str) -> bool:
    """True for strings that stand in for a secret: empty, masked, templated, named or obviously fake."""
    stripped = value.strip().strip("'\"")
    if len(stripped) < 4 or _REPEATED.match(stripped) or set(stripped) <= set("*xX#.-_0 "):
        return True
    if _ENV_VAR_NAME.match(stripped):
        return True  # an environment variable's name, e.g. "OPENAI_API_KEY"
    # A word written as a person writes it ("fake", "FAKE", "Fake"), not letters a generator happened to
    # mix into it ("FaKe" inside a random token).
    words = (match.group(0) for match in _PLACEHOLDER_WORDS.finditer(stripped))
    return any(w.islower() or w.isupper() or w.istitle() or not w.isalpha() for w in words) or (
        _TEMPLATE.search(stripped) is not None and brackets_pair(stripped))


_CLOSERS = {")": "(", "]": "[", "}": "{"}


def brackets_pair(value: str) -> bool:
    """Every bracket is closed by its own kind, in order: a template (`{user}`, `${PASSWORD}`, `<token>`) is
    written that way; a typed password full of symbols (`m{{h}o)p${e]...`) is not."""
    opened: list[str] = []
    for char in value:
        if char in "([{":
            opened.append(char)
        elif char in _CLOSERS and (not opened or opened.pop() != _CLOSERS[char]):
            return False
    return not opened


def entropy(value: str) -> float:
    """Shannon entropy in bits per character: random tokens score above 3.5, words and hex ids less."""
    if not value:
        return 0.0
    counts = Counter(value)
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def _generated(value: str) -> bool:
    return not is_placeholder(value) and entropy(value) >= 3.0 and (has_mixed_characters(value) or _mixed_case(value))


def _jwt_parts_are_json(token: str) -> bool:
    """A JSON Web Token's header and claims are base64url-encoded JSON objects; text that only starts like
    one (`eyJhbasdG...`, a header cut short) is not a token."""
    for part in token.split(".")[:2]:
        try:
            decoded = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
        except (binascii.Error, ValueError, RecursionError):
            return False
        if not isinstance(decoded, dict):
            return False
    return True


def _basic_pair_password(encoded: str) -> bool:
    """`Basic <base64 of user:password>` with a password that is not a stand-in."""
    try:
        pair = base64.b64decode(encoded, validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return False
    user, colon, password = pair.partition(":")
    return bool(colon) and len(password) >= 4 and pair.isprintable() and not set('"{}') & set(pair) \
        and not is_placeholder(password) \
        and password.lower() not in _URL_PLACEHOLDER_PASSWORDS


def _filler(kind: str, value: str) -> bool:
    """The part after a vendor's prefix is a stand-in (`dapi000...`, `glpat-YOUR_TOKEN_HERE`, `dapi12345678...`)."""
    prefix = max((hint for hint in TOKEN_KINDS[kind].hints if value.startswith(hint)), key=len, default="")
    body = value[len(prefix):]
    return bool(prefix) and (is_placeholder(body) or entropy(body) < 2.5 or has_sequence(body))


def has_sequence(value: str, length: int = 8) -> bool:
    """A run of consecutive characters (`12345678`, `abcdefgh`): typed by a person writing an example."""
    run = 1
    for before, after in zip(value, value[1:]):
        run = run + 1 if ord(after) - ord(before) == 1 else 1
        if run >= length:
            return True
    return False


def _mixed_case(value: str) -> bool:
    """Upper and lower case letters varied enough for a generator (Hugging Face tokens have no digits)."""
    return any(c.isupper() for c in value) and any(c.islower() for c in value) and entropy(value) >= 3.5


def has_mixed_characters(value: str) -> bool:
    """Letters and digits together, as every generated token has (prose and identifiers rarely do)."""
    return any(c.isdigit() for c in value) and any(c.isalpha() for c in value)


def redact(value: str) -> str:
    """Enough of a secret to recognise it in a message, never enough to use it."""
    value = value.strip()
    if "@" in value and "://" not in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}…@{domain}"
    return f"{value[:4]}…" if len(value) > 8 else "…"
