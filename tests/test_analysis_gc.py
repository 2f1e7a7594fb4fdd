"""The analysis workers keep Python's cyclic garbage collector out of the requests (analysis_pool.IdleCollector)."""

import gc
import weakref

import pytest

from jupyterlab_promote.analysis_pool import AnalysisPool, Bounds, IdleCollector


class _Node:
    """An object that can point at itself: only the cyclic collector frees it."""

    other: "_Node | None" = None


def _cycle() -> weakref.ref:
    node = _Node()
    node.other = node
    return weakref.ref(node)


@pytest.fixture
def collector():
    """An IdleCollector in this process, with automatic collections off so that only it collects."""
    gc.disable()
    try:
        yield IdleCollector()
    finally:
        gc.unfreeze()
        gc.enable()


def test_the_heap_at_start_is_frozen(collector):
    # Frozen objects are still freed by reference counting: the count can only have gone down since.
    assert 1000 < gc.get_freeze_count() <= collector.full_at


def test_nothing_is_collected_until_a_request_was_served(collector):
    dead = _cycle()
    collector.when_idle()
    assert dead() is not None
    collector.after_request()
    collector.when_idle()
    assert dead() is None


def test_what_survives_an_idle_collection_is_frozen(collector):
    kept = _Node()
    frozen = gc.get_freeze_count()
    collector.after_request()
    collector.when_idle()
    assert gc.get_freeze_count() > frozen
    assert kept.other is None


def test_cycles_that_died_frozen_are_freed_once_the_frozen_heap_doubled(collector):
    node = _Node()
    node.other = node
    dead = weakref.ref(node)
    collector.after_request()
    collector.when_idle()  # the cycle is alive here, and frozen
    del node
    collector.after_request()
    collector.when_idle()
    assert dead() is not None  # frozen objects are not scanned
    tripled = gc.get_freeze_count() // 3
    collector.full_at = tripled  # as if the frozen heap had tripled since the last whole collection
    collector.after_request()
    collector.when_idle()
    assert dead() is None
    assert collector.full_at > 2 * tripled  # the next whole collection waits for the heap to double again


def test_a_worker_runs_with_its_startup_heap_frozen_and_collections_on():
    pool = AnalysisPool(Bounds(workers=1, seconds=30, memory_mb=1024))
    try:
        assert pool.run("k", gc.get_freeze_count) > 1000
        assert pool.run("k", gc.isenabled) is True
    finally:
        pool.close()
