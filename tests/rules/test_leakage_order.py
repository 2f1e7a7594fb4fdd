"""The row flow runs cells in the order they ran, not the order they sit in."""

from jupyterlab_promote.engine.rules import leakage as lk
from jupyterlab_promote.engine.rules.leakage.local_modules import imported_modules
from jupyterlab_promote.engine.rules.leakage.row_flow import execution_order

from factories import cell, notebook, violations

HELPER = "from sklearn.preprocessing import StandardScaler\n\ndef scaled(frame):\n    return StandardScaler().fit_transform(frame)"
USE = "X = scaled(df[cols])"
SPLIT = "from sklearn.model_selection import train_test_split\na, b, c, d = train_test_split(X, y, random_state=0)"


def test_a_helper_defined_lower_down_but_run_first_is_followed():
    # As in the README's example: the helper's cell ran as [2], the cell using it as [3].
    found = violations(lk.preprocessing_before_split,
                       cell("import pandas as pd\ndf = pd.read_csv('d.csv')\ncols = ['a']\ny = df['y']", execution_count=1),
                       cell(USE, execution_count=3), cell(HELPER, execution_count=2), cell(SPLIT, execution_count=4))
    assert [v.cell.index for v in found] == [1]


def test_without_execution_counts_the_notebook_order_stands():
    found = violations(lk.preprocessing_before_split,
                       "import pandas as pd\ndf = pd.read_csv('d.csv')\ncols = ['a']\ny = df['y']", USE, HELPER, SPLIT)
    assert found == []


def test_cells_that_never_ran_follow_the_executed_cell_above_them():
    nb = notebook(cell("a = 1", execution_count=2), cell("b = 2"), cell("c = 3", execution_count=1), cell("d = 4"))
    assert [c.source for c in execution_order(nb.python_cells)] == ["c = 3", "d = 4", "a = 1", "b = 2"]


def test_repeated_counts_say_no_order():
    nb = notebook(cell("a = 1", execution_count=2), cell("b = 2", execution_count=1), cell("c = 3", execution_count=1))
    assert [c.source for c in execution_order(nb.python_cells)] == ["a = 1", "b = 2", "c = 3"]


SCALE_AND_SCORER = ("from sklearn.preprocessing import StandardScaler\nX_train = StandardScaler().fit_transform(X_train)\n"
                    "f2 = make_scorer(fbeta_score, beta=2)")
CURVE = "validation_curve(SVC(), X_train, y_train, param_name='C', param_range=[1, 10], cv=5, scoring=f2)"
LOAD = "X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)"


def test_a_cell_rerun_last_that_an_earlier_count_needed_ran_before_too():
    # The curve ([5]) uses the scorer that only the scaling cell ([9]) defines: that cell ran before [5] as
    # well, so the counts are each cell's last run only and the notebook's order stands.
    found = violations(lk.preprocessing_before_split, cell(LOAD, execution_count=1),
                       cell(SCALE_AND_SCORER, execution_count=9), cell(CURVE, execution_count=5))
    assert [v.cell.index for v in found] == [1]


def test_a_cell_run_only_after_the_ones_below_it_is_followed_in_that_order():
    curve = CURVE.replace(", scoring=f2", "")
    assert violations(lk.preprocessing_before_split, cell(LOAD, execution_count=1),
                      cell(SCALE_AND_SCORER, execution_count=9), cell(curve, execution_count=5)) == []


def test_imported_modules_are_found_in_nested_statements_in_source_order():
    source = ("import a, b.c\ntry:\n    from d import e\nexcept ImportError:\n    import f\n"
              "def g():\n    from h import i\n    if True:\n        import j\nfrom . import k\nx = 'import l'")
    (only,) = notebook(source).python_cells
    assert imported_modules(only) == ("a", "d", "f", "h", "j")
    (plain,) = notebook("x = 1").python_cells
    assert imported_modules(plain) == ()
