"""The leakage rules' live path (runs, summaries and states kept from the last analysis, reused when only
names a cell does not need changed) reports exactly what a cold analysis reports, on leaky notebooks of
the evaluation set, after every cell is edited in turn, after edits that create, move and remove a leak,
inserted, deleted and moved cells."""

import copy
import hashlib
import re
from pathlib import Path

import pytest

from jupyterlab_promote.engine.notebook.reading import read_notebook_file
from jupyterlab_promote.engine.report.analysis import analyze_dict, forget_kept
from jupyterlab_promote.engine.report.live import DocumentCache

EVAL = Path(__file__).resolve().parents[2] / "benchmarks" / "eval" / "leakage" / "synthetic"
NOTEBOOKS = ["pre01_leak_scaler_numpy_slices", "pre16_leak_rescaled_train_resplit", "stat03_leak_zscore_pandas_function",
             "r01_leak_encoder_then_helper_slices", "r03_leak_scaler_then_selector_class_splits",
             "r04_leak_rerun_scaler_cell_out_of_order", "b2mt03_clean_evaluate_helper_table_no_choice",
             "mt01_leak_model_dict_max", "b2mt03_leak_evaluate_helper_reads_globals", "b2mt01_leak_threshold_on_test"]


def _leakage(report: dict) -> list[dict]:
    return [finding for finding in report["findings"] if finding["code"].startswith("LK")]


def _cold(data: dict) -> list[dict]:
    forget_kept()
    return _leakage(analyze_dict(copy.deepcopy(data), "live.ipynb"))


def _hashed(cell: dict) -> dict:
    source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
    return dict(cell, source=source, hash=hashlib.sha1(source.encode()).hexdigest())


class _Editor:
    """A notebook open in the browser: each request sends the cells it changed in full, the others by reference."""

    def __init__(self, data: dict) -> None:
        self.metadata = data["metadata"]
        self.cells = [_hashed(cell) for cell in data["cells"]]
        self.documents = DocumentCache()
        self.sent: set[tuple[str, str]] = set()

    def analyse(self) -> tuple[list[dict], dict]:
        request = [cell if (cell["id"], cell["hash"]) not in self.sent else {"id": cell["id"], "hash": cell["hash"]}
                   for cell in self.cells]
        self.sent = {(cell["id"], cell["hash"]) for cell in self.cells}
        assembled = self.documents.assemble("doc", {"metadata": self.metadata, "cells": request})
        return _leakage(analyze_dict(assembled, "live.ipynb")), assembled

    def set_source(self, position: int, source: str) -> None:
        self.cells[position] = _hashed(dict(self.cells[position], source=source))


_LEARNS = re.compile(r"fit(?:_transform|_resample)?\(|\.mean\(|train_test_split\(")
_SPLITS = re.compile(r"train_test_split\(|\[\w*:|\.sample\(")


def _edits(editor: _Editor):
    for position in range(len(editor.cells)):
        yield f"a new name in cell {position}", lambda p=position: editor.set_source(
            p, editor.cells[p]["source"] + f"\nedited_{p} = {p}")
    fit = next(i for i, cell in enumerate(editor.cells) if _LEARNS.search(cell["source"]))
    learning = editor.cells[fit]["source"]
    yield "what the later cells read no longer learns", lambda: editor.set_source(fit, "pass")
    yield "it learns again", lambda: editor.set_source(fit, learning)
    split = next(i for i, cell in enumerate(editor.cells) if _SPLITS.search(cell["source"]))
    original = editor.cells[split]["source"]
    yield "the split rebinds a name the others read", lambda: editor.set_source(split, original + "\nX = None")
    yield "the split taken out", lambda: editor.set_source(split, "pass")
    yield "the split put back", lambda: editor.set_source(split, original)
    new = _hashed({"cell_type": "code", "id": "inserted", "metadata": {}, "outputs": [], "execution_count": None,
                   "source": "from sklearn.preprocessing import MinMaxScaler"})
    yield "insert a cell", lambda: editor.cells.insert(1, new)
    yield "move a cell", lambda: editor.cells.insert(1, editor.cells.pop())
    yield "delete a cell", lambda: editor.cells.pop(1)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_live_leakage_findings_equal_cold_ones_after_every_edit(name):
    editor = _Editor(read_notebook_file(EVAL / f"{name}.ipynb", 100))
    live, assembled = editor.analyse()
    assert live == _cold(assembled)
    first = live
    editor.analyse()
    for what, edit in _edits(editor):
        edit()
        live, assembled = editor.analyse()
        assert live == _cold(assembled), what
    assert first or "clean" in name


def test_a_cell_calling_a_helper_that_reads_the_edited_split_is_walked_again():
    sources = ["from sklearn.model_selection import train_test_split",
               "X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)",
               "def evaluate(model):\n    model.fit(X_train, y_train)\n    return model.score(X_test, y_test)",
               "scores = {name: evaluate(m) for name, m in zoo.items()}\nbest = max(scores, key=scores.get)\n"
               "print(best, scores[best])"]
    cells = [{"cell_type": "code", "id": f"c{i}", "metadata": {}, "outputs": [], "execution_count": None,
              "source": source} for i, source in enumerate(sources)]
    editor = _Editor({"metadata": {"language_info": {"name": "python"}}, "cells": cells})
    live, _ = editor.analyse()
    assert [f["code"] for f in live] == ["LK006"]
    # The helper now measures on the training rows: no test set chooses any more.
    editor.set_source(1, sources[1] + "\nX_test, y_test = X_train, y_train")
    live, assembled = editor.analyse()
    assert live == _cold(assembled) == []
