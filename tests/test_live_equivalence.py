"""A live re-analysis, built from everything kept since the last one, reports exactly what a cold analysis
of the same notebook reports: after edits, new and deleted cells, moves, an edited import cell and an
edit taken back, on real notebooks."""

import copy
import hashlib
from pathlib import Path

import pytest

from jupyterlab_promote.engine.notebook.reading import read_notebook_file
from jupyterlab_promote.engine.report.analysis import analyze_dict, forget_kept
from jupyterlab_promote.engine.report.live import DocumentCache

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted([*(REPO / "tests" / "golden" / "notebooks").glob("*.ipynb"), *(REPO / "examples").glob("*.ipynb")])


def _cold(data: dict) -> dict:
    forget_kept()
    return analyze_dict(copy.deepcopy(data), "live.ipynb")


def _hashed(cell: dict) -> dict:
    source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
    return dict(cell, source=source, hash=hashlib.sha1(source.encode()).hexdigest())


class _Editor:
    """A notebook open in the browser: each request sends the cells it changed in full, the others by reference."""

    def __init__(self, data: dict) -> None:
        self.metadata = data["metadata"]
        self.cells = [_hashed(dict(cell, id=cell.get("id") or f"c{i}")) for i, cell in enumerate(data["cells"])]
        self.documents = DocumentCache()
        self.sent: set[tuple[str, str]] = set()

    def analyse(self) -> tuple[dict, dict]:
        request = [cell if (cell["id"], cell["hash"]) not in self.sent else {"id": cell["id"], "hash": cell["hash"]}
                   for cell in self.cells]
        self.sent = {(cell["id"], cell["hash"]) for cell in self.cells}
        assembled = self.documents.assemble("doc", {"metadata": self.metadata, "cells": request})
        return analyze_dict(assembled, "live.ipynb"), assembled

    def code_positions(self) -> list[int]:
        return [i for i, cell in enumerate(self.cells) if cell["cell_type"] == "code"]

    def set_source(self, position: int, source: str) -> None:
        self.cells[position] = _hashed(dict(self.cells[position], source=source))


def _edits(editor: _Editor):
    code = editor.code_positions()
    middle = code[len(code) // 2]
    original = editor.cells[middle]["source"]
    yield "edit a cell", lambda: editor.set_source(middle, original + "\nedited = 1")
    first_import = next((i for i in code if "import" in editor.cells[i]["source"]), code[0])
    yield "edit the imports", lambda: editor.set_source(
        first_import, "import os as operating_system\n" + editor.cells[first_import]["source"])
    new = _hashed({"cell_type": "code", "id": "inserted", "metadata": {}, "outputs": [], "execution_count": None,
                   "source": "import random\nrandom.shuffle(items)\napi_key = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'"})
    yield "insert a cell", lambda: editor.cells.insert(min(3, len(editor.cells)), new)
    yield "delete a cell", lambda: editor.cells.pop(min(5, len(editor.cells) - 1))
    yield "move a cell", lambda: editor.cells.insert(1, editor.cells.pop())
    yield "take the first edit back", lambda: editor.set_source(
        next(i for i, cell in enumerate(editor.cells) if cell["source"] == original + "\nedited = 1"), original)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_live_analysis_equals_a_cold_one_after_every_kind_of_edit(path):
    editor = _Editor(read_notebook_file(path, 100))
    live, assembled = editor.analyse()
    assert live == _cold(assembled)
    editor.analyse()  # warm: every cell is now a reference to a kept one
    for what, edit in _edits(editor):
        edit()
        live, assembled = editor.analyse()
        assert live == _cold(assembled), what
    assert any(f["code"] == "SC001" for f in live["findings"])
