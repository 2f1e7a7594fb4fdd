"""Write the synthetic notebooks of the leakage evaluation set and its manifest.json.

Usage: python benchmarks/eval/leakage/build.py

Every synthetic notebook is written for this set, one per leakage pattern, each with a clean twin
that does the same work without the leak. The notebooks live in synthetic_items.py (the leaky and
clean code), the labels of the real public notebooks in real_notebooks.json (labelled by reading
them); this script joins both into manifest.json, the file benchmarks/eval/measure.py reads.
Labels were written from reading each notebook's code, never from what any rule reports.
"""

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic_items import ITEMS  # noqa: E402
from synthetic_reduced import REDUCED  # noqa: E402
from test_side_items import TEST_SIDE  # noqa: E402

KINDS = {
    "preprocessing": {
        "codes": ["LK001"],
        "means": "a learning transform or a statistic computed on rows that are split afterwards",
    },
    "overlap": {
        # LK001 reported resampling before the split until LK007 resampling-before-split took it over.
        "codes": ["LK001", "LK007"],
        "means": "rows duplicated or synthesised (oversampling, augmentation) before the split",
    },
    "multi_test": {
        "codes": ["LK006"],
        "means": "the test set used to choose among models or hyper-parameters, then reported",
    },
}
TEST_SIDE_KIND = {
    "codes": ["LK002", "LK005"],
    "means": "test data fitted on, or sent through another fitted transform than the training data",
}
# `# %%` starts a cell; `# %% [7]` one that ran with execution count 7.
CELL_SEPARATOR = re.compile(r"^# %%(?: \[(\d+)\])?\n", re.MULTILINE)


def notebook(source: str) -> dict:
    """An nbformat v4 notebook with one code cell per `# %%` block."""
    pieces = CELL_SEPARATOR.split(source)
    counts_and_blocks = [(None, pieces[0])] + [(int(count) if count else None, block)
                                               for count, block in zip(pieces[1::2], pieces[2::2])]
    kept = [(count, block.strip("\n")) for count, block in counts_and_blocks if block.strip()]
    cells = [
        {"cell_type": "code", "execution_count": count, "id": f"cell-{index}", "metadata": {}, "outputs": [],
         "source": block.splitlines(keepends=True)}
        for index, (count, block) in enumerate(kept)
    ]
    return {
        "cells": cells,
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                     "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def main() -> None:
    folder = HERE / "synthetic"
    folder.mkdir(exist_ok=True)
    for stale in folder.glob("*.ipynb"):
        stale.unlink()
    entries = []
    names = set()
    for item in ITEMS + REDUCED:
        name = item["name"]
        if name in names:
            raise SystemExit(f"duplicate item name {name}")
        names.add(name)
        unknown = set(item["leaks"]) - set(KINDS)
        if unknown:
            raise SystemExit(f"{name}: unknown kinds {sorted(unknown)}")
        path = folder / f"{name}.ipynb"
        path.write_text(json.dumps(notebook(item["code"]), indent=1) + "\n", encoding="utf-8")
        entries.append({
            "file": f"synthetic/{name}.ipynb",
            "provenance": item.get("provenance", "written for this set"),
            "pattern": item["pattern"],
            "leaks": sorted(item["leaks"]),
            "note": item["note"],
        })
    real = json.loads((HERE / "real_notebooks.json").read_text(encoding="utf-8"))
    manifest = {
        "description": "Leaky and clean notebooks labelled per kind of leakage; see README.md.",
        "kinds": KINDS,
        "items": entries + real,
    }
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(f"{len(entries)} synthetic and {len(real)} real notebooks in manifest.json")
    test_side = write_items(HERE / "test_side" / "synthetic", TEST_SIDE)
    (HERE / "test_side" / "manifest.json").write_text(json.dumps({
        "description": "Test data fitted on or transformed unlike the training data; see ../README.md.",
        "kinds": {"test_side": TEST_SIDE_KIND}, "items": test_side}, indent=1) + "\n", encoding="utf-8")
    print(f"{len(test_side)} test-side notebooks in test_side/manifest.json")


def write_items(folder: Path, items: list[dict]) -> list[dict]:
    """Write each item's notebook into `folder` (cleared first) and return its manifest entries."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.ipynb"):
        stale.unlink()
    entries = []
    for item in items:
        path = folder / f"{item['name']}.ipynb"
        path.write_text(json.dumps(notebook(item["code"]), indent=1) + "\n", encoding="utf-8")
        entries.append({"file": f"{folder.name}/{path.name}", "provenance": "written for this set", "pattern": item["pattern"],
                        "leaks": sorted(item["leaks"]), "note": item["note"]})
    return entries


if __name__ == "__main__":
    main()
