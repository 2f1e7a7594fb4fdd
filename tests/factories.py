"""Small notebooks for tests, written as the cells a person would type."""

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

from jupyterlab_promote.engine.notebook.model import Notebook, notebook_from_dict
from jupyterlab_promote.engine.report.analysis import analyze, analyze_dict, forget_kept
from jupyterlab_promote.engine.report.live import DocumentCache
from jupyterlab_promote.engine.rules.base import Violation


def cell(source: str, cell_type: str = "code", execution_count: int | None = None, outputs=None,
         metadata=None, cell_id: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"cell_type": cell_type, "source": source, "metadata": metadata or {}}
    if cell_type == "code":
        data["outputs"] = outputs or []
        data["execution_count"] = execution_count
    data["id"] = cell_id
    return data


def notebook_json(*cells: str | dict[str, Any], metadata: dict | None = None) -> dict[str, Any]:
    """nbformat 4.5 JSON; plain strings become code cells. Cell ids are c0, c1... unless given."""
    built = []
    for index, item in enumerate(cells):
        data = cell(item) if isinstance(item, str) else dict(item)
        data["id"] = data.get("id") or f"c{index}"
        built.append(data)
    meta = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"}}
    meta.update(metadata or {})
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": meta, "cells": built}


def write_notebook(path: Path, *cells: str | dict[str, Any], metadata: dict | None = None) -> Path:
    """Write these cells as a notebook file (its folders made as needed) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook_json(*cells, metadata=metadata)), encoding="utf-8")
    return path


# A block of cleaning code long enough to be a copy when two notebooks of a folder share it.
CLEANING_BLOCK = (
    "frame = frame.dropna(subset=['price'])\n"
    "frame['price'] = frame['price'].astype(float)\n"
    "frame = frame[frame['price'] > 0]\n"
    "frame['log_price'] = np.log(frame['price'])\n"
    "frame = frame.sort_values('date')\n"
    "frame = frame.reset_index(drop=True)\n"
)


def notebook(*cells: str | dict[str, Any], path: Path | None = None, metadata: dict | None = None) -> Notebook:
    return notebook_from_dict(notebook_json(*cells, metadata=metadata), path)


def violations(check, *cells: str | dict[str, Any], path: Path | None = None) -> list[Violation]:
    """Run one rule's check function over a notebook made of these cells."""
    return list(check(notebook(*cells, path=path)))


def report(*cells: str | dict[str, Any], path: Path | None = None) -> dict[str, Any]:
    return analyze(notebook(*cells, path=path), "test.ipynb")


def live_equals_cold(data: dict[str, Any], index: int, sources: tuple[str, ...], code: str) -> list[int]:
    """Put each source in cell `index` in turn and analyse the notebook live (only that cell's text sent
    anew) and cold; asserts both give the same `code` findings each time and returns how many there were."""
    def found(entry: dict[str, Any]) -> list[tuple[int, int, str]]:
        return [(f["cell_index"], f["line"], f["message"]) for f in entry["findings"] if f["code"] == code]

    documents = DocumentCache()
    counts = []
    for source in sources:
        data["cells"][index]["source"] = source
        for each in data["cells"]:
            each["hash"] = hashlib.sha1(each["source"].encode()).hexdigest()
        live = analyze_dict(documents.assemble("doc", copy.deepcopy(data)), "live.ipynb")
        forget_kept()
        cold = analyze_dict(copy.deepcopy(data), "live.ipynb")
        assert found(live) == found(cold)
        counts.append(len(found(live)))
    return counts
