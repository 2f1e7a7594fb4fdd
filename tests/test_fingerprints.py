import time

from jupyterlab_promote.engine.fingerprints import (
    find_blocks,
    find_shared_blocks,
    fingerprint_text,
    normalise,
    notebook_fingerprint,
)

from factories import notebook

CLEANING = """df = pd.read_csv("train.csv")
df = df.dropna(subset=["age"])
df["age"] = df["age"].astype(int)
df = df[df.age > 18]
df["income"] = df["income"].fillna(0)
summary = df.groupby("city").agg({"income": "mean"})
print(summary.head())"""

RENAMED = (CLEANING.replace("df", "test_df").replace("train.csv", "test.csv").replace("18", "21")
           .replace("summary", "test_summary"))


class TestNormalise:
    def test_names_and_literals_become_placeholders_and_attributes_stay(self):
        assert normalise('total = df.groupby("a")[col].sum() + 3  # note') == ["x=x.groupby($)[x].sum()+0"]

    def test_keywords_stay(self):
        assert normalise("for item in items:\n    if item is None:") == ["forxinx:", "ifxisNone:"]

    def test_triple_quoted_strings_keep_the_line_count(self):
        assert normalise('x = """a\nb\nc"""\ny = 1') == ["x=$", "", "", "x=0"]


class TestFingerprintText:
    def test_skips_blank_comment_import_and_bracket_lines(self):
        lines, shapes, sizes = fingerprint_text("import os\n\n# hi\nfrom a import b\nx = f(\n    1,\n)\ny = 2")
        assert lines == (5, 8)
        assert len(shapes) == len(sizes) == 2

    def test_renamed_code_has_the_same_shapes(self):
        assert fingerprint_text(CLEANING)[1] == fingerprint_text(RENAMED)[1]


class TestFindBlocks:
    def test_finds_a_renamed_copy_once_with_both_places(self):
        nb = notebook(CLEANING, "x = 1", RENAMED)
        blocks = find_blocks([notebook_fingerprint(nb)])
        assert len(blocks) == 1
        assert blocks[0].length == 7
        assert [(o.cell_index, o.start_line, o.end_line) for o in blocks[0].occurrences] == [(0, 1, 7), (2, 1, 7)]

    def test_reports_the_maximal_block_not_its_windows(self):
        nb = notebook(CLEANING + "\nplt.plot(test_summary)\nplt.show()", "a = 1\n" + RENAMED + "\nplt.plot(s)\nplt.show()")
        blocks = find_blocks([notebook_fingerprint(nb)])
        assert [b.length for b in blocks] == [9]
        assert blocks[0].occurrences[1].start_line == 2

    def test_short_or_trivial_repeats_are_ignored(self):
        five = "\n".join(CLEANING.split("\n")[:5])
        prints = "\n".join(f"print(v{i})" for i in range(8))
        assert find_blocks([notebook_fingerprint(notebook(five, five, prints, prints))]) == []

    def test_a_line_repeated_many_times_in_a_row_is_not_a_block(self):
        rows = "\n".join(f"df['c{i}'] = df['c{i}'].fillna(0).astype(int)" for i in range(14))
        assert find_blocks([notebook_fingerprint(notebook(rows))]) == []

    def test_a_repeat_inside_one_cell(self):
        nb = notebook(CLEANING + "\n\n" + RENAMED)
        (block,) = find_blocks([notebook_fingerprint(nb)])
        assert [(o.cell_index, o.start_line) for o in block.occurrences] == [(0, 1), (0, 9)]

    def test_many_cells_stay_fast(self):
        cells = [CLEANING.replace("df", f"df{i}") if i % 50 == 0 else f"a{i} = {i}\nprint(a{i})" for i in range(10_000)]
        nb = notebook(*cells)
        assert all(cell.parsed.tree is not None for cell in nb.code_cells)
        start = time.perf_counter()
        blocks = find_blocks([notebook_fingerprint(nb)])
        assert time.perf_counter() - start < 5
        assert len(blocks) == 1 and len(blocks[0].occurrences) == 200


class TestFindSharedBlocks:
    def test_blocks_shared_between_notebooks_list_every_place(self):
        first = notebook_fingerprint(notebook(CLEANING), "a.ipynb")
        second = notebook_fingerprint(notebook("x = 1", RENAMED), "b.ipynb")
        (block,) = find_shared_blocks([first, second])
        assert [(o.notebook, o.cell_index) for o in block.occurrences] == [("a.ipynb", 0), ("b.ipynb", 1)]

    def test_repeats_inside_one_notebook_are_not_shared(self):
        only = notebook_fingerprint(notebook(CLEANING, RENAMED), "a.ipynb")
        other = notebook_fingerprint(notebook("print(1)"), "b.ipynb")
        assert find_shared_blocks([only, other]) == []
