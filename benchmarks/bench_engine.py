"""Measure the engine against the budgets of DESIGN §7 and print a Markdown table for the README.

    python benchmarks/bench_engine.py NOTEBOOK_FOLDER

NOTEBOOK_FOLDER is a folder of real notebooks (the README's figures come from the team's corpus of 100).
Figures: analysis time against the parse floor (json.loads + ast.parse of the code cells, same process,
per-cell caches cleared), the same for the per-cell work every analysis starts with, CLI start-up,
100 notebooks with --jobs, re-analysis after a one-cell edit of a 300-cell notebook, and peak memory
on a 100 MB notebook.
"""

import ast
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from jupyterlab_promote.engine import check_file  # noqa: E402
from jupyterlab_promote.engine.notebook.source import parse_cell  # noqa: E402
from jupyterlab_promote.engine.report.analysis import analyze_dict, forget_kept  # noqa: E402
from jupyterlab_promote.engine.report.live import DocumentCache  # noqa: E402


def parse_floor(path: Path) -> None:
    data = json.loads(path.read_bytes())
    for cell in data.get("cells", []):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            try:
                ast.parse("".join(source) if isinstance(source, list) else source)
            except SyntaxError:
                pass


def per_cell_work(path: Path) -> None:
    """What every analysis does before any rule runs: json.loads, and parse_cell of each code cell (IPython's
    transform of magics, the syntax tree, the scoped name analysis)."""
    data = json.loads(path.read_bytes())
    for cell in data.get("cells", []):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            parse_cell("".join(source) if isinstance(source, list) else source)


class Timing:
    """Wall-clock and CPU seconds of one run: the machine may be shared, CPU time is the steadier figure."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    def __enter__(self) -> "Timing":
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self._wall, time.process_time() - self._cpu


def best_of(repeat: int, function, *args) -> tuple[float, float]:
    """The fastest (wall, CPU) seconds of `repeat` runs, each with cold per-cell caches (parses, reused
    cells and what hangs on them): the analysis of a notebook seen for the first time."""
    runs = []
    for _ in range(repeat):
        forget_kept()
        with Timing() as timing:
            function(*args)
        runs.append(timing)
    return min(r.wall for r in runs), min(r.cpu for r in runs)


def engine_vs_floor(notebooks: list[Path], repeat: int = 5,
                    engine_run=check_file) -> dict[str, tuple[float, float, float, float]]:
    """Per clock ("wall", "cpu"): (whole-corpus ratio, median notebook ratio, floor seconds, engine seconds)."""
    totals = {"wall": [0.0, 0.0], "cpu": [0.0, 0.0]}
    ratios: dict[str, list[float]] = {"wall": [], "cpu": []}
    check_file(notebooks[0])  # warm imports (IPython's transformer, importlib.metadata) outside the timings
    for path in notebooks:
        floor = best_of(repeat, parse_floor, path)
        engine = best_of(repeat, engine_run, path)
        for clock, f, e in (("wall", floor[0], engine[0]), ("cpu", floor[1], engine[1])):
            totals[clock][0] += f
            totals[clock][1] += e
            ratios[clock].append(e / f if f else 1.0)
    return {
        clock: (e / f, statistics.median(ratios[clock]), f, e) for clock, (f, e) in totals.items()
    }


def command_seconds(args: list[str], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, check=False, capture_output=True)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def _live_document(notebooks: list[Path]) -> tuple[list[dict], dict, DocumentCache]:
    """300 code cells of real notebooks, analysed once in full as the live panel's first request does."""
    cells = []
    for path in notebooks:
        cells.extend(c for c in json.loads(path.read_bytes())["cells"] if c.get("cell_type") == "code")
        if len(cells) >= 300:
            break
    # Sources as one string each, as JupyterLab's model sends them (files store lists of lines).
    cells = [dict(c, id=f"cell{i}", hash="v0", source="".join(c["source"])) for i, c in enumerate(cells[:300])]
    metadata = {"language_info": {"name": "python"}}
    documents = DocumentCache()
    analyze_dict(documents.assemble("big", {"metadata": metadata, "cells": cells}), "big.ipynb")
    return cells, metadata, documents


def one_cell_edit_p95(notebooks: list[Path], edits: int = 200) -> tuple[float, float]:
    """p95 (wall, CPU) seconds of a live re-analysis after a one-cell edit, as the server does it.

    The first request sends every cell in full; each edit then sends the edited cell in full and the
    others as {id, hash} references, which DocumentCache.assemble resolves to the cells it kept.
    """
    cells, metadata, documents = _live_document(notebooks)
    walls, cpus = [], []
    for i in range(edits):
        position = (i * 37) % 300
        edited = cells[position]
        edited = dict(edited, source=edited["source"] + f"\nedited_{i} = {i}", hash=f"v{i + 1}")
        cells[position] = edited
        request = [c if c is edited else {"id": c["id"], "hash": c["hash"]} for c in cells]
        with Timing() as timing:
            analyze_dict(documents.assemble("big", {"metadata": metadata, "cells": request}), "big.ipynb")
        walls.append(timing.wall)
        cpus.append(timing.cpu)
    return statistics.quantiles(walls, n=20)[18], statistics.quantiles(cpus, n=20)[18]


