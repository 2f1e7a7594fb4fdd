"""duplication: copy-pasted blocks of code."""

from .base import Rule

RULES: tuple[Rule, ...] = ()
