"""version_control: outputs, metadata and git hygiene that make notebook diffs unreviewable."""

from .base import Rule

RULES: tuple[Rule, ...] = ()
