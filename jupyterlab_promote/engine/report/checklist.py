"""The path to production: seven checklist items, each done, not yet or not applicable for one notebook.

The problem this tool exists for ends with a checklist for getting a notebook into production. Each item
is held back by the findings of a fixed set of rules (below, most important first), so an item is
`not_yet` exactly while one of those findings is in the report, and `done` when none is. An item is
`not_applicable` when it cannot say anything about this notebook: none of its rules ran (the project's
select/ignore turned them off), or a fact it needs is missing (the notebook has no folder to look for
project files in, no code, or no function to test).

Each item names the one action that moves it forward: the first fix, in the item's preferred order, that
a holding finding offers (Add a Dockerfile before Pin what ran, so the container comes first and its
requirements get pinned next); else the first runnable fix of its most important finding; else that
finding's manual guidance; else the item's own guidance (no `fix_id`). Pure: it reads report findings
(DESIGN §3) and a few facts, nothing else.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

DONE, NOT_YET, NOT_APPLICABLE = "done", "not_yet", "not_applicable"


@dataclass(frozen=True)
class ChecklistFacts:
    """What the items need to know beyond the findings."""

    rules_run: frozenset[str]
    """Codes of the rules the analysis ran (after the project's select/ignore)."""
    has_project: bool
    """The notebook has a path and a folder: project files (git, requirements, CI) were looked for."""
    has_code: bool
    """The notebook has Python code cells."""
    defines_functions: bool
    """A code cell defines a function or class at its top level."""


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    codes: tuple[str, ...]
    """The rules whose findings hold it back, most important first."""
    guidance: str
    """What to do when no holding finding offers a fix."""
    preferred_fixes: tuple[str, ...] = ()
    """Fix names (the last part of a fix id) chosen first when a holding finding offers them."""
    needs_project: bool = False
    needs_functions: bool = False


ITEMS: tuple[Item, ...] = (
    Item("version_control", "Version control with output stripping",
         ("VC004", "VC005", "VC007", "VC006", "VC001", "VC002", "VC003"),
         "Commit the notebook to git and strip its outputs on commit (nbstripout)", needs_project=True),
    Item("modules", "Logic in modules with clear interfaces",
         ("MD001", "MD003", "MD002", "MD004", "MD005"),
         "Select the cells that hold the logic and run Extract to module", ("extract",)),
    Item("configuration", "Configuration, secrets and paths outside the code",
         ("SC001", "SC002", "PD001", "PD002"),
         "Move paths and settings to a `parameters` cell and secrets to environment variables"),
    Item("environment", "A containerised, reproducible environment",
         ("PD006", "LK008", "PD003", "PD005", "PD004"),
         "Declare and pin the packages the notebook imports, and add a Dockerfile",
         ("add-dockerfile", "pin-what-ran"), needs_project=True),
    Item("tests_ci", "Automated tests wired into CI", ("TS002",),
         "Add a CI workflow that runs `jupyter-promote check`, `jupyter-promote verify` and the tests",
         ("add-ci-workflow",), needs_project=True, needs_functions=True),
    Item("logging", "Logging and error handling", ("EH001", "EH002", "EH003", "EH004"),
         "Report errors with `logging` and let the ones you cannot handle raise",
         ("log-and-continue", "log-and-raise", "use-logging")),
    Item("exploration", "Notebook for exploration, stable code in libraries",
         ("DU002", "DU001", "DU003", "DU004", "TS001"),
         "Move the functions the notebook relies on to a module with tests (Extract to module)",
         ("extract", "share-module")),
)
ITEM_IDS = tuple(item.id for item in ITEMS)


def checklist(findings: Sequence[dict[str, Any]], facts: ChecklistFacts) -> list[dict[str, Any]]:
    """The seven items, in order, for a notebook's report findings."""
    return [_item(item, findings, facts) for item in ITEMS]


def _item(item: Item, findings: Sequence[dict[str, Any]], facts: ChecklistFacts) -> dict[str, Any]:
    reason = _not_applicable_because(item, facts)
    holding = [] if reason else _holding(item, findings)
    state = NOT_APPLICABLE if reason else NOT_YET if holding else DONE
    return {
        "id": item.id,
        "title": item.title,
        "state": state,
        "codes": list(dict.fromkeys(f["code"] for f in holding)),
        "findings": len(holding),
        "reason": reason,
        "action": _action(item, holding) if holding else None,
    }


def _not_applicable_because(item: Item, facts: ChecklistFacts) -> str | None:
    if not any(code in facts.rules_run for code in item.codes):
        return "its rules are turned off in this project's configuration"
    if item.needs_project and not facts.has_project:
        return "the notebook has no folder, so there are no project files to look at"
    if item.id != "version_control" and not facts.has_code:
        return "the notebook has no code"
    if item.needs_functions and not facts.defines_functions:
        return "the notebook defines no function or class: nothing to unit-test"
    return None


def _holding(item: Item, findings: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The findings that hold the item back, most important rule first, in report order within a rule."""
    rank = {code: position for position, code in enumerate(item.codes)}
    held = [f for f in findings if f["code"] in rank]
    return sorted(held, key=lambda f: rank[f["code"]])  # stable: report order (impact) within a rule


def _fix_name(fix: dict[str, Any]) -> str:
    return fix["id"].rsplit(":", 1)[-1]


def _action(item: Item, holding: Sequence[dict[str, Any]]) -> dict[str, Any]:
    offered = [(finding, fix) for finding in holding for fix in finding.get("fixes") or ()]
    for name in item.preferred_fixes:
        chosen = next(((f, fix) for f, fix in offered if _fix_name(fix) == name), None)
        if chosen:
            return _described(*chosen)
    first = holding[0]
    fixes = [fix for f, fix in offered if f is first]
    runnable = next((fix for fix in fixes if fix["applicability"] != "manual"), None)
    if runnable or fixes:
        return _described(first, runnable or fixes[0])
    return {"code": first["code"], "cell_id": first["cell_id"], "fix_id": None, "title": item.guidance,
            "applicability": "manual"}


def _described(finding: dict[str, Any], fix: dict[str, Any]) -> dict[str, Any]:
    return {"code": finding["code"], "cell_id": finding["cell_id"], "fix_id": fix["id"], "title": fix["title"],
            "applicability": fix["applicability"]}


def render_text(items: Sequence[dict[str, Any]]) -> list[str]:
    """The checklist as lines for the terminal report: a mark, the title, what holds it back and the next
    action (whose title may quote the notebook: escaped by the caller's `visible`)."""
    marks = {DONE: "[x]", NOT_YET: "[ ]", NOT_APPLICABLE: "[-]"}
    lines = ["  Path to production"]
    for entry in items:
        line = f"    {marks[entry['state']]} {entry['title']}"
        if entry["state"] == NOT_APPLICABLE:
            line += f" (not applicable: {entry['reason']})"
        elif entry["state"] == NOT_YET:
            line += f": held back by {', '.join(entry['codes'])}"
            if entry["action"]:
                line += f"; next: {entry['action']['title']}"
        lines.append(line)
    return lines
