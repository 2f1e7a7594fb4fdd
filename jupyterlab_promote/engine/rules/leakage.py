"""leakage: information from the test set leaking into training."""

from .base import Rule

RULES: tuple[Rule, ...] = ()
