"""From findings to one readiness score, with every lost point attributed to a finding.

- Each finding costs its rule's points (by severity unless the rule says otherwise), scaled by the
  occurrence's weight.
- A category never costs more than its budget (categories.py); when its findings cost more, the budget
  is shared among them in proportion to their cost, so `impact`s still add up to what was lost.
- Any security error caps the score at 49; the extra points are attributed to those errors.
- Rounding uses the largest remainder, so integer impacts sum exactly to 100 - score.

Removing a finding never lowers the score: the category's loss can only shrink, and the cap can only lift.

The grade follows the score, except that a blocking finding (config.BLOCKING: a secret, leaked rows, a failed
clean re-run...) holds it at `needs_work` at best: a reviewer would not promote such a notebook however few
other problems it has. The score itself is untouched, so it stays monotone and explained by the impacts.
"""

from dataclasses import dataclass

from .categories import BUDGETS, CATEGORY_IDS

SEVERITY_POINTS = {"error": 6, "warning": 3, "info": 1}
SECURITY_CAP = 49


@dataclass
class Costed:
    category: str
    severity: str
    cost: float
    impact: int = 0


def grade(score: int, blocked: bool = False) -> str:
    if blocked and score >= 50:
        return "needs_work"
    if score >= 90:
        return "ready"
    if score >= 75:
        return "almost"
    if score >= 50:
        return "needs_work"
    return "not_ready"


def _share(total: int, costs: list[float]) -> list[int]:
    """Split an integer total in proportion to costs, exactly, by largest remainder."""
    weight = sum(costs)
    if total <= 0 or weight <= 0:
        return [0] * len(costs)
    exact = [total * cost / weight for cost in costs]
    shares = [int(x) for x in exact]
    order = sorted(range(len(costs)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def score_findings(findings: list[Costed]) -> tuple[int, dict[str, int]]:
    """Set each finding's impact; return the score and each category's own 0-100 score."""
    category_scores: dict[str, int] = {}
    for category in CATEGORY_IDS:
        members = [f for f in findings if f.category == category]
        budget = BUDGETS[category]
        lost = min(budget, round(sum(f.cost for f in members)))
        for finding, impact in zip(members, _share(lost, [f.cost for f in members])):
            finding.impact = impact
        category_scores[category] = round(100 * (budget - lost) / budget)
    score = 100 - sum(f.impact for f in findings)
    security_errors = [f for f in findings if f.category == "security" and f.severity == "error"]
    if security_errors and score > SECURITY_CAP:
        for finding, extra in zip(security_errors, _share(score - SECURITY_CAP, [f.cost for f in security_errors])):
            finding.impact += extra
        score = SECURITY_CAP
    return score, category_scores
