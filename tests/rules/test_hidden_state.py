from jupyterlab_promote.engine.fixes.edits import apply_edits
from jupyterlab_promote.engine.rules import hidden_state as hs

from factories import cell, notebook, notebook_json, violations


def ran(source: str, count: int | None) -> dict:
    return cell(source, execution_count=count)


class TestOutOfOrderExecution:
    def test_flags_a_cell_that_ran_before_the_one_above(self):
        found = violations(hs.out_of_order_execution, ran("a = 1", 1), ran("b = 2", 3), ran("c = 3", 2))
        assert [v.cell.index for v in found] == [2]
        assert "[2]" in found[0].message and "[3]" in found[0].message

    def test_increasing_counts_with_unexecuted_cells_are_fine(self):
        assert violations(hs.out_of_order_execution, ran("a = 1", 1), ran("b", None), ran("c = 3", 4)) == []

    def test_a_cell_of_only_comments_run_in_another_session_says_nothing_about_the_order(self):
        cells = (ran("import pandas as pd", 1), ran("df = pd.read_csv('a.csv')", 3), ran("# Go to the next notebook\n", 1))
        assert violations(hs.out_of_order_execution, *cells) == []
        assert violations(hs.out_of_order_execution, ran("a = 1", 5), ran("# note", 7), ran("b = 2", 6)) == []

    def test_a_cell_of_code_and_comments_that_ran_early_is_still_reported(self):
        cells = (ran("a = 1", 1), ran("b = 2", 3), ran("# recompute\nc = a + b", 2))
        assert [v.cell.index for v in violations(hs.out_of_order_execution, *cells)] == [2]

    def test_the_zero_colab_saves_on_unnumbered_cells_is_no_count(self):
        cells = (ran("import os", 0), ran("x = 1", 2), ran("y = x + 1", 0), ran("y", 4))
        assert violations(hs.out_of_order_execution, *cells) == []
        assert violations(hs.unexecuted_cell, *cells) == []


class TestSkippedExecutionCounts:
    def test_reports_the_gap_once(self):
        found = violations(hs.skipped_execution_counts, ran("a", 1), ran("b", 4), ran("c", 9))
        assert len(found) == 1
        assert found[0].cell.index == 1
        assert found[0].message.startswith("Execution counts jump from [1] to [4] (2 numbers skipped, 6 in the "
                                           "whole notebook):")

    def test_one_gap_reads_right_for_one_number(self):
        (found,) = violations(hs.skipped_execution_counts, ran("a", 1), ran("b", 3))
        assert found.message.startswith("Execution counts jump from [1] to [3] (1 number skipped):")

    def test_consecutive_counts_are_fine(self):
        assert violations(hs.skipped_execution_counts, ran("a", 1), ran("b", 2), ran("c", 3)) == []

    def test_zero_counts_are_left_out(self):
        assert violations(hs.skipped_execution_counts, ran("a", 0), ran("b", 2), ran("c", 3)) == []
        assert len(violations(hs.skipped_execution_counts, ran("a", 0), ran("b", 2), ran("c", 5))) == 1


class TestUnexecutedCell:
    def test_flags_an_unexecuted_code_cell_among_executed_ones(self):
        found = violations(hs.unexecuted_cell, ran("a = 1", 1), ran("b = 2", None), ran("c = 3", 2))
        assert [v.cell.index for v in found] == [1]

    def test_a_notebook_without_any_outputs_is_not_flagged(self):
        assert violations(hs.unexecuted_cell, ran("a = 1", None), ran("b = 2", None)) == []

    def test_empty_cells_are_not_flagged(self):
        assert violations(hs.unexecuted_cell, ran("a = 1", 1), ran("  \n", None), ran("b = 1", 2)) == []

    def test_cells_before_the_first_or_after_the_last_that_ran_are_not_among_them(self):
        cells = (ran("a = 1", None), ran("b = 2", 1), ran("c = 3", None), ran("d = 4", 2), ran("e = 5", None))
        found = violations(hs.unexecuted_cell, *cells)
        assert [v.cell.index for v in found] == [2]
        assert found[0].message == "Code cell never ran, although cells above and below it did"


