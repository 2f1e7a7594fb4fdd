"""security: secrets, unsafe deserialisation, disabled TLS, code built from input."""

from ..base import Rule
from .output_secrets import secret_in_output
from .risky_calls import (
    eval_exec,
    shell_injection,
    tls_verification_disabled,
    unsafe_deserialization,
)
from .source_secrets import hardcoded_secret

RULES = (
    Rule("SC001", "hardcoded-secret", "security", "error", hardcoded_secret, fixable=True,
         other_severities=("info",)),
    Rule("SC002", "secret-in-output", "security", "error", secret_in_output, fixable=True, scope="cell",
         other_severities=("warning",)),
    Rule("SC003", "tls-verification-disabled", "security", "warning", tls_verification_disabled),
    Rule("SC004", "eval-exec", "security", "warning", eval_exec, scope="cell"),
    Rule("SC005", "unsafe-deserialization", "security", "warning", unsafe_deserialization, points=2),
    Rule("SC006", "shell-injection", "security", "warning", shell_injection, points=2),
)

__all__ = ["RULES", "eval_exec", "hardcoded_secret", "secret_in_output", "shell_injection",
           "tls_verification_disabled", "unsafe_deserialization"]