def inserted_cell(notebooks: list[Path], inserts: int = 40) -> tuple[float, float]:
    """Median and p95 wall seconds of a live re-analysis after a new cell is inserted near the top of 300:
    every cell below it is renumbered, so it keeps only what depends on its text alone."""
    cells, metadata, documents = _live_document(notebooks)
    walls = []
    for i in range(inserts):
        new = {"cell_type": "code", "id": f"new{i}", "hash": "v0", "source": "", "metadata": {}, "outputs": [],
               "execution_count": None}
        cells.insert(10, new)
        request = [c if c is new else {"id": c["id"], "hash": c["hash"]} for c in cells]
        with Timing() as timing:
            analyze_dict(documents.assemble("big", {"metadata": metadata, "cells": request}), "big.ipynb")
        walls.append(timing.wall)
    return statistics.median(walls), statistics.quantiles(walls, n=20)[18]


# Peak memory is read from VmHWM, which starts afresh with the new program: ru_maxrss would carry the
# benchmark's own peak over from the fork.
MEMORY_PROBE = """
import re, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from jupyterlab_promote.engine import check_file
def peak_kb():
    with open("/proc/self/status") as status:
        return int(re.search(r"VmHWM:\\s+(\\d+)", status.read()).group(1))
before = peak_kb()
start = time.perf_counter()
entry = check_file(Path(sys.argv[1]))
print(time.perf_counter() - start, before, peak_kb(), entry["error"])
"""


def big_notebook_memory(size_mb: int = 100) -> tuple[float, float, float]:
    chunk = "iVBORw0KGgo" * 100_000  # about 1 MB of base64-looking image data per output
    outputs = [{"output_type": "display_data", "metadata": {}, "data": {"image/png": chunk, "text/plain": "<Figure>"}}]
    cells = [{"cell_type": "code", "id": f"c{i}", "metadata": {}, "execution_count": i + 1,
              "source": f"plot({i})", "outputs": outputs} for i in range(size_mb)]
    data = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.ipynb"
        path.write_text(json.dumps(data), encoding="utf-8")
        size = path.stat().st_size / 1024 / 1024
        done = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(path), str(REPO)],
                              capture_output=True, text=True, check=True)
        seconds, before_kb, after_kb, error = done.stdout.split(maxsplit=3)
        assert error.strip() == "None", error
        return size, float(seconds), (int(after_kb) - int(before_kb)) / 1024


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: python benchmarks/bench_engine.py NOTEBOOK_FOLDER")
    corpus = Path(sys.argv[1])
    notebooks = sorted(corpus.glob("*.ipynb"))
    if not notebooks:
        sys.exit(f"no notebooks in {corpus}")
    versus_floor = engine_vs_floor(notebooks)
    cell_work = engine_vs_floor(notebooks, engine_run=per_cell_work)["cpu"]
    cli = [sys.executable, "-m", "jupyterlab_promote.cli"]
    help_s = command_seconds([*cli, "--help"], 7)
    bulk = command_seconds([*cli, "check", str(corpus), "--jobs", "2", "--format", "json"], 3)
    edit_p95 = one_cell_edit_p95(notebooks)
    insert = inserted_cell(notebooks)
    size, big_s, big_mb = big_notebook_memory()
    rows = [
        *(
            (f"Analysis vs parse floor, whole corpus ({clock})", f"{ratio:.2f}× ({engine:.2f} s vs {floor:.2f} s)", "≤ 2.5×")
            for clock, (ratio, _, floor, engine) in versus_floor.items()
        ),
        *(
            (f"Analysis vs parse floor, median notebook ({clock})", f"{median:.2f}×", "")
            for clock, (_, median, _, _) in versus_floor.items()
        ),
        ("Per-cell work alone (parse, magics, names) vs parse floor (cpu)",
         f"{cell_work[0]:.2f}× ({cell_work[3]:.2f} s vs {cell_work[2]:.2f} s)", ""),
        ("`jupyter-promote --help`", f"{help_s * 1000:.0f} ms", "≤ 300 ms"),
        (f"`check` on {len(notebooks)} notebooks, `--jobs 2`", f"{bulk:.2f} s", "≤ 3 s"),
        ("Re-analysis after a one-cell edit, 300 cells (p95, wall)", f"{edit_p95[0] * 1000:.1f} ms", "≤ 15 ms"),
        ("Re-analysis after a one-cell edit, 300 cells (p95, CPU)", f"{edit_p95[1] * 1000:.1f} ms", "≤ 15 ms"),
        ("Re-analysis after inserting a cell near the top, 300 cells (median, p95, wall)",
         f"{insert[0] * 1000:.1f} ms, {insert[1] * 1000:.1f} ms", ""),
        (f"{size:.0f} MB notebook: time, peak memory added", f"{big_s:.2f} s, {big_mb:.0f} MB "
         f"({big_mb / size:.1f}× its size)", "≤ 4×"),
    ]
    print("| measure | result | budget |\n|---|---|---|")
    for name, value, budget in rows:
        print(f"| {name} | {value} | {budget} |")


if __name__ == "__main__":
    main()
