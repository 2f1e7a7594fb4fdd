"""What every route of the extension shares: the JSON body, paths confined as the contents API confines
them, the project configuration, and analyses run in the server's bounded worker processes.
"""

import functools
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from jupyter_core.paths import is_hidden
from jupyter_server.base.handlers import APIHandler
from tornado import web
from tornado.ioloop import IOLoop

from .analysis_pool import AnalysisPool, AnalysisStopped, Bounds
from .engine import NotebookError, check_file, check_json
from .engine.notebook.kernel_versions import checked_packages, with_kernel_packages
from .engine.project.config import Config, ConfigError, load_config
from .engine.report.analysis import stopped_entry
from .engine.report.categories import PREFIXES
from .engine.report.live import MissingCells, analyze_kept_document

NAMESPACE = "jupyterlab-promote"


class PromoteHandler(APIHandler):
    """Shared plumbing: the JSON body, path confinement, and error translation."""

    auth_resource = "contents"

    def json_body(self) -> dict[str, Any]:
        try:
            body = self.get_json_body()
        except UnicodeDecodeError:
            raise web.HTTPError(400, "The request body must be JSON in UTF-8") from None
        if not isinstance(body, dict):
            raise web.HTTPError(400, "The request body must be a JSON object")
        return body

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """As jupyter_server's, but the message reads as written: tornado doubles every `%` of an
        HTTPError's message (it is a format string for the log) and the API handler sends that on."""
        error = kwargs["exc_info"][1] if kwargs.get("exc_info") else None
        if not isinstance(error, web.HTTPError) or not error.get_message():
            super().write_error(status_code, **kwargs)
            return
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"message": error.get_message(), "reason": error.reason}))

    def notebook_path(self, body: dict[str, Any]) -> tuple[str, Path]:
        """The path as the client named it, and the file it means (its real location).

        The rules of Jupyter's contents API: the path itself must lie inside the server root and, unless
        the server allows hidden files, not be hidden or inside a hidden folder (else 404, as there). A
        symbolic link on the way is followed wherever it points, as JupyterLab opens such a notebook;
        a path with `..` must also end up inside the root once links are followed.
        """
        path = body.get("path")
        if not isinstance(path, str) or not path.strip() or "\x00" in path:
            raise web.HTTPError(400, "'path' must be the notebook's path relative to the server root")
        shown_root = Path(os.path.abspath(self.settings.get("server_root_dir") or os.getcwd()))
        relative = path.lstrip("/")
        lexical = Path(os.path.normpath(shown_root / relative))
        target = Path(os.path.realpath(shown_root / relative))
        root = self.root()
        if not _inside(lexical, shown_root) or (".." in Path(relative).parts and not _inside(target, root)):
            raise web.HTTPError(403, f"'{path}' is outside the server's root directory")
        try:
            hidden = not self.allow_hidden() and is_hidden(lexical, shown_root)
            target.exists()
        except OSError as error:  # a name too long for the file system
            raise web.HTTPError(400, f"'path' is not a usable file name ({error.strerror or error})") from None
        if hidden:
            raise web.HTTPError(404, f"No notebook at '{path}': hidden files are not served by this server")
        return path, target

    def allow_hidden(self) -> bool:
        """The contents manager's `allow_hidden` (False unless the server was started with it)."""
        return bool(getattr(self.settings.get("contents_manager"), "allow_hidden", False))

    def refuse_unwritable(self, paths: list[Path], what: str) -> None:
        """409 unless every file the route would write lies inside the root (symbolic links followed) and,
        when the server hides hidden files, outside hidden folders."""
        root = self.root()
        for path in paths:
            real = Path(os.path.realpath(path))
            shown = shown_path(path, root)
            if not _inside(real, root) or real == root:
                raise web.HTTPError(409, f"{what}: {shown} is outside the server's root directory")
            if not self.allow_hidden() and is_hidden(real, root):
                raise web.HTTPError(409, f"{what}: {shown} is hidden or in a hidden folder, which this server "
                                         "does not show (ContentsManager.allow_hidden is off)")

    def ignored(self, body: dict[str, Any]) -> tuple[str, ...]:
        """Codes the user turned off in the frontend's settings: `ignore` codes, and categories not in `categories`."""
        ignore, categories = body.get("ignore", []), body.get("categories")
        if not isinstance(ignore, list) or not all(isinstance(code, str) for code in ignore):
            raise web.HTTPError(400, "'ignore' must be a list of rule codes or names")
        if categories is None:
            return tuple(ignore)
        if not isinstance(categories, list) or not set(categories) <= set(PREFIXES):
            raise web.HTTPError(400, f"'categories' must be a list of category ids: {', '.join(PREFIXES)}")
        return (*ignore, *(prefix for category, prefix in PREFIXES.items() if category not in categories))

    def request_config(self, body: dict[str, Any], target: Path) -> Config:
        """The project's configuration for this notebook, less what the request turns off; the analysis
        it goes with reads nothing outside the server's root (its `boundary`)."""
        try:
            config = load_config(target, self.root())
        except ConfigError as error:
            raise web.HTTPError(400, str(error)) from None
        return config.with_overrides(ignore=self.ignored(body))

    def root(self) -> Path:
        return Path(os.path.realpath(self.settings.get("server_root_dir") or os.getcwd()))

    async def analyse(self, body: dict[str, Any]) -> tuple[Path, dict[str, Any]] | None:
        """The report entry for the request's notebook, or None when a 409 asking for cells was sent.

        With `kernel_packages` (the versions the kernel-state route read from the notebook's kernel),
        the analysis sees those as the versions that ran."""
        shown, target = self.notebook_path(body)
        config = self.request_config(body, target)
        if body.get("kernel_packages") is not None:
            packages = checked_packages(body["kernel_packages"])
            if packages is None:
                raise web.HTTPError(400, "'kernel_packages' must map package names to versions")
            entry_in_background = functools.partial(self._entry_with_packages, packages)
        else:
            entry_in_background = self.entry_in_background
        if "document_id" in body:
            document_id = body["document_id"]
            sent = {key: body[key] for key in ("cells", "metadata", "nbformat_minor") if key in body}
            try:
                # The worker that keeps this document's cells assembles and analyses it.
                return target, await entry_in_background(
                    shown, analyze_kept_document, document_id, sent, shown, target, config,
                    pinned=f"document:{document_id}")
            except MissingCells as missing:
                self.set_status(409)
                self.finish(json.dumps({"message": str(missing), "missing_cell_ids": missing.cell_ids}))
                return None
            except NotebookError as error:
                raise web.HTTPError(400, f"The notebook sent is not valid: {error}") from None
        notebook = body.get("notebook")
        if notebook is None:
            if not target.is_file():
                raise web.HTTPError(404, f"No notebook at '{shown}'")
            entry = await entry_in_background(shown, check_file, target, shown, config)
            if entry["error"] and not entry["findings"]:
                raise web.HTTPError(400, f"'{shown}' cannot be analysed: {entry['error']}")
            return target, entry
        try:
            return target, await entry_in_background(shown, check_json, notebook, shown, target, config)
        except NotebookError as error:
            raise web.HTTPError(400, f"The notebook sent is not valid: {error}") from None

    async def in_background(self, function, *args, pinned: str | None = None):
        """Analysis is CPU work: run it in a worker process (see analysis_pool) so the server keeps
        answering whatever the notebook holds. Raises AnalysisStopped when it went over its bounds.

        `pinned` names state a worker keeps (a live document): only that worker may run the call."""
        pool = analysis_pool(self.settings)
        key = pinned or next((str(arg) for arg in args if isinstance(arg, Path)), "")  # the notebook's file
        call = functools.partial(pool.run, key, function, *args, pinned=pinned is not None)
        return await IOLoop.current().run_in_executor(_DISPATCH, call)

    async def entry_in_background(self, shown: str, function, *args, pinned: str | None = None) -> dict[str, Any]:
        """A report entry computed in a worker; one that went over its bounds is reported as a finding."""
        try:
            return await self.in_background(function, *args, pinned=pinned)
        except AnalysisStopped as stopped:
            return stopped_entry(shown, str(stopped))

    async def _entry_with_packages(self, packages: dict[str, str], shown: str, function, *args,
                                   pinned: str | None = None) -> dict[str, Any]:
        return await self.entry_in_background(shown, with_kernel_packages, packages, function, *args, pinned=pinned)

    async def in_thread(self, function, *args):
        """File work (writing an extracted module) off the event loop, in this process."""
        return await IOLoop.current().run_in_executor(None, function, *args)


# Threads that wait on worker processes; they hold no GIL while waiting, so a few more than workers.
_DISPATCH = ThreadPoolExecutor(max_workers=16, thread_name_prefix="promote-dispatch")
POOL_SETTING = "jupyterlab_promote_analysis"


def analysis_pool(settings: dict[str, Any]) -> AnalysisPool:
    """The server's pool, made on first use from the `jupyterlab_promote_analysis` setting."""
    pool = settings.get("jupyterlab_promote_pool")
    if pool is None:
        pool = settings["jupyterlab_promote_pool"] = AnalysisPool(Bounds.from_setting(settings.get(POOL_SETTING)))
    return pool


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def shown_path(path: Path, root: Path) -> str:
    """A path as the user knows it: relative to the root (its real location when a link led outside)."""
    for candidate in (Path(os.path.normpath(path)), Path(os.path.realpath(path))):
        if root in candidate.parents:
            return candidate.relative_to(root).as_posix()
    return path.name
