"""The REST routes: thin, authenticated, and clear about bad input."""

import json
import shutil
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError

from factories import cell, notebook_json

EXAMPLE = Path(__file__).parent.parent / "examples" / "churn_analysis.ipynb"


async def post(jp_fetch, route: str, body) -> dict:
    response = await jp_fetch("jupyterlab-promote", route, method="POST", body=json.dumps(body))
    assert response.code == 200
    return json.loads(response.body)


async def post_error(jp_fetch, route: str, raw_body: str, headers=None) -> tuple[int, dict]:
    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch("jupyterlab-promote", route, method="POST", body=raw_body, headers=headers or {})
    error = caught.value
    body = json.loads(error.response.body) if error.response is not None and error.response.body else {}
    return error.code, body


async def test_analyze_reads_the_notebook_from_disk(jp_fetch, jp_root_dir):
    shutil.copy(EXAMPLE, jp_root_dir / "churn.ipynb")
    entry = await post(jp_fetch, "analyze", {"path": "churn.ipynb"})
    assert entry["path"] == "churn.ipynb"
    assert isinstance(entry["score"], int) and 0 <= entry["score"] < 100
    assert any(f["name"] == "use-before-definition" for f in entry["findings"])
    assert len(entry["categories"]) == 10


async def test_analyze_uses_the_notebook_sent_rather_than_the_file(jp_fetch, jp_root_dir):
    shutil.copy(EXAMPLE, jp_root_dir / "churn.ipynb")
    unsaved = notebook_json(cell("y = x + 1", execution_count=2), cell("x = 1", execution_count=1))
    entry = await post(jp_fetch, "analyze", {"path": "churn.ipynb", "notebook": unsaved})
    codes = sorted(f["name"] for f in entry["findings"] if f["category"] == "hidden_state")
    assert "out-of-order-execution" in codes and "use-before-definition" in codes
    assert all(f["cell_id"] in ("c0", "c1") for f in entry["findings"] if f["cell_id"])


async def test_an_unsaved_notebook_may_name_a_path_that_does_not_exist_yet(jp_fetch):
    entry = await post(jp_fetch, "analyze", {"path": "Untitled.ipynb", "notebook": notebook_json("x = 1")})
    assert entry["error"] is None and entry["score"] is not None


async def test_rules_lists_the_catalogue(jp_fetch):
    response = await jp_fetch("jupyterlab-promote", "rules")
    rules = json.loads(response.body)["rules"]
    assert {"code", "name", "category", "severity", "summary", "description", "fixable"} <= set(rules[0])
    assert any(rule["name"] == "out-of-order-execution" for rule in rules)


@pytest.mark.parametrize(
    ("raw", "status", "words"),
    [
        ("{not json", 400, "json"),
        ('["a list"]', 400, "JSON object"),
        ('{"notebook": {}}', 400, "'path'"),
        ('{"path": "x.ipynb", "notebook": {"cells": 3}}', 400, "'cells' must be a list"),
        ('{"path": "x.ipynb", "notebook": "text"}', 400, "not an object"),
        ('{"path": "missing.ipynb"}', 404, "No notebook"),
        ('{"path": "../../etc/passwd"}', 403, "outside"),
        ('{"path": "/../secret.ipynb"}', 403, "outside"),
        (b'\xff\xfe{}', 400, "UTF-8"),
        ('{"path": "a\\u0000b.ipynb"}', 400, "'path'"),
        ('{"path": "' + "a" * 300 + '.ipynb"}', 400, "not a usable file name"),
    ],
)
async def test_bad_input_gets_a_4xx_with_a_json_message(jp_fetch, raw, status, words):
    code, body = await post_error(jp_fetch, "analyze", raw)
    assert code == status
    assert words.lower() in body["message"].lower()
    assert "Traceback" not in body["message"]


