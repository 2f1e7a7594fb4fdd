"""File names, messages and code from a notebook cannot drive the reader's terminal or a CI log.

A notebook named `evil\\n::error file=x.py::...` would otherwise print a line GitHub Actions reads as a
workflow command, and `ESC[31m` in a path or a message would reach the terminal as a colour change.
"""

import json
import re

from jupyterlab_promote.cli import main
from jupyterlab_promote.engine.report.reporters import github, text
from jupyterlab_promote.visible import visible, visible_lines

from factories import cell, notebook_json

HOSTILE_NAME = "evil\n::error file=x.py,line=1::injected\x1b[31m.ipynb"
HOSTILE_CELL = "df = read_csv('/home/alice/\x1b[31mdata.csv')\n"
COMMAND_LINE = re.compile(r"::(?:error|warning|notice) file=[^:\n]*(?:,line=\d+)?,title=[^:\n]*::[^\n]*")


def _write_hostile(folder):
    (folder / HOSTILE_NAME).write_text(json.dumps(notebook_json(cell(HOSTILE_CELL, execution_count=1))),
                                       encoding="utf-8")


def test_the_text_report_shows_control_characters_as_escapes(tmp_path, capsys):
    _write_hostile(tmp_path)
    main(["check", str(tmp_path)])
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert not any(line.startswith("::") for line in out.split("\n"))
    assert "evil\\n::error file=x.py" in out  # the name, on the line of its notebook
    assert "/home/alice/\\x1b[31mdata.csv" in out  # a message quoting the cell


def test_the_github_report_is_one_workflow_command_a_line(tmp_path, capsys):
    _write_hostile(tmp_path)
    (tmp_path / "broken\n::error::x\x1b[31m.ipynb").write_text("{not json", encoding="utf-8")
    main(["check", str(tmp_path), "--format", "github"])
    lines = capsys.readouterr().out.rstrip("\n").split("\n")
    assert len(lines) >= 4
    for line in lines:
        assert COMMAND_LINE.fullmatch(line), line
        assert "\x1b" not in line
    assert any("evil%0A%3A%3Aerror file=x.py%2Cline=1%3A%3Ainjected\\x1b[31m.ipynb" in line for line in lines)


def test_a_cli_error_about_a_hostile_path_is_one_escaped_line(tmp_path, capsys):
    code = main(["check", str(tmp_path / "missing\n::error::x\x1b[31m.ipynb")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("jupyter-promote: error: ") and "\x1b" not in err


def test_reporters_escape_every_kind_of_control_character():
    entry = {"path": "a\x9bb\u202ec.ipynb", "error": "bad\x7f\rthing", "score": None, "grade": None, "findings": []}
    shown = text.render([entry], colour=False)
    assert "a\\x9bb\\u202ec.ipynb" in shown and "bad\\x7f\\rthing" in shown
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]", shown)
    annotation = github.render([entry])
    assert "\n" not in annotation and "%0D" in annotation and "\\x7f" in annotation and "\\x9b" in annotation


def test_code_shown_as_code_keeps_its_lines_and_indentation():
    assert visible_lines("def f():\n\treturn '\x1b[2J'") == "def f():\n\treturn '\\x1b[2J'"
    assert visible("a\tb\nc") == "a\\tb\\nc"
