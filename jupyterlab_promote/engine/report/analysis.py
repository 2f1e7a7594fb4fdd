"""Run the rules over one notebook and build its report entry (DESIGN §3)."""

import ast
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..files.bounded import forget_parsed_files
from ..notebook.cell_memo import forget_filters, per_cell, per_source
from ..notebook.cell_streams import shaped_text
from ..notebook.fingerprints import fingerprint_text, window_keys, windows
from ..notebook.line_shapes import text_shapes
from ..notebook.model import RECENT_CELLS, Cell, Notebook, notebook_from_dict
from ..notebook.near_copies import forget_alignments
from ..notebook.renamed_pairs import pair_candidates, renamed_pairs
from ..notebook.repeat_memo import forget_searches
from ..notebook.source import parse_cell
from ..project.config import Config
from ..project.folder import forget_folder_listings
from ..rules import ALL_RULES, Rule, Violation
from .categories import CATEGORY_IDS
from .cell_scope import CELL_SCOPED_FINDINGS
from .checklist import ChecklistFacts, checklist
from .score import SEVERITY_POINTS, Costed, grade, score_findings

IGNORE_TAG = "promote-ignore"
_IGNORE_COMMENT = re.compile(r"#\s*promote:\s*ignore(?:\[([^\]]*)\])?", re.IGNORECASE)


def analyze(nb: Notebook, display_path: str, rules: Sequence[Rule] = ALL_RULES) -> dict[str, Any]:
    """The report entry of one notebook: score, grade, categories and findings sorted by impact."""
    violations: list[tuple[Rule, Violation]] = []
    ran: set[str] = set()
    for rule in rules:
        if not nb.config.enabled(rule.code, rule.name, nb.path):
            continue
        ran.add(rule.code)
        found = CELL_SCOPED_FINDINGS.check(rule, nb) if rule.scope == "cell" else rule.check(nb)
        violations.extend((rule, v) for v in found if v.cell is None or not _suppressed(rule, v))
    costed = [
        Costed(rule.category, v.severity or rule.severity, (rule.points or SEVERITY_POINTS[v.severity or rule.severity]) * v.weight)
        for rule, v in violations
    ]
    score, category_scores = score_findings(costed)
    # An info occurrence of a blocking rule (a leak into a validation split only, a product's default
    # password) is worth reading but does not hold the grade. Whether a rule blocks is asked once per rule.
    found_rules = {rule.code: rule for rule, _ in violations}
    blocking = {code: nb.config.blocks(code, rule.name, rule.category) for code, rule in found_rules.items()}
    findings = [_finding(rule, v, c, c.severity != "info" and blocking[rule.code])
                for (rule, v), c in zip(violations, costed)]
    findings.sort(key=lambda f: (-f["impact"], _position(f), f["code"]))
    counts = {category: 0 for category in CATEGORY_IDS}
    for finding in findings:
        counts[finding["category"]] += 1
    return {
        "path": display_path,
        "score": score,
        "grade": grade(score, blocked=any(f["blocking"] for f in findings)),
        "categories": {c: {"score": category_scores[c], "findings": counts[c]} for c in CATEGORY_IDS},
        "findings": findings,
        "error": None,
        "checklist": checklist(findings, _checklist_facts(nb, frozenset(ran))),
    }


def _checklist_facts(nb: Notebook, ran: frozenset[str]) -> ChecklistFacts:
    # From the cells' text: only a cell that mentions `def` or `class` is asked for its parse.
    cells = [cell.source for cell in nb.code_cells if cell.source.strip()] if nb.is_python else []
    return ChecklistFacts(ran, nb.path is not None and nb.project.folder is not None, bool(cells),
                          any(("def " in text or "class " in text) and _defines_function(text) for text in cells))


@per_source
def _defines_function(source: str) -> bool:
    """Whether the cell defines a function or class at its top level (kept with the cell's parse)."""
    tree = parse_cell(source).tree
    return tree is not None and any(isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                                    for node in tree.body)


def analyze_dict(data: dict[str, Any], display_path: str, path: Path | None = None, config: Config | None = None) -> dict[str, Any]:
    """Analyse nbformat JSON that passed :func:`reading.check_notebook_shape`."""
    return analyze(notebook_from_dict(data, path, config), display_path)


