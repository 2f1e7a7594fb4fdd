"""Clean re-runs queue in slots of their own, a few per user, and say where they stand."""

import asyncio
import threading

import pytest

from jupyterlab_promote.verify_queue import QueueRefused, VerifyQueue


def blocked_run(release: threading.Event):
    """A stand-in for verify_file: holds its slot until released or cancelled."""
    def run(name, cancel):
        while not (release.is_set() or cancel.is_set()):
            release.wait(0.01)
        return (name, cancel.is_set())
    return run


async def until(condition):
    while not condition():
        await asyncio.sleep(0.01)  # polls the real condition, bounded by the test's own timeout


async def test_waiting_runs_know_how_many_are_ahead_and_run_in_order():
    queue, release = VerifyQueue(slots=1, per_user=5), threading.Event()
    run = blocked_run(release)
    tasks = [asyncio.ensure_future(queue.run(name, "ann", run, name)) for name in ("a", "b", "c")]
    await until(lambda: queue.position("a") == ("running", 0))
    assert queue.position("b") == ("waiting", 0)
    assert queue.position("c") == ("waiting", 1)
    assert queue.position("d") is None
    release.set()
    assert [await task for task in tasks] == [("a", False), ("b", False), ("c", False)]
    assert queue.position("a") is None
    queue.close()


async def test_a_user_has_a_few_runs_at_most_and_one_per_notebook():
    queue, release = VerifyQueue(slots=1, per_user=2), threading.Event()
    run = blocked_run(release)
    tasks = [asyncio.ensure_future(queue.run(name, "ann", run, name)) for name in ("a", "b")]
    await until(lambda: queue.position("b") is not None)
    with pytest.raises(QueueRefused, match="already have 2"):
        await queue.run("c", "ann", run, "c")
    with pytest.raises(QueueRefused, match="already being re-run"):
        await queue.run("a", "bob", run, "a")
    other = asyncio.ensure_future(queue.run("d", "bob", run, "d"))
    await until(lambda: queue.position("d") is not None)
    release.set()
    assert [await task for task in (*tasks, other)] == [("a", False), ("b", False), ("d", False)]
    queue.close()


async def test_a_waiting_run_that_is_cancelled_stops_as_soon_as_it_starts():
    queue, release = VerifyQueue(slots=1, per_user=5), threading.Event()
    run = blocked_run(release)
    first = asyncio.ensure_future(queue.run("a", "ann", run, "a"))
    second = asyncio.ensure_future(queue.run("b", "ann", run, "b"))
    await until(lambda: queue.position("b") == ("waiting", 0))
    assert queue.cancel("b") and not queue.cancel("z")
    release.set()
    assert await first == ("a", False)
    assert await second == ("b", True)
    queue.close()


async def test_only_so_many_runs_wait_in_all():
    queue, release = VerifyQueue(slots=1, per_user=5, max_waiting=1), threading.Event()
    run = blocked_run(release)
    first = asyncio.ensure_future(queue.run("a", "ann", run, "a"))
    await until(lambda: queue.position("a") == ("running", 0))
    second = asyncio.ensure_future(queue.run("b", "bob", run, "b"))
    await until(lambda: queue.position("b") is not None)
    with pytest.raises(QueueRefused, match="queue of clean re-runs is full"):
        await queue.run("c", "cid", run, "c")
    release.set()
    assert (await first, await second) == (("a", False), ("b", False))
    queue.close()
