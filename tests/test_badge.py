"""The readiness badge (SVG), `jupyter-promote badge`, and `check --format github`."""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from jupyterlab_promote.cli import main
from jupyterlab_promote.engine.notebook.reading import notebook_text
from jupyterlab_promote.engine.notebook.stamp import STAMP_KEY, code_sources, source_hash
from jupyterlab_promote.engine.sharing.badge import COLOURS, Badge, notebook_badge

from factories import cell, notebook_json

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


@pytest.mark.parametrize(
    ("badge", "title", "mark"),
    [
        (Badge(84, "almost", "verified"), "promotion readiness: 84 (almost), verified", "✓"),
        (Badge(40, "not_ready", "failed"), "promotion readiness: 40 (not ready), verification failed", "✗"),
        (Badge(92, "ready", "stale"), "promotion readiness: 92 (ready), verification stale", None),
        (Badge(60, "needs_work", None), "promotion readiness: 60 (needs work), not verified", None),
    ],
)
def test_the_svg_is_valid_accessible_and_coloured_by_grade(badge, title, mark):
    root = parse(badge.svg())
    assert root.tag == f"{SVG}svg" and root.get("role") == "img" and root.get("aria-label") == title
    assert root.find(f"{SVG}title").text == title
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "promotion" in texts and any(str(badge.score) in t for t in texts)
    assert any(mark in t for t in texts) if mark else not any("✓" in t or "✗" in t for t in texts)
    assert COLOURS[badge.grade] in {r.get("fill") for r in root.iter(f"{SVG}rect")}
    assert int(root.get("width")) > 80


def write(path: Path, *cells, stamp=False) -> Path:
    data = notebook_json(*cells)
    if stamp:
        data["metadata"][STAMP_KEY] = {"verified_at": "2024-05-01T12:00:00+00:00", "score": 90, "passed": True,
                                       "source_hash": source_hash(code_sources(data)), "failures": []}
    path.write_text(notebook_text(data), encoding="utf-8")  # Jupyter's layout: one source line per JSON line
    return path


def test_a_notebook_badge_ticks_only_while_its_stamp_is_fresh(tmp_path):
    path = write(tmp_path / "nb.ipynb", "def f(x):\n    return x + 1", "assert f(1) == 2", stamp=True)
    assert notebook_badge(path, "nb.ipynb").verification == "verified"
    data = json.loads(path.read_text())
    data["cells"][0]["source"] = "def f(x):\n    return x + 2"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert notebook_badge(path, "nb.ipynb").verification == "stale"


def test_cli_badge_writes_prints_and_never_overwrites_without_force(capsys, tmp_path):
    nb = write(tmp_path / "nb.ipynb", cell("x = 1", execution_count=1))
    assert main(["badge", str(nb)]) == 0
    assert parse(capsys.readouterr().out).get("role") == "img"

    target = tmp_path / "badge.svg"
    assert main(["badge", str(nb), "-o", str(target), "--markdown"]) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("![promotion readiness: ") and out.endswith(f"]({target.as_posix()})")
    assert parse(target.read_text(encoding="utf-8")).find(f"{SVG}title") is not None

    target.write_text("mine", encoding="utf-8")
    assert main(["badge", str(nb), "-o", str(target)]) == 2
    assert "--force" in capsys.readouterr().err and target.read_text() == "mine"
    assert main(["badge", str(nb), "-o", str(target), "--force"]) == 0
    assert target.read_text().startswith("<svg")

    assert main(["badge", str(nb), "--markdown"]) == 2
    assert main(["badge", str(tmp_path / "missing.ipynb")]) == 2


def test_check_format_github_prints_workflow_annotations(capsys, tmp_path):
    nb = write(tmp_path / "a.ipynb", cell("y = x", execution_count=2), cell("x = 1", execution_count=1))
    (tmp_path / "broken.ipynb").write_text("{", encoding="utf-8")
    code = main(["check", str(nb), str(tmp_path / "broken.ipynb"), "--format", "github"])
    lines = capsys.readouterr().out.strip().split("\n")
    assert code == 1
    hs004 = next(line for line in lines if "title=HS004 use-before-definition" in line)
    assert hs004.startswith(f"::error file={nb.as_posix()},line=")
    line = int(hs004.split("line=")[1].split(",")[0])
    assert nb.read_text().split("\n")[line - 1].strip().startswith('"y = x')
    assert any(line.startswith("::notice ") and "Promotion readiness" in line and "score " in line for line in lines)
    assert any(line.startswith("::error file=") and "broken.ipynb" in line and "cannot be analysed" in line
               for line in lines)
    assert all(line.startswith("::") for line in lines)


def test_github_annotations_escape_newlines_and_property_separators():
    from jupyterlab_promote.engine.report.reporters.github import _command

    assert _command("error", "a,b:c.ipynb", "one\ntwo 100%", "X1 y") == "::error file=a%2Cb%3Ac.ipynb,title=X1 y::one%0Atwo 100%25"
