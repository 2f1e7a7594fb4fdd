"""Write the projects of the dependency evaluation set into a folder, and their manifest.json there.

Usage:
    python benchmarks/eval/dependencies/build.py OUT_DIR
    python benchmarks/eval/measure.py OUT_DIR/manifest.json --details

Each project (items.py, written for this set) is its own folder with a `.git` marker, so the analysis
stops at it and never reads the repository around it; that is why the set is built outside the
repository rather than kept in it.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from items import ITEMS  # noqa: E402

KINDS = {
    "undeclared": {"codes": ["PD003"], "means": "an import the project declares in none of its files"},
    "installs": {"codes": ["PD004"], "means": "a cell installs packages"},
}


def notebook(cells: list[str]) -> dict:
    return {
        "cells": [{"cell_type": "code", "execution_count": None, "id": f"c{index}", "metadata": {}, "outputs": [],
                   "source": source.splitlines(keepends=True)} for index, source in enumerate(cells)],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                     "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def main() -> None:
    out = Path(sys.argv[1]).resolve()
    items = []
    for item in ITEMS:
        folder = out / item["name"]
        (folder / ".git").mkdir(parents=True, exist_ok=True)
        for name, text in item["files"].items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
        (folder / "analysis.ipynb").write_text(json.dumps(notebook(item["cells"]), indent=1), encoding="utf-8")
        items.append({"file": f"{item['name']}/analysis.ipynb", "leaks": item["labels"]})
    manifest = {"description": "Projects labelled with the dependency problems they hold; see README.md.",
                "kinds": KINDS, "items": items}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    print(f"{len(items)} projects in {out}")


if __name__ == "__main__":
    main()
