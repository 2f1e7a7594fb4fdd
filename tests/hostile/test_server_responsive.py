"""The server answers while analyses run, and an analysis over its bounds is stopped and reported."""

import asyncio
import json

import pytest

from factories import notebook_json

BOUND_SECONDS = 0.2


@pytest.fixture
def jp_server_config():
    return {"ServerApp": {
        "jpserver_extensions": {"jupyterlab_promote": True},
        "allow_unauthenticated_access": False,
        "tornado_settings": {"jupyterlab_promote_analysis": {"workers": 2, "seconds": BOUND_SECONDS}},
    }}


def heavy_notebook(cells: int = 1500) -> dict:
    """Distinct cells, so no cache can help: analysing them takes seconds, far over BOUND_SECONDS."""
    return notebook_json(*(
        f"def step_{i}(frame_{i}):\n    total_{i} = 0\n    for row in frame_{i}.iterrows():\n"
        f"        total_{i} += row[1]['v{i}'] * {i}\n    return total_{i}\n\nresult_{i} = step_{i}(data_{i % 7})"
        for i in range(cells)
    ))


async def analyze(jp_fetch, body) -> dict:
    response = await jp_fetch("jupyterlab-promote", "analyze", method="POST", body=json.dumps(body))
    assert response.code == 200
    return json.loads(response.body)


async def test_an_analysis_over_the_time_bound_is_reported_as_a_finding(jp_fetch):
    entry = await analyze(jp_fetch, {"path": "heavy.ipynb", "notebook": heavy_notebook()})
    assert entry["score"] is None
    assert f"longer than {BOUND_SECONDS:g} s" in entry["error"]
    [finding] = entry["findings"]
    assert finding["code"] == "MD006" and finding["name"] == "analysis-stopped"
    assert finding["category"] == "modularity" and finding["severity"] == "error"

    light = await analyze(jp_fetch, {"path": "light.ipynb", "notebook": notebook_json("x = 1")})
    assert light["error"] is None and isinstance(light["score"], int)


async def test_the_server_answers_while_an_analysis_runs(jp_fetch):
    running = asyncio.ensure_future(analyze(jp_fetch, {"path": "heavy.ipynb", "notebook": heavy_notebook()}))
    for _ in range(3):
        status = await jp_fetch("api", "status")
        assert status.code == 200
        assert not running.done()
    assert (await running)["findings"][0]["code"] == "MD006"


async def test_the_badge_of_a_notebook_over_the_bound_is_a_clear_422(jp_fetch, jp_root_dir):
    from tornado.httpclient import HTTPClientError

    (jp_root_dir / "heavy.ipynb").write_text(json.dumps(heavy_notebook()))
    with pytest.raises(HTTPClientError) as caught:
        await jp_fetch("jupyterlab-promote", "badge", params={"path": "heavy.ipynb"})
    assert caught.value.code == 422
    assert "longer than" in json.loads(caught.value.response.body)["message"]
