"""Reading notebook files and JSON bodies, with a clear one-line reason for everything that is not a notebook.

The hot path parses with `json.loads` and checks only the fields the rules read: nbformat's full
JSON-schema validation costs more than the whole analysis. `nbformat` itself tells the format version
and writes notebooks back (fixes, extract).
"""

import json
from collections.abc import Container
from itertools import repeat
from pathlib import Path
from stat import S_ISDIR
from typing import Any

from ..files.bounded import FileTooLarge, UnreadableFile, read_bounded

CELL_TYPES = ("code", "markdown", "raw")


class NotebookError(ValueError):
    """The input is not a notebook we can analyse; the message says why, in one line."""


def read_notebook_file(path: Path, max_mb: float) -> dict[str, Any]:
    """The notebook in a file; a FIFO, a device or a link loop is refused at once, never waited on."""
    try:
        status = path.stat()
    except FileNotFoundError:
        raise NotebookError("no such file") from None
    except (OSError, ValueError) as error:
        raise NotebookError(f"cannot read it ({getattr(error, 'strerror', None) or error})") from None
    if S_ISDIR(status.st_mode):  # told by the stat already made, not by a second one (Path.is_dir)
        raise NotebookError("is a directory, not a notebook")
    limit = max_mb * 1024 * 1024
    if status.st_size > limit:
        raise NotebookError(_too_large(status.st_size, max_mb))
    try:
        raw = read_bounded(path, int(limit))
    except FileTooLarge:  # it grew since the stat
        raise NotebookError(_too_large(int(limit) + 1, max_mb)) from None
    except UnreadableFile as error:
        raise NotebookError(str(error)) from None
    except OSError as error:
        raise NotebookError(f"cannot read it ({error.strerror or error})") from None
    return parse_notebook_bytes(raw)


def _too_large(size: int, max_mb: float) -> str:
    return (f"{size / 1024 / 1024:.0f} MB is over the {max_mb:g} MB limit (max_notebook_mb in "
            "[tool.jupyterlab_promote]); clear its outputs or raise the limit")


def parse_notebook_bytes(raw: bytes | str) -> dict[str, Any]:
    if not raw or not raw.strip():
        raise NotebookError("the file is empty")
    try:
        data = json.loads(raw)
    except UnicodeDecodeError as error:
        raise NotebookError(f"not UTF-8 text (byte 0x{error.object[error.start]:02x} at offset {error.start})") from None
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        reason = "the file ends too early (truncated?)" if error.pos >= len(raw) - 1 else error.msg
        raise NotebookError(f"not valid JSON: {reason} at {where}") from None
    except RecursionError:
        raise NotebookError("not a notebook: the JSON is nested too deeply to be one") from None
    return check_notebook_shape(data)


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )


def check_notebook_shape(data: Any, checked_cells: Container[int] = ()) -> dict[str, Any]:
    """Check the fields the analysis relies on; raise NotebookError naming the first bad one.

    `checked_cells` are positions of cells that passed before (a live request's references to cells
    it sent earlier): they are not checked again.
    """
    if not isinstance(data, dict):
        raise NotebookError(f"not a notebook: the JSON is {_type_name(data)}, not an object")
    major = data.get("nbformat")
    if major is None and "cells" not in data:
        raise NotebookError("not a notebook: no 'nbformat' or 'cells' field")
    if major is not None and (not isinstance(major, int) or isinstance(major, bool)):
        raise NotebookError(f"'nbformat' must be an integer, got {_type_name(major)}")
    if isinstance(major, int) and major < 4:
        raise NotebookError(
            f"nbformat {major} notebook: upgrade it to nbformat 4 first "
            "(open and save it in Jupyter, or `jupyter nbconvert --to notebook --inplace`)"
        )
    if isinstance(major, int) and major > 4:
        raise NotebookError(f"nbformat {major} is newer than this tool understands (4)")
    cells = data.get("cells")
    if not isinstance(cells, list):
        raise NotebookError(f"'cells' must be a list, got {_type_name(cells)}")
    if not isinstance(data.get("metadata", {}), dict):
        raise NotebookError(f"'metadata' must be an object, got {_type_name(data['metadata'])}")
    for index, cell in enumerate(cells):
        if index not in checked_cells:
            _check_cell(index, cell)
    return data


def _check_cell(index: int, cell: Any) -> None:
    # Every cell of every notebook read comes here: the checks are tests in C (map, not a generator), and the
    # message's text is made only for a cell that fails one.
    if not isinstance(cell, dict):
        raise NotebookError(f"cell {index} must be an object, got {_type_name(cell)}")
    kind = cell.get("cell_type")
    if kind not in CELL_TYPES:
        raise NotebookError(f"cell {index}: 'cell_type' must be one of code, markdown, raw (got {json.dumps(kind)[:40]})")
    source = cell.get("source", "")
    if not (isinstance(source, str) or (isinstance(source, list) and all(map(isinstance, source, repeat(str))))):
        raise NotebookError(f"cell {index}: 'source' must be a string or a list of strings")
    for key, expected in (("metadata", dict), ("outputs", list)):
        if key in cell and not isinstance(cell[key], expected):
            raise NotebookError(f"cell {index}: '{key}' must be {_type_name(expected())}, got {_type_name(cell[key])}")
    count = cell.get("execution_count")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool)):
        raise NotebookError(f"cell {index}: 'execution_count' must be an integer or null")
    if "id" in cell and not isinstance(cell["id"], str):
        raise NotebookError(f"cell {index}: 'id' must be a string")


def notebook_text(data: dict[str, Any]) -> str:
    """Serialise as Jupyter does (nbformat's layout), so a fix's or a stamp's diff is only that change."""
    import nbformat

    return nbformat.writes(nbformat.from_dict(data), version=nbformat.NO_CONVERT)
