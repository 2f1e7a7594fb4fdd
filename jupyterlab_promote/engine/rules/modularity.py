"""modularity: code that is not organised into functions, classes and focused cells."""

from .base import Rule

RULES: tuple[Rule, ...] = ()
