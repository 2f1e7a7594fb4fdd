"""The ten antipattern families (DESIGN §2) and how many points each can cost.

The budgets add up to 100: a notebook can lose at most a category's budget to that category, so one
noisy family never drowns out the others. The weights follow the evidence in the research notes:
hidden state and dependencies cause most failed re-runs, secrets cause the worst damage.
"""

from typing import NamedTuple


class Category(NamedTuple):
    id: str
    label: str
    budget: int
    prefix: str
    """The first letters of its rules' codes (HS001...)."""


CATEGORIES: tuple[Category, ...] = (
    Category("hidden_state", "Hidden state", 16, "HS"),
    Category("version_control", "Version control", 8, "VC"),
    Category("modularity", "Modularity", 10, "MD"),
    Category("testing", "Testing", 8, "TS"),
    Category("parameters_dependencies", "Parameters & dependencies", 14, "PD"),
    Category("error_handling", "Error handling", 8, "EH"),
    Category("security", "Security", 14, "SC"),
    Category("leakage", "Data leakage", 10, "LK"),
    Category("performance", "Performance", 6, "PF"),
    Category("duplication", "Duplication", 6, "DU"),
)

CATEGORY_IDS: tuple[str, ...] = tuple(c.id for c in CATEGORIES)
BUDGETS: dict[str, int] = {c.id: c.budget for c in CATEGORIES}
PREFIXES: dict[str, str] = {c.id: c.prefix for c in CATEGORIES}
