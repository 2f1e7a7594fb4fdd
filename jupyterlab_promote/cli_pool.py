"""The processes of a `jupyter-promote check` run: this one and `workers - 1` forked ones, results in order.

This process analyses too (a run of N processes forks N - 1), so no core waits for a process that only
collects; a pool may instead leave this process out of the work (`here_too`), and it then works only
once every worker has died. Forked workers take the notebooks in short runs of neighbours (one folder's
notebooks mostly go to one process, which scans that folder once); this process takes single notebooks
from the same queue between writing what is ready. A thread here receives the workers' results (finished
report text, not entries) and hands out the next runs, so a worker never waits for this process to finish
a notebook of its own.

A worker that dies (killed, out of memory) costs the notebook it was analysing: that notebook's result
is the one `failed(job, reason)` makes, and the rest of its run goes back to the queue. Workers ignore
Ctrl-C: this process stops them and keeps what they sent.
"""

import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any

RUN_LENGTH = 4
"""Notebooks a worker is given at a time; it holds two runs, so it never waits for the next one."""


def _worker(connection: Any, work: Callable[[Any], Any], jobs: Sequence[Any]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
    while True:
        run = connection.recv()
        if run is None:
            break
        for index in run:
            connection.send((index, work(jobs[index])))
    connection.close()


def _context() -> Any:
    import multiprocessing  # not at the top: `--help` does not pay for it

    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


class _Worker:
    def __init__(self, context: Any, work: Callable[[Any], Any], jobs: Sequence[Any]) -> None:
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_worker, args=(theirs, work, jobs), daemon=True)
        self.process.start()
        theirs.close()
        self.given: deque[int] = deque()
        """Notebooks sent and not yet answered, in the order the worker takes them."""
        self.open = True


class Pool:
    """Run work(job) for every job on `workers` processes; :meth:`results` yields them in the jobs' order."""

    def __init__(self, work: Callable[[Any], Any], failed: Callable[[Any, str], Any], jobs: Sequence[Any],
                 workers: int, here_too: bool = True) -> None:
        self.work, self.failed, self.jobs = work, failed, jobs
        self.here_too = here_too
        """Whether this process works too (workers - 1 are forked) or only collects (workers are forked):
        then what the work leaves in its heap stays out of the processes forked after it."""
        self.waiting: deque[int] = deque(range(len(jobs)))
        self.done: dict[int, Any] = {}
        self.changed = threading.Condition()
        self.stopping = False
        sys.stdout.flush()  # a forked worker must not write a copy of what is still buffered
        context = _context()
        forked = min(workers, len(jobs)) - (1 if here_too else 0)
        self.workers = [_Worker(context, work, jobs) for _ in range(max(0, forked))]
        with self.changed:
            for worker in self.workers:
                self._give(worker)
                self._give(worker)
        self.receiver = threading.Thread(target=self._receive, daemon=True)
        self.receiver.start()

    def _give(self, worker: _Worker) -> None:
        """Send the worker the next run of notebooks, or tell it to stop (called holding `changed`)."""
        run = [self.waiting.popleft() for _ in range(min(self._run_length(), len(self.waiting)))]
        if not worker.open:
            self.waiting.extendleft(reversed(run))
            return
        if run:
            worker.given.extend(run)
        elif worker.given:
            return  # still busy; told to stop once it has answered
        try:
            worker.connection.send(run or None)
        except OSError:  # it died meanwhile: the receiver notices and puts the run back
            pass

    def _run_length(self) -> int:
        """RUN_LENGTH, shorter as the queue runs out: a worker holds two runs, so with runs of four the
        run's last notebooks could wait in a worker's hands while the other processes have nothing left."""
        processes = len(self.workers) + (1 if self.here_too else 0)
        return max(1, min(RUN_LENGTH, len(self.waiting) // (2 * processes)))

    def _receive(self) -> None:
        from multiprocessing.connection import wait

        while True:
            alive = {w.connection: w for w in self.workers if w.open}
            if not alive:
                return
            for connection in wait(list(alive)):
                worker = alive[connection]
                try:
                    index, result = connection.recv()
                except (EOFError, OSError):
                    self._lost(worker)
                    continue
                with self.changed:
                    worker.given.remove(index)
                    self.done[index] = result
                    if len(worker.given) <= self._run_length() and not self.stopping:
                        self._give(worker)
                    self.changed.notify_all()

    def _lost(self, worker: _Worker) -> None:
        """The worker's pipe closed: it ended, asked to or not."""
        worker.open = False
        worker.process.join()
        with self.changed:
            if worker.given and not self.stopping:
                index = worker.given.popleft()  # the one it was analysing: it takes them in order
                code = worker.process.exitcode
                if code == -signal.SIGKILL:
                    how = "killed by signal 9: out of memory?"
                else:
                    how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                self.done[index] = self.failed(self.jobs[index], f"the process analysing it ended ({how})")
                self.waiting.extendleft(reversed(worker.given))
            worker.given.clear()
            self.changed.notify_all()

    def _working(self) -> bool:
        return any(worker.open for worker in self.workers)

    def _take(self) -> int | None:
        with self.changed:
            if not self.here_too and self._working():
                return None
            return self.waiting.popleft() if self.waiting and not self.stopping else None

    def results(self) -> Iterator[Any]:
        """Every job's result, in the jobs' order; this process analyses whenever the next one is not ready."""
        for index in range(len(self.jobs)):
            while True:
                with self.changed:
                    if index in self.done:
                        result = self.done.pop(index)
                        break
                mine = self._take()
                if mine is not None:
                    result = self.work(self.jobs[mine])
                    with self.changed:
                        self.done[mine] = result
                    continue
                with self.changed:
                    self.changed.wait_for(lambda: index in self.done or (index in self.waiting and (
                        self.here_too or not self._working())), timeout=1.0)
            yield result

    def finished(self) -> list[Any]:
        """The results that came in and were not yet yielded, in the jobs' order (after a stop)."""
        with self.changed:
            return [self.done.pop(index) for index in sorted(self.done)]

    def close(self) -> None:
        """Stop the workers (at once when the run was cut short) and wait for them."""
        with self.changed:
            self.stopping = True
            self.waiting.clear()
        for worker in self.workers:
            if worker.process.is_alive() and worker.given:
                os.kill(worker.process.pid, signal.SIGTERM)
            elif worker.open:
                try:
                    worker.connection.send(None)
                except OSError:
                    pass
        self.receiver.join()
        for worker in self.workers:
            worker.process.join()
            worker.connection.close()
