import time

from jupyterlab_promote.engine.notebook.fingerprints import (
    HEADER,
    PLAIN,
    PRESENTATION,
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
    def test_skips_blank_comment_and_import_lines_and_joins_continued_statements(self):
        found = fingerprint_text("import os\n\n# hi\nfrom a import b\nx = f(\n    1,\n)\ny = 2 + \\\n    3")
        assert (found.lines, found.ends) == ((5, 8), (7, 9))
        assert len(found.shapes) == len(found.sizes) == 2

    def test_headers_and_figure_styling_are_told_apart(self):
        found = fingerprint_text("for ax in axes:\n    ax.set_title('a')\n    total = ax.get_ylim()[1]")
        assert found.kinds == (HEADER, PRESENTATION, PLAIN) and found.indents == (0, 4, 4)

    def test_renamed_code_has_the_same_shapes(self):
        assert fingerprint_text(CLEANING).shapes == fingerprint_text(RENAMED).shapes


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

    def test_a_statement_spread_over_lines_counts_once(self):
        call = "model = NCF(\n    n_users=n,\n    n_items=m,\n    model_type='NeuMF',\n    n_factors=4,\n    seed=1,\n)"
        assert find_blocks([notebook_fingerprint(notebook(call, call.replace("NeuMF", "GMF")))]) == []

    def test_five_statements_over_six_lines_are_a_block(self):
        metrics = ("m = mean_ap(test, {p}, col='prediction', k=K)\nn = ndcg(test, {p}, col='prediction', k=K)\n"
                   "q = precision(test, {p}, col='prediction', k=K)\nr = recall(test, {p}, col='prediction', k=K)\n"
                   "print('MAP', m,\n      'NDCG', n, q, r)")
        (block,) = find_blocks([notebook_fingerprint(notebook(metrics.format(p="a"), metrics.format(p="b")))])
        assert block.length == 5 and [(o.start_line, o.end_line) for o in block.occurrences] == [(1, 6), (1, 6)]

    def test_copies_of_a_figure_are_not_a_block(self):
        figure = ("fig = plt.figure(figsize=(8, 4))\nax = fig.add_subplot(1, 1, 1)\nax.plot(x, {y})\n"
                  "ax.plot(x, {y} * 2)\nax.legend(loc='best')\nax.set_ylabel('{y}')\nplt.show()")
        cells = (figure.format(y="ones"), figure.format(y="twos"))
        assert find_blocks([notebook_fingerprint(notebook(*cells))]) == []

    def test_a_block_starts_at_its_outermost_line_and_does_not_end_on_a_header(self):
        body = ("        size = bar.size * 2\n        total = size + bar.extra\n    counts = count(bar, by=bar.kind)\n"
                "    summary = report(counts, total, bar.label)\n    save(summary, bar.name, overwrite=True)\n"
                "    log.info(summary.text)\n    archive(bar, summary, folder)\n    notify(bar.owner, 'done')\n"
                "for bar in other:\n")
        first = "for bar in bars:\n    if bar.ok:\n" + body + "    pass"
        second = "while queue:\n    bar = queue.pop()\n    if check(bar, 3) and bar.ready:\n" + body + "    skip()"
        (block,) = find_blocks([notebook_fingerprint(notebook(first, second))])
        assert [(o.start_line, o.end_line) for o in block.occurrences] == [(5, 10), (6, 11)]

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


FIGURE = """plt.figure(figsize=(8, 4))
plt.plot(history["loss"], label="train")
plt.xlabel("epoch")
plt.ylabel("loss")
plt.legend(loc="upper right")
plt.show()"""


class TestFigureBlocks:
    def test_figure_blocks_are_left_out_unless_asked_for(self):
        nb = notebook(FIGURE, FIGURE.replace("loss", "auc"), FIGURE.replace("loss", "acc"))
        assert find_blocks([notebook_fingerprint(nb)]) == []
        blocks = find_blocks([notebook_fingerprint(nb)], figures=True)
        assert [[o.cell_index for o in b.occurrences] for b in blocks] == [[0, 1, 2]]

    def test_asking_for_figures_returns_no_code_block(self):
        nb = notebook(CLEANING, RENAMED)
        assert find_blocks([notebook_fingerprint(nb)], figures=True) == []


class TestLineShapes:
    """line_shapes.py's shortcuts answer what normalise answers."""

    TEXT = 'a = f(x, "s")\ndoc = """one\ntwo = 2"""\nb = g(y)  # note\nc = h(\n    z)'

    def test_line_shapes_are_normalise_kept_by_text(self):
        from jupyterlab_promote.engine.notebook.line_shapes import line_shapes

        assert line_shapes(self.TEXT) == normalise(self.TEXT)

    def test_a_statement_is_shaped_as_its_lines_read_on_their_own(self):
        from jupyterlab_promote.engine.notebook.line_shapes import line_shapes, spanning_lines, statement_shape

        lines = self.TEXT.split("\n")
        assert spanning_lines(self.TEXT) == [(2, 3)] and spanning_lines("x = 1") == []
        for start in range(1, len(lines) + 1):
            for end in range(start, len(lines) + 1):
                alone = "".join(normalise("\n".join(lines[start - 1:end])))
                assert statement_shape(self.TEXT, line_shapes(self.TEXT), spanning_lines(self.TEXT), start, end) == alone
