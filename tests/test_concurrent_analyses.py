"""The server analyses in a thread pool: analyses running at once, sharing the kept cells, parses and
findings (and evicting them from small caches), report what each would report alone."""

import copy
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from jupyterlab_promote.engine.notebook import model
from jupyterlab_promote.engine.notebook.reading import read_notebook_file
from jupyterlab_promote.engine.report import analysis
from jupyterlab_promote.engine.report.analysis import analyze_dict
from jupyterlab_promote.engine.report.cell_scope import CellScopedFindings

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted([*(REPO / "tests" / "golden" / "notebooks").glob("*.ipynb"), *(REPO / "examples").glob("*.ipynb")])


def test_analyses_in_threads_with_small_caches_match_sequential_ones(monkeypatch):
    datas = [read_notebook_file(path, 100) for path in NOTEBOOKS]
    # Variants with one edited cell, so threads both reuse and replace kept cells.
    for data in list(datas):
        edited = copy.deepcopy(data)
        code = next(cell for cell in edited["cells"] if cell["cell_type"] == "code")
        code["source"] = "".join(code["source"]) + "\nextra = 1"
        datas.append(edited)
    expected = [analyze_dict(copy.deepcopy(data), "nb.ipynb") for data in datas]
    monkeypatch.setattr(model, "RECENT_CELLS", model.RecentCells(size=16))
    monkeypatch.setattr(analysis, "CELL_SCOPED_FINDINGS", CellScopedFindings(max_cells=16))
    # Switch threads as often as possible, so that cache look-ups and evictions interleave.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            jobs = [(i, pool.submit(analyze_dict, datas[i], "nb.ipynb")) for _ in range(6) for i in range(len(datas))]
            results = [(i, job.result()) for i, job in jobs]
    finally:
        sys.setswitchinterval(interval)
    assert len(results) == 6 * len(datas)
    for i, result in results:
        assert result == expected[i], NOTEBOOKS[i % len(NOTEBOOKS)].name
