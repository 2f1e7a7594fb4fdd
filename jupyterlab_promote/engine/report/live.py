"""Incremental analysis requests: a one-cell edit sends one cell, not the notebook with its outputs.

The client names each open notebook with a `document_id` and sends its cells as either a full cell
(with a `hash` of the client's choosing) or a reference `{"id", "hash"}` to a cell it sent before. The
server keeps the last cells of a bounded number of documents; when a reference does not match (the
server restarted, the document was evicted, or the hash differs) it answers with the ids it lacks and
the client sends those cells in full.

Documents are dropped least recently used first beyond MAX_DOCUMENTS, or beyond MAX_DOCUMENT_CHARS
characters of text in their cells (sources and outputs): 32 notebooks of 50 MB would otherwise stay in the
server's memory for good.
"""

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from ..notebook.reading import NotebookError, check_notebook_shape

MAX_DOCUMENTS = 32
MAX_DOCUMENT_CHARS = 100_000_000


class MissingCells(LookupError):
    """References to cells the server does not have; the client must send them in full."""

    def __init__(self, cell_ids: list[str]) -> None:
        super().__init__(f"send these cells in full: {', '.join(cell_ids)}")
        self.cell_ids = cell_ids

    def __reduce__(self):
        return (MissingCells, (self.cell_ids,))  # raised in an analysis process, re-raised in the server


@dataclass
class _Document:
    cells: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    """cell id → (client hash, cell JSON)."""
    metadata: dict[str, Any] = field(default_factory=dict)
    cell_chars: dict[str, int] = field(default_factory=dict)
    """cell id → characters of text in the cell JSON, counted once when it was sent in full."""

    @property
    def chars(self) -> int:
        return sum(self.cell_chars.values())


def text_chars(value: Any) -> int:
    """Characters of all the strings in a JSON value (its size in memory, near enough)."""
    total, stack = 0, [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return total


class DocumentCache:
    """The last known cells of recently analysed documents (least recently used are dropped)."""

    def __init__(self, max_documents: int = MAX_DOCUMENTS, max_chars: int = MAX_DOCUMENT_CHARS) -> None:
        self._documents: OrderedDict[str, _Document] = OrderedDict()
        self._max = max_documents
        self._max_chars = max_chars

    def __len__(self) -> int:
        return len(self._documents)

    def assemble(self, document_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """The full notebook JSON an incremental request describes; remembers the cells sent in full."""
        if not isinstance(document_id, str) or not document_id:
            raise NotebookError("'document_id' must be a non-empty string")
        cells = body.get("cells")
        if not isinstance(cells, list):
            raise NotebookError("'cells' must be a list of cells or {id, hash} references")
        document = self._documents.get(document_id) or _Document()
        assembled, missing, fresh, resent, chars = [], [], {}, set(), {}
        for index, item in enumerate(cells):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not isinstance(item.get("hash"), str):
                raise NotebookError(f"cell {index} must have a string 'id' and 'hash'")
            if "cell_type" in item:
                cell = {k: v for k, v in item.items() if k != "hash"}
                fresh[item["id"]] = (item["hash"], cell)
                chars[item["id"]] = text_chars(cell)
                assembled.append(cell)
                continue
            known = document.cells.get(item["id"])
            if known is None or known[0] != item["hash"]:
                missing.append(item["id"])
            else:
                fresh[item["id"]] = known
                chars[item["id"]] = document.cell_chars.get(item["id"], 0)
                resent.add(index)
                assembled.append(known[1])
        if missing:
            raise MissingCells(missing)
        metadata = body.get("metadata", document.metadata)
        notebook = {"nbformat": 4, "nbformat_minor": body.get("nbformat_minor", 5), "metadata": metadata, "cells": assembled}
        # Cells kept from an earlier request passed this check when they were sent in full.
        check_notebook_shape(notebook, checked_cells=resent)
        self._documents[document_id] = _Document(fresh, metadata, chars)
        self._documents.move_to_end(document_id)
        while len(self._documents) > 1 and (len(self._documents) > self._max or self._total_chars() > self._max_chars):
            self._documents.popitem(last=False)
        return notebook

    def _total_chars(self) -> int:
        return sum(document.chars for document in self._documents.values())


KEPT_DOCUMENTS = DocumentCache()
"""The documents this process keeps: each of the server's analysis processes keeps those sent to it."""


def analyze_kept_document(document_id: str, body: dict[str, Any], display_path: str, path, config) -> dict[str, Any]:
    """The report entry of an incremental request, assembled from the cells this process kept.

    Runs where the engine's per-cell caches are: they recognise a kept cell by the very object they saw
    before, so the cells must be assembled in the process that analyses them.
    """
    from .analysis import analyze_dict

    return analyze_dict(KEPT_DOCUMENTS.assemble(document_id, body), display_path, path, config)
