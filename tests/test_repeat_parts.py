"""kept_parts searches again only the groups of items an edit changed, and merges the groups' answers in
order; the copy searches built on it (DU001 and its short blocks, DU004's figure blocks) report, after
edits of the very cells that hold the repeated runs, what a cold analysis reports."""

import hashlib
import random

from jupyterlab_promote.engine.notebook.repeat_memo import forget_searches, kept_parts, linked_groups
from jupyterlab_promote.engine.report.analysis import analyze_dict, forget_kept
from jupyterlab_promote.engine.report.live import DocumentCache

from factories import notebook_json


class _Item:
    """A cell's summary: a new object for each edit, as per-cell summaries are."""

    def __init__(self, order: int, *runs: str) -> None:
        self.order, self.runs = order, runs


def _kept(items: list[_Item], searched: list[tuple[int, ...]]) -> list[str]:
    def search_group(group: tuple[_Item, ...]) -> list[tuple[int, str]]:
        searched.append(tuple(item.order for item in group))
        runs = [run for item in group for run in item.runs]
        return [(item.order, f"{item.order}:{','.join(item.runs)}") for item in group
                if any(runs.count(run) > 1 for run in item.runs)]  # an item holding no repeated run has none

    return kept_parts("test", items, lambda item: item.runs, search_group)


def test_items_holding_a_run_held_elsewhere_are_grouped_in_order():
    keys = [("a", "b"), ("c",), ("b", "d"), ("e", "e"), ("d",), ("f",), ("a",)]
    assert linked_groups(keys, {"a", "b", "d", "e"}) == [[0, 2, 4, 6], [3]]
    assert linked_groups([("a",), ("b",)], set()) == []


def test_only_the_groups_an_edit_changed_are_searched_again():
    forget_searches()
    searched: list[tuple[int, ...]] = []
    items = [_Item(0, "a"), _Item(1, "b"), _Item(2, "a"), _Item(3, "b"), _Item(4, "z")]
    assert _kept(items, searched) == ["0:a", "1:b", "2:a", "3:b"]
    assert searched == [(0, 1, 2, 3, 4)]  # a first search, in one go: nothing read or grouped yet
    items[3] = _Item(3, "b", "x")  # the first edit reads the runs and searches every group
    assert _kept(items, searched) == ["0:a", "1:b", "2:a", "3:b,x"]
    assert searched[1:] == [(0, 2), (1, 3)]
    items[3] = _Item(3, "b", "w")  # still linked to item 1: only that group is searched again
    assert _kept(items, searched) == ["0:a", "1:b", "2:a", "3:b,w"]
    assert searched[3:] == [(1, 3)]
    items[4] = _Item(4, "y")  # holds no repeated run: nothing is searched
    assert _kept(items, searched) == ["0:a", "1:b", "2:a", "3:b,w"] and len(searched) == 4
    items[4] = _Item(4, "a", "b")  # joins both groups into one
    assert _kept(items, searched) == ["0:a", "1:b", "2:a", "3:b,w", "4:a,b"]
    assert searched[4:] == [(0, 1, 2, 3, 4)]
    del items[4]  # splits them again: both groups are new
    assert _kept(items, searched) == ["0:a", "1:b", "2:a", "3:b,w"]
    assert sorted(searched[5:]) == [(0, 2), (1, 3)]


def test_another_context_starts_afresh():
    forget_searches()
    searched: list[tuple[int, ...]] = []
    items = [_Item(0, "a"), _Item(1, "a")]

    def search_group(group):
        searched.append(tuple(item.order for item in group))
        return [(0, "found")]

    kept_parts("test", items, lambda item: item.runs, search_group, context=1)
    kept_parts("test", items, lambda item: item.runs, search_group, context=2)
    assert searched == [(0, 1), (0, 1)]


