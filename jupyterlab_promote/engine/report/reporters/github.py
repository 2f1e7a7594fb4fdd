"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request's diff.

    ::error file=analysis/churn.ipynb,line=48,title=SE001 hardcoded-secret::Secret in source ...

Lines point into the .ipynb file as SARIF's do (the JSON line holding the flagged source line), so the
annotation lands on the code in the diff. Each notebook also gets a notice with its score.

Text is escaped as GitHub's workflow commands require (`%`, CR and LF in data; also `:` and `,` in
properties), and any other control character is written as an escape: a file name or message from a
notebook can neither start a command of its own nor send escape sequences to a log viewer.
"""

import os
from pathlib import Path
from typing import Any

from ....visible import visible
from ...text.wording import counted
from .sarif import _region, _source_lines, _working_directory

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, file: str, message: str, title: str, line: int | None = None) -> str:
    where = f"file={_property(file)}" + (f",line={line}" if line else "")
    return f"::{level} {where},title={_property(title)}::{_data(message)}"


def annotated_file(path: str, root: Path | None) -> str:
    """The `file=` of an annotation: relative to the working directory (the checkout) when below it,
    as GitHub matches annotations to the repository's paths; else the path as given."""
    absolute = Path(os.path.abspath(path))
    if root is not None and absolute.is_relative_to(root):
        return absolute.relative_to(root).as_posix()
    return Path(path).as_posix()


def render_entry(entry: dict[str, Any], root: Path | None) -> list[str]:
    """The annotations of one notebook: one per finding, then a notice with its score."""
    file = annotated_file(entry["path"], root)
    if entry["error"] is not None:
        return [_command("error", file, f"cannot be analysed: {entry['error']}", "jupyter-promote")]
    lines = []
    starts = _source_lines(Path(entry["path"]))
    for finding in entry["findings"]:
        line = _region(finding, starts)["startLine"] if finding["cell_index"] is not None else None
        where = f"cell #{finding['cell_index'] + 1}: " if finding["cell_index"] is not None else ""
        lines.append(_command(LEVELS[finding["severity"]], file, where + finding["message"],
                              f"{finding['code']} {finding['name']}", line))
    lines.append(_command("notice", file, f"score {entry['score']}/100 ({entry['grade']}), "
                          f"{counted(len(entry['findings']), 'finding')}", "Promotion readiness"))
    return lines


def render(entries: list[dict[str, Any]]) -> str:
    root = _working_directory()
    return "\n".join(line for entry in entries for line in render_entry(entry, root))
