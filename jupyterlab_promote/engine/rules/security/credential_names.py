"""Which names say that a value is a credential (`api_key`, `DB_PASSWORD`, `QUANDL_KEY`), and which only
look that way (`sort_key`, `pad_token`, `api_key_name`); and the environment variable a fix reads it from."""

import re

_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "passphrase", "passwort", "passcode"})
# "pass" and "pw" alone are too common (pass_rate, pw for power): only with an account-like word.
_SHORT_PASSWORD_WORDS = frozenset({"pass", "pw"})
_ACCOUNT_WORDS = frozenset({"db", "user", "login", "admin", "root", "mysql", "sql", "postgres", "ftp", "smtp",
                            "mail", "email", "account", "database", "server", "proxy", "wifi", "sftp"})
_SECRET_WORDS = frozenset({"secret", "token", "credential", "credentials", "apikey", "accesskey", "secretkey",
                           "privatekey", "authorization", "auth", "bearer", "authtoken", "accesstoken"})
_KEY_QUALIFIERS = frozenset({"api", "access", "secret", "private", "auth", "account", "master", "subscription",
                             "consumer", "app", "license", "encryption", "signing", "client", "service", "storage"})
# Keys that are about data, not access.
_DATA_KEY_WORDS = frozenset({"sort", "join", "merge", "group", "dict", "hash", "cache", "primary", "foreign",
                             "partition", "row", "lookup", "map", "random", "rng", "seed", "jax", "prng", "s3",
                             "object", "bucket", "blob", "table", "legend", "color", "plot", "data", "node", "edge",
                             "uuid", "guid", "idempotency", "dedup"})
# Words that make the name about the secret (its name, file, length...) rather than the secret itself,
# and the special tokens of NLP tokenizers ("pad_token = '[PAD]'").
_NOT_THE_SECRET = frozenset({
    "name", "names", "id", "ids", "url", "uri", "endpoint", "path", "file", "filename", "dir", "env", "var",
    "field", "column", "col", "type", "len", "length", "size", "count", "header", "prefix", "format",
    "pattern", "regex", "label", "hint", "prompt", "template", "message", "msg", "input", "method", "mode",
    "param", "kind", "scope", "expiry", "expires", "ttl", "timeout", "limit", "index", "idx", "position",
    "pos", "list", "vocab", "num", "max", "min", "pad", "eos", "bos", "unk", "sep", "cls", "mask", "start",
    "end", "special", "location", "ref", "arn", "version", "manager", "store", "provider", "required", "valid",
    # What is said about a password or done to it, not the password: its hash, the algorithm, the text
    # a form shows, the rules it must follow.
    "hash", "hashed", "hasher", "hashing", "algorithm", "algo", "digest", "cipher", "encoding", "text", "title",
    "description", "help", "error", "policy", "strength", "widget", "question", "placeholder", "example",
    # Keys meant to be published, and where a credential came from.
    "public", "publishable", "pub", "source", "src", "issuer", "audience",
})


def credential_name(name: str) -> str | None:
    """How a variable, dict key or argument name says it holds a credential.

    "password", "secret", or "key" (a name ending in key with a qualifier that is not obviously about
    data, like `QUANDL_KEY`); None for everything else.
    """
    words = [w.lower() for w in _WORDS.findall(name)]
    if not words or any(w in _NOT_THE_SECRET for w in words):
        return None
    if any(w in _PASSWORD_WORDS for w in words):
        return "password"
    if any(w in _SHORT_PASSWORD_WORDS for w in words) and any(w in _ACCOUNT_WORDS for w in words):
        return "password"
    if any(w in _SECRET_WORDS for w in words):
        return "secret"
    if "key" in words and any(w in _KEY_QUALIFIERS for w in words):
        return "secret"
    if words[-1] in ("key", "keys") and len(words) > 1 and not any(w in _DATA_KEY_WORDS for w in words):
        return "key"
    return None


def env_var_name(name: str) -> str:
    """A variable or attribute name as an environment variable name: apiKey -> API_KEY."""
    words = [w.upper() for w in _WORDS.findall(name)]
    return "_".join(words) or "SECRET"
