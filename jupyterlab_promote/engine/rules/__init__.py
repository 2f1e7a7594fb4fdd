"""The rule catalogue: one explicit table per category, joined here in category order."""

from . import (
    duplication,
    error_handling,
    hidden_state,
    kernel_history,
    leakage,
    modularity,
    parameters_dependencies,
    performance,
    reproducibility,
    security,
    testing,
    version_control,
)
from .base import Fix, Rule, Violation

ALL_RULES: tuple[Rule, ...] = (
    *hidden_state.RULES,
    *reproducibility.RULES,
    *kernel_history.RULES,
    *version_control.RULES,
    *modularity.RULES,
    *testing.RULES,
    *parameters_dependencies.RULES,
    *error_handling.RULES,
    *security.RULES,
    *leakage.RULES,
    *performance.RULES,
    *duplication.RULES,
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in ALL_RULES}

__all__ = ["ALL_RULES", "RULES_BY_CODE", "Fix", "Rule", "Violation"]
