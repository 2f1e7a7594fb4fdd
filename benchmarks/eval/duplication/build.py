"""Write the notebooks of the duplication evaluation set and its manifest.json.

Usage: python benchmarks/eval/duplication/build.py

Every notebook is written for this set (items.py), one per pattern of copy-paste the duplication and
redefinition rules should report, and clean look-alikes they should not. measure.py reads the manifest:

    python benchmarks/eval/measure.py benchmarks/eval/duplication/manifest.json --details
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from items import ITEMS  # noqa: E402

KINDS = {
    # A copy whose edits are only other names or values has the same shape: DU001 reports it.
    "near_copy": {"codes": ["DU001", "DU003"], "means": "a block copied with lines inserted, removed or changed"},
    "exact_copy": {"codes": ["DU001"], "means": "a block copied with only other names or values"},
    "redefinition": {"codes": ["HS013"], "means": "a function or class defined again later with small edits"},
    "figure_copies": {"codes": ["DU004"], "means": "figure code pasted three times or more"},
}
CELL_SEPARATOR = "\n# %%\n"


def notebook(source: str) -> dict:
    """An nbformat v4.5 notebook with one code cell per `# %%` block."""
    blocks = [block.strip("\n") for block in source.split(CELL_SEPARATOR) if block.strip()]
    cells = [
        {"cell_type": "code", "execution_count": None, "id": f"c{index}", "metadata": {}, "outputs": [],
         "source": block.splitlines(keepends=True)}
        for index, block in enumerate(blocks)
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
    for name, kinds, note, code in ITEMS:
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise SystemExit(f"{name}: unknown kinds {sorted(unknown)}")
        (folder / f"{name}.ipynb").write_text(json.dumps(notebook(code), indent=1) + "\n", encoding="utf-8")
        entries.append({"file": f"synthetic/{name}.ipynb", "provenance": "written for this set",
                        "leaks": sorted(kinds), "note": note})
    manifest = {"description": "Notebooks labelled with the copy-paste they hold; see README.md. The items' "
                               "labels are under 'leaks', the key measure.py reads.",
                "kinds": KINDS, "items": entries}
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(f"{len(entries)} notebooks written")


if __name__ == "__main__":
    main()
