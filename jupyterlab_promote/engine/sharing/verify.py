"""Clean re-run ("verify"): run a notebook top to bottom in a fresh kernel and compare with its outputs.

The run uses nbclient with a kernel of the notebook's kernelspec, started for this run only, in the
notebook's folder; the user's open kernel is never involved. Each code cell gets a per-cell timeout
and the whole run a total one; a kernel that hangs is killed at the timeout. The run stops at the first
failing cell (as "Restart and run all" does) and can be cancelled between and during cells through a
threading.Event. Each code cell is then `same`, `differs` (with a short diff), `error` (ename, evalue),
`ran` (it has no stored outputs to compare with) or `skipped` (not reached, or tagged skip-execution).
"""

import ast
import asyncio
import copy
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .output_compare import compare, first_error

PASSING = ("same", "ran")
POLL_SECONDS = 0.1
ENV_TIMEOUT = 15
MAX_PACKAGES = 30

_ENV_CODE = """\
def _promote_env(modules):
    import json, platform
    from importlib import metadata
    try:
        owners = metadata.packages_distributions()
    except Exception:
        owners = {}
    found = {}
    for module in modules:
        for dist in owners.get(module, [])[:1]:
            try:
                found[dist] = metadata.version(dist)
            except Exception:
                pass
    return json.dumps({"python": platform.python_version(), "packages": found})
"""


class VerifyError(Exception):
    """The notebook could not be run at all (no such kernel, the kernel did not start); one line."""


@dataclass
class CellResult:
    index: int
    """0-based position among all cells."""
    cell_id: str | None
    status: str
    duration: float = 0.0
    diff: str | None = None
    ename: str | None = None
    evalue: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class VerifyResult:
    kernel: str
    cells: list[CellResult] = field(default_factory=list)
    duration: float = 0.0
    cancelled: bool = False
    timed_out: bool = False
    python: str | None = None
    packages: dict[str, str] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        """No cell failed or differed and the run was not cancelled (cells are skipped only after a
        failure, a cancel, or by their skip-execution tag)."""
        return not self.cancelled and all(c.status in PASSING or c.status == "skipped" for c in self.cells)

    def to_json(self) -> dict[str, Any]:
        return {"kernel": self.kernel, "passed": self.passed, "cancelled": self.cancelled,
                "timed_out": self.timed_out, "duration": round(self.duration, 3),
                "cells": [c.to_json() for c in self.cells], "python": self.python, "packages": self.packages}


Progress = Callable[[int, int, CellResult | None], None]
"""Called with (0, total, None) once the kernel is up, then (done, total, result) after each code cell."""


def verify_notebook(data: dict[str, Any], folder: Path, timeout: float = 600, cell_timeout: float = 120,
                    progress: Progress | None = None, cancel: threading.Event | None = None,
                    modules: tuple[str, ...] = ()) -> VerifyResult:
    """Run nbformat JSON in a fresh kernel in `folder`; `modules` are the imports whose versions to record."""
    runner = _Runner(data, folder, timeout, cell_timeout, progress, cancel or threading.Event(), modules)
    return asyncio.run(runner.run())


