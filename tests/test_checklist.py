"""The path-to-production checklist: items from findings, in the report and in `check --checklist`."""

import json
import shutil
from pathlib import Path

import pytest

from jupyterlab_promote.cli import main
from jupyterlab_promote.engine import check_file
from jupyterlab_promote.engine.report.analysis import error_entry
from jupyterlab_promote.engine.report.checklist import ITEM_IDS, ITEMS, ChecklistFacts, checklist, render_text
from jupyterlab_promote.engine.rules import RULES_BY_CODE

EXAMPLE = Path(__file__).parent.parent / "examples"
ALL_CODES = frozenset(RULES_BY_CODE)
PROJECT = ChecklistFacts(ALL_CODES, has_project=True, has_code=True, defines_functions=True)


def finding(code: str, *fixes: tuple[str, str], cell_id: str | None = None) -> dict:
    anchor = f"{code}:{cell_id or 'notebook'}:0:0"
    return {"code": code, "cell_id": cell_id,
            "fixes": [{"id": f"{anchor}:{name}", "title": f"Do {name}", "applicability": kind} for name, kind in fixes]}


def items_by_id(findings, facts=PROJECT) -> dict[str, dict]:
    return {item["id"]: item for item in checklist(findings, facts)}


def test_seven_items_in_the_issue_order_all_done_without_findings():
    items = checklist([], PROJECT)
    assert [item["id"] for item in items] == list(ITEM_IDS) == [
        "version_control", "modules", "configuration", "environment", "tests_ci", "logging", "exploration"]
    assert all(item["state"] == "done" and item["action"] is None and item["codes"] == [] for item in items)


def test_every_mapped_code_is_a_rule_and_belongs_to_one_item():
    codes = [code for item in ITEMS for code in item.codes]
    assert set(codes) <= ALL_CODES
    assert len(codes) == len(set(codes))


def test_a_finding_holds_its_item_back_and_names_its_code():
    items = items_by_id([finding("SC001", ("env-lookup", "unsafe"), cell_id="c3"), finding("PF001")])
    config = items["configuration"]
    assert config["state"] == "not_yet" and config["codes"] == ["SC001"] and config["findings"] == 1
    assert config["action"] == {"code": "SC001", "cell_id": "c3", "fix_id": "SC001:c3:0:0:env-lookup",
                                "title": "Do env-lookup", "applicability": "unsafe"}
    # PF001 (performance) is on no item: the others stay done.
    assert [i for i, item in items.items() if item["state"] != "done"] == ["configuration"]


def test_the_dockerfile_comes_before_pinning_and_pinning_before_other_fixes():
    undeclared = finding("PD003", ("add-requirement", "safe"), ("pin-what-ran", "unsafe"), cell_id="c1")
    runtime = finding("PD006", ("add-dockerfile", "unsafe"))
    both = items_by_id([undeclared, runtime])["environment"]
    assert both["action"]["fix_id"].endswith(":add-dockerfile")
    assert both["codes"] == ["PD006", "PD003"] and both["findings"] == 2
    pinned_next = items_by_id([undeclared])["environment"]
    assert pinned_next["action"]["fix_id"] == "PD003:c1:0:0:pin-what-ran"


def test_add_ci_is_the_action_of_tests_in_ci():
    item = items_by_id([finding("TS002", ("extract-with-tests", "manual"), ("add-ci-workflow", "unsafe"))])["tests_ci"]
    assert item["state"] == "not_yet" and item["action"]["fix_id"].endswith(":add-ci-workflow")


def test_without_a_preferred_fix_the_first_runnable_fix_of_the_most_important_rule_is_chosen():
    items = items_by_id([finding("VC001", ("clear-outputs", "unsafe")),
                         finding("VC006", ("add-nbstripout-attribute", "unsafe"), ("install-nbstripout", "manual"))])
    assert items["version_control"]["codes"] == ["VC006", "VC001"]
    assert items["version_control"]["action"]["fix_id"].endswith(":add-nbstripout-attribute")
    manual_only = items_by_id([finding("VC004", ("git-init", "manual"))])["version_control"]["action"]
    assert manual_only["applicability"] == "manual" and manual_only["fix_id"].endswith(":git-init")


def test_a_finding_with_no_fix_gets_the_items_guidance():
    action = items_by_id([finding("TS001", cell_id="c2")])["exploration"]["action"]
    assert action["fix_id"] is None and action["cell_id"] == "c2" and "Extract to module" in action["title"]


def test_items_whose_rules_are_all_off_are_not_applicable():
    facts = ChecklistFacts(ALL_CODES - {"TS002"}, True, True, True)
    item = items_by_id([], facts)["tests_ci"]
    assert item["state"] == "not_applicable" and "turned off" in item["reason"]
    # One rule of an item still on is enough for it to apply.
    facts = ChecklistFacts(ALL_CODES - {"EH001", "EH002", "EH003"}, True, True, True)
    assert items_by_id([], facts)["logging"]["state"] == "done"


