"""kept_search answers from its last search while the edited cells hold only runs found nowhere else, and
searches again otherwise; the duplication rules and TS001 built on kept answers report, after any series
of edits, what a cold analysis reports."""

import gc
import random

from jupyterlab_promote.engine.notebook.repeat_memo import forget_searches, kept_search, keys_by_cell
from jupyterlab_promote.engine.report.analysis import analyze_dict, forget_kept

from factories import notebook_json


class _Item:
    """A cell's summary: a new object for each edit, as per-cell summaries are."""

    def __init__(self, *runs: str) -> None:
        self.runs = runs


def _search(items: list[_Item], log: list[int]):
    def search():
        log.append(1)
        return sorted({run for item in items for run in item.runs
                       if sum(other.runs.count(run) for other in items) > 1})
    return search


def _kept(items: list[_Item], log: list[int]):
    return kept_search("test", items, lambda item: item.runs, _search(items, log))


def test_an_edit_of_a_cell_whose_runs_occur_nowhere_else_keeps_the_answer():
    forget_searches()
    log: list[int] = []
    items = [_Item("a", "b"), _Item("b", "c"), _Item("d")]
    assert _kept(items, log) == ["b"] and len(log) == 1
    items[2] = _Item("e", "f")
    assert _kept(items, log) == ["b"] and len(log) == 1


def test_an_edit_that_makes_or_breaks_a_repeat_searches_again():
    forget_searches()
    log: list[int] = []
    items = [_Item("a", "b"), _Item("b", "c"), _Item("d")]
    _kept(items, log)
    items[2] = _Item("a")  # now repeats a run of the first cell
    assert _kept(items, log) == ["a", "b"] and len(log) == 2
    items[1] = _Item("x")  # held a repeated run before the edit
    assert _kept(items, log) == ["a"] and len(log) == 3
    items[0] = _Item("y", "y")  # a run twice in one cell repeats too
    assert _kept(items, log) == ["y"] and len(log) == 4


def test_cells_that_come_or_go_are_counted_like_edits():
    forget_searches()
    log: list[int] = []
    items = [_Item("a"), _Item("a"), _Item("b")]
    _kept(items, log)
    items.append(_Item("z"))
    assert _kept(items, log) == ["a"] and len(log) == 1
    del items[0]
    assert _kept(items, log) == [] and len(log) == 2


def test_another_context_searches_afresh():
    forget_searches()
    log: list[int] = []
    items = [_Item("a"), _Item("b")]
    kept_search("test", items, lambda item: item.runs, _search(items, log), context=1)
    kept_search("test", items, lambda item: item.runs, _search(items, log), context=2)
    assert len(log) == 2


_BLOCK = """rows = load(path)
rows = rows[rows.value > 0]
rows["ratio"] = rows.a / rows.b
summary = rows.groupby("key").agg({"ratio": "mean"})
summary = summary.sort_values("ratio")
print(summary.head(10))
summary.to_csv(target)"""
_FIGURE = "plt.figure(figsize=(6, 4))\nplt.plot(x, y)\nplt.xlabel('x')\nplt.ylabel('y')\nplt.legend()\nplt.show()"
_FUNCTION = """def normalise(values, floor=0.0):
    top = max(values)
    kept = [v for v in values if v > floor]
    return [v / top for v in kept]"""


# Shorter forms: five statements on five lines (pasted twice), a busy line (pasted three times), figure
# code after different plotting calls (pasted three times).
_SHORT = """n = 2
rdd = sc.parallelize(range(10), n)
print('Partitions: {}'.format(rdd.getNumPartitions()))
print('Partitioner: {}'.format(rdd.partitioner))
print('Structure: {}'.format(rdd.glom().collect()))"""
_BUSY = "df['a'] = df['a'].replace({0: df['a'].median()})"
_PLOTTED = "{}\nplt.title('t')\nplt.xlabel('x')\nplt.ylabel('y')\nplt.savefig(path, dpi=300)\nplt.show()"
_PLOTS = ("sns.countplot(x='a', data=df)", "sns.kdeplot(data=df, x='b', fill=True)", "sns.violinplot(x='c', data=df)")


def _edit(source: str, rng: random.Random) -> str:
    lines = source.split("\n")
    choice = rng.randrange(8)
    if choice == 5:
        return _SHORT.replace("n = 2", f"n = {rng.randrange(9)}")
    if choice == 6:
        return rng.choice([_BUSY, _BUSY + "\n" + _BUSY.replace("'a'", "'b'")])
    if choice == 7:
        return _PLOTTED.format(rng.choice(_PLOTS))
    if choice == 0:
        return _BLOCK.replace("rows", rng.choice(["df", "table", "rows"]))
    if choice == 1:
        return _FIGURE
    if choice == 2 and len(lines) > 1:
        del lines[rng.randrange(len(lines))]
        return "\n".join(lines)
    if choice == 3:
        # asserts that reach the function directly, through a variable, or not at all
        return rng.choice(["assert normalise([1, 2]) == [0.5, 1.0]", "result = normalise(data)",
                           "assert result", "result = 3", _FUNCTION])
    return source + f"\nvalue_{rng.randrange(100)} = {rng.randrange(100)}"


