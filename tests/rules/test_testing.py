from jupyterlab_promote.engine.rules import testing as ts
from jupyterlab_promote.engine.rules.function_facts import merged_facts

from factories import cell, notebook, violations

CLEAN = "def clean(df):\n    df = df.dropna()\n    return df.reset_index()"


def names(found) -> list[str]:
    return [v.message.split("'")[1] for v in found]


class TestUntestedFunction:
    def test_reports_the_function_name_in_its_def_line(self):
        found = violations(ts.untested_function, "import pandas as pd", "@cache\n" + CLEAN)
        assert len(found) == 1
        v = found[0]
        assert (v.cell.index, v.line, v.column, v.end_column) == (1, 2, 4, 9)
        assert v.message == "Function 'clean' is never tested: no assert, test or doctest exercises it"

    def test_an_assert_in_a_cell_that_runs_it_tests_it(self):
        check = "out = clean(raw)\nassert out.notna().all().all()"
        assert violations(ts.untested_function, CLEAN, check) == []

    def test_assert_style_calls_and_raise_assertion_error_count(self):
        assert violations(ts.untested_function, CLEAN, "pd.testing.assert_frame_equal(clean(a), b)") == []
        assert violations(ts.untested_function, CLEAN, "if len(clean(a)) != 3:\n    raise AssertionError('rows')") == []

    def test_a_test_function_in_the_notebook_tests_what_it_calls(self):
        test = "def test_clean():\n    result = clean(frame)\n    check(result)"
        assert violations(ts.untested_function, CLEAN, test) == []

    def test_an_ipytest_cell_tests_what_it_mentions(self):
        assert violations(ts.untested_function, CLEAN, "%%ipytest -qq\ndef test_it():\n    assert clean(x) is not None") == []

    def test_an_assert_inside_another_function_is_a_precondition_not_a_test(self):
        other = "def load(path):\n    assert path.endswith('.csv')\n    return clean(read(path))"
        assert names(violations(ts.untested_function, CLEAN, other)) == ["clean", "load"]

    def test_functions_called_by_a_tested_function_are_exercised(self):
        pipeline = "def pipeline(df):\n    df = clean(df)\n    return df"
        assert violations(ts.untested_function, CLEAN, pipeline, "assert len(pipeline(data)) == 2") == []

    def test_an_assert_in_a_later_cell_on_what_it_returned_tests_it(self):
        # Compute in one cell, check in the next: the assert exercises clean and what clean calls.
        pipeline = "def pipeline(df):\n    df = clean(df)\n    return df"
        cells = (CLEAN, pipeline, "out, n = pipeline(raw), 3", "assert out.shape[0] == n")
        assert violations(ts.untested_function, *cells) == []

    def test_an_assert_on_a_variable_the_function_never_produced_does_not_test_it(self):
        cells = (CLEAN, "out = clean(raw)", "rows = len(raw)", "assert rows > 0")
        assert names(violations(ts.untested_function, *cells)) == ["clean"]

    def test_a_call_that_changes_its_argument_is_tested_by_an_assert_on_it(self):
        quantize = "def quantize(weights, digits):\n    for key in weights:\n        weights[key] = round(weights[key], digits)"
        assert violations(ts.untested_function, quantize, "w = {'a': 1.234}\nquantize(w, 1)", "assert w['a'] == 1.2") == []

    def test_file_chores_and_plots_named_at_the_end_need_no_unit_test(self):
        cells = ("def fetch_spam_data(url, path):\n    if not exists(path):\n        urlretrieve(url, path)\n    unpack(path)",
                 "def nx_plot(values):\n    pts = sorted(values)\n    return plt.plot(pts)",
                 "def play_chords(chords):\n    samples = [c * 0.1 for c in chords]\n    return display(Audio(samples))",
                 "def fetch_rows(url):\n    rows = read(url)\n    return [r for r in rows if r]")
        assert names(violations(ts.untested_function, *cells)) == ["fetch_rows"]

    def test_doctests_count(self):
        doc = 'def double(x):\n    """\n    >>> double(2)\n    4\n    """\n    y = x * 2\n    return y'
        assert violations(ts.untested_function, doc) == []

    def test_private_tiny_test_plumbing_and_plotting_functions_are_skipped(self):
        cells = [
            "def _helper(a):\n    b = a + 1\n    return b",
            "def square(x):\n    return x * x",
            "@pytest.fixture\ndef frame():\n    df = make()\n    return df",
            "def plot_history(h):\n    plt.plot(h)\n    plt.show()",
            "def summary(df):\n    fig, ax = plt.subplots()\n    ax.hist(df.x)",
            "scale = lambda v: v / 2",
            "class Model:\n    def fit(self, x):\n        self.x = x\n        return self",
        ]
        assert violations(ts.untested_function, *cells) == []

    def test_a_plotting_function_that_returns_a_value_is_still_checked(self):
        returns = "def fit_and_draw(x):\n    model = fit(x)\n    plt.plot(model.curve)\n    return model"
        assert names(violations(ts.untested_function, returns)) == ["fit_and_draw"]

    def test_reports_each_name_once_and_functions_under_if(self):
        found = violations(ts.untested_function, CLEAN, CLEAN, "if FAST:\n    def go(a):\n        b = a\n        return b")
        assert names(found) == ["clean", "go"]

    def test_a_project_test_file_that_mentions_it_tests_it(self, tmp_path):
        (tmp_path / "tests").mkdir()
        (tmp_path / "tests" / "test_features.py").write_text("from features import clean\n\ndef test_it(): ...\n")
        notebook = tmp_path / "notebooks" / "a.ipynb"
        notebook.parent.mkdir()
        assert violations(ts.untested_function, CLEAN, path=notebook) == []
        found = violations(ts.untested_function, CLEAN.replace("clean", "tidy"), path=notebook)
        assert names(found) == ["tidy"] and "test file" in found[0].message

    def test_a_test_file_next_to_the_notebook_counts(self, tmp_path):
        (tmp_path / "clean_test.py").write_text("assert clean(1)\n")
        assert violations(ts.untested_function, CLEAN, path=tmp_path / "a.ipynb") == []

    def test_broken_cells_and_other_cell_magics_are_quiet(self):
        assert violations(ts.untested_function, "def broken(:\n    pass", "%%bash\necho hi") == []

    def test_notebooks_in_other_languages_are_quiet(self):
        r_notebook = notebook(CLEAN, metadata={"kernelspec": {"name": "ir", "language": "R"}, "language_info": {"name": "R"}})
        assert list(ts.untested_function(r_notebook)) == []


