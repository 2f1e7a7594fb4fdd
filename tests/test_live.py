"""Incremental analysis: unchanged cells travel as {id, hash}; the server fills them in or asks for them."""

import json

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_promote.engine.notebook.reading import NotebookError
from jupyterlab_promote.engine.report.live import DocumentCache, MissingCells

from factories import cell, notebook_json


def full(data: dict, hashes: dict[str, str]) -> list[dict]:
    return [dict(c, hash=hashes.get(c["id"], "h0")) for c in data["cells"]]


def test_references_are_filled_from_the_cells_sent_before():
    cache = DocumentCache()
    data = notebook_json("x = 1", "y = x")
    first = cache.assemble("doc", {"cells": full(data, {})})
    assert [c["source"] for c in first["cells"]] == ["x = 1", "y = x"]
    edited = dict(data["cells"][1], source="y = x + 1", hash="h1")
    second = cache.assemble("doc", {"cells": [{"id": "c0", "hash": "h0"}, edited]})
    assert [c["source"] for c in second["cells"]] == ["x = 1", "y = x + 1"]
    assert "hash" not in second["cells"][1]


def test_unknown_document_or_changed_hash_asks_for_the_cells():
    cache = DocumentCache()
    with pytest.raises(MissingCells) as caught:
        cache.assemble("doc", {"cells": [{"id": "c0", "hash": "h0"}]})
    assert caught.value.cell_ids == ["c0"]
    cache.assemble("doc", {"cells": full(notebook_json("x = 1"), {})})
    with pytest.raises(MissingCells):
        cache.assemble("doc", {"cells": [{"id": "c0", "hash": "other"}]})


def test_deleted_cells_are_forgotten_and_documents_are_bounded():
    cache = DocumentCache(max_documents=2)
    cache.assemble("a", {"cells": full(notebook_json("x = 1", "y = 2"), {})})
    cache.assemble("a", {"cells": [{"id": "c1", "hash": "h0"}]})
    with pytest.raises(MissingCells):
        cache.assemble("a", {"cells": [{"id": "c0", "hash": "h0"}]})
    cache.assemble("b", {"cells": []})
    cache.assemble("c", {"cells": []})
    assert len(cache) == 2
    with pytest.raises(MissingCells):
        cache.assemble("a", {"cells": [{"id": "c1", "hash": "h0"}]})


@pytest.mark.parametrize("body", [{"cells": "x"}, {"cells": [{"id": 3, "hash": "h"}]}, {"cells": [{"cell_type": "code"}]}])
def test_malformed_incremental_requests_are_rejected(body):
    with pytest.raises(NotebookError):
        DocumentCache().assemble("doc", body)


async def test_the_route_answers_409_with_the_missing_ids_then_accepts_them(jp_fetch):
    request = {"path": "live.ipynb", "document_id": "tab-1", "cells": [{"id": "c0", "hash": "h"}]}
    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch("jupyterlab-promote", "analyze", method="POST", body=json.dumps(request))
    assert caught.value.code == 409
    assert json.loads(caught.value.response.body)["missing_cell_ids"] == ["c0"]

    data = notebook_json(cell("y = x", execution_count=2), cell("x = 1", execution_count=1))
    request["cells"] = full(data, {})
    response = await jp_fetch("jupyterlab-promote", "analyze", method="POST", body=json.dumps(request))
    assert {f["code"] for f in json.loads(response.body)["findings"]} >= {"HS001", "HS004"}

    request["cells"] = [{"id": "c1", "hash": "h0"}, {"id": "c0", "hash": "h0"}]
    response = await jp_fetch("jupyterlab-promote", "analyze", method="POST", body=json.dumps(request))
    assert "HS004" not in {f["code"] for f in json.loads(response.body)["findings"]}
