"""The rule catalogue: one explicit table per category, joined here in category order."""

from . import hidden_state
from .base import Fix, Rule, Violation

ALL_RULES: tuple[Rule, ...] = (*hidden_state.RULES,)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in ALL_RULES}

__all__ = ["ALL_RULES", "RULES_BY_CODE", "Fix", "Rule", "Violation"]
