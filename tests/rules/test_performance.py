from jupyterlab_promote.engine.rules import performance as pf

from factories import violations


def where(found):
    return [(v.cell.index, v.line) for v in found]


class TestDataframeRowLoop:
    def test_iterrows_itertuples_and_comprehensions(self):
        found = violations(pf.dataframe_row_loop, "for i, row in df.iterrows():\n    print(row.a)",
                           "rows = [r.a for r in df.itertuples()]")
        assert where(found) == [(0, 1), (1, 1)]
        assert found[0].column == 14 and "df.iterrows()" in found[0].message

    def test_apply_on_rows(self):
        found = violations(pf.dataframe_row_loop, "df['c'] = df.apply(lambda r: r.a * r.b, axis=1)",
                           "df.apply(f, axis='columns')\ndf.apply(f, 1)")
        assert where(found) == [(0, 1), (1, 1), (1, 2)]
        assert "vectorised" in found[0].message

    def test_column_wise_apply_and_other_axis_uses_are_fine(self):
        assert violations(pf.dataframe_row_loop, "df.apply(np.mean)\ndf.drop('a', axis=1)\ns.apply(len)",
                          "for c in df.columns:\n    pass") == []


class TestDataframeGrownInLoop:
    def test_concat_and_append_onto_itself(self):
        found = violations(pf.dataframe_grown_in_loop,
                           "for f in files:\n    df = pd.concat([df, pd.read_csv(f)])",
                           "while more():\n    df = df.append(row, ignore_index=True)",
                           "for x in xs:\n    if x:\n        arr = np.append(arr, x)")
        assert where(found) == [(0, 2), (1, 2), (2, 3)]
        assert "DataFrame" in found[0].message and "array" in found[2].message

    def test_a_value_each_step_reads_back_is_not_collected_once(self):
        autoregressive = "for step in range(10):\n    y_next = model.predict(X)[:, -1:]\n    X = np.concatenate([X, y_next], axis=1)"
        progress = "for f in files:\n    df = pd.concat([df, pd.read_csv(f)])\n    print(f, len(df))"
        found = violations(pf.dataframe_grown_in_loop, autoregressive, progress)
        assert where(found) == [(1, 2)]

    def test_row_append_with_loc(self):
        found = violations(pf.dataframe_grown_in_loop, "for r in rows:\n    out.loc[len(out)] = r")
        assert where(found) == [(0, 2)] and "out.loc[len(out)]" in found[0].message

    def test_list_append_then_one_concat_is_fine(self):
        assert violations(pf.dataframe_grown_in_loop,
                          "frames = []\nfor f in files:\n    frames.append(pd.read_csv(f))\ndf = pd.concat(frames)") == []

    def test_concat_outside_a_loop_or_of_other_frames_is_fine(self):
        assert violations(pf.dataframe_grown_in_loop, "df = pd.concat([df, other])",
                          "for f in fs:\n    both = pd.concat([a, b])") == []

    def test_loop_inside_a_function(self):
        found = violations(pf.dataframe_grown_in_loop,
                           "def load(files):\n    df = None\n    for f in files:\n        df = pd.concat([df, f])")
        assert where(found) == [(0, 4)]


class TestReadInLoop:
    def test_same_path_each_iteration(self):
        found = violations(pf.read_in_loop, "for col in cols:\n    df = pd.read_csv('data.csv')\n    print(df[col].mean())",
                           "for k in range(3):\n    with open(PATH) as fh:\n        text = fh.read()")
        assert where(found) == [(0, 2), (1, 2)]
        assert "pd.read_csv('data.csv')" in found[0].message

    def test_reading_each_file_of_a_list_is_fine(self):
        assert violations(pf.read_in_loop, "for f in files:\n    frames.append(pd.read_csv(f))",
                          "for i in range(3):\n    name = f'part{i}.csv'\n    d = pd.read_csv(name)",
                          "for i in range(3):\n    x = np.load(os.path.join(folder, names[i]))") == []

    def test_writes_retries_and_conditional_reads_are_fine(self):
        assert violations(pf.read_in_loop, "for r in rows:\n    with open('log.txt', 'a') as fh:\n        fh.write(r)",
                          "while True:\n    try:\n        d = pd.read_csv(URL)\n        break\n    except OSError:\n        pass",
                          "for i in range(3):\n    if i == 0:\n        d = pd.read_csv(P)",
                          "for i in range(9):\n    d = json.load(open(STATUS))\n    time.sleep(5)") == []


class TestPositionalElementLoop:
    def test_iloc_loc_at_indexing(self):
        found = violations(pf.positional_element_loop,
                           "for i in range(len(df)):\n    df.loc[i, 'r'] = df.loc[i, 'a'] / df.loc[i, 'b']",
                           "for j in range(df.shape[0]):\n    total += df.iloc[j]['x']")
        assert where(found) == [(0, 1), (1, 1)]
        assert "df.loc[i, 'r']" in found[0].message

    def test_numpy_array_indexing_at_module_level(self):
        found = violations(pf.positional_element_loop, "import numpy as np\narr = np.zeros(10)",
                           "for i in range(len(arr)):\n    arr[i] = arr[i] * 2")
        assert where(found) == [(1, 1)]

    def test_lists_plots_prints_and_function_parameters_are_fine(self):
        assert violations(pf.positional_element_loop, "names = ['a', 'b']",
                          "for i in range(len(names)):\n    names[i] = names[i].upper()") == []
        assert violations(pf.positional_element_loop, "arr = np.zeros(3)",
                          "for i in range(len(arr)):\n    ax.annotate(str(i), (arr[i], 0))",
                          "for i in range(len(arr)):\n    print(arr[i])") == []
        assert violations(pf.positional_element_loop, "x = np.zeros(3)",
                          "def f(x):\n    for i in range(len(x)):\n        x[i] += 1") == []


def test_rule_table():
    assert pf.RULES[0].name == "dataframe-row-loop"
    assert all(r.category == "performance" and r.doc for r in pf.RULES)
