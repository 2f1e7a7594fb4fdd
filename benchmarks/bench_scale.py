"""How a `jupyter-promote check --format json` run grows with the number of notebooks: CPU per notebook
and peak memory for 100, 1,000 and 10,000 distinct notebooks, nested and in one folder.

    python benchmarks/bench_scale.py NOTEBOOK_FOLDER [--sizes 100,1000,10000] [--layouts nested,flat]
                                     [--check-args "--jobs 2"] [--keep FOLDER]

The notebooks are copies of NOTEBOOK_FOLDER's, each copy's code made distinct (distinct_copies.py: a
statement naming the copy, `len.copy17`, at most four logical lines apart in every code cell), so no
cache keyed by a cell's text helps and no two copies share a block of line shapes. Nested: folders of 20
notebooks, one tree per copy; flat: all in one folder. Each run is a fresh process; the CPU is the
process's and its workers', the memory the largest process's peak and the process tree's sampled peak sum
(see bench_cli.py, which this shares; the sum counts the pages forked workers share with the first
process once in each, so it overstates what the run holds). The JSON report is written to /dev/null.
"""

import argparse
import os
import shlex
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_cli import check_command, timed, varied_copies  # noqa: E402 (scripts beside this one)
from distinct_copies import varied  # noqa: E402


def build(corpus: list[Path], count: int, root: Path, nested: bool) -> Path:
    return varied_copies(corpus, count, root, nested, vary=varied)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--layouts", default="nested,flat")
    parser.add_argument("--check-args", default="", help="extra arguments for check, e.g. '--jobs 2'")
    parser.add_argument("--keep", type=Path, help="build the notebooks here and keep them (default: a temporary folder)")
    args = parser.parse_args()
    corpus = sorted(args.corpus.glob("*.ipynb"))
    if not corpus:
        sys.exit(f"no notebooks in {args.corpus}")
    check_args = shlex.split(args.check_args)
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        root = args.keep or Path(temporary)
        for size in (int(s) for s in args.sizes.split(",")):
            for layout in args.layouts.split(","):
                folder = root / f"{size}-{layout}"
                if not folder.exists():
                    folder = build(corpus, size, root, layout == "nested")
                load = os.getloadavg()[0]
                started = time.strftime("%H:%M:%S")
                wall, cpu, largest_kb, tree_kb = timed([*check_command(), "check", "--format", "json", *check_args,
                                                        str(folder)])
                rows.append((size, layout, wall, cpu, largest_kb, tree_kb, load, started))
                print(f"{size} {layout}: {wall:.1f} s wall, {cpu / size * 1000:.1f} ms CPU a notebook, "
                      f"{largest_kb / 1024:.0f} / {tree_kb / 1024:.0f} MB (load {load:.1f})", file=sys.stderr)
    print(f"`check --format json {shlex.join(check_args)}`, {os.cpu_count()} cores, one fresh run each\n")
    print("| notebooks | layout | wall | CPU | CPU per notebook | peak memory (largest process / all) | load before |\n"
          "|---|---|---|---|---|---|---|")
    for size, layout, wall, cpu, largest_kb, tree_kb, load, _ in rows:
        print(f"| {size:,} | {layout} | {wall:.1f} s | {cpu:.1f} s | {cpu / size * 1000:.1f} ms "
              f"| {largest_kb / 1024:.0f} / {tree_kb / 1024:.0f} MB | {load:.1f} |")


if __name__ == "__main__":
    main()
