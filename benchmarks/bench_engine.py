"""Measure the engine against the budgets of DESIGN §7 and print a Markdown table for the README.

    python benchmarks/bench_engine.py [CORPUS_FOLDER]

CORPUS_FOLDER defaults to the shared corpus beside the repository (../shared/corpus/visible).
Figures: analysis time against the parse floor (json.loads + ast.parse of the code cells, same process,
per-cell parse cache cleared), CLI start-up, 100 notebooks with --jobs, re-analysis after a one-cell edit
of a 300-cell notebook, and peak memory on a 100 MB notebook.
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

from jupyterlab_promote.engine import check_file, check_json  # noqa: E402
from jupyterlab_promote.engine.source import parse_cell  # noqa: E402


def parse_floor(path: Path) -> None:
    data = json.loads(path.read_bytes())
    for cell in data.get("cells", []):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            try:
                ast.parse("".join(source) if isinstance(source, list) else source)
            except SyntaxError:
                pass


def best_of(repeat: int, function, *args) -> float:
    timings = []
    for _ in range(repeat):
        parse_cell.cache_clear()
        start = time.perf_counter()
        function(*args)
        timings.append(time.perf_counter() - start)
    return min(timings)


def engine_vs_floor(notebooks: list[Path]) -> tuple[float, float, float, float]:
    floor = engine = 0.0
    ratios = []
    check_file(notebooks[0])  # warm imports (IPython's transformer, importlib.metadata) outside the timings
    for path in notebooks:
        f = best_of(3, parse_floor, path)
        e = best_of(3, check_file, path)
        floor += f
        engine += e
        ratios.append(e / f if f else 1.0)
    return engine / floor, statistics.median(ratios), floor, engine


def command_seconds(args: list[str], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, check=False, capture_output=True)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def one_cell_edit_p95(notebooks: list[Path], edits: int = 200) -> float:
    cells = []
    for path in notebooks:
        cells.extend(c for c in json.loads(path.read_bytes())["cells"] if c.get("cell_type") == "code")
        if len(cells) >= 300:
            break
    data = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"language_info": {"name": "python"}},
            "cells": [dict(c, id=f"cell{i}") for i, c in enumerate(cells[:300])]}
    check_json(data, "big.ipynb")
    timings = []
    for i in range(edits):
        target = data["cells"][(i * 37) % 300]
        target["source"] = "".join(target["source"]) + f"\nedited_{i} = {i}"
        start = time.perf_counter()
        check_json(data, "big.ipynb")
        timings.append(time.perf_counter() - start)
    return statistics.quantiles(timings, n=20)[18]


MEMORY_PROBE = """
import resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from jupyterlab_promote.engine import check_file
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
entry = check_file(Path(sys.argv[1]))
print(time.perf_counter() - start, before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, entry["error"])
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
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "corpus" / "visible"
    notebooks = sorted(corpus.glob("*.ipynb"))
    if not notebooks:
        sys.exit(f"no notebooks in {corpus}")
    ratio, median_ratio, floor, engine = engine_vs_floor(notebooks)
    cli = [sys.executable, "-m", "jupyterlab_promote.cli"]
    help_s = command_seconds([*cli, "--help"], 7)
    bulk = command_seconds([*cli, "check", str(corpus), "--jobs", "2", "--format", "json"], 3)
    edit_p95 = one_cell_edit_p95(notebooks)
    size, big_s, big_mb = big_notebook_memory()
    rows = [
        ("Analysis vs parse floor, whole corpus", f"{ratio:.2f}× ({engine:.2f} s vs {floor:.2f} s)", "≤ 2.5×"),
        ("Analysis vs parse floor, median notebook", f"{median_ratio:.2f}×", ""),
        ("`jupyter-promote --help`", f"{help_s * 1000:.0f} ms", "≤ 300 ms"),
        (f"`check` on {len(notebooks)} notebooks, `--jobs 2`", f"{bulk:.2f} s", "≤ 3 s"),
        ("Re-analysis after a one-cell edit, 300 cells (p95)", f"{edit_p95 * 1000:.1f} ms", "≤ 15 ms"),
        (f"{size:.0f} MB notebook: time, peak memory added", f"{big_s:.2f} s, {big_mb:.0f} MB "
         f"({big_mb / size:.1f}× its size)", "≤ 4×"),
    ]
    print("| measure | result | budget |\n|---|---|---|")
    for name, value, budget in rows:
        print(f"| {name} | {value} | {budget} |")


if __name__ == "__main__":
    main()
