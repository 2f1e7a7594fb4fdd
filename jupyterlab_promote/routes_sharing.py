"""REST routes for readiness before sharing: the badge, the clean re-run, and the live kernel's state.

    GET    badge?path=NB                           image/svg+xml
    POST   verify {"path", "timeout"?, "cell_timeout"?, "write_stamp"?: true}
    GET    verify?path=NB                          where NB's re-run stands: running, or waiting behind N
    DELETE verify?path=NB                          cancels a running or waiting verify of NB
    POST   kernel-state {"path", "notebook"?, "kernel_id"?, "ignore"?, "categories"?}
    analyze and fix take `kernel_packages` too: the versions kernel-state read (promote_handler.py)
"""

import functools
import json
from typing import Any

from jupyter_core.utils import ensure_async
from jupyter_server.auth.decorator import authorized
from jupyter_server.utils import url_path_join
from tornado import web

from .analysis_pool import AnalysisStopped
from .engine import NotebookError
from .engine.project.config import ConfigError
from .engine.report.analysis import analyze_dict
from .promote_handler import NAMESPACE, PromoteHandler, analysis_pool
from .verify_queue import QueueRefused, VerifyQueue

VERIFY_QUEUE_KEY = "jupyterlab_promote_verify_queue"
KERNEL_STATE_SETTING = "jupyterlab_promote_kernel_state"
MAX_TIMEOUT = 3 * 3600


def _seconds(body: dict[str, Any], key: str, default: float) -> float:
    value = body.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= MAX_TIMEOUT:
        raise web.HTTPError(400, f"'{key}' must be a number of seconds between 0 and {MAX_TIMEOUT}")
    return float(value)


class BadgeHandler(PromoteHandler):
    """The notebook's readiness badge as SVG (score, grade colour, tick when a fresh verify passed)."""

    @web.authenticated
    @authorized
    async def get(self) -> None:
        from .engine.sharing.badge import notebook_badge

        shown, target = self.notebook_path({"path": self.get_argument("path", "")})
        if not target.is_file():
            raise web.HTTPError(404, f"No notebook at '{shown}'")
        try:
            badge = await self.in_background(notebook_badge, target, shown, self.root())
        except (NotebookError, ConfigError) as error:
            raise web.HTTPError(400, f"'{shown}' cannot be analysed: {error}") from None
        except AnalysisStopped as error:
            raise web.HTTPError(422, f"'{shown}' has no badge: {error}") from None
        self.set_header("Cache-Control", "no-store")
        self.finish(badge.svg(), set_content_type="image/svg+xml; charset=utf-8")


class VerifyHandler(PromoteHandler):
    """Re-run the saved notebook in a fresh kernel (never the user's) and compare its outputs.

    Returns per-cell results, the duration, the stamp and the report entry with the run's findings.
    With `"write_stamp": false` the file is left alone and the client applies the returned `edits`
    (one `set_metadata`) to its own model instead, so an open notebook sees no change on disk.
    """

    @web.authenticated
    @authorized
    @authorized("execute", resource="kernels")
    async def post(self) -> None:
        from .engine.fixes.edits import set_metadata
        from .engine.notebook.stamp import STAMP_KEY
        from .engine.sharing.verify import VerifyError
        from .engine.sharing.verify_file import verify_file

        body = self.json_body()
        shown, target = self.notebook_path(body)
        timeout, cell_timeout = _seconds(body, "timeout", 600), _seconds(body, "cell_timeout", 120)
        write = body.get("write_stamp", True) is not False
        if not target.is_file():
            raise web.HTTPError(404, f"No notebook at '{shown}'")
        pool = analysis_pool(self.settings)
        analyse = functools.partial(pool.run, str(target), analyze_dict)
        try:
            done = await verify_queue(self.settings).run(
                str(target), self.current_user.username, verify_file, target, shown, timeout, cell_timeout, write,
                None, analyse=analyse, boundary=self.root())
        except QueueRefused as error:
            raise web.HTTPError(409 if "already being" in str(error) else 429, f"'{shown}' {error}") from None
        except (NotebookError, ConfigError, VerifyError) as error:
            raise web.HTTPError(400, f"'{shown}' cannot be verified: {error}") from None
        except AnalysisStopped as error:
            raise web.HTTPError(422, f"'{shown}' was re-run but not analysed: {error}") from None
        edits = [] if done.stamp is None else [set_metadata(None, STAMP_KEY, done.stamp)]
        self.finish(json.dumps({"path": shown, **done.to_json(), "edits": edits, "entry": done.entry}))

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """Where the notebook's re-run stands: `{"path", "state": "running" | "waiting", "ahead": N}`."""
        shown, target = self.notebook_path({"path": self.get_argument("path", "")})
        found = verify_queue(self.settings).position(str(target))
        if found is None:
            raise web.HTTPError(404, f"No clean re-run of '{shown}' is running or waiting")
        self.finish(json.dumps({"path": shown, "state": found[0], "ahead": found[1]}))

    @web.authenticated
    @authorized
    async def delete(self) -> None:
        shown, target = self.notebook_path({"path": self.get_argument("path", "")})
        if not verify_queue(self.settings).cancel(str(target)):
            raise web.HTTPError(404, f"No verification of '{shown}' is running")
        self.finish(json.dumps({"path": shown, "cancelling": True}))