def test_facts_make_items_not_applicable_whatever_the_findings():
    no_folder = ChecklistFacts(ALL_CODES, has_project=False, has_code=True, defines_functions=True)
    items = items_by_id([finding("PD003", cell_id="c1")], no_folder)
    assert {i for i, item in items.items() if item["state"] == "not_applicable"} == {
        "version_control", "environment", "tests_ci"}
    assert items["environment"]["codes"] == [] and items["environment"]["action"] is None
    no_functions = ChecklistFacts(ALL_CODES, has_project=True, has_code=True, defines_functions=False)
    assert items_by_id([], no_functions)["tests_ci"]["state"] == "not_applicable"
    no_code = ChecklistFacts(ALL_CODES, has_project=True, has_code=False, defines_functions=False)
    states = {i: item["state"] for i, item in items_by_id([], no_code).items()}
    assert states.pop("version_control") == "done" and set(states.values()) == {"not_applicable"}


def test_render_text_marks_each_state():
    facts = ChecklistFacts(ALL_CODES, has_project=False, has_code=True, defines_functions=True)
    lines = render_text(checklist([finding("EH001", ("log-and-continue", "unsafe"), cell_id="c1")], facts))
    assert lines[0] == "  Path to production"
    assert "    [-] Version control with output stripping (not applicable: the notebook has no folder" in lines[1]
    assert lines[2] == "    [x] Logic in modules with clear interfaces"
    assert lines[6] == "    [ ] Logging and error handling: held back by EH001; next: Do log-and-continue"


@pytest.fixture
def example(tmp_path) -> Path:
    """The example project copied alone (no git, no tests around it)."""
    shutil.copytree(EXAMPLE, tmp_path / "example")
    return tmp_path / "example" / "churn_analysis.ipynb"


def test_the_report_carries_the_checklist_added_to_the_contract(example):
    entry = check_file(example, "churn_analysis.ipynb")
    items = {item["id"]: item for item in entry["checklist"]}
    assert list(items) == list(ITEM_IDS)
    codes = {f["code"] for f in entry["findings"]}
    for item in items.values():
        assert set(item["codes"]) <= codes
        assert item["findings"] == sum(1 for f in entry["findings"] if f["code"] in item["codes"])
    assert items["environment"]["state"] == "not_yet"
    assert items["environment"]["action"]["fix_id"].endswith(":add-dockerfile")
    assert items["modules"]["state"] == "done"
    assert items["tests_ci"]["state"] == "not_yet" and items["tests_ci"]["codes"] == ["TS002"]


def test_adding_the_runtime_file_turns_its_finding_off_and_the_tests_item_done_with_ci(example):
    (example.parent / ".github" / "workflows").mkdir(parents=True)
    (example.parent / ".github" / "workflows" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    (example.parent / "Dockerfile").write_text("FROM python:3.11-slim\n", encoding="utf-8")
    items = {item["id"]: item for item in check_file(example, "churn_analysis.ipynb")["checklist"]}
    assert items["tests_ci"]["state"] == "done"
    assert "PD006" not in items["environment"]["codes"]


def test_a_notebook_that_cannot_be_read_has_no_checklist():
    assert error_entry("x.ipynb", "not JSON")["checklist"] is None


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_checklist_prints_it_after_the_findings(capsys, example):
    code, out, _ = run(capsys, "check", "--checklist", str(example))
    assert code == 0
    lines = out.splitlines()
    start = lines.index("  Path to production")
    assert len([line for line in lines[start + 1:] if line.startswith("    [")]) == 7
    assert "    [ ] A containerised, reproducible environment: held back by PD006" in out
    assert "next: Add a Dockerfile" in out
    code, plain, _ = run(capsys, "check", str(example))
    assert "Path to production" not in plain and code == 0


def test_check_checklist_keeps_the_exit_codes(capsys, example):
    assert run(capsys, "check", "--checklist", "--min-score", "99", str(example))[0] == 1
    assert run(capsys, "check", "--checklist", "--fail-on", "error", str(example))[0] == 1
    assert run(capsys, "check", "--checklist", "--min-score", "0", str(example))[0] == 0
    code, _, err = run(capsys, "check", "--checklist", "--format", "sarif", str(example))
    assert code == 2 and "--checklist" in err


def test_json_always_has_the_checklist(capsys, example):
    for extra in ((), ("--checklist",)):
        code, out, _ = run(capsys, "check", "--format", "json", *extra, str(example))
        assert code == 0
        assert [item["id"] for item in json.loads(out)["notebooks"][0]["checklist"]] == list(ITEM_IDS)
