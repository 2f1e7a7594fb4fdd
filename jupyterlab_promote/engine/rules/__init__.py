"""The rule catalogue: one explicit table per category, joined here in category order.

rules/ is the floor above fixes/: a rule reads the notebook model (notebook/), its project (project/)
and the text and Python helpers, and describes its fixes with the edits of fixes/; the fix builders
several rules share live here too (extract_fixes.py, seeding.py, source_edits.py). It never imports
report/, extract/, sharing/ or the doors.
"""

from . import (
    duplication,
    error_handling,
    hidden_state,
    kernel_history,
    leakage,
    modularity,
    near_duplicates,
    parameters_dependencies,
    performance,
    redefinitions,
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
    *redefinitions.RULES,
    *version_control.RULES,
    *modularity.RULES,
    *testing.RULES,
    *parameters_dependencies.RULES,
    *error_handling.RULES,
    *security.RULES,
    *leakage.RULES,
    *performance.RULES,
    *duplication.RULES,
    *near_duplicates.RULES,
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in ALL_RULES}

__all__ = ["ALL_RULES", "RULES_BY_CODE", "Fix", "Rule", "Violation"]
