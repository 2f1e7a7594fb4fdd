"""Analyses run in child processes the server can stop, so the server answers whatever a notebook holds.

Why processes and not threads: the engine is CPU-bound Python, and one call into `re` or `ast` holds
the GIL until it returns, so an analysis in a thread of the server's process can stop tornado's event
loop (contents, kernels, every user) for as long as it runs. A child process has its own interpreter:
the server only sends it the request and waits on a socket. Language servers are run the same way.

Bounds: an analysis that takes longer than `seconds` is stopped (its process killed, a fresh one
started) and an analysis in a process that outgrows `memory_mb` of address space fails with MemoryError
inside the child; both raise :class:`AnalysisStopped` here, which the routes report as a finding.

Each worker keeps the engine's per-cell caches and the cells of the live documents sent to it, so a
live document's requests always go to the same worker (a one-cell edit sends one cell and re-analyses
one cell); other requests prefer a notebook's usual worker but take a free one rather than queueing
behind a slow analysis.
"""

import gc
import logging
import pickle
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

LOG = logging.getLogger("jupyterlab_promote")
STARTUP_SECONDS = 60
# A worker that has had no request for this long tidies its heap (see IdleCollector).
IDLE_SECONDS = 1.0


class AnalysisStopped(Exception):
    """An analysis went over its time or memory bound and was stopped; the message says which."""


@dataclass(frozen=True)
class Bounds:
    """How many analyses run at once and how far each may go (`jupyterlab_promote_analysis` setting)."""

    workers: int = 2
    seconds: float = 60.0
    memory_mb: int = 3072

    @staticmethod
    def from_setting(value: Any) -> "Bounds":
        """The bounds from a settings dict such as `{"workers": 2, "seconds": 60, "memory_mb": 3072}`."""
        if value is None:
            return Bounds()
        if not isinstance(value, dict) or not set(value) <= {"workers", "seconds", "memory_mb"}:
            raise ValueError("jupyterlab_promote_analysis must be a dict with workers, seconds and memory_mb")
        bounds = Bounds(**value)
        if not (1 <= bounds.workers <= 64 and bounds.seconds > 0 and bounds.memory_mb >= 256):
            raise ValueError("jupyterlab_promote_analysis: workers 1-64, seconds > 0, memory_mb >= 256")
        return bounds


