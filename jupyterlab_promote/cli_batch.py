"""How `jupyter-promote check` runs many notebooks: on how many processes, and with which garbage-collector
policy. The report does not depend on either: entries come back in the order the notebooks were found.

Workers are forked once the engine is imported, so each starts with the rules loaded instead of
importing them again (cli_pool.py); where fork is not the platform's safe default (macOS, Windows) the
default start method is used. The server does not use this module: it keeps Python's default collector
settings.
"""

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

NOTEBOOKS_PER_WORKER = 4
"""A run of fewer notebooks than this per core stays in one process: starting a worker costs more."""


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
    after each notebook (see :func:`collected`). What is alive on entry (the imported engine) is frozen
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


FULL_COLLECTION_EVERY = 256
"""Notebooks between two clearings of the run's bounded caches and full collections in a process."""
_analysed = 0


def _forget_run_caches() -> None:
    """The engine's bounded but large caches, emptied (measured on 10,000 nested notebooks, one process:
    109 -> 148 MB over 3,000 notebooks kept, 99 -> 109 MB cleared). The folder indexes stay."""
    from .engine.report.analysis import forget_batch_caches

    forget_batch_caches()


def collected(work: Callable[[Any], Any], job: Any) -> Any:
    """work(job), then the young generation collected: each object the notebook leaves behind is walked
    once, and the cycles it made are freed. Every FULL_COLLECTION_EVERY notebooks the large caches are
    emptied and all generations collected, so what survived a young collection (a cycle reaching a
    cache that has since let go of it) does not pile up over a long run."""
    global _analysed
    result = work(job)
    _analysed += 1
    if _analysed % FULL_COLLECTION_EVERY == 0:
        _forget_run_caches()
        gc.collect()
    else:
        gc.collect(0)
    return result


class _Serial:
    """The run in this process alone: the interface of cli_pool.Pool."""

    def __init__(self, work: Callable[[Any], Any], jobs: Sequence[Any]) -> None:
        self.work, self.jobs = work, jobs

    def results(self) -> Iterator[Any]:
        return (self.work(job) for job in self.jobs)

    @staticmethod
    def finished() -> list[Any]:
        return []

    def close(self) -> None:
        pass


def run_jobs(work: Callable[[Any], Any], failed: Callable[[Any, str], Any], jobs: Sequence[Any], workers: int,
             prepare: Callable[[], Any] | None = None):
    """work(job) for every job on `workers` processes (this one included): `.results()` yields them in
    the jobs' order as they finish; after a stop, `.finished()` gives those that came in but were not
    yet yielded, and `.close()` ends the workers. failed(job, reason) stands for a notebook whose
    worker died. prepare() runs before the first notebook (and the fork): what it builds (the large folders'
    indexes) is built once, and shared by every process when workers are forked."""
    from functools import partial

    work = partial(collected, work)
    if workers <= 1 or len(jobs) <= 1:
        if prepare is not None:
            prepare()  # one reading of each large folder serves both of its indexes here too
        return _Serial(work, jobs)
    from .cli_pool import Pool

    if prepare is not None:
        prepare()
        # What it parsed on the way is not asked again: emptied and given back, not copied into every worker.
        _forget_run_caches()
        gc.collect()
        _give_back_freed_memory()
        gc.freeze()  # never written to by a worker's collector: its pages stay shared with this process
    return Pool(work, failed, jobs, workers)


def mapped_in_order(workers: int, meanwhile: Callable[[], Any] | None = None
                    ) -> Callable[[Callable[[Any], Any], Sequence[Any]], Iterator[Any]]:
    """A map over `workers` forked processes (this one only collects), results in the items' order; an
    item whose process died comes back as None, for the caller to do itself. The large folders' indexes are read
    with it before the run's workers fork (folder_prebuild.py). meanwhile() runs here once the processes
    are forked, before the first result is waited for: this process would otherwise sit idle."""
    def mapped(work: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[Any]:
        if workers <= 1 or len(items) < 2:
            yield from map(work, items)
            return
        from .cli_pool import Pool

        # This process only collects: what reading leaves in its heap would be inherited by every worker.
        pool = Pool(work, lambda _item, _reason: None, items, workers, here_too=False)
        try:
            if meanwhile is not None:
                meanwhile()
            yield from pool.results()
        finally:
            pool.close()

    return mapped


def _give_back_freed_memory() -> None:
    """Return the C allocator's free pages to the system where it can (glibc's malloc_trim): freed but kept,
    they would count in each forked worker's resident memory (measured on 10,000 notebooks in one folder:
    124 -> 102 MB after building the folder's index)."""
    import ctypes

    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass
