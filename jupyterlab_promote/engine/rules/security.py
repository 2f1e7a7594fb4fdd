"""security: secrets, unsafe deserialisation, disabled TLS, code built from input."""

from .base import Rule

RULES: tuple[Rule, ...] = ()
