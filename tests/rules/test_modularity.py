from jupyterlab_promote.engine.notebook.model import notebook_from_dict
from jupyterlab_promote.engine.project.config import Config
from jupyterlab_promote.engine.rules import modularity as md

from factories import notebook, notebook_json, violations


def lines(count: int, prefix: str = "v") -> str:
    return "\n".join(f"{prefix}{i} = {i} + 1" for i in range(count))


class TestNoFunctions:
    def test_a_long_notebook_without_def_or_class_is_reported_once_at_notebook_level(self):
        found = violations(md.no_functions, lines(50), "# comment\n\n" + lines(40, "w"))
        assert len(found) == 1
        assert found[0].cell is None and "90 lines of code" in found[0].message

    def test_one_function_anywhere_is_enough(self):
        assert violations(md.no_functions, lines(50), lines(40, "w") + "\ndef f():\n    return 1") == []

    def test_forty_lines_of_code_without_a_function_are_long_enough(self):
        (found,) = violations(md.no_functions, lines(25), lines(15, "w"))
        assert found.message.startswith("40 lines of code and not one function or class")
        assert violations(md.no_functions, lines(25), lines(14, "w")) == []

    def test_shell_lines_and_magics_are_commands_not_lines_of_code(self):
        shell = "\n".join(f"!aws s3 cp file{i}.csv s3://bucket/ \\\n  --acl public-read" for i in range(30))
        assert violations(md.no_functions, shell, "%matplotlib inline\n%load_ext autoreload", lines(20)) == []
        (found,) = violations(md.no_functions, shell, lines(40))
        assert found.message.startswith("40 lines of code")

    def test_short_notebooks_and_def_in_strings(self):
        assert violations(md.no_functions, lines(20)) == []
        found = violations(md.no_functions, lines(90) + "\ns = '''\ndef not_code():\n'''")
        assert len(found) == 1

    def test_functions_written_to_a_module_with_writefile_count(self):
        module = "%%writefile helpers.py\ndef add(a, b):\n    return a + b"
        assert violations(md.no_functions, module, "from helpers import add", lines(90)) == []
        assert len(violations(md.no_functions, "%%writefile notes.txt\nno code here", lines(90))) == 1


class TestNoFunctionsCountsCells:
    def test_twenty_cells_of_one_line_are_reported(self):
        cells = [f"a{i} = load({i})" for i in range(20)]
        (found,) = violations(md.no_functions, *cells)
        assert found.cell is None and found.message.startswith("20 cells of code (20 lines)")

    def test_nineteen_short_cells_are_not(self):
        assert violations(md.no_functions, *[f"a{i} = load({i})" for i in range(19)]) == []

    def test_cells_that_only_run_shell_lines_or_magics_are_not_steps(self):
        commands = ["!ls" for _ in range(10)] + ["%matplotlib inline" for _ in range(5)]
        steps = [f"a{i} = load({i})" for i in range(10)]
        assert violations(md.no_functions, *commands, *steps) == []

    def test_cells_that_display_a_computed_value_are_steps_too(self):
        looks = [f'df["c{i}"].value_counts()' for i in range(17)] + ["df.shape", "df.head()", "df.describe()"]
        (found,) = violations(md.no_functions, *looks)
        assert found.message.startswith("20 cells of code (20 lines)")

    def test_one_function_among_many_cells_is_enough(self):
        cells = [f"a{i} = load({i})\nb{i} = a{i} * 2" for i in range(25)]
        assert violations(md.no_functions, *cells, "def f():\n    return 1") == []

    def test_the_cell_count_is_configurable(self):
        data = notebook_json(*[f"a{i} = load({i})" for i in range(5)])
        assert list(md.no_functions(notebook_from_dict(data))) == []
        five = notebook_from_dict(data, config=Config(thresholds={"no_functions_cells": 5}))
        assert len(list(md.no_functions(five))) == 1


class TestLongCell:
    def test_reports_a_long_cell_on_its_first_line_weighted_by_length(self):
        found = violations(md.long_cell, "x = 1", "# setup\n" + lines(100))
        assert [(v.cell.index, v.line, v.end_line) for v in found] == [(1, 2, 2)]
        assert found[0].weight == 2.0 and "100 lines" in found[0].message

    def test_blank_and_comment_lines_do_not_count(self):
        assert violations(md.long_cell, lines(50) + "\n\n# note\n" * 30) == []

    def test_docstring_lines_do_not_count(self):
        doc = '    """' + "\n    ".join(f"Line {i} of the explanation." for i in range(45)) + '\n    """'
        function = "def f(x):\n" + doc + "\n" + "\n".join(f"    x = x + {i}" for i in range(10)) + "\n    return x"
        assert violations(md.long_cell, function) == []
        assert len(violations(md.long_cell, function + "\n" + lines(45))) == 1

    def test_a_cell_of_definitions_is_told_to_become_a_module(self):
        body = "def f(x):\n" + "\n".join(f"    x = x + {i}" for i in range(60)) + "\n    return x"
        (found,) = violations(md.long_cell, body)
        assert "module" in found.message


