"""POST extract: a dry run writes nothing, a real run writes module and tests, refusals are 409s."""

import json

import pytest
from tornado.httpclient import HTTPClientError

from factories import notebook_json

CELLS = ["import math", "RADIUS = 2.0\n\n\ndef area(r):\n    return math.pi * r ** 2", "print(area(RADIUS))"]


async def extract(jp_fetch, **body):
    response = await jp_fetch("jupyterlab-promote", "extract", method="POST", body=json.dumps(body))
    return json.loads(response.body)


async def test_dry_run_previews_and_writes_nothing(jp_fetch, jp_root_dir):
    plan = await extract(jp_fetch, path="nb/shapes.ipynb", notebook=notebook_json(*CELLS), cell_ids=["c1"],
                         module="geometry.py", dry_run=True)
    assert plan["applicability"] == "safe" and "def area(r):" in plan["module_source"]
    assert plan["written"] == [] and not (jp_root_dir / "nb").exists()


async def test_extract_writes_files_and_returns_the_notebook_edits(jp_fetch, jp_root_dir):
    (jp_root_dir / "nb").mkdir()
    plan = await extract(jp_fetch, path="nb/shapes.ipynb", notebook=notebook_json(*CELLS), cell_ids=["c1"],
                         module="geometry.py")
    assert plan["written"] == ["nb/geometry.py", "nb/test_geometry.py"]
    assert "def area(r):" in (jp_root_dir / "nb" / "geometry.py").read_text()
    assert plan["edits"][0] == {"type": "replace_cell", "cell_id": "c1", "source": "from geometry import RADIUS, area",
                                "outputs": [], "execution_count": None}


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"cell_ids": ["c1"], "module": "../x.py"}, 409, "without '..'"),
        ({"cell_ids": ["nope"], "module": "x.py"}, 409, "no cell with id"),
        ({"cell_ids": [], "module": "x.py"}, 400, "'cell_ids'"),
        ({"cell_ids": ["c1"], "module": ""}, 400, "'module'"),
        ({"cell_ids": ["c1"], "module": "x.py", "function": 3}, 400, "'function'"),
    ],
)
async def test_bad_requests_and_refusals(jp_fetch, jp_root_dir, body, status, words):
    with pytest.raises(HTTPClientError) as caught:
        await extract(jp_fetch, path="shapes.ipynb", notebook=notebook_json(*CELLS), **body)
    assert caught.value.code == status
    assert words in json.loads(caught.value.response.body)["message"]
    assert not (jp_root_dir / "x.py").exists()


async def test_a_repeated_block_is_extracted_through_the_route(jp_fetch, jp_root_dir):
    from test_extract_duplicates import CELLS as REPEATED

    plan = await extract(jp_fetch, path="scaling.ipynb", notebook=notebook_json(*REPEATED),
                         duplicate={"cell_id": "c2", "line": 2}, module="steps.py", function="scale")
    assert plan["function"] == "scale" and plan["written"] == ["steps.py", "test_steps.py"]
    assert sum(1 for e in plan["edits"] if e["type"] == "text") == 3


async def test_the_demo_layout_keeps_the_test_file_inside_the_server_root(jp_fetch, jp_root_dir):
    """scripts/start.sh serves examples/ while the repository's tests/ is one folder up."""
    (jp_root_dir.parent / "tests").mkdir()
    plan = await extract(jp_fetch, path="shapes.ipynb", notebook=notebook_json(*CELLS), cell_ids=["c1"],
                         module="geometry.py")
    assert plan["test_path"] == "test_geometry.py" and plan["written"] == ["geometry.py", "test_geometry.py"]
    assert list((jp_root_dir.parent / "tests").iterdir()) == []


async def test_a_module_name_too_long_for_the_file_system_is_a_400(jp_fetch, jp_root_dir):
    with pytest.raises(HTTPClientError) as caught:
        await extract(jp_fetch, path="shapes.ipynb", notebook=notebook_json(*CELLS), cell_ids=["c1"],
                      module="m" * 300 + ".py")
    assert caught.value.code == 400 and "bytes long" in json.loads(caught.value.response.body)["message"]
    assert list(jp_root_dir.iterdir()) == []
