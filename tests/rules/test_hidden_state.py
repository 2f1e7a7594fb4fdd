from factories import cell, violations

from jupyterlab_promote.engine.rules import hidden_state as hs


def ran(source: str, count: int | None) -> dict:
    return cell(source, execution_count=count)


class TestOutOfOrderExecution:
    def test_flags_a_cell_that_ran_before_the_one_above(self):
        found = violations(hs.out_of_order_execution, ran("a = 1", 1), ran("b = 2", 3), ran("c = 3", 2))
        assert [v.cell.index for v in found] == [2]
        assert "[2]" in found[0].message and "[3]" in found[0].message

    def test_increasing_counts_with_unexecuted_cells_are_fine(self):
        assert violations(hs.out_of_order_execution, ran("a = 1", 1), ran("b", None), ran("c = 3", 4)) == []


class TestSkippedExecutionCounts:
    def test_reports_the_gap_once(self):
        found = violations(hs.skipped_execution_counts, ran("a", 1), ran("b", 4), ran("c", 9))
        assert len(found) == 1
        assert found[0].cell.index == 1
        assert "skip 6 numbers" in found[0].message

    def test_consecutive_counts_are_fine(self):
        assert violations(hs.skipped_execution_counts, ran("a", 1), ran("b", 2), ran("c", 3)) == []


class TestUnexecutedCell:
    def test_flags_an_unexecuted_code_cell_among_executed_ones(self):
        found = violations(hs.unexecuted_cell, ran("a = 1", 1), ran("b = 2", None), ran("c = 3", 2))
        assert [v.cell.index for v in found] == [1]

    def test_a_notebook_without_any_outputs_is_not_flagged(self):
        assert violations(hs.unexecuted_cell, ran("a = 1", None), ran("b = 2", None)) == []

    def test_empty_cells_are_not_flagged(self):
        assert violations(hs.unexecuted_cell, ran("a = 1", 1), ran("  \n", None)) == []


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