class TestUseBeforeDefinition:
    def test_flags_a_name_defined_only_in_a_later_cell_with_its_position(self):
        found = violations(hs.use_before_definition, "x = helper(1)", "def helper(v):\n    return v")
        assert len(found) == 1
        v = found[0]
        assert (v.cell.index, v.line, v.column, v.end_column) == (0, 1, 4, 10)
        assert "'helper'" in v.message and "cell #2" in v.message

    def test_definition_above_is_fine(self):
        assert violations(hs.use_before_definition, "def helper(v):\n    return v", "x = helper(1)") == []

    def test_function_bodies_are_read_at_call_time(self):
        assert violations(hs.use_before_definition, "def f():\n    return later", "later = 1\nf()") == []

    def test_names_bound_in_the_same_cell_before_use_are_fine(self):
        assert violations(hs.use_before_definition, "y = 1\nprint(y)", "y = 2") == []

    def test_comprehension_variables_are_local(self):
        assert violations(hs.use_before_definition, "[i for i in range(3)]", "i = 0") == []

    def test_magics_do_not_break_parsing(self):
        found = violations(hs.use_before_definition, "%matplotlib inline\n!ls\nz = w + 1", "w = 1")
        assert [(v.line, v.message.split("'")[1]) for v in found] == [(3, "w")]

    def test_a_function_called_before_a_global_it_reads_is_assigned(self):
        cells = ("def score(x):\n    return x > threshold", "flags = [score(v) for v in values]", "threshold = 0.5")
        found = violations(hs.use_before_definition, "values = [0.2, 0.9]", *cells)
        assert [(v.cell.index, v.line, v.column) for v in found] == [(2, 1, 9)]
        assert found[0].message.startswith("'score' reads 'threshold', which is defined only further down (cell #4)")

    def test_a_function_handed_on_or_called_after_its_globals_is_fine(self):
        define = "def score(x):\n    return x > threshold"
        assert violations(hs.use_before_definition, define, "threshold = 0.5", "flags = score(0.7)") == []
        assert violations(hs.use_before_definition, define, "callback = score", "threshold = 0.5") == []

    def test_column_counts_characters_not_bytes(self):
        found = violations(hs.use_before_definition, "s = 'é'; t = later", "later = 1")
        assert found[0].column == 13


class TestUndefinedName:
    def test_flags_a_name_nothing_defines(self):
        found = violations(hs.undefined_name, "import pandas as pd", "df2 = pd.concat([df, other])\ndf = 1")
        assert [v.message.split("'")[1] for v in found] == ["other"]

    def test_builtins_and_ipython_names_are_defined(self):
        assert violations(hs.undefined_name, "print(len([1]))\ndisplay(1)\nget_ipython()\n_3") == []

    def test_star_import_makes_the_check_silent(self):
        assert violations(hs.undefined_name, "from pylab import *", "plot(x)") == []

    def test_run_magic_makes_the_check_silent(self):
        assert violations(hs.undefined_name, "%run setup.py", "print(config)") == []

    def test_code_that_writes_the_namespace_makes_the_check_silent(self):
        for writer in ("globals()['config'] = 1", "exec(open('setup.py').read())",
                       "import sys\nsetattr(sys.modules[__name__], 'config', 1)", "get_ipython().user_ns['config'] = 1"):
            assert violations(hs.undefined_name, writer, "print(config)") == [], writer

    def test_look_alikes_of_namespace_writers_do_not_silence_it(self):
        cells = ("%env CUDA_VISIBLE_DEVICES=0", "import seaborn as sns\ndf = layer = w = None",
                 "sns.pairplot(df, vars=['a', 'b'])\nsetattr(layer, 'weight', w)",
                 "# the globals above", "print(config)")
        assert [v.message.split("'")[1] for v in violations(hs.undefined_name, *cells)] == ["config"]

    def test_names_in_a_cell_that_does_not_parse_are_not_reported(self):
        found = violations(hs.undefined_name, "model = fit(\n", "model.predict(1)")
        assert found == []

    def test_global_inside_a_function_defines_the_name(self):
        assert violations(hs.undefined_name, "def setup():\n    global cfg\n    cfg = 1", "setup()\nprint(cfg)") == []

    def test_undefined_inside_a_function_is_a_warning(self):
        found = violations(hs.undefined_name, "def f():\n    return missing")
        assert [(v.severity, v.line) for v in found] == [("warning", 2)]


