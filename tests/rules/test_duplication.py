import json

from jupyterlab_promote.engine.notebook.model import notebook_from_dict
from jupyterlab_promote.engine.rules import duplication as du

from factories import notebook, notebook_json, violations

BLOCK = """scaler = StandardScaler()
X = scaler.fit_transform(train[features])
model = LogisticRegression(C=1.0, max_iter=200)
model.fit(X, train["label"])
pred = model.predict(scaler.transform(valid[features]))
print(accuracy_score(valid["label"], pred))"""
COPY = BLOCK.replace("train", "train2").replace("valid", "valid2").replace("1.0", "0.1")


class TestDuplicatedBlock:
    def test_reports_once_at_the_first_place_with_the_others_in_the_message(self):
        found = violations(du.duplicated_block, BLOCK, "# text", COPY, "y = 2", COPY)
        assert len(found) == 1
        v = found[0]
        assert (v.cell.index, v.line, v.column, v.end_line) == (0, 1, 0, 6)
        assert v.end_column == len(BLOCK.split("\n")[-1])
        assert "cell #3 lines 1–6" in v.message and "cell #5 lines 1–6" in v.message
        fix = v.fixes[0]
        assert fix.applicability == "unsafe" and fix.title.startswith("Extract to a module")
        assert fix.edits[0]["command"] == "jupyterlab-promote:extract-to-module"
        assert fix.edits[0]["args"] == {"duplicate": {"cell_id": "c0", "line": 1}}

    def test_different_code_is_not_reported(self):
        other = BLOCK.replace("model.fit(X, train[\"label\"])", "for row in rows:\n    total += row")
        assert violations(du.duplicated_block, BLOCK, other) == []

    def test_threshold_is_configurable(self):
        nb = notebook(BLOCK, COPY)
        nb.config.thresholds["duplicate_block_lines"] = 7
        assert list(du.duplicated_block(nb)) == []

    def test_non_python_notebooks_are_skipped(self):
        from jupyterlab_promote.engine.notebook.model import notebook_from_dict

        data = notebook_json(BLOCK, COPY, metadata={"kernelspec": {"name": "ir", "language": "R"},
                                                    "language_info": {"name": "R"}})
        assert list(du.duplicated_block(notebook_from_dict(data))) == []


CLEANING = (
    "frame = frame.dropna(subset=['price'])\n"
    "frame['price'] = frame['price'].astype(float)\n"
    "frame = frame[frame['price'] > 0]\n"
    "frame['log_price'] = np.log(frame['price'])\n"
    "frame = frame.sort_values('date').reset_index(drop=True)\n"
    "summary = frame.groupby('region')['log_price'].mean()\n"
)


class TestDuplicatedAcrossNotebooks:
    def write(self, path, *sources):
        path.write_text(json.dumps(notebook_json(*sources)), encoding="utf-8")
        return path

    def test_flags_a_block_shared_with_a_sibling_notebook(self, tmp_path):
        self.write(tmp_path / "evaluate.ipynb", "import numpy as np", CLEANING.replace("frame", "test_df"))
        mine = self.write(tmp_path / "train.ipynb", "import numpy as np", CLEANING)
        nb = notebook_from_dict(notebook_json("import numpy as np", CLEANING), mine)
        found = list(du.duplicated_across_notebooks(nb))
        assert len(found) == 1
        assert found[0].cell.index == 1 and found[0].line == 1 and found[0].end_line == 6
        assert "evaluate.ipynb (cell #2)" in found[0].message

    def test_quiet_without_siblings_or_path(self, tmp_path):
        mine = self.write(tmp_path / "train.ipynb", CLEANING)
        assert list(du.duplicated_across_notebooks(notebook_from_dict(notebook_json(CLEANING), mine))) == []
        assert list(du.duplicated_across_notebooks(notebook_from_dict(notebook_json(CLEANING), None))) == []

    def test_different_code_in_a_sibling_is_not_flagged(self, tmp_path):
        self.write(tmp_path / "other.ipynb", "print('hello')\n" * 8)
        mine = self.write(tmp_path / "train.ipynb", CLEANING)
        assert list(du.duplicated_across_notebooks(notebook_from_dict(notebook_json(CLEANING), mine))) == []