class TestNoTestsNearNotebook:
    def test_flags_a_notebook_with_functions_and_nothing_around_it(self, tmp_path):
        (tmp_path / ".git").mkdir()  # the search for tests stops at the repository root
        found = violations(ts.no_tests_near_notebook, CLEAN, path=tmp_path / "a.ipynb")
        assert len(found) == 1 and found[0].cell is None
        assert "defines 1 function worth testing" in found[0].message

    def test_a_tests_folder_or_ci_configuration_up_to_the_root_is_enough(self, tmp_path):
        (tmp_path / ".git").mkdir()
        notebook = tmp_path / "nbs" / "deep" / "a.ipynb"
        notebook.parent.mkdir(parents=True)
        (tmp_path / ".github" / "workflows").mkdir(parents=True)
        assert violations(ts.no_tests_near_notebook, CLEAN, path=notebook) == []
        (tmp_path / ".github" / "workflows").rmdir()
        (tmp_path / "test").mkdir()
        assert violations(ts.no_tests_near_notebook, CLEAN, path=notebook) == []

    def test_tests_outside_the_repository_do_not_count(self, tmp_path):
        (tmp_path / "tests").mkdir()
        repo = tmp_path / "repo"
        (repo / ".git").mkdir(parents=True)
        assert len(violations(ts.no_tests_near_notebook, CLEAN, path=repo / "a.ipynb")) == 1

    def test_quiet_without_functions_without_a_path_or_with_tests_in_the_notebook(self, tmp_path):
        (tmp_path / ".git").mkdir()
        path = tmp_path / "a.ipynb"
        assert violations(ts.no_tests_near_notebook, "x = 1", path=path) == []
        assert violations(ts.no_tests_near_notebook, CLEAN) == []
        assert violations(ts.no_tests_near_notebook, CLEAN, "def test_clean():\n    assert clean(x)", path=path) == []

    def test_markdown_only_notebook_is_quiet(self, tmp_path):
        assert violations(ts.no_tests_near_notebook, cell("# Title", "markdown"), path=tmp_path / "a.ipynb") == []


def test_the_reach_through_variables_is_kept_for_the_same_objects_only():
    nb = notebook("def fit(X):\n    return X\n", "model = fit(1)", "assert model")
    merge = merged_facts(nb)
    sources = {"model": [frozenset({"fit"})]}
    first = merge.reach_through(frozenset({"model"}), sources)
    assert "fit" in first
    checked = frozenset({"model"})
    assert merge.reach_through(checked, sources) is merge.reach_through(checked, sources)
    assert "fit" not in merge.reach_through(checked, {"model": [frozenset({"other"})]})
