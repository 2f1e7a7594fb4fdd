"""How `jupyter-promote check` runs many notebooks: on how many processes, and with which garbage-collector
policy. The report does not depend on either: entries come back in the order the notebooks were found.

Workers are forked once the engine is imported, so each starts with the rules loaded instead of
importing them again; where fork is not the platform's safe default (macOS, Windows) the default start
method is used. The server does not use this module: it keeps Python's default collector settings.
"""

import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

NOTEBOOKS_PER_WORKER = 4
"""A run of fewer notebooks than this per core stays in one process: starting a worker costs more."""
CHUNKS_PER_WORKER = 4
"""Each worker takes its notebooks in about this many runs of neighbours (balance against the sibling
notebooks of a folder being fingerprinted by every worker that analyses one of them)."""


def available_cores() -> int:
    """Cores this process may run on (a container's or taskset's limit, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def default_jobs(notebooks: int, cores: int | None = None) -> int:
    """Processes for `notebooks` notebooks when --jobs is not given: every core, once there are enough
    notebooks to keep each busy (as ruff does)."""
    cores = available_cores() if cores is None else cores
    return max(1, min(cores, notebooks // NOTEBOOKS_PER_WORKER))


@contextmanager
def batch_gc() -> Iterator[None]:
    """The collector policy of a batch run: no automatic collections, and the young generation collected
    after each notebook (see :func:`_collected`). What is alive on entry (the imported engine) is frozen
    out of every collection and, in forked workers, never written to by the collector, so its pages stay
    shared. Restored on exit, since tests call the CLI in-process.

    Why: by default the collector walks every object that lives a while (an analysis allocates millions
    of tree nodes and tuples, and keeps many until its notebook is done) again at each generation it
    promotes it to, about a third of a run's CPU. All a notebook leaves behind is young when it is done
    (the caller drops what the engine kept for it), so one young collection frees its cycles.
    """
    was_enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.unfreeze()


def _collected(work: Callable[[Any], dict], job: Any) -> dict:
    """work(job), then the young generation collected: each object the notebook leaves behind is walked
    once, and the cycles it made are freed."""
    entry = work(job)
    gc.collect(0)
    return entry


def _worker_context() -> Any:
    import multiprocessing  # not at the top: `--help` does not pay for it

    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


class WorkerDied(Exception):
    """A worker process ended without finishing its notebooks (killed, out of memory)."""


def run_jobs(work: Callable[[Any], dict], jobs: Sequence[Any], workers: int) -> list[dict]:
    """work(job) for every job, in the jobs' order, on `workers` processes (this one when 1).

    On Ctrl-C the notebooks no worker has started are dropped, so the run stops within a chunk."""
    if workers <= 1 or len(jobs) <= 1:
        return [_collected(work, job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from functools import partial

    chunk = max(1, -(-len(jobs) // (CHUNKS_PER_WORKER * workers)))
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_worker_context())
    finished = False
    try:
        entries = list(pool.map(partial(_collected, work), jobs, chunksize=chunk))
        finished = True
        return entries
    except BrokenProcessPool:
        raise WorkerDied("a worker process died (out of memory?): `--jobs 1` names the notebook") from None
    finally:
        pool.shutdown(wait=finished, cancel_futures=not finished)
