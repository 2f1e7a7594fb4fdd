"""The analysis pool: work runs in child processes that are stopped at their time and memory bounds."""

import os
import time

import pytest

from jupyterlab_promote.analysis_pool import AnalysisPool, AnalysisStopped, Bounds
from jupyterlab_promote.engine import check_json

from factories import notebook_json


@pytest.fixture
def pool():
    made = AnalysisPool(Bounds(workers=2, seconds=30, memory_mb=1024))
    yield made
    made.close()


def test_runs_the_engine_in_another_process(pool):
    entry = pool.run("a.ipynb", check_json, notebook_json("import os\nprint(os.getcwd())"), "a.ipynb")
    assert entry["error"] is None and isinstance(entry["score"], int)
    assert pool.run("a.ipynb", os.getpid) != os.getpid()


def test_an_analysis_over_the_time_bound_is_stopped_and_the_next_one_runs(pool):
    pool.bounds = Bounds(workers=2, seconds=0.5, memory_mb=1024)
    with pytest.raises(AnalysisStopped, match="longer than 0.5 s"):
        pool.run("slow.ipynb", time.sleep, 60)
    pool.bounds = Bounds(workers=2, seconds=30, memory_mb=1024)
    assert pool.run("slow.ipynb", sum, [1, 2, 3]) == 6


def test_an_analysis_over_the_memory_bound_is_stopped_and_the_next_one_runs(pool):
    with pytest.raises(AnalysisStopped, match="more than 1024 MB"):
        pool.run("big.ipynb", bytearray, 4 * 1024**3)
    assert pool.run("big.ipynb", len, "four") == 4


def test_errors_come_back_as_the_exception_the_engine_raised(pool):
    from jupyterlab_promote.engine import NotebookError

    with pytest.raises(NotebookError, match="cells"):
        pool.run("bad.ipynb", check_json, {"nbformat": 4}, "bad.ipynb")


def test_a_worker_killed_while_idle_is_replaced_without_the_next_request_noticing(pool):
    first = pool.run("k", os.getpid)
    os.kill(first, 9)
    worker = next(worker for worker in pool._workers if worker.process and worker.process.pid == first)
    worker.process.wait()
    assert pool.run("k", os.getpid) not in (first, os.getpid())


def test_a_busy_worker_does_not_hold_up_another_notebook(pool):
    import threading

    outcome = []
    slow = threading.Thread(target=lambda: outcome.append(_stopped(pool.run, "same", time.sleep, 600)))
    slow.start()
    while not any(worker.lock.locked() for worker in pool._workers):
        time.sleep(0.01)  # polls a real condition: the slow request holds its worker
    busy = next(worker for worker in pool._workers if worker.lock.locked())
    # "same" prefers the busy worker; the request takes the free one instead of queueing behind it.
    assert pool.run("same", sum, [2, 2]) == 4
    assert slow.is_alive()
    busy.process.kill()
    slow.join()
    assert outcome == ["stopped"]


def _stopped(function, *args):
    try:
        function(*args)
    except AnalysisStopped:
        return "stopped"
    return "finished"


@pytest.mark.parametrize("setting", [{"workers": 0}, {"seconds": -1}, {"memory_mb": 10}, {"threads": 3}, "fast"])
def test_wrong_settings_are_refused(setting):
    with pytest.raises(ValueError, match="jupyterlab_promote_analysis"):
        Bounds.from_setting(setting)
