"""The score is deterministic, explained, monotone and capped by security errors."""

import random

import pytest

from jupyterlab_promote.engine.report.categories import BUDGETS, CATEGORY_IDS
from jupyterlab_promote.engine.report.score import SECURITY_CAP, Costed, grade, score_findings

SEVERITIES = ("error", "warning", "info")


def findings(seed: int, count: int) -> list[Costed]:
    rng = random.Random(seed)
    return [Costed(rng.choice(CATEGORY_IDS), rng.choice(SEVERITIES), rng.choice([0.5, 1, 2, 3, 6, 9])) for _ in range(count)]


def scored(items: list[Costed]) -> int:
    copies = [Costed(f.category, f.severity, f.cost) for f in items]
    return score_findings(copies)[0]


def test_no_findings_scores_100():
    score, categories = score_findings([])
    assert score == 100 and all(value == 100 for value in categories.values())


@pytest.mark.parametrize("seed", range(40))
def test_every_lost_point_belongs_to_a_finding(seed):
    items = findings(seed, seed % 15)
    score, _ = score_findings(items)
    assert 0 <= score <= 100
    assert sum(f.impact for f in items) == 100 - score
    assert all(f.impact >= 0 for f in items)


@pytest.mark.parametrize("seed", range(40))
def test_removing_any_finding_never_lowers_the_score(seed):
    items = findings(seed, 1 + seed % 12)
    before = scored(items)
    for i in range(len(items)):
        assert scored(items[:i] + items[i + 1:]) >= before


def test_same_input_same_score():
    assert scored(findings(3, 10)) == scored(findings(3, 10))


def test_a_category_never_costs_more_than_its_budget():
    items = [Costed("performance", "error", 6) for _ in range(20)]
    score, categories = score_findings(items)
    assert score == 100 - BUDGETS["performance"]
    assert categories["performance"] == 0


def test_a_security_error_caps_the_score_below_50():
    items = [Costed("security", "error", 6), Costed("testing", "info", 1)]
    score, _ = score_findings(items)
    assert score == SECURITY_CAP
    assert sum(f.impact for f in items) == 100 - SECURITY_CAP
    assert items[0].impact > items[1].impact


def test_a_security_warning_does_not_cap():
    assert scored([Costed("security", "warning", 3)]) == 97


@pytest.mark.parametrize(("score", "expected"), [(100, "ready"), (90, "ready"), (89, "almost"), (75, "almost"),
                                                 (74, "needs_work"), (50, "needs_work"), (49, "not_ready"), (0, "not_ready")])
def test_grades(score, expected):
    assert grade(score) == expected
