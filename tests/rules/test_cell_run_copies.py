"""Runs of small cells pasted again cell by cell: in the notebook (DU001) and in a sibling notebook (DU002)."""

from jupyterlab_promote.engine.notebook.model import notebook_from_dict
from jupyterlab_promote.engine.rules import cell_run_copies as runs
from jupyterlab_promote.engine.rules import duplication as du

from factories import notebook, notebook_json, write_notebook

LOAD = "filename = 'data/car_financing.xlsx'\ndf = pd.read_excel(filename)"
FILTER = ("car_filter = df['car_type'] == 'Toyota Sienna'\ninterest_filter = df['interest_rate'] == 0.0702\n"
          "df = df.loc[car_filter & interest_filter, :]")
RENAME = "df = df.rename(columns={'Starting Balance': 'starting_balance', 'Interest Paid': 'interest_paid'})"
DROP = "df = df.drop(columns=['term'])"


class TestCopiedCellRuns:
    def test_steps_pasted_again_further_down_are_information_on_the_first_cell(self):
        nb = notebook("import pandas as pd", LOAD, FILTER, RENAME, "df.describe()", "# again", LOAD, FILTER, RENAME)
        found = list(runs.copied_cell_runs(nb, set()))
        assert len(found) == 1
        assert found[0].severity == "info" and found[0].cell.index == 1 and found[0].line == 1
        assert found[0].message.startswith("Cells #2–#4 (6 statements) are pasted again, cell by cell, as cells #7–#9")
        assert found[0].fixes[0].applicability == "manual"

    def test_every_copy_of_one_run_is_named_in_one_finding(self):
        nb = notebook(LOAD, FILTER, "x = 1", LOAD, FILTER, "model.fit(X, y)", LOAD, FILTER)
        found = list(runs.copied_cell_runs(nb, set()))
        assert len(found) == 1 and "as cells #4–#5, cells #7–#8" in found[0].message

    def test_duplicated_block_reports_the_runs(self):
        found = list(du.duplicated_block(notebook(LOAD, FILTER, "x = 1", LOAD, FILTER)))
        assert [v.message.split(" (")[0] for v in found] == ["Cells #1–#2"]

    def test_runs_whose_cells_hold_a_reported_block_are_left_to_it(self):
        nb = notebook(LOAD, FILTER, "x = 1", LOAD, FILTER)
        assert list(runs.copied_cell_runs(nb, {0, 1, 3, 4})) == []

    def test_one_line_per_cell_repeated_is_not_reported(self):
        nb = notebook("df.head()", "df.shape", DROP, "df.head()", "df.shape")
        assert list(runs.copied_cell_runs(nb, set())) == []

    def test_one_line_steps_shown_apart_between_other_cells_are_not_reported(self):
        steps = (RENAME, DROP, "del df['Repayment']", "df.columns = ['month', 'balance']")
        nb = notebook(*steps, "z = 0", *[part for step in steps for part in (step, "df.head()")])
        assert list(runs.copied_cell_runs(nb, set())) == []


class TestCellRunsAcrossNotebooks:
    def test_cells_pasted_into_a_sibling_are_information(self, tmp_path):
        write_notebook(tmp_path / "ExportCSV.ipynb", "import pandas as pd", {"cell_type": "markdown", "source": "#"},
                       LOAD, FILTER, RENAME, DROP)
        mine = write_notebook(tmp_path / "MissingData.ipynb", "import pandas as pd", LOAD, FILTER, RENAME, DROP, "df.info()")
        nb = notebook_from_dict(notebook_json("import pandas as pd", LOAD, FILTER, RENAME, DROP, "df.info()"), mine)
        found = list(du.duplicated_across_notebooks(nb))
        assert len(found) == 1 and found[0].severity == "info" and found[0].cell.index == 1
        assert found[0].message.startswith("Cells #2–#5 also appear, cell by cell, in ExportCSV.ipynb (cells #3–#6)")

    def test_quiet_without_a_path_or_with_other_code_beside(self, tmp_path):
        assert list(runs.cell_runs_across_notebooks(notebook(LOAD, FILTER, RENAME))) == []
        write_notebook(tmp_path / "other.ipynb", LOAD, "df.plot()", "print(df)")
        mine = write_notebook(tmp_path / "mine.ipynb", LOAD, FILTER, RENAME)
        nb = notebook_from_dict(notebook_json(LOAD, FILTER, RENAME), mine)
        assert list(runs.cell_runs_across_notebooks(nb)) == []

    def test_a_sibling_edited_on_disk_is_read_again(self, tmp_path):
        sibling = write_notebook(tmp_path / "a.ipynb", LOAD, FILTER, RENAME)
        mine = write_notebook(tmp_path / "b.ipynb", LOAD, FILTER, RENAME)
        nb = notebook_from_dict(notebook_json(LOAD, FILTER, RENAME), mine)
        assert len(list(runs.cell_runs_across_notebooks(nb))) == 1
        write_notebook(sibling, "print('rewritten')", "x = 1")
        assert list(runs.cell_runs_across_notebooks(nb)) == []


REPLACE = ("data['{c}'].replace(to_replace='Yes', value=1, inplace=True)\n"
           "data['{c}'].replace(to_replace='No', value=0, inplace=True)")


class TestPastedCells:
    def test_a_cell_of_heavy_statements_pasted_three_times_is_information(self):
        nb = notebook(*(REPLACE.format(c=c) for c in ("Churn", "Partner", "Dependents", "PhoneService")))
        found = list(runs.pasted_cells(nb, set()))
        assert len(found) == 1 and found[0].severity == "info" and found[0].cell.index == 0
        assert found[0].message.startswith("This cell is pasted 4 times with other names or values (also cell #2, "
                                           "cell #3, cell #4)")

    def test_duplicated_block_reports_it(self):
        nb = notebook(*(REPLACE.format(c=c) for c in ("Churn", "Partner", "Dependents")))
        assert any(v.message.startswith("This cell is pasted 3 times") for v in du.duplicated_block(nb))

    def test_twice_one_statement_or_light_statements_are_not_reported(self):
        twice = notebook(*(REPLACE.format(c=c) for c in ("Churn", "Partner")))
        single = notebook(*(REPLACE.format(c=c).split("\n")[0] for c in ("Churn", "Partner", "Dependents")))
        light = notebook(*(f"df['{c}'].value_counts()\ndf['{c}'].nunique()" for c in ("a", "b", "c")))
        for nb in (twice, single, light):
            assert list(runs.pasted_cells(nb, set())) == []

    def test_cells_holding_a_reported_block_are_left_to_it(self):
        nb = notebook(*(REPLACE.format(c=c) for c in ("Churn", "Partner", "Dependents")))
        assert list(runs.pasted_cells(nb, {1})) == []