async def test_an_unreadable_file_on_disk_is_a_400(jp_fetch, jp_root_dir):
    (jp_root_dir / "broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    code, body = await post_error(jp_fetch, "analyze", json.dumps({"path": "broken.ipynb"}))
    assert code == 400 and "truncated" in body["message"]


async def test_a_symlink_in_the_root_is_followed_as_jupyterlab_does_but_dot_dot_never_leaves_it(
        jp_fetch, jp_root_dir, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "private.ipynb"
    outside.write_text(json.dumps(notebook_json("x = 1")), encoding="utf-8")
    (jp_root_dir / "link.ipynb").symlink_to(outside)
    entry = await post(jp_fetch, "analyze", {"path": "link.ipynb"})
    assert entry["path"] == "link.ipynb" and entry["error"] is None
    code, _ = await post_error(jp_fetch, "analyze", json.dumps({"path": f"../{outside.parent.name}/private.ipynb"}))
    assert code == 403


@pytest.mark.parametrize("route", ["analyze", "rules"])
async def test_requests_without_a_token_are_refused(jp_fetch, route):
    method = "POST" if route == "analyze" else "GET"
    body = json.dumps({"path": "x.ipynb"}) if method == "POST" else None
    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch("jupyterlab-promote", route, method=method, body=body, headers={"Authorization": ""})
    assert caught.value.code == 403


async def test_ignored_codes_and_disabled_categories_are_neither_found_nor_scored(jp_fetch):
    data = notebook_json(cell("y = x", execution_count=2), cell("x = 1", execution_count=1))
    full = await post(jp_fetch, "analyze", {"path": "a.ipynb", "notebook": data})
    ignored = await post(jp_fetch, "analyze", {"path": "a.ipynb", "notebook": data, "ignore": ["HS004"]})
    no_hidden = await post(jp_fetch, "analyze", {"path": "a.ipynb", "notebook": data,
                                                 "categories": ["security", "testing"]})
    assert "HS004" in {f["code"] for f in full["findings"]}
    assert "HS004" not in {f["code"] for f in ignored["findings"]} and ignored["score"] > full["score"]
    assert not any(f["category"] == "hidden_state" for f in no_hidden["findings"])
    assert no_hidden["categories"]["hidden_state"]["findings"] == 0


@pytest.mark.parametrize("extra", [{"ignore": "HS004"}, {"categories": ["nope"]}, {"categories": "security"}])
async def test_bad_filters_are_a_400(jp_fetch, extra):
    body = {"path": "a.ipynb", "notebook": notebook_json("x = 1"), **extra}
    code, message = await post_error(jp_fetch, "analyze", json.dumps(body))
    assert code == 400 and ("ignore" in message["message"] or "categories" in message["message"])


async def test_fix_returns_the_edits_of_the_named_fix(jp_fetch, jp_root_dir):
    data = notebook_json(cell("y = x", execution_count=2), cell("x = 1", execution_count=1))
    entry = await post(jp_fetch, "analyze", {"path": "a.ipynb", "notebook": data})
    fix = next(f for finding in entry["findings"] if finding["code"] == "HS004" for f in finding["fixes"])
    result = await post(jp_fetch, "fix", {"path": "a.ipynb", "notebook": data, "fix_id": fix["id"]})
    assert result["code"] == "HS004" and result["edits"] == fix["edits"] and result["files"] == []
    code, body = await post_error(jp_fetch, "fix", json.dumps({"path": "a.ipynb", "notebook": data, "fix_id": "HS004:gone"}))
    assert code == 409 and "no longer applies" in body["message"]


async def test_fix_previews_file_edits_and_writes_them_only_when_asked(jp_fetch, jp_root_dir):
    (jp_root_dir / "requirements.txt").write_text("pandas==2.0\n", encoding="utf-8")
    data = notebook_json("import nbformat\nprint(nbformat.__version__)")
    entry = await post(jp_fetch, "analyze", {"path": "a.ipynb", "notebook": data})
    fix = next(f for finding in entry["findings"] if finding["name"] == "undeclared-dependency" for f in finding["fixes"]
               if any(e["type"] == "file" for e in f["edits"]))
    preview = await post(jp_fetch, "fix", {"path": "a.ipynb", "notebook": data, "fix_id": fix["id"]})
    assert preview["files"][0]["path"] == "requirements.txt" and "nbformat==" in preview["files"][0]["after"]
    assert (jp_root_dir / "requirements.txt").read_text() == "pandas==2.0\n"
    applied = await post(jp_fetch, "fix", {"path": "a.ipynb", "notebook": data, "fix_id": fix["id"], "apply_files": True})
    assert applied["files_written"] and "nbformat==" in (jp_root_dir / "requirements.txt").read_text()