def forget_kept() -> None:
    """Forget everything kept from earlier analyses (parses, cells, cell-scoped findings, filters), so the
    next analysis is that of notebooks seen for the first time (benchmarks and tests of a cold start)."""
    parse_cell.cache_clear()
    RECENT_CELLS.clear()
    CELL_SCOPED_FINDINGS.clear()
    forget_filters()
    forget_searches()


def forget_batch_caches() -> None:
    """Empty the caches that are bounded but large (cell texts and their line shapes, folder listings, parsed
    project files): in a batch run of thousands of notebooks each fills up over the first few thousand and
    then holds what no later notebook asks for. The batch's folder indexes (sibling_notebooks) stay."""
    fingerprint_text.cache_clear()
    text_shapes.cache_clear()
    shaped_text.cache_clear()
    windows.cache_clear()
    window_keys.cache_clear()
    pair_candidates.cache_clear()
    renamed_pairs.cache_clear()
    forget_alignments()
    forget_folder_listings()
    forget_parsed_files()


def error_entry(display_path: str, reason: str) -> dict[str, Any]:
    """The report entry of a notebook that could not be analysed."""
    return {
        "path": display_path,
        "score": None,
        "grade": None,
        "categories": {c: {"score": None, "findings": 0} for c in CATEGORY_IDS},
        "findings": [],
        "error": reason,
        "checklist": None,
    }


def stopped_entry(display_path: str, reason: str) -> dict[str, Any]:
    """The report entry of a notebook whose analysis was stopped at a bound: no score, one finding saying why."""
    from ..rules import RULES_BY_CODE

    rule = RULES_BY_CODE["MD006"]
    entry = error_entry(display_path, f"{reason[:1].upper()}{reason[1:]}, so the notebook has no score: split "
                                      "very long cells, or raise the server's jupyterlab_promote_analysis bound")
    entry["findings"] = [_finding(rule, Violation(entry["error"]), Costed(rule.category, rule.severity, 0.0))]
    entry["categories"][rule.category]["findings"] = 1
    return entry


def _position(finding: dict[str, Any]) -> tuple[int, int, int]:
    cell = finding["cell_index"]
    return (-1 if cell is None else cell, finding["line"] or 0, finding["column"] or 0)


def _finding(rule: Rule, v: Violation, costed: Costed, blocking: bool = False) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "category": rule.category,
        "severity": costed.severity,
        "message": v.message,
        "cell_index": v.cell.index if v.cell else None,
        "cell_id": v.cell.id if v.cell else None,
        "line": v.line,
        "column": v.column,
        "end_line": v.end_line,
        "end_column": v.end_column,
        "impact": costed.impact,
        "blocking": blocking,
        "fixes": [dict(fix.to_json(), id=f"{_anchor(rule, v)}:{fix.id}") for fix in v.fixes],
    }


def _anchor(rule: Rule, v: Violation) -> str:
    """Where a finding is, as a stable id prefix: fix ids stay valid while other cells change."""
    cell = (v.cell.id or f"#{v.cell.index}") if v.cell else "notebook"
    return f"{rule.code}:{cell}:{v.line or 0}:{v.column or 0}"


def _suppressed(rule: Rule, v: Violation) -> bool:
    cell = v.cell
    if cell is None:
        return False
    if IGNORE_TAG in cell.tags or f"{IGNORE_TAG}[{rule.code}]" in cell.tags:
        return True
    lines = _ignore_comment_lines(cell)
    if lines is None:
        return False
    candidates = _leading_comments(lines)
    if v.line is not None and 0 < v.line <= len(lines):
        candidates.append(lines[v.line - 1])
    return any(_comment_covers(line, rule) for line in candidates)


@per_cell
def _ignore_comment_lines(cell: Cell) -> list[str] | None:
    """The cell's lines when one of them may hold an ignore comment, else None: most cells have none, and
    findings are checked for suppression on every analysis (kept with the cell, any type; read only)."""
    if _IGNORE_COMMENT.search(cell.source) is None:
        return None
    return cell.source.splitlines()


def _leading_comments(lines: list[str]) -> list[str]:
    comments = []
    for line in lines:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            break
        comments.append(stripped)
    return comments


def _comment_covers(line: str, rule: Rule) -> bool:
    match = _IGNORE_COMMENT.search(line)
    if match is None:
        return False
    if match.group(1) is None:
        return True
    wanted = {part.strip() for part in match.group(1).split(",")}
    return rule.code in wanted or rule.name in wanted or rule.code[:2] in wanted or rule.category in wanted
