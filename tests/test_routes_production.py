"""The fix route with the production checklist's file fixes: Pin what ran (a replace of the project's
requirements file) and Add CI (a new file in a new folder, hidden or not)."""

import json

import pytest
from tornado.httpclient import HTTPClientError

from factories import notebook_json

STAMP = {"jupyterlab_promote": {"verified_at": "2026-11-30T10:00:00+00:00", "passed": True, "source_hash": "x",
                                "python": "3.11.9", "packages": {"pandas": "2.2.2"}}}
FUNCTION = "def scale(x):\n    y = x * 2\n    return y + 1\n"


async def post(jp_fetch, body) -> dict:
    response = await jp_fetch("jupyterlab-promote", "fix", method="POST", body=json.dumps(body))
    return json.loads(response.body)


async def fix_of(jp_fetch, data, fix_name: str) -> str:
    response = await jp_fetch("jupyterlab-promote", "analyze", method="POST",
                              body=json.dumps({"path": "a.ipynb", "notebook": data}))
    entry = json.loads(response.body)
    return next(x["id"] for f in entry["findings"] for x in f["fixes"] if x["id"].endswith(f":{fix_name}"))


async def test_pin_what_ran_is_previewed_as_before_and_after_then_written(jp_fetch, jp_root_dir):
    (jp_root_dir / "requirements.txt").write_text("# data\npandas==1.5.3\n")
    data = notebook_json("import pandas as pd", metadata=STAMP)
    fix_id = await fix_of(jp_fetch, data, "pin-what-ran")
    preview = await post(jp_fetch, {"path": "a.ipynb", "notebook": data, "fix_id": fix_id})
    assert preview["files"] == [{"path": "requirements.txt", "before": "# data\npandas==1.5.3\n",
                                 "after": "# data\npandas==2.2.2\n"}]
    assert preview["fix"]["edits"][0]["action"] == "replace"
    await post(jp_fetch, {"path": "a.ipynb", "notebook": data, "fix_id": fix_id, "apply_files": True})
    assert (jp_root_dir / "requirements.txt").read_text() == "# data\npandas==2.2.2\n"


async def test_add_ci_writes_a_script_in_a_new_folder(jp_fetch, jp_root_dir):
    data = notebook_json(FUNCTION)
    fix_id = await fix_of(jp_fetch, data, "add-ci-workflow")
    applied = await post(jp_fetch, {"path": "a.ipynb", "notebook": data, "fix_id": fix_id, "apply_files": True})
    [written] = applied["files"]
    assert (written["path"], written["before"]) == ("ci/promote.sh", None)
    assert (jp_root_dir / "ci" / "promote.sh").read_text() == written["after"]


async def test_a_workflow_in_the_hidden_github_folder_is_refused_while_the_server_hides_hidden_files(
        jp_fetch, jp_root_dir, jp_serverapp):
    (jp_root_dir / ".github").mkdir()
    data = notebook_json(FUNCTION)
    fix_id = await fix_of(jp_fetch, data, "add-ci-workflow")
    with pytest.raises(HTTPClientError) as caught:
        await post(jp_fetch, {"path": "a.ipynb", "notebook": data, "fix_id": fix_id})
    message = json.loads(caught.value.response.body)["message"]
    assert caught.value.code == 409 and "allow_hidden" in message and ".github/workflows" in message
    jp_serverapp.contents_manager.allow_hidden = True
    preview = await post(jp_fetch, {"path": "a.ipynb", "notebook": data, "fix_id": fix_id})
    assert preview["files"][0]["path"] == ".github/workflows/notebook-promote.yml"
