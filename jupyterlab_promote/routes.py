"""REST routes: thin translators between HTTP and the engine.

Every route is authenticated and authorised by jupyter_server, every path is confined to the server's
root directory, and every bad input gets a 4xx with a JSON `{"message": ...}` a person can act on.
"""

import functools
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from jupyter_core.paths import is_hidden
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web
from tornado.ioloop import IOLoop

from .analysis_pool import AnalysisPool, AnalysisStopped, Bounds
from .engine import NotebookError, check_file, check_json, load_config
from .engine.analysis import stopped_entry
from .engine.categories import PREFIXES
from .engine.config import Config, ConfigError
from .engine.edits import EditError, apply_file_edit, file_edit_result
from .engine.extract import plan_extract
from .engine.extract_analysis import ExtractRefused, UnusableFileName
from .engine.extract_duplicates import plan_duplicate_extract
from .engine.extract_files import planned_files, write_files
from .engine.fixing import find_fix
from .engine.live import MissingCells, analyze_kept_document
from .engine.reading import check_notebook_shape, read_notebook_file
from .engine.rules import ALL_RULES

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
            shown = _shown(path, root)
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
        """The report entry for the request's notebook, or None when a 409 asking for cells was sent."""
        shown, target = self.notebook_path(body)
        config = self.request_config(body, target)
        if "document_id" in body:
            document_id = body["document_id"]
            sent = {key: body[key] for key in ("cells", "metadata", "nbformat_minor") if key in body}
            try:
                # The worker that keeps this document's cells assembles and analyses it.
                return target, await self.entry_in_background(
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
            entry = await self.entry_in_background(shown, check_file, target, shown, config)
            if entry["error"] and not entry["findings"]:
                raise web.HTTPError(400, f"'{shown}' cannot be analysed: {entry['error']}")
            return target, entry
        try:
            return target, await self.entry_in_background(shown, check_json, notebook, shown, target, config)
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


def _shown(path: Path, root: Path) -> str:
    """A path as the user knows it: relative to the root (its real location when a link led outside)."""
    for candidate in (Path(os.path.normpath(path)), Path(os.path.realpath(path))):
        if root in candidate.parents:
            return candidate.relative_to(root).as_posix()
    return path.name


class AnalyzeHandler(PromoteHandler):
    """One report entry for a notebook: read from disk, sent whole, or sent incrementally.

    Incremental form (live edits): `{"path", "document_id", "cells": [cell | {"id", "hash"}], "metadata"?}`.
    When the server lacks referenced cells it answers 409 with `missing_cell_ids`.
    """

    @web.authenticated
    @authorized
    async def post(self) -> None:
        body = self.json_body()
        analysed = await self.analyse(body)
        if analysed is not None:
            self.finish(json.dumps(analysed[1]))


class FixHandler(PromoteHandler):
    """The edits of one fix: `{"path", "notebook" | incremental cells, "fix_id", "apply_files"?}`.

    Notebook edits are returned for the client to apply to its model (one undo step). File edits are
    returned as before/after text; with `"apply_files": true` they are also written, atomically.
    """

    @web.authenticated
    @authorized
    async def post(self) -> None:
        body = self.json_body()
        fix_id = body.get("fix_id")
        if not isinstance(fix_id, str) or not fix_id:
            raise web.HTTPError(400, "'fix_id' must be the id of a fix from the analysis")
        analysed = await self.analyse(body)
        if analysed is None:
            return
        target, entry = analysed
        if entry["error"]:
            raise web.HTTPError(409, f"No fix can be made: {entry['error']}")
        found = find_fix(entry, fix_id)
        if found is None:
            raise web.HTTPError(409, "That fix no longer applies: the notebook changed since it was analysed")
        finding, fix = found
        root = self.root()
        files = []
        try:
            # Relative to the notebook's folder, anywhere inside the root: a requirements file one folder up
            # is the project's. A symbolic link is written through, to a file that must be inside the root.
            for edit in (e for e in fix["edits"] if e["type"] == "file"):
                path, before, after = file_edit_result(target.parent, edit, root)
                self.refuse_unwritable([path], f"{edit['path']} cannot be changed")
                files.append({"path": path.relative_to(root).as_posix(), "before": before, "after": after})
            if body.get("apply_files") is True:
                for edit in (e for e in fix["edits"] if e["type"] == "file"):
                    apply_file_edit(target.parent, edit, root)
        except EditError as error:
            raise web.HTTPError(409, str(error)) from None
        edits = [e for e in fix["edits"] if e["type"] != "file"]
        self.finish(json.dumps({"code": finding["code"], "fix": fix, "edits": edits, "files": files,
                                "files_written": body.get("apply_files") is True}))


class ExtractHandler(PromoteHandler):
    """Extract cells to a module: `{"path", "notebook"?, "cell_ids", "module", "function"?, "tests"?,
    "append"?, "dry_run"?}`, or a repeated block: `"duplicate": {"cell_id", "line"}` instead of cell_ids.

    Returns the plan (module and test file contents and paths, parameters, returns) and the notebook
    edits for the client to apply in one undoable step. Unless `dry_run`, the module and test file are
    written first, atomically and never over an existing file. A refusal is a 409 that says why.
    """

    @web.authenticated
    @authorized
    async def post(self) -> None:
        body = self.json_body()
        shown, target = self.notebook_path(body)
        cell_ids, module, duplicate = body.get("cell_ids"), body.get("module"), body.get("duplicate")
        if duplicate is not None:
            if not (isinstance(duplicate, dict) and isinstance(duplicate.get("cell_id"), str)
                    and isinstance(duplicate.get("line"), int)):
                raise web.HTTPError(400, "'duplicate' must be {\"cell_id\": ..., \"line\": ...} of a repeated block")
        elif not isinstance(cell_ids, list) or not cell_ids or not all(isinstance(c, (str, int)) for c in cell_ids):
            raise web.HTTPError(400, "'cell_ids' must be a non-empty list of cell ids")
        if not isinstance(module, str) or not module.strip():
            raise web.HTTPError(400, "'module' must be a path relative to the notebook, e.g. 'pkg/features.py'")
        function = body.get("function")
        if function is not None and not isinstance(function, str):
            raise web.HTTPError(400, "'function' must be a string")
        data = body.get("notebook")
        try:
            if data is None:
                if not target.is_file():
                    raise web.HTTPError(404, f"No notebook at '{shown}'")
                limit = load_config(target, self.root()).max_notebook_mb
                data = await self.in_background(read_notebook_file, target, limit)
            else:
                data = check_notebook_shape(data)
            tests = body.get("tests", True) is not False
            # The root bounds the plan: the tests folder is looked for up to it, every file must land in it.
            root = self.root()
            if duplicate is not None:
                plan = await self.in_background(plan_duplicate_extract, data, target, duplicate["cell_id"],
                                                duplicate["line"], module, function or "repeated_block", tests, root)
            else:
                plan = await self.in_background(plan_extract, data, target, cell_ids, module, function or None,
                                                tests, body.get("append") is True, root)
            self.refuse_unwritable(planned_files(plan, target.parent), "Nothing was extracted")
            written = [] if body.get("dry_run") is True else await self.in_thread(write_files, plan, target.parent, root)
        except (NotebookError, ConfigError) as error:
            raise web.HTTPError(400, f"The notebook cannot be read: {error}") from None
        except UnusableFileName as error:
            raise web.HTTPError(400, f"Nothing was extracted: {error}") from None
        except (ExtractRefused, AnalysisStopped) as error:
            raise web.HTTPError(409, f"Nothing was extracted: {error}") from None
        self.finish(json.dumps({**plan.to_json(), "written": [_shown(p, root) for p in written]}))


class RulesHandler(PromoteHandler):
    @web.authenticated
    @authorized
    def get(self) -> None:
        self.finish(json.dumps({"rules": [rule.to_json() for rule in ALL_RULES]}))


def setup_route_handlers(web_app) -> None:
    base_url = web_app.settings["base_url"]
    Bounds.from_setting(web_app.settings.get(POOL_SETTING))  # a wrong setting fails at start, not per request
    routes = [("analyze", AnalyzeHandler), ("fix", FixHandler), ("extract", ExtractHandler), ("rules", RulesHandler)]
    web_app.add_handlers(".*$", [(url_path_join(base_url, NAMESPACE, name), handler) for name, handler in routes])
    from .routes_sharing import sharing_handlers  # imports this module: only once it is loaded

    web_app.add_handlers(".*$", sharing_handlers(base_url))