class TestInvalidSyntax:
    def test_reports_one_finding_at_the_error(self):
        found = violations(hs.invalid_syntax, "x = 1", "print 'hello'")
        assert len(found) == 1 and found[0].cell.index == 1 and found[0].line == 1

    def test_magics_and_non_python_cell_magics_parse(self):
        assert violations(hs.invalid_syntax, "%%bash\necho $HOME", "%%time\nx = 1", "!pip list\nx?") == []


class TestOutOfOrderReportsWhereTheOrderBreaks:
    def test_an_early_cell_run_last_gives_one_finding(self):
        found = violations(hs.out_of_order_execution, ran("a", 9), ran("b", 1), ran("c", 2), ran("d", 3))
        assert [v.cell.index for v in found] == [1]


class TestPython2SyntaxInAPython3Notebook:
    def test_each_cell_is_reported(self):
        # Python 2 notebooks get one python2-notebook finding instead (tests/rules/test_python2.py).
        assert len(violations(hs.invalid_syntax, "print 'a'", "print 'b'")) == 2


class TestNamesFromMagicsAndSessions:
    def test_time_magic_assignment_defines_the_name(self):
        assert violations(hs.undefined_name, "%time model = 3", "print(model)") == []
        assert violations(hs.use_before_definition, "print(model)", "%time model = 3") != []

    def test_capture_magic_defines_its_output_name(self):
        assert violations(hs.undefined_name, "%%capture out\nprint(1)", "out.show()") == []

    SPARK_CELL = "rdd = sc.textFile('x')\ndf = spark.read.csv('y')"

    def test_spark_session_names_are_provided_by_a_spark_kernel_or_an_unknown_one(self):
        for spec in ({"name": "pysparkkernel", "display_name": "PySpark"},
                     {"name": "python3", "display_name": "Glue PySpark"}, None):
            nb = notebook(self.SPARK_CELL, metadata={"kernelspec": spec})
            assert list(hs.undefined_name(nb)) == [], spec
            assert list(hs.use_before_definition(notebook(self.SPARK_CELL, "spark = make_session()",
                                                          metadata={"kernelspec": spec}))) == []

    def test_a_plain_python_kernel_does_not_provide_them(self):
        found = violations(hs.undefined_name, self.SPARK_CELL)
        assert [v.message.split("'")[1] for v in found] == ["sc", "spark"]
        assert "started by pyspark" in found[0].message
        (early,) = violations(hs.use_before_definition, self.SPARK_CELL, "import pyspark\nsc = pyspark.SparkContext()",
                              "spark = 1")[:1]
        assert early.message.startswith("'sc' is used here but defined only further down")


class TestMoveDefiningCellFix:
    def test_moves_the_defining_cell_above_the_first_use(self):
        cells = ("x = helper(1)", "y = 2", "def helper(v):\n    return v")
        (found,) = violations(hs.use_before_definition, *cells)
        (fix,) = found.fixes
        assert fix.applicability == "unsafe"
        result, _ = apply_edits(notebook_json(*cells), list(fix.edits))
        assert [c["source"] for c in result["cells"]] == [cells[2], cells[0], cells[1]]

    def test_no_fix_when_the_defining_cell_needs_a_name_from_the_cells_in_between(self):
        (found,) = violations(hs.use_before_definition, "print(total)", "base = 1", "total = base + 1")
        assert found.fixes == ()

    def test_no_fix_when_the_defining_cell_rebinds_a_name_of_the_cells_in_between(self):
        (found,) = violations(hs.use_before_definition, "print(total)", "total2 = 0\nk = 1", "total = 5\nk = 2")
        assert found.fixes == ()


