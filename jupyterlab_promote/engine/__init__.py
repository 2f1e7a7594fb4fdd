"""The analysis engine: plain Python over nbformat JSON, shared by the server routes and the CLI.

It imports nothing from jupyter_server or tornado. Its modules live in wings that import downwards
only, lowest first: files/, text/ and python/; project/; notebook/; fixes/; rules/; extract/ and
report/; sharing/. Each wing's docstring says what it owns; tests/test_layers.py keeps the order. This
module, like the routes and the CLI, is a door above them all.
"""

from pathlib import Path
from typing import Any

from .. import __version__

# The report wing's package is loaded before the function `report` below is defined: loaded later (by the
# first check's import of report.analysis), it would take the function's place in this module.
from . import report as _report_wing  # noqa: F401
from .notebook.reading import NotebookError, check_notebook_shape, read_notebook_file
from .project.config import Config, ConfigError, load_config

TOOL = {"name": "jupyterlab_promote", "version": __version__}


def check_file(path: Path, display_path: str | None = None, config: Config | None = None) -> dict[str, Any]:
    """The report entry of one notebook file; unreadable input becomes an entry with `error`."""
    from .report.analysis import analyze_dict, error_entry

    shown = display_path if display_path is not None else str(path)
    try:
        config = config if config is not None else load_config(path)
        data = read_notebook_file(path, config.max_notebook_mb)
    except (NotebookError, ConfigError) as error:
        return error_entry(shown, str(error))
    return analyze_dict(data, shown, path, config)


MAX_FIX_ROUNDS = 5


def fix_file(path: Path, display_path: str, config: Config) -> dict[str, Any]:
    """Apply the safe fixes to a notebook file, then report on the result.

    Fixes that touch the same cell wait for the next round (each round re-analyses the file), so two
    fixes that both create the parameters cell create it once. The entry says what was done in `fixed`
    (titles), `files_changed` and `fixes_held_back`.
    """
    from .fixes.applying import fix_notebook_file, with_cell_ids
    from .project.folder import Project
    from .report.analysis import analyze_dict, error_entry

    root = Project.around(path).git_root
    fixed: list[str] = []
    files: list[str] = []
    for _ in range(MAX_FIX_ROUNDS):
        try:
            data = with_cell_ids(read_notebook_file(path, config.max_notebook_mb))
        except NotebookError as error:
            return error_entry(display_path, str(error))
        entry = analyze_dict(data, display_path, path, config)
        outcome = fix_notebook_file(path, data, entry, root)
        fixed += outcome.applied
        files += [str(p) for p in outcome.files if str(p) not in files]
        if not outcome.applied:
            break
    else:
        entry = check_file(path, display_path, config)
    entry["fixed"] = fixed
    entry["files_changed"] = files
    entry["fixes_held_back"] = outcome.skipped
    return entry


def check_json(data: Any, display_path: str, path: Path | None = None, config: Config | None = None) -> dict[str, Any]:
    """The report entry of notebook JSON sent by a client (raises NotebookError when it is not one)."""
    from .report.analysis import analyze_dict

    return analyze_dict(check_notebook_shape(data), display_path, path, config)


def report(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"tool": TOOL, "notebooks": entries}


__all__ = ["Config", "ConfigError", "NotebookError", "check_file", "check_json", "fix_file", "load_config", "report"]
