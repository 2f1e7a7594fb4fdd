"""A block pasted twice with other names and values becomes one function called at both places."""

import json
import subprocess
import sys

import pytest
from test_extract import ruff, run_outputs

from jupyterlab_promote.engine.extract.duplicates import plan_duplicate_extract
from jupyterlab_promote.engine.extract.files import write_files
from jupyterlab_promote.engine.extract.selection import ExtractRefused
from jupyterlab_promote.engine.fixes.edits import apply_edits

from factories import notebook_json

BLOCK = (
    "# clean the {label} data\n"
    "clean_{n} = [v for v in {n} if v > {limit}]\n"
    "centre_{n} = statistics.mean(clean_{n})\n"
    "spread_{n} = statistics.pstdev(clean_{n})\n"
    "scaled_{n} = [(v - centre_{n}) / spread_{n} for v in clean_{n}]\n"
    "low_{n} = min(scaled_{n})\n"
    "high_{n} = max(scaled_{n})\n"
    "print(round(low_{n}, 3), round(high_{n}, 3))"
)
CELLS = [
    "import statistics",
    "train = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0]\ntest = [2.0, 6.0, 5.0, 3.0, 8.0]",
    BLOCK.format(label="training", n="train", limit="1.0"),
    BLOCK.format(label="test", n="test", limit="2.0"),
    "print(len(scaled_train), len(scaled_test))",
]


def setup(tmp_path):
    data = notebook_json(*CELLS)
    path = tmp_path / "scaling.ipynb"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path, data


def test_the_copies_become_calls_with_their_own_names_and_values(tmp_path):
    path, data = setup(tmp_path)
    plan = plan_duplicate_extract(data, path, "c2", 2, "scaling_steps.py", function="scale_values")
    assert plan.parameters == ["train", "value_1"] and plan.returns == ["scaled_train"]
    assert "import statistics" in plan.module_source and "def scale_values(train, value_1):" in plan.module_source
    updated, _ = apply_edits(data, plan.edits)
    sources = ["".join(c["source"]) for c in updated["cells"]]
    assert sources[2] == "from scaling_steps import scale_values\n# clean the training data\nscaled_train = scale_values(train, 1.0)"
    assert sources[3] == "# clean the test data\nscaled_test = scale_values(test, 2.0)"


def test_a_copy_on_the_first_line_keeps_the_import_above_its_call(tmp_path):
    # The import goes in at line 1, where the first copy starts: the two edits share a start.
    uncommented = [c.split("\n", 1)[1] if c.startswith("# clean") else c for c in CELLS]
    data = notebook_json(*uncommented)
    path = tmp_path / "scaling.ipynb"
    plan = plan_duplicate_extract(data, path, "c2", 1, "scaling_steps.py", function="scale_values")
    updated, _ = apply_edits(data, plan.edits)
    assert "".join(updated["cells"][2]["source"]) == (
        "from scaling_steps import scale_values\nscaled_train = scale_values(train, 1.0)")


def test_one_name_in_the_first_copy_for_two_different_slots_gives_two_parameters(tmp_path):
    block = ("xt = pd.crosstab({frame}['Pclass'], df_train['Survived'])\npct = xt.div(xt.sum(1), axis=0)\n"
             "pct.plot(kind='bar', stacked=True, title='{title}')\nlabels = list(pct.columns)\n"
             "plt.xlabel('Passenger Class')\nplt.ylabel('Survival Rate')\nsaved.append(labels)")
    cells = ["import pandas as pd\nimport matplotlib.pyplot as plt\ndf_train = females = males = load()\nsaved = []",
             block.format(frame="df_train", title="All"), block.format(frame="females", title="Female")]
    data = notebook_json(*cells)
    plan = plan_duplicate_extract(data, tmp_path / "survival.ipynb", "c1", 1, "survival.py")
    assert "def repeated_block(df_train_2, df_train, value_1, saved):" in plan.module_source
    assert "pd.crosstab(df_train_2['Pclass'], df_train['Survived'])" in plan.module_source
    updated, _ = apply_edits(data, plan.edits)
    assert "".join(updated["cells"][2]["source"]) == "repeated_block(females, df_train, 'Female', saved)"


def test_the_notebook_runs_the_same_and_the_module_passes_ruff_and_its_tests(tmp_path):
    path, data = setup(tmp_path)
    before = run_outputs(data, tmp_path)
    plan = plan_duplicate_extract(data, path, "c3", 3, "scaling_steps.py", function="scale_values")
    write_files(plan, tmp_path)
    updated, _ = apply_edits(data, plan.edits)
    assert ruff(tmp_path / "scaling_steps.py").returncode == 0
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                           capture_output=True, text=True, cwd=tmp_path)
    assert tests.returncode == 0, tests.stdout
    assert run_outputs(updated, tmp_path) == before


@pytest.mark.parametrize(("cell_id", "line", "module", "words"), [
    ("c4", 1, "m.py", "no repeated block"),
    ("c2", 2, "../m.py", "without '..'"),
])
def test_refusals(tmp_path, cell_id, line, module, words):
    path, data = setup(tmp_path)
    with pytest.raises(ExtractRefused, match=words):
        plan_duplicate_extract(data, path, cell_id, line, module)


def test_a_repeated_function_definition_is_refused(tmp_path):
    # Wrapping the def in a function called at once would read `pd` before the cell that imports it runs.
    define = ("def prepare(stats, gdp):\n    stats = stats[stats['INEQUALITY'] == 'TOT']\n"
              "    stats = stats.pivot(index='Country', columns='Indicator')\n    gdp = gdp.set_index('Country')\n"
              "    full = pd.merge(left=stats, right=gdp, left_index=True, right_index=True)\n"
              "    full = full.sort_values(by='GDP')\n    return full.iloc[:10]")
    data = notebook_json(define, "import pandas as pd", define)
    with pytest.raises(ExtractRefused, match="defines a function or class"):
        plan_duplicate_extract(data, tmp_path / "n.ipynb", "c0", 1, "m.py")


def test_copies_calling_with_different_keywords_are_refused(tmp_path):
    block = ("first_value = compute_value({k}=1, scale=10)\nsecond_value = compute_value(scale=first_value)\n"
             "third_value = compute_value(scale=second_value + first_value)\ntotal = first_value + second_value\n"
             "total = total * third_value + first_value\nratio = total / (first_value + 1) - second_value * third_value\n"
             "print(first_value, second_value, third_value, total, ratio)")
    cells = ["def compute_value(**k):\n    return sum(k.values())", block.format(k="alpha"), block.format(k="beta")]
    data = notebook_json(*cells)
    with pytest.raises(ExtractRefused, match="keyword"):
        plan_duplicate_extract(data, tmp_path / "n.ipynb", "c1", 1, "m.py")
