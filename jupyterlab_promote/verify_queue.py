"""Clean re-runs wait their turn in a queue of their own, so they never hold up live analysis.

A re-run spends minutes waiting on a kernel and holds a thread while it does. Sharing the executor that
analyses and file writes use let six slow re-runs make a three-cell analysis wait 38 s. Re-runs get
`slots` threads of their own; each user may have at most `per_user` running or waiting, and at most
`max_waiting` wait in all (a token shared by scripts makes every request a new anonymous user); and the
panel asks where a waiting one stands (`position`).
"""

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any


class QueueRefused(Exception):
    """The re-run was not queued; the message says why and what to do."""


@dataclass
class Job:
    user: str
    cancel: threading.Event = field(default_factory=threading.Event)
    started: bool = False


class VerifyQueue:
    """Runs re-runs `slots` at a time, first come first served, keyed by notebook file."""

    def __init__(self, slots: int = 2, per_user: int = 3, max_waiting: int = 8) -> None:
        self.slots, self.per_user, self.max_waiting = slots, per_user, max_waiting
        self._executor = ThreadPoolExecutor(max_workers=slots, thread_name_prefix="promote-verify")
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}  # in the order they were queued

    async def run(self, key: str, user: str, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """function(*args, **kwargs, cancel=<the job's Event>) once a slot is free; raises QueueRefused."""
        with self._lock:
            if key in self._jobs:
                raise QueueRefused("is already being re-run; cancel it or wait for it")
            if sum(job.user == user for job in self._jobs.values()) >= self.per_user:
                raise QueueRefused(f"you already have {self.per_user} clean re-runs running or waiting; "
                                   "wait for one to finish or cancel one")
            if sum(not job.started for job in self._jobs.values()) >= self.max_waiting:
                raise QueueRefused(f"cannot be queued: the queue of clean re-runs is full ({self.max_waiting} "
                                   "waiting); try again when one has finished")
            job = self._jobs[key] = Job(user)
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._executor, self._start, job, function, args, kwargs)
        finally:
            with self._lock:
                self._jobs.pop(key, None)

    def _start(self, job: Job, function: Callable[..., Any], args: tuple, kwargs: dict[str, Any]) -> Any:
        with self._lock:
            job.started = True
        return function(*args, **kwargs, cancel=job.cancel)

    def position(self, key: str) -> tuple[str, int] | None:
        """("running", 0), ("waiting", re-runs ahead of it), or None when the notebook has none."""
        with self._lock:
            job = self._jobs.get(key)
            if job is None:
                return None
            if job.started:
                return ("running", 0)
            waiting = [k for k, j in self._jobs.items() if not j.started]
            return ("waiting", waiting.index(key))  # the executor takes jobs first come, first served

    def cancel(self, key: str) -> bool:
        """Ask the notebook's re-run to stop (a waiting one stops as soon as it starts); False if none."""
        with self._lock:
            job = self._jobs.get(key)
        if job is None:
            return False
        job.cancel.set()
        return True

    def close(self) -> None:
        with self._lock:
            for job in self._jobs.values():
                job.cancel.set()
        self._executor.shutdown(wait=False, cancel_futures=True)
