"""REST routes: thin translators between HTTP and the engine.

Every route is authenticated and authorised by jupyter_server, every path is confined to the server's
root directory, and every bad input gets a 4xx with a JSON `{"message": ...}` a person can act on.
"""

import json

from jupyter_server.auth.decorator import authorized
from jupyter_server.utils import url_path_join
from tornado import web

from .analysis_pool import AnalysisStopped, Bounds
from .engine import NotebookError
from .engine.extract.cells import plan_extract
from .engine.extract.duplicates import plan_duplicate_extract
from .engine.extract.files import planned_files, write_files
from .engine.extract.selection import ExtractRefused, UnusableFileName
from .engine.fixes.applying import find_fix
from .engine.fixes.edits import EditError, apply_file_edit, file_edit_result
from .engine.notebook.reading import check_notebook_shape, read_notebook_file
from .engine.project.config import ConfigError, load_config
from .engine.rules import ALL_RULES
from .promote_handler import NAMESPACE, POOL_SETTING, PromoteHandler, shown_path
from .routes_sharing import sharing_handlers


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
        self.finish(json.dumps({**plan.to_json(), "written": [shown_path(p, root) for p in written]}))


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
    web_app.add_handlers(".*$", sharing_handlers(base_url))
