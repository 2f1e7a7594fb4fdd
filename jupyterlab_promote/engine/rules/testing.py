"""testing: functions nothing tests, and no tests near the notebook."""

from .base import Rule

RULES: tuple[Rule, ...] = ()