class TestMixedStagesCell:
    def test_load_transform_fit_plot_in_one_cell(self):
        source = ("df = pd.read_csv('d.csv')\nagg = df.groupby('a').mean()\n"
                  "model.fit(agg[['x']], agg.y)\nplt.plot(agg.x)")
        (found,) = violations(md.mixed_stages_cell, source)
        assert found.line == 3
        assert "read_csv" in found.message and "groupby" in found.message and "fit" in found.message

    def test_two_stages_are_fine(self):
        assert violations(md.mixed_stages_cell, "df = pd.read_csv('d.csv')\nplt.plot(df.x)") == []

    def test_stages_inside_functions_do_not_count(self):
        source = "def run():\n    df = pd.read_csv('d')\n    df.groupby('a')\n    m.fit(df)\nplt.plot([1])"
        assert violations(md.mixed_stages_cell, source) == []

    def test_a_fit_without_an_object_or_a_word_in_a_string_is_not_a_stage(self):
        source = "df = pd.read_csv('d.csv')\nfit(df)\nprint('groupby and plt.plot')\nplt.plot(df.x)"
        assert violations(md.mixed_stages_cell, source) == []


class TestFunctionReadsMutableGlobal:
    def test_reports_the_read_of_a_global_assigned_in_several_cells(self):
        found = violations(md.function_reads_mutable_global, "X = load()", "def train():\n    return fit(X)",
                           "X = clean(X)")
        assert [(v.cell.index, v.line, v.column, v.severity) for v in found] == [(1, 2, 15, "warning")]
        assert "'train'" in found[0].message and "'X'" in found[0].message and "#1, #3" in found[0].message

    def test_a_capital_with_a_digit_is_data_not_a_constant(self):
        found = violations(md.function_reads_mutable_global, "W1 = init()", "def loss():\n    return (W1 ** 2).sum()",
                           "W1 = W1 - lr * grad")
        assert len(found) == 1 and "'W1'" in found[0].message

    def test_globals_assigned_once_constants_modules_and_functions_are_fine(self):
        found = violations(
            md.function_reads_mutable_global,
            "import numpy as np\nSEED = 1\ndata = 1\ndef helper():\n    return 2",
            "SEED = 2\ndef helper():\n    return 3",
            "import numpy as np\ndef f():\n    return np.ones(SEED) + data + helper()",
        )
        assert found == []

    def test_one_finding_per_function_listing_the_names(self):
        found = violations(md.function_reads_mutable_global, "a = 1\nb = 1", "a = 2\nb = 2",
                           "def f():\n    return a + b + a")
        assert len(found) == 1 and "'a', 'b'" in found[0].message and found[0].severity is None


class TestDeepNesting:
    def test_three_levels_of_loops_and_ifs(self):
        source = "for a in x:\n    for b in a:\n        if b:\n            print(b)"
        (found,) = violations(md.deep_nesting, source)
        assert (found.line, found.end_line, found.column) == (3, 3, 8)

    def test_elif_chains_are_not_nesting(self):
        source = "for a in x:\n    if a == 1:\n        pass\n    elif a == 2:\n        pass\n    elif a == 3:\n        pass"
        assert violations(md.deep_nesting, source) == []

    def test_nesting_inside_functions_is_not_top_level(self):
        source = "def f(x):\n    for a in x:\n        for b in a:\n            if b:\n                print(b)"
        assert violations(md.deep_nesting, source) == []

    def test_with_and_try_do_not_add_levels(self):
        source = "with open('f') as fh:\n    for a in fh:\n        try:\n            if a:\n                pass\n        except ValueError:\n            pass"
        assert violations(md.deep_nesting, source) == []


def test_rules_never_raise_on_odd_cells():
    nb = notebook("", "%%bash\nls", "x = (", "!ls\n%matplotlib inline", {"cell_type": "markdown", "source": "# t"})
    for rule in md.RULES:
        assert list(rule.check(nb)) == []


def test_long_cells_offer_the_extract_dialog_on_themselves():
    from jupyterlab_promote.engine.rules import modularity as md

    source = "\n".join(f"value_{i} = {i} * 2" for i in range(60))
    found = violations(md.long_cell, source)
    fix = found[0].fixes[0]
    assert fix.applicability == "unsafe"
    assert fix.edits[0]["command"] == "jupyterlab-promote:extract-to-module"
    assert fix.edits[0]["args"] == {"cellIds": ["c0"]}
