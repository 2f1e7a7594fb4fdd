"""The edits a fix is made of (DESIGN §3), as plain JSON, and how to apply them to nbformat JSON.

Edits address cells by id, never by position: positions shift while the user edits. The frontend applies
the same edits to its shared model in one transaction; the CLI applies them here.

    {"type": "text", "cell_id", "start": {"line", "column"}, "end": {...}, "text"}   0-based, in characters
    {"type": "insert_cell", "after_cell_id": id | null (= at the top), "cell": {"cell_type", "source", "metadata"}}
    {"type": "delete_cell", "cell_id"}
    {"type": "replace_cell", "cell_id", "source"?, "outputs"?, "execution_count"?}   only the keys given change
    {"type": "move_cell", "cell_id", "after_cell_id": id | null}
    {"type": "set_metadata", "cell_id": id | null (= the notebook), "key", "value"}   value null deletes the key
    {"type": "file", "path": relative to the notebook's folder, "action": "create" | "append", "content"}
    {"type": "file", "path", "action": "replace", "content", "sha256": of the text the content replaces}
    {"type": "command", "command": a JupyterLab command id, "label", "args"?}   run by the frontend; the CLI skips it
"""

import copy
import hashlib
import os
from pathlib import Path
from typing import Any

from ..files.bounded import read_bounded_text
from ..notebook.model import Cell

Edit = dict[str, Any]


class EditError(ValueError):
    """An edit no longer fits the notebook (the cell is gone, the text changed)."""


def text_edit(cell: Cell, line: int, column: int, end_line: int, end_column: int, text: str) -> Edit:
    """Replace a range of a cell's source; lines 1-based as in ast, columns 0-based characters."""
    return {"type": "text", "cell_id": cell.id, "start": {"line": line - 1, "column": column},
            "end": {"line": end_line - 1, "column": end_column}, "text": text}


def insert_cell(after: Cell | None, source: str, cell_type: str = "code", metadata: dict | None = None) -> Edit:
    return {"type": "insert_cell", "after_cell_id": after.id if after else None,
            "cell": {"cell_type": cell_type, "source": source, "metadata": metadata or {}}}


def delete_cell(cell: Cell) -> Edit:
    return {"type": "delete_cell", "cell_id": cell.id}


def replace_cell(cell: Cell, **fields: Any) -> Edit:
    unknown = set(fields) - {"source", "outputs", "execution_count"}
    if unknown:
        raise ValueError(f"replace_cell cannot change {unknown}")
    return {"type": "replace_cell", "cell_id": cell.id, **fields}


def move_cell(cell: Cell, after: Cell | None) -> Edit:
    return {"type": "move_cell", "cell_id": cell.id, "after_cell_id": after.id if after else None}


def set_metadata(cell: Cell | None, key: str, value: Any) -> Edit:
    return {"type": "set_metadata", "cell_id": cell.id if cell else None, "key": key, "value": value}


def file_edit(path: str, content: str, action: str = "append") -> Edit:
    if action not in ("create", "append"):
        raise ValueError(f"unknown file action {action!r}")
    return {"type": "file", "path": path, "action": action, "content": content}


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def replace_file_edit(path: str, before: str, content: str) -> Edit:
    """Replace a file's whole text; refused when the file no longer holds `before` (changed since the
    fix was previewed), so a change made meanwhile is never lost."""
    return {"type": "file", "path": path, "action": "replace", "content": content, "sha256": text_sha256(before)}


def run_command(command: str, label: str, args: dict[str, Any] | None = None) -> Edit:
    """An action only the frontend can take (restart the kernel and run all, open a dialog...)."""
    return {"type": "command", "command": command, "label": label, **({"args": args} if args else {})}


# -- applying -----------------------------------------------------------------------------------------

def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _find(cells: list[dict[str, Any]], cell_id: str | None) -> int:
    if not cell_id:
        raise EditError("the edit names no cell id (the notebook's cells have none: save it as nbformat 4.5)")
    for index, cell in enumerate(cells):
        if cell.get("id") == cell_id:
            return index
    raise EditError(f"no cell with id {cell_id!r} (was it deleted?)")


