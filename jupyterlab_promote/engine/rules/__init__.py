"""The rule catalogue: one explicit table per category, joined here in category order.

rules/ is the floor above fixes/: a rule reads the notebook model (notebook/), its project (project/)
and the text and Python helpers, and describes its fixes with the edits of fixes/; the fix builders
several rules share live here too (extract_fixes.py, seeding.py, source_edits.py). It never imports
report/, extract/, sharing/ or the doors.
"""

from importlib import import_module

from .base import Fix, Rule, Violation

CATEGORY_MODULES = (
    "hidden_state",
    "reproducibility",
    "kernel_history",
    "redefinitions",
    "version_control",
    "modularity",
    "testing",
    "parameters_dependencies",
    "error_handling",
    "security",
    "leakage",
    "performance",
    "duplication",
    "near_duplicates",
)
"""The modules holding each category's table, in the catalogue's order."""

ALL_RULES: tuple[Rule, ...]
RULES_BY_CODE: dict[str, Rule]


def __getattr__(name: str):
    """ALL_RULES and RULES_BY_CODE, made (and every rule module imported) when first asked: a batch run's
    folder readers fork from a process that has imported the cross-notebook search alone."""
    if name not in ("ALL_RULES", "RULES_BY_CODE"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    rules = tuple(rule for module in CATEGORY_MODULES for rule in import_module(f".{module}", __name__).RULES)
    globals().update(ALL_RULES=rules, RULES_BY_CODE={rule.code: rule for rule in rules})
    return globals()[name]


__all__ = ["ALL_RULES", "RULES_BY_CODE", "Fix", "Rule", "Violation"]
