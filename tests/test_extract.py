"""Extract to module: the plan, the files written, refusals that change nothing, and same outputs."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jupyterlab_promote.engine.extract.cells import plan_extract
from jupyterlab_promote.engine.extract.files import write_files
from jupyterlab_promote.engine.extract.selection import ExtractRefused
from jupyterlab_promote.engine.fixes.edits import apply_edits

from factories import cell, notebook_json

STATS_NOTEBOOK = [
    "import statistics\nimport csv",
    "# Load the measurements\nrows = [{'x': 1.0}, {'x': 2.0}, {'x': 4.0}]\nvalues = [r['x'] for r in rows]",
    "# Helpers\nSCALE = 2.0\n\n\ndef double(v):\n    \"\"\"Twice v.\"\"\"\n    return v * SCALE_LOCAL if False else v * 2\n\n\nSCALE_LOCAL = 2.0",
    cell("double(3)", execution_count=4, outputs=[{"output_type": "execute_result", "execution_count": 4,
                                                    "metadata": {}, "data": {"text/plain": "6"}}]),
    "centre = statistics.mean(values)\nspread = statistics.pstdev(values)\nscaled = [double(v - centre) for v in values]\nprint(round(spread, 3))\nscaled",
    "print(scaled, centre)",
]


def setup(tmp_path: Path, cells=STATS_NOTEBOOK) -> tuple[Path, dict]:
    data = notebook_json(*cells)
    path = tmp_path / "analysis.ipynb"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path, data


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_outputs(data: dict, folder: Path) -> list[list[str]]:
    import nbclient
    import nbformat

    nb = nbformat.from_dict(json.loads(json.dumps(data)))
    for c in nb.cells:
        c.source = "".join(c.source) if isinstance(c.source, list) else c.source
        c.setdefault("metadata", {})
        if c.cell_type == "code":
            c.setdefault("outputs", [])
            c.setdefault("execution_count", None)
    nbclient.NotebookClient(nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    texts = []
    for c in nb.cells:
        for output in c.get("outputs", []):
            texts.append(output.get("text") or output.get("data", {}).get("text/plain"))
    return texts


def ruff(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated", str(path)],
                          capture_output=True, text=True)


def test_definitions_move_as_text_and_the_notebook_imports_them(tmp_path):
    path, data = setup(tmp_path)
    plan = plan_extract(data, path, ["c2"], "helpers/maths.py")
    assert plan.applicability == "safe" and plan.function is None
    assert "# Helpers" in plan.module_source and '"""Twice v."""' in plan.module_source
    assert plan.exports == ["SCALE", "double", "SCALE_LOCAL"]
    assert plan.edits[0]["source"] == "from helpers.maths import SCALE, double, SCALE_LOCAL"
    assert "def test_double_example_1():\n    assert extracted.double(3) == 6" in plan.test_source


def test_a_definition_with_a_long_docstring_keeps_its_comments_and_layout(tmp_path):
    define = ('def conv(channels, size=4):\n    """A convolution.\n\n    Padding keeps the size.\n    """\n'
              '    # the layer itself\n    layer = Conv(channels, size,  padding=1)\n    return layer')
    path, data = setup(tmp_path, ["from torch.nn import Conv2d as Conv", define, "c = conv(3)"])
    plan = plan_extract(data, path, [1], "layers.py")
    assert define in plan.module_source


def test_imports_the_moved_functions_use_go_with_them(tmp_path):
    cells = ["import math\nfrom statistics import mean\n\ndef spread(values):\n    return math.sqrt(mean(values))",
             "s = spread([1.0, 4.0])"]
    path, data = setup(tmp_path, cells)
    plan = plan_extract(data, path, ["c0"], "maths.py")
    assert "import math\nfrom statistics import mean" in plan.module_source
    (tmp_path / "maths.py").write_text(plan.module_source, encoding="utf-8")
    checked = ruff(tmp_path / "maths.py")
    assert checked.returncode == 0, checked.stdout


def test_a_cell_that_does_not_parse_above_the_selection_is_passed_over(tmp_path):
    path, data = setup(tmp_path, ["print 'python 2'", *STATS_NOTEBOOK])
    plan = plan_extract(data, path, ["c3"], "helpers/maths.py")
    assert plan.exports == ["SCALE", "double", "SCALE_LOCAL"]


def test_top_level_code_becomes_a_function_with_parameters_and_returns(tmp_path):
    path, data = setup(tmp_path)
    plan = plan_extract(data, path, [4], "centre.py", function="centre_values")
    assert plan.applicability == "unsafe"
    assert plan.parameters == ["values", "double"]
    assert plan.returns == ["centre", "scaled"]
    assert "import statistics" in plan.module_source and "import csv" not in plan.module_source
    assert plan.edits[0]["source"].endswith("centre, scaled, result = centre_values(values, double)\nresult")


def test_written_files_pass_ruff_and_their_tests_and_the_notebook_runs_the_same(tmp_path):
    path, data = setup(tmp_path)
    before = run_outputs(data, tmp_path)
    plan_a = plan_extract(data, path, ["c2"], "helpers/maths.py")
    written = write_files(plan_a, tmp_path)
    data_a, _ = apply_edits(data, plan_a.edits)
    plan_b = plan_extract(data_a, path, ["c4"], "centre.py", function="centre_values")
    written += write_files(plan_b, tmp_path)
    data_b, _ = apply_edits(data_a, plan_b.edits)
    assert [p.name for p in written] == ["maths.py", "test_maths.py", "centre.py", "test_centre.py"]
    for module in (tmp_path / "helpers" / "maths.py", tmp_path / "centre.py"):
        assert ruff(module).returncode == 0, ruff(module).stdout
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                           capture_output=True, text=True, cwd=tmp_path)
    assert tests.returncode == 0, tests.stdout
    assert "failed" not in tests.stdout
    assert run_outputs(data_b, tmp_path) == before


@pytest.mark.parametrize(
    ("cells", "refs", "module", "words"),
    [
        (["%matplotlib inline\nx = 1"], [0], "m.py", "magics"),
        (["x = (1"], [0], "m.py", "does not parse"),
        (["y = undefined_thing + 1"], [0], "m.py", "no cell defines"),
        (["y = x + 1", "x = 2"], [0], "m.py", "further down"),
        (["a = 1", "b = 2", "c = a + b"], [0, 2], "m.py", "between"),
        (["LIMIT = 3", "def f(v):\n    return v < LIMIT"], [1], "m.py", "reads the notebook variable 'LIMIT'"),
        (["x = 1"], [0], "../outside.py", "without '..'"),
        (["x = 1"], [0], "m.txt", "end in .py"),
        (["x = 1"], [0], "my-module.py", "not a valid Python name"),
        (["x = 1"], [7], "m.py", "there is no cell 7"),
        (["x = 1"], ["nope"], "m.py", "no cell with id"),
        (["# just a comment"], [0], "m.py", "no code"),
        (["import numpy as np"], [0], "m.py", "define nothing"),
        (['# old code\n"""\nplot(tree)\n"""'], [0], "m.py", "define nothing"),
    ],
)
def test_refusals_say_why_and_leave_every_file_unchanged(tmp_path, cells, refs, module, words):
    path, data = setup(tmp_path, cells)
    before = snapshot(tmp_path)
    with pytest.raises(ExtractRefused) as caught:
        plan_extract(data, path, refs, module)
    assert words in str(caught.value)
    assert snapshot(tmp_path) == before


def test_a_function_name_the_notebook_already_uses_is_refused(tmp_path):
    path, data = setup(tmp_path, ["import math", "def Value(v):\n    return v * 2", "y = Value(3)\nz = math.floor(y)"])
    for taken in ("Value", "math", "z"):
        with pytest.raises(ExtractRefused, match=f"'{taken}' already names something"):
            plan_extract(data, path, [2], "m.py", function=taken)


def test_the_shown_value_gets_a_name_the_notebook_does_not_use(tmp_path):
    path, data = setup(tmp_path, ["result = 42", "x = 1\nx + 1", "print(result)"])
    plan = plan_extract(data, path, [1], "m.py", function="step")
    assert plan.edits[0]["source"] == "from m import step\n\nresult_2 = step()\nresult_2"


def test_a_name_the_selection_binds_only_sometimes_is_passed_in_and_handed_back(tmp_path):
    path, data = setup(tmp_path, ["threshold = 0.5\nrefit = False", "if refit:\n    threshold = 0.7\nlabels = [threshold]",
                                  "print(threshold, labels)"])
    plan = plan_extract(data, path, [1], "m.py", function="choose")
    assert "def choose(refit, threshold):" in plan.module_source
    assert plan.edits[0]["source"] == "from m import choose\n\nthreshold, labels = choose(refit, threshold)"


def test_a_cell_between_the_selected_ones_that_reads_what_a_later_one_changes_is_refused(tmp_path):
    path, data = setup(tmp_path, ["L = 1", "draw(L)", "L = L * 2\nM = L + 1"])
    with pytest.raises(ExtractRefused, match="cell #2, between the selected cells, reads 'L', which cell #3 changes"):
        plan_extract(data, path, [0, 2], "m.py", function="build")


def test_an_import_a_later_cell_rebinds_is_passed_as_a_value_not_imported(tmp_path):
    path, data = setup(tmp_path, ["from funcs import f", "f = Value(2.0)", "g = f * 2\nh = g + 1", "print(h)"])
    plan = plan_extract(data, path, [2], "nudge.py", function="nudge")
    assert "def nudge(f):" in plan.module_source and "import" not in plan.module_source.split('"""')[-1]


