"""The whole `jupyter-promote check --format json` run as a CI user waits for it, against the parse floor.

    python benchmarks/bench_cli.py NOTEBOOK_FOLDER [--sizes 100,1000] [--repeat 3] [--check-args "--jobs 1"]

The floor is a fresh process doing json.loads + ast.parse of the code cells of the same notebooks; the
ratio is the median over `--repeat` rounds of (check wall / floor wall), each round running the floor and
then the check, so a change in the machine's load hits both. 100 is NOTEBOOK_FOLDER itself; larger sizes
are copies of it in a temporary folder, each copy's code cells given a different last line so no cache
keyed by a cell's text helps, laid out nested (folders of 20 notebooks) and in one folder. Prints a
Markdown table with the load average before and after, the CPU per notebook (the check process and its
workers) and the peak memory (the largest process, and the process tree's sampled sum). The package's
bytecode is compiled first, into a temporary cache, as an install has it.
"""

import argparse
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

FLOOR = r"""
import ast, json, os, sys
for folder, _, files in os.walk(sys.argv[1]):
    for name in sorted(files):
        if not name.endswith(".ipynb"):
            continue
        with open(os.path.join(folder, name), "rb") as file:
            data = json.loads(file.read())
        for cell in data.get("cells", []):
            if cell.get("cell_type") == "code":
                source = cell.get("source", "")
                try:
                    ast.parse("".join(source) if isinstance(source, list) else source)
                except SyntaxError:
                    pass
"""
NESTED_FOLDER_SIZE = 20


def check_command() -> list[str]:
    """The console script a CI user runs, beside this Python (the module when it is not installed)."""
    script = Path(sys.executable).with_name("jupyter-promote")
    return [str(script)] if script.exists() else [sys.executable, "-m", "jupyterlab_promote.cli"]


def compile_like_an_install(prefix: Path, folder: Path) -> None:
    """Give the measured processes bytecode for every module they import, as an install has it: a checkout
    run with PYTHONDONTWRITEBYTECODE (or from a read-only folder) compiles the package in every process.
    The cache is a temporary prefix, filled by one run that is not measured."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(prefix)
    subprocess.run([*check_command(), "check", "--format", "json", str(folder)], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-c", FLOOR, str(folder)], check=True)


def marked(source: str, copy: int) -> str:
    """The k-th copy's cell: its code and a line of its own."""
    return source + f"\n# copy {copy}"


def varied_copies(corpus: list[Path], count: int, root: Path, nested: bool, vary=marked) -> Path:
    """`count` notebooks made of the corpus, each code cell of the k-th copy passed through `vary(source, k)`."""
    folder = root / f"{count}-{'nested' if nested else 'flat'}"
    for number in range(count):
        copy, original = divmod(number, len(corpus))
        data = json.loads(corpus[original].read_bytes())
        for cell in data.get("cells", []):
            if cell.get("cell_type") == "code":
                source = cell.get("source", "")
                cell["source"] = vary("".join(source) if isinstance(source, list) else str(source), copy)
        place = folder / f"copy{copy}" / f"part{original // NESTED_FOLDER_SIZE}" if nested else folder
        place.mkdir(parents=True, exist_ok=True)
        name = f"{copy}_{corpus[original].name}" if not nested else corpus[original].name
        (place / name).write_text(json.dumps(data), encoding="utf-8")
    return folder


class TreeMemory:
    """The resident memory of a process and its descendants, sampled every 50 ms: the largest one, and the
    sum (ru_maxrss would give only the largest child, and keep it from one run to the next)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_kb, self.largest_kb, self._done = pid, 0, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.wait(0.05):
            sizes = [_rss_kb(pid) for pid in _tree(self.pid)]
            self.peak_kb, self.largest_kb = max(self.peak_kb, sum(sizes)), max(self.largest_kb, *sizes)

    def stop(self) -> tuple[int, int]:
        """(largest process's peak KB, tree's peak KB)."""
        self._done.set()
        self._thread.join()
        return self.largest_kb, self.peak_kb


def _tree(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            children = []
        queue.extend(int(child) for child in children)
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def timed(command: list[str]) -> tuple[float, float, int, int]:
    """(wall s, CPU s of the process and its children, largest process's peak KB, tree's peak KB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    memory = TreeMemory(process.pid) if Path("/proc").is_dir() else None
    _, err = process.communicate()
    wall = time.perf_counter() - start
    largest_kb, tree_kb = memory.stop() if memory else (0, 0)
    if process.returncode not in (0, 1) or b"Traceback" in err:  # 1 is also a crash's code
        sys.exit(f"{shlex.join(command)} failed ({process.returncode}): {err.decode()[-500:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, largest_kb, tree_kb


def measure(folder: Path, notebooks: int, repeat: int, check_args: list[str]) -> dict:
    floor_cmd = [sys.executable, "-c", FLOOR, str(folder)]
    check_cmd = [*check_command(), "check", "--format", "json", *check_args, str(folder)]
    floors, checks, ratios, cpus, largest, trees = [], [], [], [], [], []
    for _ in range(repeat):
        floor = timed(floor_cmd)
        check = timed(check_cmd)
        floors.append(floor[0])
        checks.append(check[0])
        ratios.append(check[0] / floor[0])
        cpus.append(check[1])
        largest.append(check[2])
        trees.append(check[3])
    return {
        "ratio": statistics.median(ratios),
        "floor": statistics.median(floors),
        "check": statistics.median(checks),
        "cpu_per_notebook_ms": statistics.median(cpus) / notebooks * 1000,
        "largest_mb": max(largest) / 1024,
        "tree_mb": max(trees) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--sizes", default="100,1000", help="comma-separated notebook counts (100 is the corpus)")
    parser.add_argument("--layouts", default="nested,flat", help="for sizes above the corpus: nested, flat or both")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check-args", default="", help="extra arguments for check, e.g. '--jobs 1'")
    args = parser.parse_args()
    corpus = sorted(args.corpus.glob("*.ipynb"))
    if not corpus:
        sys.exit(f"no notebooks in {args.corpus}")
    check_args = shlex.split(args.check_args)
    load_before = os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        compile_like_an_install(Path(temporary) / "bytecode", args.corpus)
        for size in (int(s) for s in args.sizes.split(",")):
            if size == len(corpus):
                runs = [("corpus", args.corpus)]
            else:
                runs = [(layout, varied_copies(corpus, size, Path(temporary), layout == "nested"))
                        for layout in args.layouts.split(",")]
            for layout, folder in runs:
                rows.append((size, layout, measure(folder, size, args.repeat, check_args)))
    load_after = os.getloadavg()
    print(f"`check --format json {shlex.join(check_args)}`, {os.cpu_count()} cores, median of {args.repeat} "
          f"interleaved rounds; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after\n")
    print("| notebooks | layout | floor (wall) | check (wall) | check / floor | CPU per notebook "
          "| peak memory (largest process, all processes) |\n|---|---|---|---|---|---|---|")
    for size, layout, m in rows:
        print(f"| {size:,} | {layout} | {m['floor']:.2f} s | {m['check']:.2f} s | {m['ratio']:.1f}× "
              f"| {m['cpu_per_notebook_ms']:.0f} ms | {m['largest_mb']:.0f} MB, {m['tree_mb']:.0f} MB |")


if __name__ == "__main__":
    main()
