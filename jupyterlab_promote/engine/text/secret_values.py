"""Whether a value written under a credential's name is a secret: short or plain passwords count, while
placeholders, defaults, file names, hash algorithms and words that only sit under such a name do not.

A password is whatever its owner typed (`"tulip"`, `"kqze"`), so under a password name a plain word is a
secret unless it is a known default or a stand-in. Tokens and keys are generated, so under those names
a value must look generated: letters and digits mixed the way a generator mixes them, or a long run of
capitals (`"QWERTZUIOPASDFGHJKLY"`), never a word with a number (`"word2vec"`) or an identifier.
"""

import re

from .secret_patterns import brackets_pair, entropy, has_mixed_characters, is_placeholder

# Default passwords of local databases and tutorials: a hard-coded password still, but no leaked secret.
DEFAULT_PASSWORDS = frozenset({
    "password", "passw0rd", "pass", "admin", "root", "postgres", "mysql", "guest", "secret", "default",
    "letmein", "qwerty", "1234", "12345", "123456", "12345678", "abc123", "toor", "pwd", "user",
})
# Values that name the thing instead of being it: `password = "password"`, `token = "api_key"`.
_STAND_INS = frozenset({
    "passwd", "passphrase", "token", "apikey", "api_key", "api-key", "key", "secret_key", "access_token",
    "auth_token", "client_secret", "credentials", "none", "null", "nil", "true", "false", "test", "testing",
    "demo", "foo", "bar", "foobar", "baz", "abc", "abcd", "abcdef", "asdf", "qwerty123", "pass123", "temp",
    "tmp", "mypassword", "mysecret", "mytoken", "secret123", "password1", "password123", "hunter2", "string",
    "str", "value", "required", "optional", "env", "environ", "os.environ", "getpass", "prompt", "input",
})
# Words of a phrase that is about a password rather than one: `password = "same as above"`.
_DESCRIBING_WORDS = frozenset({
    "see", "same", "above", "below", "not", "set", "no", "none", "use", "used", "type", "provide", "required",
    "optional", "password", "passwords", "secret", "token", "key", "environment", "variable", "file", "config",
    "please", "must", "should", "is", "are", "will", "stored", "hidden", "prompt", "ask",
})
# Hash, cipher and signing algorithms: `password_hasher = "argon2"`, `key_algorithm = "RS256"`.
_ALGORITHMS = re.compile(
    r"(?i)^(?:md5|sha-?(?:1|224|256|384|512)|sha3[-_]?\d{3}|blake2[bs]?|bcrypt|scrypt|argon2(?:id|i|d)?|pbkdf2(?:_sha\d+)?"
    r"|[hrep]s(?:256|384|512)|aes(?:-?\d{3})?(?:-?(?:gcm|cbc|ctr))?|rsa(?:-?\d{4})?|ecdsa|ed25519|hmac(?:-?sha\d+)?"
    r"|crc32|base64|utf-?8|ascii|latin-?1|plain|plaintext|oauth2?|bearer|basic|digest|jwt)$"
)
_AUTH_SCHEME = re.compile(r"(?i)^(?:bearer|token|basic|apikey)\s+")
_PATH_OR_URL = re.compile(
    r"://|^[~./\\]|^[A-Za-z]:\\|\.(?:json|txt|pem|key|env|ini|cfg|conf|toml|ya?ml|csv|pkl|p12|pfx|crt|cer|der|gpg|asc"
    r"|jks|keystore|pub|ppk|db|sqlite|h5|pt|bin|model|vocab|py|ipynb|sh|xml|html?)$"
)
_HOST_NAME = re.compile(r"^[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[a-z]{2,6}$")
_IDENTIFIER_LIKE = re.compile(r"^[a-z]+(?:[_.\-][a-z0-9]+)+$|^[A-Za-z]+\d{1,4}$")
_LETTER_DIGIT_TURNS = re.compile(r"[A-Za-z](?=\d)|\d(?=[A-Za-z])")
_CAPITALS = re.compile(r"^[A-Z0-9]{16,}$")


def strip_auth_scheme(value: str) -> str:
    """The credential in an Authorization value: "Bearer abc" -> "abc"."""
    return _AUTH_SCHEME.sub("", value.strip())


def _looks_generated(value: str) -> bool:
    """A generator's output rather than something a person named: many turns between letters and digits
    (`w7rmq02xa`), or long and varied (`xQ7pLm2Rt9Zk4Wn8`), or a long run of capitals (AWS ids)."""
    if len(value) >= 12 and has_mixed_characters(value) and entropy(value) >= 3.0:
        # `sort_key_2020` is a name; `slk_3c6669a93b14fbd6...` a prefixed token (one long random part).
        return not _IDENTIFIER_LIKE.match(value) or any(
            len(part) >= 16 and len(_LETTER_DIGIT_TURNS.findall(part)) >= 4 for part in re.split(r"[_.\-]", value))
    if _CAPITALS.match(value) and "_" not in value and entropy(value) >= 3.0:
        return True
    return len(value) >= 8 and len(_LETTER_DIGIT_TURNS.findall(value)) >= 3 and entropy(value) >= 2.5


def _passphrase(value: str) -> bool:
    """Words a person chose as a password (`"correct horse battery staple"`), not a sentence about it: no
    placeholder, no word that describes or refers (`"see above"`, `"not set"`, `"Enter your password"`),
    no closing punctuation."""
    words = value.split(" ")
    return (2 <= len(words) <= 8 and len(value) >= 12 and all(words) and value[-1] not in ".:?!)"
            and not is_placeholder(value) and not _DESCRIBING_WORDS & {word.lower() for word in words})


def _typed_to_be_hard(value: str) -> bool:
    """Letters among many different symbols (`m{{h}o)p${e]nob(ody...`): a secret a person typed to be hard to
    guess, as an API secret can be too. A template, a pattern or JSON pairs its brackets; this does not."""
    symbols = {c for c in value if not c.isalnum()}
    bracketed = bool(symbols & set("()[]{}<>"))
    return (len(value) >= 16 and len(symbols) >= 5 and any(c.isalpha() for c in value) and entropy(value) >= 3.5
            and not (bracketed and brackets_pair(value)))


def _stand_in(value: str) -> bool:
    lowered = value.lower()
    return (is_placeholder(value) or lowered in _STAND_INS or bool(_ALGORITHMS.match(value))
            or _PATH_OR_URL.search(value) is not None or _HOST_NAME.match(value) is not None)


def secret_value_kind(value: str, name_kind: str) -> str | None:
    """Whether a literal assigned to a credential-like name (see credential_name) is a secret.

    Returns "secret" for a real-looking secret, "default" for a well-known default password, None for
    placeholders, paths and values that look like names rather than generated tokens. Names that only
    end in "key" (`QUANDL_KEY`, but also `sort_key`) need a value that looks generated beyond doubt.
    """
    value = strip_auth_scheme(value)
    if "\n" in value or any(c.isspace() for c in value.strip()):
        return "secret" if name_kind == "password" and _passphrase(value.strip()) else None
    value = value.strip()
    if name_kind == "password":
        if value.lower() in DEFAULT_PASSWORDS:
            return "default"
        if _stand_in(value) or len(value) < 4 or not any(c.isalnum() for c in value):
            return None
        return "secret"
    if _stand_in(value) or len(value) < 8:
        return None
    if name_kind == "key" and (len(value) < 16 or entropy(value) < 3.5 or _IDENTIFIER_LIKE.match(value)):
        return None
    return "secret" if _looks_generated(value) or (name_kind == "secret" and _typed_to_be_hard(value)) else None