def test_series_of_edits_report_what_a_cold_analysis_reports():
    rng = random.Random(7)
    sources = [_BLOCK, "x = 1", _BLOCK.replace("rows", "table"), _FIGURE, _FIGURE, _FUNCTION, "y = 2", _SHORT, _BUSY,
               *(_PLOTTED.format(plot) for plot in _PLOTS)] * 2
    seen_codes: set[str] = set()
    seen_short = False
    forget_kept()
    for step in range(60):
        position = rng.randrange(len(sources))
        sources[position] = _edit(sources[position], rng)
        data = notebook_json(*sources)
        for index, cell in enumerate(data["cells"]):
            cell["id"] = f"cell{index}"
        live = analyze_dict(data, "edited.ipynb")
        forget_kept()
        cold = analyze_dict(notebook_json(*sources), "edited.ipynb")
        live_findings = [(f["code"], f["message"], f["cell_index"], f["line"]) for f in live["findings"]]
        cold_findings = [(f["code"], f["message"], f["cell_index"], f["line"]) for f in cold["findings"]]
        assert live_findings == cold_findings, f"step {step}"
        seen_codes |= {code for code, *_ in live_findings}
        seen_short = seen_short or any("pasted" in message for code, message, *_ in live_findings if code == "DU001")
        analyze_dict(data, "edited.ipynb")  # warm the kept answers again for the next edit
    assert {"DU001", "DU003", "DU004", "TS001"} <= seen_codes
    assert seen_short, "no short repeat was reported along the edits"


def test_an_edit_of_what_an_assert_checks_through_a_variable_is_seen_live():
    forget_kept()
    sources = [_FUNCTION, "result = normalise(data)", "other = 1", "assert result"]

    def untested(sources: list[str]) -> list[str]:
        data = notebook_json(*sources)
        for index, cell in enumerate(data["cells"]):
            cell["id"] = f"cell{index}"
        return [f["message"] for f in analyze_dict(data, "edited.ipynb")["findings"] if f["code"] == "TS001"]

    assert untested(sources) == []
    sources[2] = "other = 2"  # an edit the reach does not depend on
    assert untested(sources) == []
    sources[1] = "result = 3"
    assert untested(sources) == ["Function 'normalise' is never tested: no assert, test or doctest exercises it"]
    sources[1] = "result = normalise(data)"
    assert untested(sources) == []


def test_items_mostly_replaced_are_searched_afresh_without_reading_their_runs():
    forget_searches()
    log: list[int] = []
    read: list[_Item] = []

    def kept(items: list[_Item]):
        return kept_search("test", items, lambda item: read.append(item) or item.runs, _search(items, log))

    items = [_Item("a"), _Item("b"), _Item("c"), _Item("d")]
    assert kept(items) == [] and len(log) == 1
    items = [items[0], _Item("e"), _Item("f"), _Item("g"), _Item("h")]  # another notebook, but for one cell
    assert kept(items) == [] and len(log) == 2
    items = [items[0], _Item("a"), _Item("x"), _Item("y"), _Item("z")]
    assert kept(items) == ["a"] and len(log) == 3
    assert kept(items) == ["a"] and len(log) == 3  # analysed again unchanged
    assert kept([]) == [] and len(log) == 4  # a notebook without a cell long enough: all the kept ones left
    assert read == []  # a batch run, each notebook analysed once, reads and counts nothing


class _Place:
    """A summary that reads its cell in the analysis it came from (an index into the notebook's cells)."""

    def __init__(self, index: int) -> None:
        self.index = index


def test_the_runs_of_the_kept_items_are_read_as_their_own_analysis_read_them():
    forget_searches()
    log: list[int] = []

    def kept(texts: list[str], items: list[_Place]):
        def search():
            log.append(1)
            return sorted({text for text in texts if texts.count(text) > 1})
        return kept_search("test", items, lambda item: (texts[item.index],), search)

    before = [_Place(0), _Place(1), _Place(2)]
    assert kept(["a", "a", "b"], before) == ["a"] and len(log) == 1
    # The first cell edited: its old run ("a", read from the first analysis, not "x") was repeated.
    assert kept(["x", "a", "b"], [_Place(0), before[1], before[2]]) == [] and len(log) == 2


class _Cell:
    """A cell the items name by index; held weakly by keys_by_cell."""

    def __init__(self, *runs: str) -> None:
        self.runs = runs


class _Fingerprint:
    def __init__(self, cell_index: int) -> None:
        self.cell_index = cell_index


def test_keys_by_cell_reads_the_named_cell_while_it_lives():
    cells = [_Cell("a"), _Cell("b")]
    keys_of = keys_by_cell(cells, lambda cell: cell.runs)
    assert keys_of(_Fingerprint(1)) == ("b",)
    del cells[1]
    gc.collect()
    assert keys_of(_Fingerprint(1)) is None


def test_a_kept_search_whose_cells_were_let_go_searches_again_then_counts_edits():
    forget_searches()
    log: list[int] = []
    cells = [_Cell("a"), _Cell("a"), _Cell("b")]
    items = [_Fingerprint(0), _Fingerprint(1), _Fingerprint(2)]

    def kept(cells: list[_Cell], items: list[_Fingerprint]):
        def search():
            log.append(1)
            return sorted({run for cell in cells for run in cell.runs
                           if sum(other.runs.count(run) for other in cells) > 1})
        return kept_search("test", items, keys_by_cell(cells, lambda cell: cell.runs), search)

    assert kept(cells, items) == ["a"] and len(log) == 1
    edited = [_Cell("x"), *cells[1:]]  # the first cell edited, and the old one let go
    del cells
    gc.collect()
    items = [_Fingerprint(0), *items[1:]]
    assert kept(edited, items) == [] and len(log) == 2
    edited = [*edited[:2], _Cell("c")]  # an edit whose runs occur nowhere else: counted, not searched
    assert kept(edited, [*items[:2], _Fingerprint(2)]) == [] and len(log) == 2
