"""Enormous cells: what the analysis keeps of them is bounded, and one giant line is not parsed.

A syntax tree takes 130 to 300 bytes per character of code. Before these bounds, every distinct 0.6 MB
cell kept about 80 MB alive in the server for good, and one 5 MB line of generated code took 1.6 GB
while it was analysed.
"""

import gc
import tracemalloc
import weakref

from jupyterlab_promote.engine import check_json
from jupyterlab_promote.engine.notebook.kept import KEPT_SOURCE_CHARS, KeptByCell
from jupyterlab_promote.engine.notebook.source import MAX_PARSED_CHARS, parse_cell
from jupyterlab_promote.engine.report.analysis import forget_kept

from factories import notebook_json

GENERATED_LINE = "x = [" + "1, " * ((MAX_PARSED_CHARS * 3 // 2) // 3) + "]\n"


def test_a_giant_line_is_reported_not_parsed_and_memory_stays_near_its_size():
    forget_kept()
    tracemalloc.start()
    try:
        entry = check_json(notebook_json(GENERATED_LINE, "print(undefined_name)"), "generated.ipynb")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * len(GENERATED_LINE), f"{peak / 2**20:.0f} MB for a {len(GENERATED_LINE) / 2**20:.1f} MB cell"
    giant = [f for f in entry["findings"] if f["cell_id"] == "c0"]
    assert [(f["code"], f["severity"]) for f in giant] == [("MD002", "info")]
    assert "1.5 MB of code" in giant[0]["message"] and "not analysed" in giant[0]["message"]
    # The other cells are analysed as usual.
    assert any(f["code"] == "HS005" and f["cell_id"] == "c1" for f in entry["findings"])


def test_the_parses_kept_between_analyses_are_bounded_by_source_size():
    forget_kept()
    size = KEPT_SOURCE_CHARS // 3
    sources = [f"value = {n}\ntext = '" + "a" * size + "'\n" for n in range(6)]
    alive = []
    for n, source in enumerate(sources):
        check_json(notebook_json({"cell_type": "code", "source": source, "metadata": {}, "outputs": [],
                                  "execution_count": None, "id": f"cell-{n}"}), f"nb{n}.ipynb")
        alive.append(weakref.ref(parse_cell(source)))
    gc.collect()
    kept = sum(len(source) for source, parsed in zip(sources, alive) if parsed() is not None)
    assert kept <= KEPT_SOURCE_CHARS, f"{kept} characters of parsed cells kept"
    assert alive[-1]() is not None  # the latest is still there for the next analysis
    forget_kept()


def test_a_value_over_the_budget_is_not_kept_and_evicts_nothing():
    kept = KeptByCell(size=10, chars=len, max_chars=10)
    kept.put("a", None, "aaaa")
    kept.put("b", "cell", "b" * 11)
    assert kept.get("b") is None and kept.get("a") == "aaaa"
    kept.put("c", None, "cccccc")
    kept.put("d", None, "dd")
    assert kept.get("a") is None and kept.total_chars == 8


def test_the_live_documents_kept_are_bounded_by_their_text():
    from jupyterlab_promote.engine.report.live import DocumentCache, MissingCells

    documents = DocumentCache(max_chars=1_000)
    cell = {"cell_type": "code", "id": "c0", "hash": "h", "source": "x" * 600, "metadata": {}, "outputs": [],
            "execution_count": None}
    documents.assemble("first", {"cells": [cell]})
    documents.assemble("second", {"cells": [cell]})
    assert documents.assemble("second", {"cells": [{"id": "c0", "hash": "h"}]})["cells"][0]["source"] == "x" * 600
    try:
        documents.assemble("first", {"cells": [{"id": "c0", "hash": "h"}]})
    except MissingCells as missing:
        assert missing.cell_ids == ["c0"]  # dropped: the two documents held more text than allowed
    else:
        raise AssertionError("the least recently used document was kept beyond the budget")
