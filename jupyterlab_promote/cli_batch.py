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
BATCH_GC_THRESHOLD = (50_000, 50, 100)
"""Python's default (700, 10, 10) walks every young object every 700 allocations: an analysis allocates
millions of short-lived tree nodes and tuples, and the collector took about a third of a run's CPU. The
objects the engine keeps (caches) are not cyclic garbage, so collecting seldom frees the same memory."""


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
    """The collector policy of a batch run: what is alive now (the imported engine) is frozen out of every
    collection (and, in forked workers, never written to by the collector, so its pages stay shared), and
    young objects are collected seldom. Restored on exit, since tests call the CLI in-process."""
    saved = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*BATCH_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*saved)
        gc.unfreeze()


def _worker_context() -> Any:
    import multiprocessing  # not at the top: `--help` does not pay for it

    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def run_jobs(work: Callable[[Any], dict], jobs: Sequence[Any], workers: int) -> list[dict]:
    """work(job) for every job, in the jobs' order, on `workers` processes (this one when 1)."""
    if workers <= 1 or len(jobs) <= 1:
        return [work(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, -(-len(jobs) // (CHUNKS_PER_WORKER * workers)))
    with ProcessPoolExecutor(max_workers=workers, mp_context=_worker_context()) as pool:
        return list(pool.map(work, jobs, chunksize=chunk))
