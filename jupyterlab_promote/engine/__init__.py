"""The analysis engine: plain Python over nbformat JSON, shared by the server routes and the CLI.

It imports nothing from jupyter_server or tornado.
"""

from pathlib import Path
from typing import Any

from .. import __version__
from .analysis import analyze_dict, error_entry
from .config import Config, ConfigError, load_config
from .reading import NotebookError, check_notebook_shape, read_notebook_file

TOOL = {"name": "jupyterlab_promote", "version": __version__}


def check_file(path: Path, display_path: str | None = None, config: Config | None = None) -> dict[str, Any]:
    """The report entry of one notebook file; unreadable input becomes an entry with `error`."""
    shown = display_path if display_path is not None else str(path)
    try:
        config = config if config is not None else load_config(path)
        data = read_notebook_file(path, config.max_notebook_mb)
    except (NotebookError, ConfigError) as error:
        return error_entry(shown, str(error))
    return analyze_dict(data, shown, path, config)


def check_json(data: Any, display_path: str, path: Path | None = None, config: Config | None = None) -> dict[str, Any]:
    """The report entry of notebook JSON sent by a client (raises NotebookError when it is not one)."""
    return analyze_dict(check_notebook_shape(data), display_path, path, config)


def report(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"tool": TOOL, "notebooks": entries}


__all__ = ["Config", "ConfigError", "NotebookError", "check_file", "check_json", "load_config", "report"]