def test_invalid_function_name_is_refused(tmp_path):
    path, data = setup(tmp_path)
    with pytest.raises(ExtractRefused, match="not a valid Python name"):
        plan_extract(data, path, [4], "m.py", function="class")


def test_an_existing_module_is_not_overwritten_unless_appending_without_collisions(tmp_path):
    path, data = setup(tmp_path)
    (tmp_path / "m.py").write_text('"""Mine."""\n\nimport os\n\n\ndef keep():\n    return os.sep\n', encoding="utf-8")
    with pytest.raises(ExtractRefused, match="already exists"):
        plan_extract(data, path, [2], "m.py")
    plan = plan_extract(data, path, [2], "m.py", append=True)
    assert plan.appends and plan.module_source.startswith('"""Mine."""')
    write_files(plan, tmp_path)
    assert "def keep()" in (tmp_path / "m.py").read_text() and "def double" in (tmp_path / "m.py").read_text()
    assert ruff(tmp_path / "m.py").returncode == 0
    (tmp_path / "n.py").write_text("def double(v):\n    return v\n", encoding="utf-8")
    with pytest.raises(ExtractRefused, match="already defines double"):
        plan_extract(data, path, [2], "n.py", append=True)


def test_the_test_file_goes_to_the_project_tests_folder_under_a_free_name(tmp_path):
    path, data = setup(tmp_path)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_maths.py").write_text("# theirs\n", encoding="utf-8")
    plan = plan_extract(data, path, [2], "maths.py")
    assert plan.test_path == "tests/test_maths_2.py"
    assert plan_extract(data, path, [2], "maths.py", tests=False).test_source is None


def test_a_trailing_print_stays_a_statement_and_is_not_returned(tmp_path):
    path, data = setup(tmp_path, ["values = [1, 2]", "total = sum(values)\nprint(total)", "print(total)"])
    plan = plan_extract(data, path, [1], "summing.py", function="add_up")
    assert plan.returns == ["total"]
    assert "    print(total)\n    return total" in plan.module_source
    assert plan.edits[0]["source"].endswith("total = add_up(values)")
