"""Routes for readiness before sharing: GET badge, POST/DELETE verify, POST kernel-state."""

import asyncio
import json
import xml.etree.ElementTree as ET

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_promote.engine.notebook.stamp import STAMP_KEY

from factories import cell, notebook_json


def write(path, *cells, metadata=None):
    path.write_text(json.dumps(notebook_json(*cells, metadata=metadata)), encoding="utf-8")
    return path


async def fetch_error(jp_fetch, route, **kwargs) -> tuple[int, dict]:
    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch("jupyterlab-promote", route, **kwargs)
    response = caught.value.response
    return caught.value.code, json.loads(response.body) if response is not None and response.body else {}


async def test_badge_is_svg_with_an_accessible_title(jp_fetch, jp_root_dir):
    write(jp_root_dir / "nb.ipynb", cell("x = 1", execution_count=1))
    response = await jp_fetch("jupyterlab-promote", "badge", params={"path": "nb.ipynb"})
    assert response.headers["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(response.body)
    assert root.get("role") == "img"
    assert root.find("{http://www.w3.org/2000/svg}title").text.startswith("promotion readiness: ")


@pytest.mark.parametrize(("params", "status", "words"),
                         [({}, 400, "'path'"), ({"path": "missing.ipynb"}, 404, "No notebook"),
                          ({"path": "../../etc/passwd"}, 403, "outside"), ({"path": "broken.ipynb"}, 400, "cannot be analysed")])
async def test_badge_bad_input_is_a_4xx_json_message(jp_fetch, jp_root_dir, params, status, words):
    (jp_root_dir / "broken.ipynb").write_text("{", encoding="utf-8")
    code, body = await fetch_error(jp_fetch, "badge", params=params)
    assert code == status and words.lower() in body["message"].lower()


async def test_verify_runs_in_a_fresh_kernel_and_stamps_the_file(jp_fetch, jp_root_dir):
    path = write(jp_root_dir / "nb.ipynb", cell("print(6 * 7)", execution_count=1,
                                                outputs=[{"output_type": "stream", "name": "stdout", "text": "42\n"}]))
    response = await jp_fetch("jupyterlab-promote", "verify", method="POST",
                              body=json.dumps({"path": "nb.ipynb", "timeout": 60}))
    result = json.loads(response.body)
    assert result["passed"] is True and result["stamp_written"] is True
    assert [(c["cell_id"], c["status"]) for c in result["cells"]] == [("c0", "same")]
    assert result["duration"] > 0 and result["entry"]["score"] == result["stamp"]["score"]
    assert result["edits"] == [{"type": "set_metadata", "cell_id": None, "key": STAMP_KEY, "value": result["stamp"]}]
    assert json.loads(path.read_text())["metadata"][STAMP_KEY] == result["stamp"]


async def test_verify_can_leave_the_file_alone_and_reports_a_failure(jp_fetch, jp_root_dir):
    path = write(jp_root_dir / "nb.ipynb", cell("print(undefined_name)", execution_count=1))
    response = await jp_fetch("jupyterlab-promote", "verify", method="POST",
                              body=json.dumps({"path": "nb.ipynb", "write_stamp": False}))
    result = json.loads(response.body)
    assert result["passed"] is False and result["cells"][0]["ename"] == "NameError"
    assert result["stamp_written"] is False and STAMP_KEY not in json.loads(path.read_text())["metadata"]
    assert any(f["code"] == "HS008" for f in result["entry"]["findings"])


@pytest.mark.parametrize(("body", "status", "words"),
                         [({"path": "nb.ipynb", "timeout": "soon"}, 400, "'timeout'"),
                          ({"path": "nb.ipynb", "cell_timeout": -1}, 400, "'cell_timeout'"),
                          ({"path": "missing.ipynb"}, 404, "No notebook"),
                          ({"path": "../x.ipynb"}, 403, "outside"),
                          ({"path": "other.ipynb"}, 400, "no kernel named 'nope'")])
async def test_verify_bad_input_is_a_4xx_json_message(jp_fetch, jp_root_dir, body, status, words):
    write(jp_root_dir / "nb.ipynb", "x = 1")
    write(jp_root_dir / "other.ipynb", "x = 1", metadata={"kernelspec": {"name": "nope", "display_name": "?"}})
    code, answer = await fetch_error(jp_fetch, "verify", method="POST", body=json.dumps(body))
    assert code == status and words.lower() in answer["message"].lower()


async def verify_known(jp_fetch, path: str) -> bool:
    """Whether the server has a re-run of `path`, running or waiting (GET verify)."""
    try:
        await jp_fetch("jupyterlab-promote", "verify", params={"path": path})
    except HTTPClientError as error:
        assert error.code == 404
        return False
    return True


async def test_a_running_verify_can_be_cancelled(jp_fetch, jp_root_dir):
    write(jp_root_dir / "slow.ipynb", "import time\ntime.sleep(60)")
    code, _ = await fetch_error(jp_fetch, "verify", method="DELETE", params={"path": "slow.ipynb"})
    assert code == 404
    running = asyncio.ensure_future(jp_fetch("jupyterlab-promote", "verify", method="POST",
                                             body=json.dumps({"path": "slow.ipynb"}), request_timeout=60))
    while not await verify_known(jp_fetch, "slow.ipynb"):
        await asyncio.sleep(0.05)  # polls the real condition: the server has the re-run
    cancelled = await jp_fetch("jupyterlab-promote", "verify", method="DELETE", params={"path": "slow.ipynb"})
    assert json.loads(cancelled.body)["cancelling"] is True
    result = json.loads((await running).body)
    assert result["cancelled"] is True and result["passed"] is False and result["stamp"] is None


async def test_kernel_state_reports_names_from_deleted_cells_of_a_running_kernel(jp_fetch, jp_root_dir, jp_serverapp):
    manager = jp_serverapp.kernel_manager
    kernel_id = await manager.start_kernel(kernel_name="python3")
    user = manager.get_kernel(kernel_id).client()
    user.start_channels()
    try:
        await user.wait_for_ready(timeout=60)
        for code in ("model = {'w': 3}", "print(model['w'])"):
            assert (await user.execute_interactive(code, timeout=30))["content"]["status"] == "ok"
        notebook = notebook_json(cell("print(model['w'])", execution_count=2))
        response = await jp_fetch("jupyterlab-promote", "kernel-state", method="POST",
                                  body=json.dumps({"path": "nb.ipynb", "notebook": notebook, "kernel_id": kernel_id}))
        answer = json.loads(response.body)
        assert answer["skipped"] is None and answer["kernel_id"] == kernel_id
        assert [(f["code"], f["name"], f["cell_id"]) for f in answer["findings"]] == [
            ("HS011", "name-from-deleted-cell", "c0")]
        assert answer["findings"][0]["fixes"][0]["edits"][0]["cell"]["source"] == "model = {'w': 3}"
        assert any(f["code"] == "HS011" for f in answer["entry"]["findings"])
    finally:
        user.stop_channels()
        await manager.shutdown_kernel(kernel_id, now=True)


async def test_kernel_state_bad_input_and_the_off_switch(jp_fetch, jp_serverapp):
    body = {"path": "nb.ipynb", "notebook": notebook_json("x = 1")}
    code, answer = await fetch_error(jp_fetch, "kernel-state", method="POST", body=json.dumps({**body, "kernel_id": "nope"}))
    assert code == 404 and "nope" in answer["message"]
    code, answer = await fetch_error(jp_fetch, "kernel-state", method="POST", body=json.dumps(body))
    assert code == 404 and "no running kernel" in answer["message"]
    jp_serverapp.web_app.settings["jupyterlab_promote_kernel_state"] = False
    response = await jp_fetch("jupyterlab-promote", "kernel-state", method="POST", body=json.dumps(body))
    assert json.loads(response.body)["skipped"] == "kernel state checks are turned off"


async def test_kernel_state_reads_the_kernels_versions_for_drift_and_pin_what_ran(jp_fetch, jp_root_dir, jp_serverapp):
    """The versions come from the live kernel (packaging, which it imported; not tomli, which it did not),
    feed environment-drift, and a fix request that carries them pins them."""
    import packaging

    (jp_root_dir / "requirements.txt").write_text("packaging==0.1\ntomli\n")
    manager = jp_serverapp.kernel_manager
    kernel_id = await manager.start_kernel(kernel_name="python3")
    user = manager.get_kernel(kernel_id).client()
    user.start_channels()
    try:
        await user.wait_for_ready(timeout=60)
        assert (await user.execute_interactive("import packaging", timeout=30))["content"]["status"] == "ok"
        notebook = notebook_json("import packaging", "import tomli")
        response = await jp_fetch("jupyterlab-promote", "kernel-state", method="POST",
                                  body=json.dumps({"path": "nb.ipynb", "notebook": notebook, "kernel_id": kernel_id}))
        answer = json.loads(response.body)
        assert answer["packages"]["packaging"] == packaging.__version__ and "tomli" not in answer["packages"]
        [drift] = [f for f in answer["entry"]["findings"] if f["code"] == "LK008"]
        assert drift["message"] == (f"packaging {packaging.__version__} ran (the running kernel), but "
                                    "requirements.txt line 1 pins packaging==0.1")
        [pin] = [x for x in drift["fixes"] if x["id"].endswith(":pin-what-ran")]
        # the user's kernel imported nothing new: tomli is still not loaded there
        check = await user.execute_interactive("import sys; assert 'tomli' not in sys.modules", timeout=30)
        assert check["content"]["status"] == "ok"
    finally:
        user.stop_channels()
        await manager.shutdown_kernel(kernel_id, now=True)
    body = {"path": "nb.ipynb", "notebook": notebook, "fix_id": pin["id"], "kernel_packages": answer["packages"]}
    reply = json.loads((await jp_fetch("jupyterlab-promote", "fix", method="POST", body=json.dumps(body))).body)
    assert reply["files"] == [{"path": "requirements.txt", "before": "packaging==0.1\ntomli\n",
                               "after": f"packaging=={packaging.__version__}\ntomli\n"}]
    # without the kernel's versions (and no stamp) there is nothing to pin
    del body["kernel_packages"]
    code, error = await fetch_error(jp_fetch, "fix", method="POST", body=json.dumps(body))
    assert code == 409 and "no longer applies" in error["message"]
    code, error = await fetch_error(jp_fetch, "fix", method="POST",
                                    body=json.dumps({**body, "kernel_packages": {"x": ["1"]}}))
    assert code == 400 and "kernel_packages" in error["message"]
