"""Asking a real ipykernel for its names and history, without leaving a trace in it."""

import asyncio
import json
import queue
from contextlib import asynccontextmanager

from jupyterlab_promote.engine.notebook.kernel_state import attach_facts
from jupyterlab_promote.engine.report.analysis import analyze
from jupyterlab_promote.kernel_query import KernelQueryError, private_client, query_kernel

from factories import cell, notebook


@asynccontextmanager
async def _kernel():
    """A fresh python3 kernel and a user's client of it, shut down afterwards."""
    from jupyter_client.manager import AsyncKernelManager

    manager = AsyncKernelManager(kernel_name="python3")
    await manager.start_kernel(extra_arguments=["--HistoryManager.hist_file=:memory:"])
    user = manager.client()
    user.start_channels()
    try:
        await user.wait_for_ready(timeout=60)
        yield manager, user
    finally:
        user.stop_channels()
        await manager.shutdown_kernel(now=True)


async def _session(codes: list[str]):
    async with _kernel() as (manager, user):
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


def test_a_user_who_rebinds_builtins_still_gets_the_right_names():
    codes = ["sorted = None", "len = 3", "list = None", "str = int", "isinstance = None", "x = 1"]
    facts, _, _ = asyncio.run(_session(codes))
    assert {"sorted", "len", "list", "str", "isinstance", "x"} <= facts.names
    assert not any(name.startswith("_") for name in facts.names)


class _ScriptedClient:
    """A kernel client whose shell replies are given: what a broken or foreign kernel might send."""

    def __init__(self, *replies):
        self.replies = list(replies)
        self.asked = []

    def execute(self, code, **options):
        self.asked.append("execute")
        return "m1"

    def history(self, **options):
        self.asked.append("history")
        return "m2"

    def get_shell_msg(self, timeout=None):
        if not self.replies:
            raise queue.Empty
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply


def _names_reply(names_answer, msg_id="m1"):
    return {"parent_header": {"msg_id": msg_id}, "content": {"user_expressions": {"names": names_answer}}}


OK_NAMES = {"status": "ok", "data": {"text/plain": "'model\\nx'"}}


def _ask(client):
    return asyncio.run(query_kernel(client, timeout=2))


def test_a_kernel_answering_in_a_broken_format_gives_one_clear_error():
    broken = [
        ("content is not a mapping", [{"parent_header": {"msg_id": "m1"}, "content": "garbage"}]),
        ("no header at all", [None, "text", {"parent_header": None}]),
        ("data is a list", [_names_reply({"status": "ok", "data": ["x"]})]),
        ("text is a number", [_names_reply({"status": "ok", "data": {"text/plain": 42}})]),
        ("deeply nested text", [_names_reply({"status": "ok", "data": {"text/plain": "[" * 100_000 + "]" * 100_000}})]),
        ("an error with an odd name", [_names_reply({"status": "error", "ename": ["x"] * 500})]),
        ("not JSON", [json.JSONDecodeError("Expecting value", "<not json>", 0)]),
        ("a bad signature", [ValueError("Invalid Signature: b'00'")]),
    ]
    for what, replies in broken:
        try:
            _ask(_ScriptedClient(*replies))
        except KernelQueryError as error:
            assert "\n" not in str(error) and len(str(error)) < 200, what
        else:
            raise AssertionError(f"{what}: accepted")


def test_a_broken_history_reply_leaves_the_history_empty_not_an_error():
    for history in ("garbage", {"a": 1}, [[0, "1", "x = 1"], [0, True, "y = 2"], [0, 2, None], "abc"], None):
        client = _ScriptedClient(_names_reply(OK_NAMES), {"parent_header": {"msg_id": "m2"}, "content": {"history": history}})
        facts = _ask(client)
        assert facts.names == frozenset({"model", "x"}) and facts.history == ()
    client = _ScriptedClient(_names_reply(OK_NAMES), {"parent_header": {"msg_id": "m2"},
                                                      "content": {"history": [[0, 1, "x = 1"], "junk"]}})
    assert _ask(client).history == ((1, "x = 1"),)


def test_the_versions_answer_is_read_and_a_broken_one_leaves_no_versions_but_the_names():
    history = {"parent_header": {"msg_id": "m2"}, "content": {"history": []}}
    versions = {"status": "ok", "data": {"text/plain": repr(repr({"python": "3.11.9", "pandas": "2.2.2"}))}}
    reply = {"parent_header": {"msg_id": "m1"},
             "content": {"user_expressions": {"names": OK_NAMES, "versions": versions}}}
    facts = asyncio.run(query_kernel(_ScriptedClient(reply, history), timeout=2, versions="expression"))
    assert facts.packages == (("pandas", "2.2.2"), ("python", "3.11.9"))
    for broken in ({"status": "error", "ename": "NameError"}, {"status": "ok", "data": {"text/plain": "[1]"}}, "x", None):
        reply["content"]["user_expressions"]["versions"] = broken
        facts = asyncio.run(query_kernel(_ScriptedClient(reply, history), timeout=2, versions="expression"))
        assert facts.packages == () and facts.names == frozenset({"model", "x"})


def test_a_real_kernel_reports_loaded_packages_only_and_imports_nothing():
    from jupyterlab_promote.engine.notebook.kernel_versions import versions_expression

    async def session():
        async with _kernel() as (manager, user):
            await user.execute_interactive("import packaging", timeout=30)
            ours = private_client(manager)
            try:
                question = versions_expression({"packaging": ("packaging",), "tomli": ("tomli",)})
                facts = await query_kernel(ours, versions=question)
            finally:
                ours.stop_channels()
            loaded = await user.execute_interactive("import sys; assert 'tomli' not in sys.modules", timeout=30)
            return facts, loaded["content"]["status"]

    import packaging

    facts, nothing_imported = asyncio.run(session())
    assert nothing_imported == "ok"
    packages = dict(facts.packages)
    assert packages["packaging"] == packaging.__version__ and "tomli" not in packages and "python" in packages
