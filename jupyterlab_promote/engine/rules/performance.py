"""performance: row-by-row pandas and other slow patterns with fast equivalents."""

from .base import Rule

RULES: tuple[Rule, ...] = ()
