"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Results point into the .ipynb file itself: the region is the line of the JSON file that holds the
flagged source line (Jupyter writes one source line per JSON line), so annotations land on the code.
Each result also carries the cell's id, index and line in its properties. `invocations` (which
notebooks could not be read) follows `results`, so a report written as notebooks finish needs to hold
only the notifications (streamed.py).

File locations are relative to the working directory when the notebook is below it, however it was named
(`uri` relative to the `%SRCROOT%` base, which `originalUriBaseIds` resolves, as other SARIF producers
write them: code scanning then finds the file in the repository); a notebook elsewhere gets a file:// URI.
"""

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ... import rules as catalogue

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SOURCE_ROOT = "%SRCROOT%"
_SOURCE_KEY = re.compile(r'^\s*"source": \[\s*$')
_CELL_TYPE_KEY = re.compile(r'^\s*"cell_type": ')


def _source_lines(path: Path) -> dict[int, int]:
    """For each cell index, the 1-based line of the JSON file where its source list starts."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return {}
    starts: dict[int, int] = {}
    cell = -1
    for number, line in enumerate(lines, start=1):
        if _CELL_TYPE_KEY.match(line):
            cell += 1
        elif _SOURCE_KEY.match(line) and cell >= 0 and cell not in starts:
            starts[cell] = number
    return starts


def _region(finding: dict[str, Any], starts: dict[int, int]) -> dict[str, int]:
    start = starts.get(finding["cell_index"]) if finding["cell_index"] is not None else None
    if start is None:
        return {"startLine": 1}
    line = start + (finding["line"] or 1)
    return {"startLine": line}


def artifact_location(path: str, root: Path | None) -> dict[str, str]:
    """Where a notebook is, for SARIF: relative to `root` (the working directory) when below it, else a file URI."""
    absolute = Path(os.path.abspath(path))
    if root is not None and absolute.is_relative_to(root):
        return {"uri": quote(absolute.relative_to(root).as_posix()), "uriBaseId": SOURCE_ROOT}
    return {"uri": absolute.as_uri()}


def _working_directory() -> Path | None:
    try:
        return Path(os.getcwd())
    except OSError:  # removed while we ran: every location becomes a file URI
        return None


def _folder_uri(folder: Path) -> str:
    """A folder's file URI ends with a slash, so that relative URIs resolve inside it (as SARIF asks)."""
    uri = folder.as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _result(entry: dict[str, Any], finding: dict[str, Any], rule_index: dict[str, int], starts,
            location: dict[str, str]) -> dict[str, Any]:
    return {
        "ruleId": finding["code"],
        "ruleIndex": rule_index[finding["code"]],
        "level": LEVELS[finding["severity"]],
        "message": {"text": finding["message"]},
        "locations": [{"physicalLocation": {"artifactLocation": location,
                                            "region": _region(finding, starts)}}],
        "properties": {
            "category": finding["category"],
            "impact": finding["impact"],
            "cell_id": finding["cell_id"],
            "cell_index": finding["cell_index"],
            "cell_line": finding["line"],
            "cell_column": finding["column"],
        },
    }


def render(entries: list[dict[str, Any]], version: str) -> dict[str, Any]:
    rules = list(catalogue.ALL_RULES)  # asked here: importing the reporters leaves the rules unimported
    rule_index = {rule.code: index for index, rule in enumerate(rules)}
    results = []
    notifications = []
    root = _working_directory()
    for entry in entries:
        if entry["error"]:
            notifications.append({"level": "error", "message": {"text": f"{entry['path']}: {entry['error']}"}})
            continue
        starts = _source_lines(Path(entry["path"]))
        location = artifact_location(entry["path"], root)
        results.extend(_result(entry, finding, rule_index, starts, location) for finding in entry["findings"])
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "jupyterlab_promote",
                "version": version,
                "rules": [{
                    "id": rule.code,
                    "name": rule.name,
                    "shortDescription": {"text": rule.summary},
                    "fullDescription": {"text": rule.doc},
                    "defaultConfiguration": {"level": LEVELS[rule.severity]},
                    "properties": {"category": rule.category, "fixable": rule.fixable},
                } for rule in rules],
            }},
            "originalUriBaseIds": {} if root is None else {SOURCE_ROOT: {"uri": _folder_uri(root)}},
            "results": results,
            "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
            "properties": {"scores": {e["path"]: e["score"] for e in entries}},
        }],
    }
