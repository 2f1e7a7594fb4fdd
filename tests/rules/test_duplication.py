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
        # Seven lines asked: the six-line block is a short one pasted twice, which asks one statement fewer
        # than DU001 (six); eight lines ask seven of it.
        nb.config.thresholds["duplicate_block_lines"] = 8
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


SPARK = """num_partitions = 2
rdd = spark.sparkContext.parallelize(range(10), num_partitions)
print('Number of partitions: {}'.format(rdd.getNumPartitions()))
print('Partitioner: {}'.format(rdd.partitioner))
print('Partitions structure: {}'.format(rdd.glom().collect()))"""


class TestShortRepeats:
    def test_five_statements_on_five_lines_pasted_twice_are_information(self):
        found = violations(du.duplicated_block, SPARK, SPARK.replace("= 2", "= 15"))
        assert len(found) == 1 and found[0].severity == "info"
        assert "pasted 2 times" in found[0].message and "cell #2 lines 1–5" in found[0].message
        assert found[0].fixes[0].applicability == "manual"

    def test_four_statements_pasted_twice_are_not_reported(self):
        four = "\n".join(SPARK.split("\n")[:4])
        assert violations(du.duplicated_block, four, four.replace("= 2", "= 15")) == []

    def test_three_statements_pasted_three_times_are_reported(self):
        block = ("frame = web.DataReader('AAPL', 'av-daily', start=start, api_key=key)\n"
                 "frame['stock'] = 'AAPL'\nframes.append(frame.dropna())")
        found = violations(du.duplicated_block, block, block.replace("AAPL", "IBM"), block.replace("AAPL", "MSFT"))
        assert len(found) == 1 and "pasted 3 times" in found[0].message

    def test_three_statements_pasted_twice_are_not_reported(self):
        block = ("frame = web.DataReader('AAPL', 'av-daily', start=start, api_key=key)\n"
                 "frame['stock'] = 'AAPL'\nframes.append(frame.dropna())")
        assert violations(du.duplicated_block, block, block.replace("AAPL", "IBM")) == []

    def test_a_busy_line_pasted_three_times_is_reported_once(self):
        cell = "\n".join(f"df['{c}'] = df['{c}'].replace({{0: df['{c}'].median()}})" for c in ("a", "b", "c"))
        found = violations(du.duplicated_block, cell)
        assert len(found) == 1 and found[0].message.startswith("Line 1 is pasted 3 times")

    def test_plain_lines_printed_banners_and_literals_pasted_three_times_are_not_reported(self):
        for line in ("df['{c}'].value_counts()", "print('Rows of {c}: {{}}'.format(df['{c}'].dropna().shape[0]))",
                     "arr_{c} = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]])",
                     "model.add(tf.keras.layers.Dense(units={c}, activation=tf.nn.relu))"):
            cells = [line.format(c=c) for c in ("a", "b", "c")]
            assert violations(du.duplicated_block, *cells) == [], line

    def test_a_busy_line_twice_is_not_reported(self):
        line = "df['{c}'] = df['{c}'].replace({{0: df['{c}'].median()}})"
        assert violations(du.duplicated_block, line.format(c="a"), line.format(c="b")) == []

    def test_branches_of_one_function_pasted_are_reported(self):
        branch = ("    elif word == '{{{k}}}':\n        name = random.choice(names_{k})\n        parts = name.split()\n"
                  "        tokens.extend(parts)\n        tags.extend([{n}] * len(parts))")
        cell = "def tag(word):\n    if word == 'x':\n        pass\n" + "\n".join(
            branch.format(k=k, n=n) for n, k in enumerate(("ORG", "PER", "MONEY")))
        found = violations(du.duplicated_block, cell)
        assert len(found) == 1 and "pasted 3 times" in found[0].message

    def test_a_short_function_defined_again_is_left_to_the_redefinition_rule(self):
        cls = ("class Frames(Dataset):\n    def __init__(self, paths):\n        self.paths = paths\n"
               "    def __len__(self):\n        return len(self.paths)\n    def __getitem__(self, i):\n"
               "        return read_image(self.paths[i])")
        assert violations(du.duplicated_block, cls, "ds = Frames(paths)", cls.replace("return read_image(self.paths[i])", "return augment(read_image(self.paths[i]))")) == []

    def test_a_long_block_is_reported_once_as_a_warning(self):
        found = violations(du.duplicated_block, BLOCK, COPY, COPY)
        assert len(found) == 1 and found[0].severity is None


def test_busy_lines_are_read_only_where_a_candidate_shape_is_found_three_times():
    from jupyterlab_promote.engine.notebook.cell_fingerprints import notebook_fingerprint
    from jupyterlab_promote.engine.notebook.short_repeats import busy_lines, pasted_busy_lines

    busy = "df['a'] = df['a'].replace({0: df['a'].median()})"
    pasted = notebook(busy, busy.replace("'a'", "'b'"), busy.replace("'a'", "'c'"), BLOCK)
    cells = notebook_fingerprint(pasted, min_lines=1).cells

    def read(cell):
        return busy_lines(pasted.cells[cell.cell_index])

    assert pasted_busy_lines(cells, read) == [(0,), (0,), (0,), ()]
    assert pasted_busy_lines(cells[1:], read) == [(), (), ()]