class _Runner:
    def __init__(self, data, folder, timeout, cell_timeout, progress, cancel, modules) -> None:
        import nbformat
        from nbformat.v4.rwbase import rejoin_lines

        self.nb = rejoin_lines(nbformat.from_dict(copy.deepcopy(data)))
        spec = data.get("metadata", {}).get("kernelspec")
        self.kernel = spec.get("name") if isinstance(spec, dict) and spec.get("name") else "python3"
        self.folder, self.timeout, self.cell_timeout = folder, timeout, cell_timeout
        self.progress, self.cancel, self.modules = progress, cancel, modules
        self.result = VerifyResult(self.kernel)

    async def run(self) -> VerifyResult:
        try:
            from jupyter_client.kernelspec import NoSuchKernel
            from nbclient import NotebookClient
        except ImportError as error:
            raise VerifyError(f"cannot run notebooks here: {error.name} is not installed") from None

        started = time.monotonic()
        client = NotebookClient(
            self.nb, timeout=max(1, round(self.cell_timeout)), kernel_name=self.kernel, allow_errors=True,
            shutdown_kernel="immediate", record_timing=False, resources={"metadata": {"path": str(self.folder)}},
        )
        try:
            # The kernel's own stderr (its start-up chatter) is not the run's output: cells' outputs are.
            async with client.async_setup_kernel(cwd=str(self.folder), stderr=subprocess.DEVNULL):
                self._cancel_on_interrupt()
                await self._run_cells(client, started + self.timeout)
                died = any(c.ename == "DeadKernel" for c in self.result.cells)
                if not (self.result.cancelled or self.result.timed_out or died) and self._is_python():
                    await self._record_environment(client)
        except NoSuchKernel:
            raise VerifyError(f"no kernel named '{self.kernel}' is installed (see `jupyter kernelspec list`)") from None
        except (RuntimeError, TimeoutError, OSError) as error:
            if not self.result.cells:
                raise VerifyError(f"the kernel '{self.kernel}' did not start: {error}") from None
            raise
        self.result.duration = time.monotonic() - started
        return self.result

    def _cancel_on_interrupt(self) -> None:
        """Ctrl-C cancels the run (nbclient's own handler would kill the kernel under the running cell)."""
        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGINT, self.cancel.set)
        except (RuntimeError, NotImplementedError, ValueError):
            pass  # not the main thread (the server), or no signals (Windows): cancel through the Event

    def _is_python(self) -> bool:
        info = self.nb.metadata.get("language_info") or {}
        return str(info.get("name", "python")).lower().startswith("python")

    async def _run_cells(self, client, deadline: float) -> None:
        code = [(i, c) for i, c in enumerate(self.nb.cells) if c.cell_type == "code" and c.source.strip()]
        stored = {i: copy.deepcopy(c.get("outputs", [])) for i, c in code}
        counted = {i: c.get("execution_count") is not None for i, c in code}
        stopped: str | None = None
        if self.progress is not None:
            self.progress(0, len(code), None)
        for done, (index, cell) in enumerate(code, start=1):
            cell_id = cell.get("id")
            if stopped is not None or "skip-execution" in cell.metadata.get("tags", []):
                outcome = CellResult(index, cell_id, "skipped", evalue=stopped or "tagged skip-execution")
            else:
                outcome = await self._run_cell(client, cell, index, deadline, stored[index], counted[index])
                if outcome.status == "error" or self.result.cancelled:
                    stopped = f"not run: the run stopped at cell #{index + 1}"
            self.result.cells.append(outcome)
            if self.progress is not None:
                self.progress(done, len(code), outcome)

    async def _run_cell(self, client, cell, index, deadline, stored, counted) -> CellResult:
        from nbclient.exceptions import CellTimeoutError, DeadKernelError

        started = time.monotonic()
        task = asyncio.ensure_future(client.async_execute_cell(cell, index, execution_count=client.code_cells_executed + 1))
        outcome = CellResult(index, cell.get("id"), "same")
        try:
            stopped = False
            while not task.done() and not stopped:
                await asyncio.wait({task}, timeout=POLL_SECONDS)
                stopped = not task.done() and (self.cancel.is_set() or time.monotonic() > deadline)
            if stopped:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
                self._stop(outcome)
            else:
                task.result()
        except CellTimeoutError:
            self.result.timed_out = True
            outcome.status, outcome.ename = "error", "Timeout"
            outcome.evalue = f"the cell ran longer than {self.cell_timeout:g} s"
        except DeadKernelError:
            outcome.status, outcome.ename, outcome.evalue = "error", "DeadKernel", "the kernel died"
        outcome.duration = round(time.monotonic() - started, 3)
        if outcome.status != "same":
            return outcome
        return _classify(outcome, stored, cell.get("outputs", []), counted, "raises-exception" in cell.metadata.get("tags", []))

    def _stop(self, outcome: CellResult) -> None:
        if self.cancel.is_set():
            self.result.cancelled = True
            outcome.status, outcome.evalue = "skipped", "cancelled"
        else:
            self.result.timed_out = True
            outcome.status, outcome.ename = "error", "Timeout"
            outcome.evalue = f"the whole run took longer than {self.timeout:g} s"

    async def _record_environment(self, client) -> None:
        expression = f"_promote_env({list(self.modules[:MAX_PACKAGES])!r})"
        try:
            msg_id = client.kc.execute(_ENV_CODE, silent=True, store_history=False,
                                       user_expressions={"env": expression})
            reply = await asyncio.wait_for(_reply(client.kc, msg_id), ENV_TIMEOUT)
            text = reply["content"]["user_expressions"]["env"]["data"]["text/plain"]
            import json

            env = json.loads(ast.literal_eval(text))
        except (asyncio.TimeoutError, KeyError, TypeError, ValueError, SyntaxError):
            return
        self.result.python = env.get("python")
        self.result.packages = dict(sorted(env.get("packages", {}).items()))


async def _reply(kc, msg_id: str) -> dict[str, Any]:
    while True:
        message = await kc.get_shell_msg(timeout=ENV_TIMEOUT)
        if message.get("parent_header", {}).get("msg_id") == msg_id:
            return message


def _classify(outcome: CellResult, stored: list, fresh: list, counted: bool, expects_error: bool) -> CellResult:
    error = first_error(fresh)
    if error is not None and not expects_error:
        outcome.status, (outcome.ename, outcome.evalue) = "error", error
        return outcome
    if not stored and not counted:
        outcome.status = "ran"
        return outcome
    outcome.diff = compare(stored, fresh)
    outcome.status = "same" if outcome.diff is None else "differs"
    return outcome