def _offset(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    if not 0 <= line < len(lines) or not 0 <= column <= len(lines[line]):
        raise EditError(f"position {line + 1}:{column} is outside the cell (was it edited?)")
    return sum(len(part) + 1 for part in lines[:line]) + column


def _new_cell(spec: dict[str, Any]) -> dict[str, Any]:
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_raw_cell

    make = {"code": new_code_cell, "markdown": new_markdown_cell, "raw": new_raw_cell}[spec.get("cell_type", "code")]
    return dict(make(source=spec.get("source", ""), metadata=copy.deepcopy(spec.get("metadata", {}))))


def apply_edits(notebook: dict[str, Any], edits: list[Edit]) -> tuple[dict[str, Any], list[Edit]]:
    """Apply cell edits to a copy of the notebook; return it and the file edits left for the caller.

    Text edits are applied from the end of each cell backwards, so earlier ranges stay valid; of two
    that start at the same place, the longer goes first, so an insertion there (an import above the
    first line) stays in front of the replaced range instead of being replaced with it.
    """
    result = copy.deepcopy(notebook)
    cells: list[dict[str, Any]] = result["cells"]
    files = [edit for edit in edits if edit["type"] == "file"]
    texts = sorted((e for e in edits if e["type"] == "text"), reverse=True,
                   key=lambda e: (e["cell_id"], e["start"]["line"], e["start"]["column"], e["end"]["line"],
                                  e["end"]["column"]))
    for edit in texts:
        cell = cells[_find(cells, edit["cell_id"])]
        text = _source(cell)
        start = _offset(text, edit["start"]["line"], edit["start"]["column"])
        end = _offset(text, edit["end"]["line"], edit["end"]["column"])
        cell["source"] = text[:start] + edit["text"] + text[end:]
    for edit in edits:
        kind = edit["type"]
        if kind in ("text", "file", "command"):
            continue
        if kind == "insert_cell":
            at = 0 if edit["after_cell_id"] is None else _find(cells, edit["after_cell_id"]) + 1
            cells.insert(at, _new_cell(edit["cell"]))
        elif kind == "delete_cell":
            del cells[_find(cells, edit["cell_id"])]
        elif kind == "replace_cell":
            cell = cells[_find(cells, edit["cell_id"])]
            cell.update({k: v for k, v in edit.items() if k in ("source", "outputs", "execution_count")})
        elif kind == "move_cell":
            cell = cells.pop(_find(cells, edit["cell_id"]))
            at = 0 if edit["after_cell_id"] is None else _find(cells, edit["after_cell_id"]) + 1
            cells.insert(at, cell)
        elif kind == "set_metadata":
            target = result if edit["cell_id"] is None else cells[_find(cells, edit["cell_id"])]
            metadata = target.setdefault("metadata", {})
            if edit["value"] is None:
                metadata.pop(edit["key"], None)
            else:
                metadata[edit["key"]] = copy.deepcopy(edit["value"])
        else:
            raise EditError(f"unknown edit type {kind!r}")
    return result, files


def file_edit_result(folder: Path, edit: Edit, root: Path | None = None) -> tuple[Path, str | None, str]:
    """The file a file edit targets, its content now (None if absent) and its content after the edit.

    The path is relative to the notebook's folder and must stay below `root` (the project's root, e.g.
    its git work tree; the notebook's folder when not given).
    """
    target = (folder / edit["path"]).resolve()
    base = (root or folder).resolve()
    if base not in target.parents:
        # A link is never replaced by a file: it is written through, so where it points must be inside too.
        linked = base in Path(os.path.normpath(folder / edit["path"])).parents
        raise EditError(f"{edit['path']} is {'a symbolic link to a file ' if linked else ''}outside the project's folder")
    if edit["action"] not in ("create", "append", "replace"):
        raise EditError(f"unknown file action {edit['action']!r}")
    if edit["action"] == "create" and (target.exists() or os.path.lexists(folder / edit["path"])):
        raise EditError(f"{edit['path']} already exists; not overwriting it")
    try:
        # never a FIFO or a device: a project file is read only when it is a regular file of a sane size
        before = read_bounded_text(target) if target.exists() else None
    except (OSError, UnicodeDecodeError) as error:
        raise EditError(f"{edit['path']} cannot be read as text ({error})") from None
    if edit["action"] == "replace":
        if before is None or text_sha256(before) != edit.get("sha256"):
            raise EditError(f"{edit['path']} changed since the fix was prepared; it was not overwritten")
        return target, before, edit["content"]
    if edit["action"] == "create" or not before:
        return target, before, edit["content"]
    separator = "" if before.endswith("\n") else "\n"
    return target, before, before + separator + edit["content"]


def apply_file_edit(folder: Path, edit: Edit, root: Path | None = None) -> Path:
    """Write a file edit, atomically; 'create' never overwrites, 'replace' only the text it was made from."""
    from ..files.atomic import write_text_atomic

    target, _, after = file_edit_result(folder, edit, root)
    write_text_atomic(target, after)
    return target
