"""error_handling: errors swallowed, hidden or reported with print."""

from .base import Rule

RULES: tuple[Rule, ...] = ()
