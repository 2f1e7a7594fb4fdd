"""The terminal report: grouped by notebook, then cell, then line; coloured when writing to a terminal.

Each finding's line shows its severity, the word `--fail-on` compares. When findings are marked
`blocking` (they hold the grade at needs_work whatever the score), the notebook's second line names them.

What comes from the notebook (its path, messages quoting its code) has its control characters escaped:
only the report's own colours reach the terminal.
"""

from collections.abc import Iterable
from itertools import groupby
from typing import Any

from ....visible import visible
from ...text.wording import counted
from ..checklist import render_text as checklist_lines

_COLOURS = {"error": "31", "warning": "33", "info": "36", "ready": "32", "almost": "32", "needs_work": "33",
            "not_ready": "31", "dim": "2", "bold": "1"}


class _Painter:
    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def __call__(self, text: str, style: str) -> str:
        return f"\033[{_COLOURS[style]}m{text}\033[0m" if self.colour else text


def _cell_key(finding: dict[str, Any]) -> int:
    return -1 if finding["cell_index"] is None else finding["cell_index"]


def _location(finding: dict[str, Any]) -> str:
    if finding["line"] is None:
        return ""
    column = finding["column"]
    return f"{finding['line']}:{column + 1}" if column is not None else str(finding["line"])


def _place(finding: dict[str, Any]) -> str:
    return "notebook" if finding["cell_index"] is None else f"cell {finding['cell_index'] + 1}"


def held_by(entry: dict[str, Any]) -> str | None:
    """One line naming the blocking findings that hold the grade, or None when none is blocking."""
    blocking = [f for f in entry["findings"] if f.get("blocking")]
    if not blocking:
        return None
    blocking.sort(key=lambda f: (_cell_key(f), f["line"] or 0, f["code"]))
    named = ", ".join(f"{f['code']} {f['name']} ({_place(f)})" for f in blocking)
    return f"Grade held at {entry['grade'].replace('_', ' ')} by: {named}"


def render_entry(entry: dict[str, Any], paint: _Painter, checklist: bool = False) -> list[str]:
    """The lines of one notebook; with `checklist`, its path-to-production checklist after the findings."""
    if entry["error"]:
        return [f"{paint(visible(entry['path']), 'bold')}  {paint('cannot be analysed:', 'error')} {visible(entry['error'])}"]
    score = f"{entry['score']}/100 ({entry['grade'].replace('_', ' ')})"
    lines = [f"{paint(visible(entry['path']), 'bold')}  score {paint(score, entry['grade'])}"]
    held = held_by(entry)
    if held is not None:
        lines.append(f"  {paint(visible(held), entry['grade'])}")
    findings = sorted(entry["findings"], key=lambda f: (_cell_key(f), f["line"] or 0, f["column"] or 0))
    for cell_index, group in groupby(findings, key=_cell_key):
        lines.append("  " + ("notebook" if cell_index < 0 else f"cell #{cell_index + 1}"))
        for finding in group:
            where = _location(finding).ljust(7)
            code = paint(f"{finding['code']:<6}", finding["severity"])
            severity = paint(f"{finding['severity']:<7}", finding["severity"])
            # Every line says what fixing it gains, (+0) too: a finding past its category's budget costs nothing.
            gain = paint(f"(+{finding['impact'] or 0})", "dim")
            lines.append(f"    {where} {code} {severity} {visible(finding['message'])} {gain}")
    if not findings:
        lines.append("  no findings")
    for title in entry.get("fixed", []):
        lines.append(f"  {paint('fixed:', 'ready')} {visible(title)}")
    for path in entry.get("files_changed", []):
        lines.append(f"  {paint('changed:', 'ready')} {visible(path)}")
    for note in entry.get("fixes_held_back", []):
        lines.append(f"  {paint('held back:', 'dim')} {visible(note)}")
    if checklist and entry.get("checklist"):
        lines.extend(visible(line) for line in checklist_lines(entry["checklist"]))
    return lines


def summary_line(notebooks: int, findings: int, lowest: int | None, failed: int) -> str:
    summary = f"{counted(notebooks, 'notebook')}, {counted(findings, 'finding')}"
    if lowest is not None:
        summary += f", lowest score {lowest}"
    if failed:
        summary += f", {failed} could not be analysed"
    return summary


def render(entries: Iterable[dict[str, Any]], colour: bool) -> str:
    paint = _Painter(colour)
    entries = list(entries)
    blocks = ["\n".join(render_entry(entry, paint)) for entry in entries]
    scored = [e["score"] for e in entries if e["score"] is not None]
    total = sum(len(e["findings"]) for e in entries)
    failed = sum(1 for e in entries if e["error"])
    return "\n\n".join(blocks + [summary_line(len(entries), total, min(scored, default=None), failed)])
