from jupyterlab_promote.engine.notebook.dataflow import calls, cell_reads, cell_steps, dataflow, reads_and_binds
from jupyterlab_promote.engine.notebook.statement_shapes import root_name

from factories import notebook


def steps_of(*cells):
    return dataflow(notebook(*cells)).steps


def test_reads_and_binds_in_notebook_order_across_cells():
    steps = steps_of("import pandas as pd\ndf = pd.read_csv('d.csv')", "X = df.drop('y', axis=1)  # y: target")
    assert [sorted(s.binds) for s in steps] == [["pd"], ["df"], ["X"]]
    assert steps[1].reads == {"pd"}
    assert steps[2].reads == {"df"}


def test_a_fit_rebinds_its_receiver_from_its_arguments_only():
    (step,) = steps_of("X_s = scaler.fit_transform(X)")
    assert step.reads == {"X"} and step.binds == {"X_s", "scaler"} and step.refits == {"scaler"}


def test_in_place_changes_are_updates():
    steps = steps_of("df['a'] = df['b'] * 2", "df.fillna(0, inplace=True)", "frames.append(part)", "n += k")
    assert [(sorted(s.binds), sorted(s.updates)) for s in steps] == [
        ([], ["df"]), ([], ["df"]), ([], ["frames"]), ([], ["n"])]
    assert steps[0].reads == {"df"} and "part" in steps[2].reads and steps[3].reads == {"n", "k"}


def test_bindings_inside_loops_are_uncertain():
    steps = steps_of("for f in files:\n    df = load(f)")
    assert [s.certain for s in steps] == [False, False]
    assert steps[1].binds == frozenset() and steps[1].updates == {"df"}


def test_derivation_follows_and_is_cleared_by_rebinding():
    flow = dataflow(notebook("Xs = scale(X)", "Z = Xs + 1", "Xs = other", "W = Xs"))
    derived = flow.derivation({"X"})
    hits = [bool(derived.advance(step)) for step in flow.steps]
    assert hits == [True, True, False, False]
    assert derived.names == {"X", "Z"}


def test_functions_imports_and_calls():
    flow = dataflow(notebook("import numpy as np\nfrom sklearn import svm", "def prep(d):\n    return d", "y = prep(np.ones(3))"))
    assert flow.imported == {"np", "svm"}
    assert set(flow.functions) == {"prep"}
    assert [root_name(c.func) for c in calls(flow.steps[-1])] == ["prep", "np"]


def test_unparseable_and_non_python_cells_are_skipped():
    assert steps_of("x = (", "%%bash\necho hi") == ()
    assert dataflow(notebook("x = 1", metadata={"kernelspec": {"language": "R"}, "language_info": {"name": "R"}})).steps == ()


MIXED_CELL = ("import pandas as pd\nX_s = scaler.fit_transform(X)  # fit\ndf['a'] = df['b'] * 2\nn += k\n"
              "for f in files:\n    part = load(f)\n    frames.append(part)\nx = 1; y = x\nlabel = f\"{name}\"\n"
              "def prep(d):\n    return d.mean()\n")


def test_cell_reads_are_the_steps_reads_refits_and_updates_without_making_steps():
    (cell,) = notebook(MIXED_CELL).python_cells
    expected = frozenset().union(*(s.reads | s.refits | s.updates for s in cell_steps(cell)))
    assert cell_reads(cell) == expected
    assert {"X", "scaler", "df", "n", "k", "files", "frames", "part", "x"} <= expected
    assert "X_s" not in expected and "name" not in expected  # assigned; inside a string


def test_reads_and_binds_are_those_of_each_step_in_order():
    (cell,) = notebook(MIXED_CELL).python_cells
    assert list(reads_and_binds(cell)) == [(s.reads, s.binds) for s in cell_steps(cell)]


def test_reads_leave_out_attributes_keyword_names_and_parts_of_other_words():
    (step,) = steps_of("y = f(a . b, c.d, g==h, 1e5, \u00e9x, _p, q\u00e9, axis=e)")
    assert step.reads == {"f", "a", "b", "c", "e", "g", "h", "_p", "q\u00e9"}
