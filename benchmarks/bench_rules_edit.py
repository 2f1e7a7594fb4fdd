"""Each rule's CPU time on the live one-cell edit loop of bench_engine.py (300 cells, one edit per request).

    python benchmarks/bench_rules_edit.py NOTEBOOK_FOLDER [EDITS] [PREFIX]

Every rule's check is wrapped (Rule is frozen: object.__setattr__) to add up the process time it takes,
the findings consumed, so a rule's share of the edit budget can be read apart from the rest. What rules
share (the leakage row flow, a notebook's data flow) is counted for the first rule that asks for it.
Prints the whole analysis, the rules together and the rules whose code starts with PREFIX (default LK):
mean, median and p95 per edit, in ms.
"""

import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench_engine  # noqa: E402

from jupyterlab_promote.engine.report.analysis import analyze_dict  # noqa: E402
from jupyterlab_promote.engine.rules import ALL_RULES  # noqa: E402


def _timed(rule, spent: dict) -> None:
    check = rule.check

    def timed(nb):
        start = time.process_time()
        found = list(check(nb))
        spent[rule.code] += time.process_time() - start
        return found

    object.__setattr__(rule, "check", timed)


def _row(label: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (f"| {label} | {statistics.mean(ms):.2f} | {statistics.median(ms):.2f} | "
            f"{statistics.quantiles(ms, n=20)[18]:.2f} |")


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    edits = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    prefix = sys.argv[3] if len(sys.argv) > 3 else "LK"
    spent: dict[str, float] = defaultdict(float)
    for rule in ALL_RULES:
        _timed(rule, spent)
    cells, metadata, documents = bench_engine._live_document(sorted(Path(sys.argv[1]).glob("*.ipynb")))
    per_rule: dict[str, list[float]] = defaultdict(list)
    totals = []
    for i in range(edits):
        position = (i * 37) % len(cells)
        edited = dict(cells[position], source=cells[position]["source"] + f"\nedited_{i} = {i}", hash=f"v{i + 1}")
        cells[position] = edited
        request = [c if c is edited else {"id": c["id"], "hash": c["hash"]} for c in cells]
        spent.clear()
        start = time.process_time()
        analyze_dict(documents.assemble("big", {"metadata": metadata, "cells": request}), "big.ipynb")
        totals.append(time.process_time() - start)
        for rule in ALL_RULES:
            per_rule[rule.code].append(spent.get(rule.code, 0.0))
    chosen = [code for code in per_rule if code.startswith(prefix)]
    print("| CPU per edit | mean ms | median ms | p95 ms |\n|---|---|---|---|")
    print(_row("whole analysis", totals))
    print(_row("all rules", [sum(per_rule[c][i] for c in per_rule) for i in range(edits)]))
    print(_row(f"{prefix} rules", [sum(per_rule[c][i] for c in chosen) for i in range(edits)]))
    for code in sorted(chosen, key=lambda c: -statistics.mean(per_rule[c])):
        print(_row(code, per_rule[code]))


if __name__ == "__main__":
    main()
