"""Every report format written notebook by notebook, as the analyses finish, for runs of any size.

A format is cut into a head (written first), one piece per notebook (rendered where the notebook was
analysed, so a worker process sends finished text, not the entry) and a tail written once the run is
over from a few totals. The bytes are those of the whole-report renderers (`json.dumps(report(...),
indent=2)`, `text.render`, `github.render`) joined the same way; SARIF puts `invocations` after
`results`, since it is only known at the end. So the process writing the report holds one notebook's
text at a time and a few numbers per notebook, never the whole report.

A run stopped early (Ctrl-C) still ends in a valid document: JSON gains `"interrupted": true`, SARIF an
unsuccessful invocation with a notification, text a last line saying how many notebooks were reported.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ....visible import visible
from ...text.wording import counted
from . import github, sarif, text
from .indented_json import indented_json

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
_MARK = "@@jupyter-promote-stream@@"
"""A placeholder string: the document around it, dumped, gives the head and the tail."""


@dataclass(frozen=True)
class Summary:
    """What the report's tail and the exit code need of one notebook."""

    path: str
    score: int | None
    error: str | None
    findings: int
    worst: int
    """SEVERITY_RANK of its worst finding, -1 without findings."""


def summary(entry: dict[str, Any]) -> Summary:
    worst = max((SEVERITY_RANK[f["severity"]] for f in entry["findings"]), default=-1)
    return Summary(entry["path"], entry["score"], entry["error"], len(entry["findings"]), worst)


@dataclass
class Totals:
    """The notebooks reported so far, in a few numbers (and, for SARIF, each one's score and error)."""

    notebooks: int = 0
    pieces: int = 0
    """Pieces written: the separator goes before every one but the first."""
    findings: int = 0
    failed: int = 0
    lowest: int | None = None
    scores: dict[str, int | None] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, done: Summary, keep_paths: bool) -> None:
        self.notebooks += 1
        self.findings += done.findings
        if done.error:
            self.failed += 1
            if keep_paths:
                self.errors.append(f"{done.path}: {done.error}")
        if done.score is not None:
            self.lowest = done.score if self.lowest is None else min(self.lowest, done.score)
        if keep_paths:
            self.scores[done.path] = done.score


def _indented(document: Any, spaces: int) -> str:
    return indented_json(document, spaces)


def _around_mark(document: dict[str, Any], spaces: int) -> tuple[str, str]:
    dumped = json.dumps(document, indent=2)
    head, tail = dumped.split("\n" + " " * spaces + json.dumps(_MARK))
    return head, tail


class JsonStream:
    separator = ","
    keeps_paths = False

    def __init__(self, tool: dict[str, Any]) -> None:
        self.tool = tool

    def head(self) -> str:
        return _around_mark({"tool": self.tool, "notebooks": [_MARK]}, 4)[0]

    @staticmethod
    def piece(entry: dict[str, Any]) -> str:
        return "\n" + _indented(entry, 4)

    def tail(self, totals: Totals, interrupted: bool) -> str:
        document: dict[str, Any] = {"tool": self.tool, "notebooks": [_MARK]}
        if interrupted:
            document["interrupted"] = True
        return _around_mark(document, 4)[1] + "\n"


class SarifStream:
    separator = ","
    keeps_paths = True

    def __init__(self, version: str) -> None:
        self.version = version
        self.root = sarif._working_directory()
        self.rule_index = {rule.code: index for index, rule in enumerate(sarif.catalogue.ALL_RULES)}

    def _document(self, totals: Totals, interrupted: bool) -> dict[str, Any]:
        document = sarif.render([], self.version)
        run = document["runs"][0]
        notifications = [{"level": "error", "message": {"text": error}} for error in totals.errors]
        if interrupted:
            notifications.append({"level": "error", "message": {"text": "interrupted: the run was stopped "
                                                                        "before every notebook was analysed"}})
        for key in ("invocations", "results", "properties"):  # re-inserted below, results before invocations
            del run[key]
        run["results"] = [_MARK]
        run["invocations"] = [{"executionSuccessful": not notifications,
                               "toolExecutionNotifications": notifications}]
        run["properties"] = {"scores": totals.scores}
        return document

    def head(self) -> str:
        return _around_mark(self._document(Totals(), False), 8)[0]

    def piece(self, entry: dict[str, Any]) -> str:
        if entry["error"]:
            return ""
        starts = sarif._source_lines(Path(entry["path"]))
        location = sarif.artifact_location(entry["path"], self.root)
        return ",".join("\n" + _indented(sarif._result(entry, finding, self.rule_index, starts, location), 8)
                        for finding in entry["findings"])

    def tail(self, totals: Totals, interrupted: bool) -> str:
        return _around_mark(self._document(totals, interrupted), 8)[1] + "\n"


class TextStream:
    separator = "\n\n"
    keeps_paths = False

    def __init__(self, colour: bool, checklist: bool = False) -> None:
        self.paint = text._Painter(colour)
        self.checklist = checklist

    @staticmethod
    def head() -> str:
        return ""

    def piece(self, entry: dict[str, Any]) -> str:
        return "\n".join(text.render_entry(entry, self.paint, self.checklist))

    def tail(self, totals: Totals, interrupted: bool) -> str:
        line = text.summary_line(totals.notebooks, totals.findings, totals.lowest, totals.failed)
        if interrupted:
            line += f"\ninterrupted: {counted(totals.notebooks, 'notebook')} analysed before the run was stopped"
        return ("\n\n" if totals.notebooks else "") + line + "\n"


class GithubStream:
    separator = "\n"
    keeps_paths = False

    def __init__(self) -> None:
        self.root = github._working_directory()

    @staticmethod
    def head() -> str:
        return ""

    def piece(self, entry: dict[str, Any]) -> str:
        return "\n".join(github.render_entry(entry, self.root))

    @staticmethod
    def tail(totals: Totals, interrupted: bool) -> str:
        if interrupted:
            stopped = f"interrupted after {counted(totals.notebooks, 'notebook')}"
            return ("\n" if totals.notebooks else "") + f"::error title=jupyter-promote::{visible(stopped)}\n"
        return "\n" if totals.notebooks else ""