class TestUnseededRandomness:
    def test_numpy_legacy_call_without_seed(self):
        found = violations(hs.unseeded_randomness, "import numpy as np", "x = np.random.rand(3)\ny = np.random.randn(2)")
        assert len(found) == 1
        v = found[0]
        assert (v.cell.index, v.line, v.column) == (1, 1, 4)
        assert "np.random.rand()" in v.message and "np.random.seed()" in v.message

    def test_a_seed_before_the_use_silences_it(self):
        assert violations(hs.unseeded_randomness, "import numpy as np\nnp.random.seed(0)", "np.random.rand(3)") == []

    def test_a_seed_after_the_use_does_not(self):
        found = violations(hs.unseeded_randomness, "import numpy as np\nnp.random.rand(3)", "np.random.seed(0)")
        assert len(found) == 1

    def test_stdlib_random_and_torch_each_reported_once(self):
        found = violations(hs.unseeded_randomness, "import random, torch",
                           "random.shuffle(a)\nrandom.choice(a)\nt = torch.randn(3)\nu = torch.rand(2)")
        assert sorted(v.message.split("(")[0] for v in found) == ["random.shuffle", "torch.randn"]

    def test_torch_with_manual_seed_or_generator_is_fine(self):
        assert violations(hs.unseeded_randomness, "import torch\ntorch.manual_seed(1)\ntorch.rand(2)") == []
        assert violations(hs.unseeded_randomness, "import torch\ng = torch.Generator()\ntorch.rand(2, generator=g)") == []

    def test_default_rng_without_seed_and_its_fix(self):
        cells = ("import numpy as np\nrng = np.random.default_rng()",)
        (found,) = violations(hs.unseeded_randomness, *cells)
        assert "default_rng()" in found.message
        (fix,) = found.fixes
        result, _ = apply_edits(notebook_json(*cells), list(fix.edits))
        assert result["cells"][0]["source"] == "import numpy as np\nrng = np.random.default_rng(0)"
        assert violations(hs.unseeded_randomness, "import numpy as np\nrng = np.random.default_rng(42)") == []

    def test_sklearn_estimators_without_random_state(self):
        cells = ("from sklearn.ensemble import RandomForestClassifier", "clf = RandomForestClassifier(n_estimators=10)")
        (found,) = violations(hs.unseeded_randomness, *cells)
        assert "RandomForestClassifier()" in found.message
        argument = next(f for f in found.fixes if f.id == "seed-argument")
        result, _ = apply_edits(notebook_json(*cells), list(argument.edits))
        assert result["cells"][1]["source"] == "clf = RandomForestClassifier(n_estimators=10, random_state=0)"

    def test_sklearn_with_random_state_global_seed_or_unshuffled_kfold_is_fine(self):
        assert violations(hs.unseeded_randomness, "from sklearn.cluster import KMeans\nKMeans(3, random_state=1)") == []
        assert violations(hs.unseeded_randomness, "import numpy as np\nfrom sklearn.cluster import KMeans\n"
                                                  "np.random.seed(1)\nKMeans(3)") == []
        assert violations(hs.unseeded_randomness, "from sklearn.model_selection import KFold\nKFold(5)") == []
        assert len(violations(hs.unseeded_randomness, "from sklearn.model_selection import KFold\nKFold(5, shuffle=True)")) == 1

    def test_train_test_split_is_left_to_the_leakage_rule(self):
        assert violations(hs.unseeded_randomness, "from sklearn.model_selection import train_test_split\n"
                                                  "a, b = train_test_split(X)") == []

    def test_names_not_imported_from_the_library_are_ignored(self):
        assert violations(hs.unseeded_randomness, "def KMeans(k):\n    return k\nKMeans(3)\nrandom.choice(x)") == []

    def test_a_seed_helper_counts_as_seeding_everything(self):
        cells = ("import numpy as np, random\ndef seed_everything(s):\n    random.seed(s)\n    np.random.seed(s)",
                 "seed_everything(1)", "np.random.rand(2)\nrandom.random()")
        assert violations(hs.unseeded_randomness, *cells) == []

    def test_seed_cell_fix_goes_after_the_imports_cell(self):
        cells = ("import numpy as np\nimport torch", "# load", "x = np.random.rand(3)", "t = torch.randn(2)")
        found = violations(hs.unseeded_randomness, *cells)
        fix = next(f for f in found[0].fixes if f.id == "seed-cell")
        result, _ = apply_edits(notebook_json(*cells), list(fix.edits))
        seed = result["cells"][1]["source"]
        assert "np.random.seed(0)" in seed and "torch.manual_seed(0)" in seed and "import random\n" not in seed
        assert violations(hs.unseeded_randomness, *[c["source"] for c in result["cells"]]) == []


def test_order_findings_offer_restart_and_run_all_as_a_frontend_command():
    from jupyterlab_promote.engine.fixes.edits import apply_edits

    from factories import notebook_json

    found = violations(hs.out_of_order_execution, ran("a = 1", 2), ran("b = 2", 1))
    fix = found[0].fixes[0]
    assert fix.applicability == "unsafe"
    assert fix.edits == ({"type": "command", "command": "notebook:restart-run-all",
                          "label": "Restart the kernel and run all cells"},)
    data = notebook_json("a = 1")
    assert apply_edits(data, list(fix.edits)) == (data, [])