_CLEAN = """frame = load(path)
frame = frame[frame.value > 0]
frame["ratio"] = frame.a / frame.b
summary = frame.groupby("key").agg({"ratio": "mean"})
summary = summary.sort_values("ratio")
print(summary.head(10))
summary.to_csv(target)"""
_TRAIN = """model = Model(depth=4, rate=0.1)
model.fit(train_x, train_y)
scores = model.score(test_x, test_y)
report = summarise(scores, digits=3)
history.append(report)
print(f"score {report}")"""
_FIGURE = "{}\nplt.title('t')\nplt.xlabel('x')\nplt.ylabel('y')\nplt.savefig(path, dpi=300)\nplt.show()"
_PLOTS = ("sns.countplot(x='a', data=df)", "sns.kdeplot(data=df, x='b', fill=True)", "plt.plot(x, y)")
_SHORT = "n = 2\nrdd = sc.parallelize(range(10), n)\nprint(rdd.getNumPartitions())\nprint(rdd.glom().collect())"
_BUSY = "df['a'] = df['a'].replace({0: df['a'].median()})"
_PIECES = (_CLEAN, _TRAIN, _SHORT, _BUSY, *(_FIGURE.format(plot) for plot in _PLOTS))


def _renamed(source: str, rng: random.Random) -> str:
    return source.replace("frame", rng.choice(["frame", "table", "rows"])).replace("model", rng.choice(["model", "m"]))


def _edited(source: str, rng: random.Random) -> str:
    """An edit of a cell holding copied code: a line changed, left out or added, another copy pasted in."""
    lines = source.split("\n")
    choice = rng.randrange(5)
    if choice == 0:
        lines[rng.randrange(len(lines))] += ".copy()"  # the line takes another shape
    elif choice == 1 and len(lines) > 1:
        del lines[rng.randrange(len(lines))]
    elif choice == 2:
        lines.insert(rng.randrange(len(lines) + 1), f"step_{rng.randrange(9)} = compute({rng.randrange(9)})")
    elif choice == 3:
        lines += _renamed(rng.choice(_PIECES), rng).split("\n")
    else:
        return _renamed(rng.choice(_PIECES), rng)
    return "\n".join(lines)


def _findings(result: dict) -> list[tuple]:
    return [(f["code"], f["message"], f["cell_index"], f["line"], f["end_line"]) for f in result["findings"]
            if f["code"].startswith("DU")]


def test_edits_of_the_copied_cells_report_what_a_cold_analysis_reports():
    rng = random.Random(11)
    sources = [_renamed(rng.choice(_PIECES), rng) if i % 3 else f"value_{i} = {i}" for i in range(40)]
    ids = [f"cell{i}" for i in range(len(sources))]
    documents = DocumentCache()
    forget_kept()
    seen: set[str] = set()
    for step in range(50):
        copied = [i for i, source in enumerate(sources) if not source.startswith("value_")]
        position = rng.choice(copied)
        action = rng.randrange(6)
        if action == 0:  # a new cell holding a copy
            sources.insert(position, _renamed(rng.choice(_PIECES), rng))
            ids.insert(position, f"new{step}")
        elif action == 1 and len(sources) > 10:
            del sources[position], ids[position]
        else:
            sources[position] = _edited(sources[position], rng)
        data = notebook_json(*sources)
        cells = [dict(cell, id=cell_id, hash=hashlib.sha1(cell["source"].encode()).hexdigest())
                 for cell, cell_id in zip(data["cells"], ids)]
        live = analyze_dict(documents.assemble("doc", {"metadata": data["metadata"], "cells": cells}), "doc.ipynb")
        forget_kept()
        cold = analyze_dict(notebook_json(*sources), "doc.ipynb")
        assert _findings(live) == _findings(cold), f"step {step}"
        seen |= {code for code, *_ in _findings(live)}
        documents = DocumentCache()
        analyze_dict(documents.assemble("doc", {"metadata": data["metadata"], "cells": cells}), "doc.ipynb")
    assert {"DU001", "DU003", "DU004"} <= seen
