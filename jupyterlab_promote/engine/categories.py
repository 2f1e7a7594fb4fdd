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


CATEGORIES: tuple[Category, ...] = (
    Category("hidden_state", "Hidden state", 16),
    Category("version_control", "Version control", 8),
    Category("modularity", "Modularity", 10),
    Category("testing", "Testing", 8),
    Category("parameters_dependencies", "Parameters & dependencies", 14),
    Category("error_handling", "Error handling", 8),
    Category("security", "Security", 14),
    Category("leakage", "Data leakage", 10),
    Category("performance", "Performance", 6),
    Category("duplication", "Duplication", 6),
)

CATEGORY_IDS: tuple[str, ...] = tuple(c.id for c in CATEGORIES)
BUDGETS: dict[str, int] = {c.id: c.budget for c in CATEGORIES}
