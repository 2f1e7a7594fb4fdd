"""Asking a real ipykernel for its names and history, without leaving a trace in it."""

import asyncio

from jupyterlab_promote.engine.analysis import analyze
from jupyterlab_promote.engine.kernel_state import attach_facts
from jupyterlab_promote.kernel_query import private_client, query_kernel

from factories import cell, notebook


async def _session(codes: list[str]):
    from jupyter_client.manager import AsyncKernelManager

    manager = AsyncKernelManager(kernel_name="python3")
    await manager.start_kernel(extra_arguments=["--HistoryManager.hist_file=:memory:"])
    user = manager.client()
    user.start_channels()
    await user.wait_for_ready(timeout=60)
    try:
        for code in codes:
            reply = await user.execute_interactive(code, timeout=30)
            assert reply["content"]["status"] == "ok"
        ours = private_client(manager)
        try:
            facts = await query_kernel(ours)
            again = await query_kernel(ours)
        finally:
            ours.stop_channels()
        after = await user.execute_interactive("probe = 1", timeout=30)
        return facts, again, after["content"]["execution_count"]
    finally:
        user.stop_channels()
        await manager.shutdown_kernel(now=True)


def test_names_and_history_of_a_real_kernel_and_no_trace_left():
    codes = ["import os", "model = {'w': 2}", "threshold = 0.5", "%env PROMOTE_TEST=1\nscore = model['w'] * threshold"]
    facts, again, next_count = asyncio.run(_session(codes))
    assert {"os", "model", "threshold", "score"} <= facts.names
    assert not any(name.startswith("_") for name in facts.names) and "In" not in facts.names
    assert facts.history == tuple(enumerate(codes, start=1))
    # Silent and without history: asking twice changes nothing, and the user's next cell is [5].
    assert again == facts and next_count == len(codes) + 1

    # The notebook as it is now: the cell defining `model` was deleted, `threshold` edited since it ran.
    nb = notebook(cell("import os", execution_count=1), cell("threshold = 0.8", execution_count=3),
                  cell("%env PROMOTE_TEST=1\nscore = model['w'] * threshold", execution_count=4))
    attach_facts(nb, facts)
    entry = analyze(nb, "nb.ipynb")
    kernel = {(f["code"], f["cell_id"]) for f in entry["findings"] if f["code"] in ("HS011", "HS012")}
    assert kernel == {("HS011", "c2"), ("HS012", "c1")}
    restore = next(f for f in entry["findings"] if f["code"] == "HS011")
    assert restore["fixes"][0]["edits"] == [{"type": "insert_cell", "after_cell_id": "c1",
                                             "cell": {"cell_type": "code", "source": "model = {'w': 2}", "metadata": {}}}]
