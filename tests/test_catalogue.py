"""The rule catalogue: one code and one name per rule, each code in its category's prefix."""

from collections import Counter

from jupyterlab_promote.engine.report.categories import CATEGORY_IDS
from jupyterlab_promote.engine.rules import ALL_RULES

PREFIXES = {"hidden_state": "HS", "version_control": "VC", "modularity": "MD", "testing": "TS",
            "parameters_dependencies": "PD", "error_handling": "EH", "security": "SC", "leakage": "LK",
            "performance": "PF", "duplication": "DU"}


def test_every_code_and_every_name_belongs_to_one_rule():
    codes = Counter(rule.code for rule in ALL_RULES)
    names = Counter(rule.name for rule in ALL_RULES)
    assert [code for code, count in codes.items() if count > 1] == []
    assert [name for name, count in names.items() if count > 1] == []


def test_codes_carry_their_category_prefix():
    assert set(PREFIXES) == set(CATEGORY_IDS)
    wrong = [(rule.code, rule.category) for rule in ALL_RULES if not rule.code.startswith(PREFIXES[rule.category])]
    assert wrong == []


def test_findings_on_the_goldens_carry_severities_their_rule_declares():
    # The catalogue (`jupyter-promote rules`) lists every severity a rule's findings may carry, so that
    # --fail-on is predictable; the golden reports hold real findings of many rules.
    import json
    from pathlib import Path

    declared = {rule.code: set(rule.severities) for rule in ALL_RULES}
    golden = Path(__file__).parent / "golden"
    seen = [(f["code"], f["severity"]) for path in golden.glob("*.json")
            for f in json.loads(path.read_text(encoding="utf-8"))["findings"]]
    assert seen
    assert [(code, severity) for code, severity in seen if severity not in declared[code]] == []