def verify_queue(settings: dict[str, Any]) -> VerifyQueue:
    """The server's queue of clean re-runs, made on first use (`jupyterlab_promote_verify` setting)."""
    queue = settings.get(VERIFY_QUEUE_KEY)
    if queue is None:
        limits = settings.get("jupyterlab_promote_verify") or {}
        queue = settings[VERIFY_QUEUE_KEY] = VerifyQueue(
            int(limits.get("slots", 2)), int(limits.get("per_user", 3)), int(limits.get("max_waiting", 8)))
    return queue


class KernelStateHandler(PromoteHandler):
    """Findings from the notebook's running IPython kernel: names from deleted cells, cells edited since
    they ran. `{"path", "notebook"?, "kernel_id"?, "ignore"?, "categories"?}` (the frontend's filters, as
    for analyze); without kernel_id the path's session's kernel.

    Answers `{"kernel_id", "findings", "entry", "skipped", "packages"}`: `findings` are the kernel-based
    ones in the report format, `entry` the whole report entry with them (its environment-drift findings
    and "Pin what ran" fixes use the kernel's versions); `skipped` says why nothing was asked (turned
    off, not a Python kernel), else null; `packages` the versions of the notebook's imports the kernel
    has loaded, {distribution: version} and "python" (sent back as `kernel_packages` with a fix request
    so the fix pins those).
    """

    @web.authenticated
    @authorized("execute", resource="kernels")
    async def post(self) -> None:
        from .engine.rules import kernel_history

        body = self.json_body()
        shown, target = self.notebook_path(body)
        config = self.request_config(body, target)
        enabled = any(config.enabled(rule.code, rule.name, target) for rule in kernel_history.RULES)
        if self.settings.get(KERNEL_STATE_SETTING, True) is False or not enabled:
            self.finish(json.dumps({"kernel_id": None, "findings": [], "entry": None,
                                    "skipped": "kernel state checks are turned off", "packages": {}}))
            return
        kernel_id = body.get("kernel_id") or await self._session_kernel(shown)
        if not isinstance(kernel_id, str):
            raise web.HTTPError(400, "'kernel_id' must be the id of a running kernel")
        await self._answer(body, shown, target, config, kernel_id)

    async def _answer(self, body, shown, target, config, kernel_id: str) -> None:
        from .engine.notebook.reading import check_notebook_shape, read_notebook_file
        from .engine.rules import kernel_history
        from .engine.rules.leakage.environment_drift import kernel_versions_question
        from .kernel_query import KernelQueryError, kernel_language, running_kernel_facts

        if kernel_id not in self.kernel_manager:
            raise web.HTTPError(404, f"No running kernel with id '{kernel_id}'")
        language = kernel_language(self.kernel_manager, kernel_id)
        if language is not None and language != "python":
            self.finish(json.dumps({"kernel_id": kernel_id, "findings": [], "entry": None,
                                    "skipped": f"the kernel runs {language}, not IPython", "packages": {}}))
            return
        try:
            data = body.get("notebook")
            if data is None:
                if not target.is_file():
                    raise web.HTTPError(404, f"No notebook at '{shown}'")
                data = await self.in_background(read_notebook_file, target, config.max_notebook_mb)
            else:
                data = check_notebook_shape(data)
        except NotebookError as error:
            raise web.HTTPError(400, f"The notebook cannot be read: {error}") from None
        try:
            question = await self.in_background(kernel_versions_question, data, target, config)
        except AnalysisStopped:
            question = None  # the names are still worth asking for
        try:
            facts = await running_kernel_facts(self.kernel_manager, kernel_id, versions=question)
        except KernelQueryError as error:
            raise web.HTTPError(409, f"The kernel could not be asked: {error}") from None
        entry = await self.entry_in_background(shown, _analyse_with_facts, data, shown, target, config, facts)
        codes = {rule.code for rule in kernel_history.RULES}
        findings = [f for f in entry["findings"] if f["code"] in codes]
        self.finish(json.dumps({"kernel_id": kernel_id, "findings": findings, "entry": entry, "skipped": None,
                                "packages": dict(facts.packages)}))

    async def _session_kernel(self, path: str) -> str:
        sessions = await ensure_async(self.session_manager.list_sessions())
        for session in sessions:
            if session.get("path") == path.lstrip("/") and session.get("kernel"):
                return session["kernel"]["id"]
        raise web.HTTPError(404, f"'{path}' has no running kernel")


def _analyse_with_facts(data, shown, target, config, facts):
    from .engine.notebook.kernel_state import attach_facts
    from .engine.notebook.model import notebook_from_dict
    from .engine.report.analysis import analyze

    nb = notebook_from_dict(data, target, config)
    attach_facts(nb, facts)
    return analyze(nb, shown)


def sharing_handlers(base_url: str) -> list[tuple[str, type]]:
    routes = [("badge", BadgeHandler), ("verify", VerifyHandler), ("kernel-state", KernelStateHandler)]
    return [(url_path_join(base_url, NAMESPACE, name), handler) for name, handler in routes]
