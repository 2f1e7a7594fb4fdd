"""The token formats find_tokens looks for: their labels, the environment variable a fix reads each from,
the pattern, and the cheap substrings (hints) that must be in a text before the pattern is tried. The
common formats are here; the maintained list of vendor prefixes is vendor_tokens.py, merged in."""

from dataclasses import dataclass

from .vendor_tokens import VENDOR_TOKENS


@dataclass(frozen=True)
class TokenKind:
    label: str
    """How a message names it: 'a GitHub token'."""
    env_name: str
    """The environment variable a fix reads it from when nothing better is known."""
    pattern: str
    """Starts with a literal where possible: re then skips ahead to it instead of trying every position."""
    hints: tuple[str, ...]
    """Substrings the text must contain for the pattern to be tried at all (found by token_hints.py)."""
    word_start: bool = True
    """The match must not continue a word (checked in code: a leading \\b would defeat re's prefix scan)."""


TOKEN_KINDS: dict[str, TokenKind] = {
    "aws_key_id": TokenKind("an AWS access key id", "AWS_ACCESS_KEY_ID", r"(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b",
                            ("AKIA", "ASIA", "ABIA", "ACCA")),
    "aws_secret": TokenKind(
        "an AWS secret access key", "AWS_SECRET_ACCESS_KEY",
        r"(?i:aws_?secret_?(?:access_?)?key)\W{1,4}(?P<aws_value>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])", ("ecret", "ECRET"),
    ),
    "github": TokenKind("a GitHub token", "GITHUB_TOKEN", r"(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{50,})\b",
                        ("gh", "github_pat_")),
    "slack": TokenKind("a Slack token", "SLACK_TOKEN", r"xox[abeoprs]-[A-Za-z0-9]{1,16}-[A-Za-z0-9-]{8,}", ("xox",)),
    "slack_webhook": TokenKind(
        "a Slack webhook URL", "SLACK_WEBHOOK_URL",
        r"hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Z0-9]{6,}/[AB][A-Z0-9]{6,}/[A-Za-z0-9/]{16,}",
        ("hooks.slack",), word_start=False,
    ),
    "google": TokenKind("a Google API key", "GOOGLE_API_KEY", r"AIza[0-9A-Za-z_\-]{35}(?![0-9A-Za-z_\-])", ("AIza",)),
    "openai": TokenKind("an OpenAI-style secret key", "OPENAI_API_KEY",
                        r"sk-(?!ant-)(?:[a-z]{2,8}-)*[A-Za-z0-9_\-]{32,}(?![A-Za-z0-9_\-])", ("sk-",)),
    "stripe": TokenKind("a Stripe secret key", "STRIPE_SECRET_KEY", r"[rs]k_(?:live|test|prod)_[0-9A-Za-z]{16,}\b",
                        ("_live_", "_test_", "_prod_")),
    "huggingface": TokenKind("a Hugging Face token", "HF_TOKEN", r"hf_[A-Za-z0-9]{34}(?![A-Za-z0-9_\-])", ("hf_",)),
    "sendgrid": TokenKind("a SendGrid API key", "SENDGRID_API_KEY", r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}\b", ("SG.",)),
    # Header and claims, with or without a signature (an unsigned token still grants access). The look-behind
    # keeps a run of "eyJeyJ..." from being rescanned from every "eyJ" in it.
    "jwt": TokenKind("a JSON Web Token", "AUTH_TOKEN",
                     r"(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}(?:\.[A-Za-z0-9_\-]{16,})?",
                     ("eyJ",)),
    "private_key": TokenKind(
        "a private key", "PRIVATE_KEY", r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----",
        ("PRIVATE KEY",), word_start=False,
    ),
    # Credentials inside a URL: scheme://user:password@host (the scheme is added to the match in code),
    # and secrets passed as query parameters.
    "url_password": TokenKind(
        "a password inside a URL", "DATABASE_URL",
        r"://(?P<url_user>[^\s:/@'\"<>{}]*):(?P<url_secret>[^\s/@'\"<>]{1,128})@(?P<url_host>[A-Za-z0-9.\-\[\]_]+)",
        ("://",), word_start=False,
    ),
    # Found by name, not by shape (rules/security/output_secrets.py): no hint, so find_tokens never tries it.
    "named_secret": TokenKind("a credential shown under its name", "API_KEY", r"(?!)", (), word_start=False),
    **{name: TokenKind(*spec) for name, spec in VENDOR_TOKENS.items()},
    # Shell commands: `curl -H "Authorization: Bearer ..."`, `curl -u user:password`.
    "auth_header": TokenKind(
        "a credential in an Authorization header", "AUTH_TOKEN",
        r"(?i:authorization|api-token|x-api-key)['\"]?[ \t]*:[ \t]*(?P<header_scheme>(?i:bearer|token|basic|api-token)[ \t]+)?"
        r"(?P<header_secret>[A-Za-z0-9+/=_.~\-]{8,400})",
        ("uthorization", "UTHORIZATION", "pi-", "PI-"), word_start=False,
    ),
    "curl_user": TokenKind(
        "a password passed to curl", "CURL_PASSWORD",
        r"(?:-u|--user)(?:[ \t]{1,4}|=)['\"]?(?P<curl_user>[^\s:'\"<>{}$]{0,64}):(?P<curl_password>[^\s'\"<>{}]{0,64})",
        (" -u", "--user"), word_start=False,
    ),
    # Command-line options: `wget --user=etl --password=...`, `sshpass -p '...' ssh ...`. A value that starts
    # like a variable, a substitution or a placeholder cannot match.
    "cli_password": TokenKind(
        "a password on a command line", "CLI_PASSWORD",
        r"(?:--(?:http-|ftp-|proxy-)?passw(?:or)?d|sshpass[ \t]+-p)(?:[ \t]+|=)['\"]?(?P<cli_password>[^\s'\"`$<>{}()%]{4,64})",
        ("-password", "-passwd", "sshpass"), word_start=False,
    ),
    # ODBC/ADO.NET connection strings: "Server=db;UID=sa;PWD=s3cret;" (after a quote or a semicolon, so a
    # keyword argument `password=pw` in code is not one).
    "conn_password": TokenKind(
        "a password in a connection string", "DB_PASSWORD",
        r"(?<=[;'\"])[ \t]{0,4}(?i:password|pwd)[ \t]{0,4}=[ \t]{0,4}(?P<conn_secret>[^;'\"\s&(){}\[\],]{4,128})(?=[;'\"&]|$)",
        ("assword", "ASSWORD", "PWD", "pwd", "Pwd"), word_start=False,
    ),
    "url_token": TokenKind(
        "a secret in a URL query", "API_TOKEN",
        r"[?&](?i:access_token|api_?key|token|client_secret|password|x-amz-signature|sig)="
        r"(?P<query_secret>[A-Za-z0-9_\-.%/+]{16,})",
        ("://",), word_start=False,
    ),
}
