"""The severities `jupyter-promote rules` prints are the ones findings carry, and the text report shows
each finding's severity and what holds a notebook's grade, so `--fail-on` is predictable."""

import json

from jupyterlab_promote.cli import main
from jupyterlab_promote.engine import check_file
from jupyterlab_promote.engine.report.reporters.text import render
from jupyterlab_promote.engine.rules import RULES_BY_CODE

from factories import cell, notebook_json

SWALLOWED = "try:\n    load()\nexcept:\n    pass\n"
LOCAL_SECRET_OUTPUT = cell("print(url)", execution_count=1, outputs=[
    {"output_type": "stream", "name": "stdout", "text": "postgresql://admin:Xk82jfPq9wLm@localhost:5432/app\n"}])


def listed(capsys, code: str) -> str:
    main(["rules"])
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith(code))
    return line.split()[3]


def findings(tmp_path, *cells, select: str) -> list[dict]:
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(notebook_json(*cells)), encoding="utf-8")
    return [f for f in check_file(path)["findings"] if f["code"] == select]


def test_a_bare_except_that_swallows_is_an_error_and_the_catalogue_says_eh001_may_be_one(capsys, tmp_path):
    assert [f["severity"] for f in findings(tmp_path, SWALLOWED, select="EH001")] == ["error"]
    assert listed(capsys, "EH001") == "warning/error"
    assert RULES_BY_CODE["EH001"].severities == ("warning", "error")


def test_a_local_secret_in_an_output_is_a_warning_and_the_catalogue_says_sc002_may_be_one(capsys, tmp_path):
    assert [f["severity"] for f in findings(tmp_path, LOCAL_SECRET_OUTPUT, select="SC002")] == ["warning"]
    assert listed(capsys, "SC002") == "warning/error"


def test_a_rule_of_one_severity_lists_only_it(capsys):
    assert listed(capsys, "HS004") == "error"
    main(["rules", "HS004"])
    assert "severity error, has a fix" in capsys.readouterr().out
    main(["rules", "EH001"])
    assert "severity warning (error for some findings)" in capsys.readouterr().out


def test_the_text_report_shows_each_findings_severity(capsys, tmp_path):
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(notebook_json(SWALLOWED, "x = 1")), encoding="utf-8")
    main(["check", str(path), "--select", "EH001"])
    assert "    3:1     EH001  error   Bare `except:`" in capsys.readouterr().out


def finding(code: str, name: str, cell_index, blocking: bool) -> dict:
    return {"code": code, "name": name, "cell_index": cell_index, "line": 1, "column": 0, "severity": "error",
            "impact": 5, "message": "m", "blocking": blocking}


def test_the_text_report_names_the_findings_that_hold_the_grade():
    entry = {"path": "a.ipynb", "error": None, "score": 92, "grade": "needs_work", "findings": [
        finding("SC001", "hardcoded-secret", 6, True), finding("LK001", "preprocessing-before-split", 3, True),
        finding("PD002", "hardcoded-parameter", 1, False)]}
    lines = render([entry], colour=False).splitlines()
    assert lines[:2] == ["a.ipynb  score 92/100 (needs work)",
                         "  Grade held at needs work by: LK001 preprocessing-before-split (cell 4), "
                         "SC001 hardcoded-secret (cell 7)"]


def test_no_line_about_the_grade_without_blocking_findings():
    entry = {"path": "a.ipynb", "error": None, "score": 92, "grade": "ready",
             "findings": [finding("PD002", "hardcoded-parameter", None, False)]}
    without_field = dict(entry, findings=[{k: v for k, v in entry["findings"][0].items() if k != "blocking"}])
    for shown in (entry, without_field):
        assert "Grade held" not in render([shown], colour=False)