class _Worker:
    """One child process running `python -m jupyterlab_promote.analysis_worker` over a socket pair."""

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self.lock = threading.Lock()
        self.process: subprocess.Popen | None = None
        self.connection: Connection | None = None

    def call(self, function, args: tuple, seconds: float) -> Any:
        """function(*args) in the child; the caller holds `lock`."""
        try:
            if self.process is None or self.process.poll() is not None:
                self._start()
            self.connection.send((function, args))
            if not self.connection.poll(seconds):
                self.stop()
                raise AnalysisStopped(f"the analysis took longer than {seconds:g} s and was stopped")
            status, value, detail = self.connection.recv()
        except (EOFError, OSError):
            self.stop()
            raise AnalysisStopped("the analysis process ended unexpectedly and was restarted") from None
        if status == "memory":
            self.stop()
            raise AnalysisStopped(f"the analysis needed more than {self.memory_mb} MB of memory and was stopped")
        if status == "raised":
            if detail:
                LOG.error("jupyterlab_promote: analysis failed in a worker:\n%s", detail)
            raise value
        return value

    def _start(self) -> None:
        ours, theirs = socket.socketpair()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jupyterlab_promote.analysis_worker", str(theirs.fileno()), str(self.memory_mb)],
                stdin=subprocess.DEVNULL, pass_fds=(theirs.fileno(),), close_fds=True,
            )
        finally:
            theirs.close()
        self.connection = Connection(ours.detach())
        # Starting Python and importing the engine is not the analysis: it does not count against its bound.
        if not self.connection.poll(STARTUP_SECONDS) or self.connection.recv() != "ready":
            self.stop()
            raise AnalysisStopped(f"the analysis process did not start within {STARTUP_SECONDS} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        if self.process is not None:
            self.process.wait()
        if self.connection is not None:
            self.connection.close()
        self.process, self.connection = None, None


class AnalysisPool:
    """Run engine functions (module-level, with picklable arguments) in bounded child processes."""

    def __init__(self, bounds: Bounds = Bounds()) -> None:
        self.bounds = bounds
        self._workers = [_Worker(bounds.memory_mb) for _ in range(bounds.workers)]
        self._free = threading.Condition()

    def run(self, key: str, function, *args: Any, pinned: bool = False) -> Any:
        """function(*args) in a worker, preferring the one that last ran `key` (blocking; call from a thread).

        `pinned`: only that worker, waiting for it if busy (for state the worker keeps, such as the cells
        of a live document)."""
        worker = self._acquire(key, pinned)
        try:
            return worker.call(function, args, self.bounds.seconds)
        finally:
            with self._free:
                worker.lock.release()
                self._free.notify()

    def _acquire(self, key: str, pinned: bool) -> _Worker:
        preferred = self._workers[hash(key) % len(self._workers)]
        with self._free:
            while True:
                for worker in (preferred,) if pinned else (preferred, *self._workers):
                    if worker.lock.acquire(blocking=False):
                        return worker
                self._free.wait()

    def close(self) -> None:
        for worker in self._workers:
            with worker.lock:
                worker.stop()


class IdleCollector:
    """Keeps Python's cyclic garbage collector out of the analyses a user waits for.

    A worker holds the engine's modules and, for each live document, its cells and their caches: tens
    of thousands of long-lived objects (120,000 for 300 cells). A full collection walks all of them,
    60-280 ms on a loaded 2-core machine, and Python starts one, unasked, every few hundred one-cell
    edits, inside whichever analysis allocated last: a keystroke's answer comes that much later. So
    the long-lived objects are frozen (`gc.freeze`: never scanned, still freed by reference counting),
    the collections Python starts scan only what came after, and the rest is done while nobody waits:
    after an idle second the new objects are collected and frozen, and once the frozen heap has
    doubled since the last full collection it is unfrozen and collected whole (the cycles that died
    frozen are freed there)."""

    def __init__(self) -> None:
        gc.collect()
        gc.freeze()
        self.full_at = gc.get_freeze_count()
        self.pending = False

    def after_request(self) -> None:
        self.pending = True

    def when_idle(self) -> None:
        """Collect and freeze what the requests since the last call left; the whole heap now and then."""
        if not self.pending:
            return
        self.pending = False
        whole = gc.get_freeze_count() > 2 * self.full_at
        if whole:
            gc.unfreeze()
        gc.collect()
        gc.freeze()
        if whole:
            self.full_at = gc.get_freeze_count()


def serve(descriptor: int, memory_mb: int) -> None:
    """The child's loop: receive (function, args), send back (status, value, traceback text)."""
    import resource
    import signal
    import traceback

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in the server's terminal is the server's to handle
    limit = memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    connection = Connection(descriptor)
    collector = IdleCollector()
    connection.send("ready")
    while True:
        try:
            while collector.pending and not connection.poll(IDLE_SECONDS):
                collector.when_idle()
            function, args = connection.recv()
        except (EOFError, OSError):
            return  # the server closed its end or died: nothing more to do
        collector.after_request()
        try:
            outcome = ("ok", function(*args), None)
        except MemoryError:
            outcome = ("memory", None, None)
        except Exception as error:  # sent back and raised in the server, where the route translates it
            outcome = ("raised", _picklable(error), traceback.format_exc())
        try:
            connection.send(outcome)
        except MemoryError:
            connection.send(("memory", None, None))
        if outcome[0] == "memory":
            return  # a heap that ran out may be left half-updated: the server starts a fresh process
        del outcome


def _picklable(error: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")

