"""Write manifest.json of the per-label evaluation set of real notebooks from items.py.

Usage: python benchmarks/eval/notebook_labels/build.py

The notebooks are not copied here. Corpus items are written `corpus/<file>` (the project corpus folder, given
to measure.py with `--root corpus=DIR`); public items `public/<owner>__<name>/<path>` (written by
fetch_public.py, given with `--root public=DEST`):

    python benchmarks/eval/notebook_labels/fetch_public.py DEST
    python benchmarks/eval/measure.py benchmarks/eval/notebook_labels/manifest.json \\
        --root corpus=CORPUS_DIR --root public=DEST --details --cells
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from items import CORPUS, PUBLIC, PUBLIC_REPOSITORIES  # noqa: E402

KINDS = {
    "duplication": {
        "codes": ["DU001", "DU002", "DU003", "DU004"],
        "means": "a block of four or more statements pasted with names, values or a few lines changed, or a "
                 "smaller block (one multi-operation line included) pasted three times or more, in the notebook "
                 "or in a sibling notebook of its folder",
    },
    "undeclared": {"codes": ["PD003"], "means": "a third-party package imported that no file of the project declares"},
    "installs": {"codes": ["PD004"], "means": "a cell installs packages (!pip, %pip, !conda)"},
    "no_functions": {
        "codes": ["MD001"],
        "means": "no function or class, in 40 lines of code or more, or in 20 code cells or more",
    },
    "broad_except": {
        "codes": ["EH001"],
        "means": "a bare except, or an except Exception/BaseException whose handler does not re-raise",
    },
    "out_of_order": {"codes": ["HS001"], "means": "saved execution counts that go down the notebook"},
    "undefined_name": {
        "codes": ["HS004", "HS005"],
        "means": "a name used that no cell, import, %run script or builtin defines, or only a later cell",
    },
    "redefined_function": {
        "codes": ["HS013"],
        "means": "a function defined again in a later cell with edits while a call depends on which one runs",
    },
    "hidden_state": {
        "of": ["out_of_order", "undefined_name", "redefined_function"],
        "means": "any of the three hidden-state kinds",
    },
}


def public_file(repo: str, path: str) -> str:
    return f"public/{repo.replace('/', '__', 1)}/{path}"


def entry(file: str, source: dict, labels: dict[str, list[int]], note: str) -> dict:
    unknown = set(labels) - set(KINDS)
    if unknown:
        raise SystemExit(f"{file}: unknown kinds {sorted(unknown)}")
    url = f"https://github.com/{source['repo']}/blob/{source['commit']}/{source['path']}"
    return {"file": file, "source": source, "provenance": url, "leaks": sorted(labels),
            "cells": {kind: cells for kind, cells in sorted(labels.items())}, "note": note}


def main() -> None:
    items = [entry(f"corpus/{item['file']}", item["source"], item["labels"], item["note"]) for item in CORPUS]
    for item in PUBLIC:
        spec = PUBLIC_REPOSITORIES[item["repo"]]
        source = {"repo": item["repo"], "commit": spec["commit"], "path": item["path"]}
        if "license" in spec:
            source["license"] = spec["license"]
        items.append(entry(public_file(item["repo"], item["path"]), source, item["labels"], item["note"]))
    manifest = {
        "description": "Real notebooks labelled per kind of finding by reading them; see README.md. The items' "
                       "labels are under 'leaks', the key measure.py reads; 'cells' says where.",
        "kinds": KINDS,
        "public_repositories": PUBLIC_REPOSITORIES,
        "items": items,
    }
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(f"{len(items)} items written to manifest.json")


if __name__ == "__main__":
    main()
