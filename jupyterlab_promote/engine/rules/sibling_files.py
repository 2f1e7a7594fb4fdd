"""The notebooks of a folder as the cross-notebook duplicate search reads them from their files (DU002):
listed, their JSON cells and code sources, and the fingerprints of their long cells with the windows
of line shapes two notebooks must share to share a block."""

import json
import os
from functools import lru_cache
from pathlib import Path

from ..files.bounded import parse_file_cached
from ..notebook.fingerprints import CellFingerprint, fingerprint_text, window_length

WindowKeys = frozenset[tuple[int, ...]]


def window_keys(cells, min_lines: int) -> WindowKeys:
    """Every run of `window_length` shapes inside one cell: two notebooks can share a block only if they
    share one."""
    size = window_length(min_lines)
    return frozenset(cell.shapes[start:start + size] for cell in cells for start in range(len(cell.shapes) - size + 1))


def notebook_cells(text: str) -> list:
    """The cells of a notebook file's JSON text ([] when it is not a notebook's)."""
    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError):
        return []
    return cells if isinstance(cells, list) else []


def code_sources(cells: list):
    """(index, cell, source text) of each code cell of a notebook's JSON cells."""
    for index, cell in enumerate(cells):
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            yield index, cell, "".join(source) if isinstance(source, list) else str(source)


def fingerprinted(cells: list, min_lines: int) -> tuple[CellFingerprint, ...]:
    """The fingerprints of a notebook's code cells of `min_lines` lines or more, from its JSON cells."""
    found = []
    for index, cell, source in code_sources(cells):
        if source.count("\n") + 1 < min_lines:
            continue
        text = fingerprint_text(source)
        if text.lines:
            found.append(text.of_cell(index, cell.get("id")))
    return tuple(found)


@lru_cache(maxsize=8)
def sibling_parser(min_lines: int):
    """A parser for parse_file_cached; one object per threshold, so its cache key is stable."""
    def parse(text: str) -> tuple[tuple[CellFingerprint, ...], WindowKeys]:
        found = fingerprinted(notebook_cells(text), min_lines)
        return found, window_keys(found, min_lines)

    return parse


def notebook_entries(folder: Path) -> list[os.DirEntry] | None:
    try:
        with os.scandir(folder) as entries:
            return sorted((e for e in entries if e.name.endswith(".ipynb") and e.is_file()), key=lambda e: e.name)
    except OSError:
        return None


def fingerprints_of(entry: os.DirEntry, min_lines: int, boundary: Path | None, max_bytes: int):
    """(cell fingerprints, window keys) of a notebook file, cached until it changes."""
    return parse_file_cached(entry.path, sibling_parser(min_lines), entry.stat(), boundary, max_bytes) or ((), frozenset())
