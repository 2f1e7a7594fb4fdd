"""Clean re-runs through the routes: slots of their own, a limit per user, a position to show, and
never in the way of live analysis."""

import asyncio
import json

import pytest
from tornado.httpclient import HTTPClientError

from factories import notebook_json


@pytest.fixture
def jp_server_config():
    return {"ServerApp": {
        "jpserver_extensions": {"jupyterlab_promote": True},
        "allow_unauthenticated_access": False,
        "tornado_settings": {"jupyterlab_promote_verify": {"slots": 1, "per_user": 5, "max_waiting": 1}},
    }}


async def position(jp_fetch, path: str) -> dict | None:
    try:
        response = await jp_fetch("jupyterlab-promote", "verify", params={"path": path})
    except HTTPClientError as error:
        assert error.code == 404
        return None
    return json.loads(response.body)


async def until_state(jp_fetch, path: str, state: str) -> dict:
    while True:
        found = await position(jp_fetch, path)
        if found is not None and found["state"] == state:
            return found
        await asyncio.sleep(0.05)  # polls the server's own answer


async def test_re_runs_wait_for_a_slot_and_never_hold_up_analysis(jp_fetch, jp_root_dir):
    for name in ("a", "b", "c"):
        (jp_root_dir / f"{name}.ipynb").write_text(json.dumps(notebook_json("import time\ntime.sleep(120)")))

    def verify(name: str):
        return asyncio.ensure_future(jp_fetch("jupyterlab-promote", "verify", method="POST", request_timeout=120,
                                              body=json.dumps({"path": f"{name}.ipynb", "write_stamp": False})))

    first = verify("a")
    await until_state(jp_fetch, "a.ipynb", "running")
    second = verify("b")
    assert (await until_state(jp_fetch, "b.ipynb", "waiting"))["ahead"] == 0

    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch("jupyterlab-promote", "verify", method="POST", body=json.dumps({"path": "c.ipynb"}))
    assert caught.value.code == 429
    assert "queue of clean re-runs is full" in json.loads(caught.value.response.body)["message"]

    analysed = await jp_fetch("jupyterlab-promote", "analyze", method="POST",
                              body=json.dumps({"path": "x.ipynb", "notebook": notebook_json("x = 1")}))
    assert json.loads(analysed.body)["error"] is None
    assert not first.done() and not second.done()

    for name in ("b", "a"):
        await jp_fetch("jupyterlab-promote", "verify", method="DELETE", params={"path": f"{name}.ipynb"})
    for running in (first, second):
        assert json.loads((await running).body)["cancelled"] is True
    assert await position(jp_fetch, "a.ipynb") is None
