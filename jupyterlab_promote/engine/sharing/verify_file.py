"""Verify a notebook file: read it, re-run it cleanly, score it with the result, and stamp it.

Shared by `jupyter-promote verify` and the server's `POST verify`.
"""

import ast
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..notebook.stamp import MAX_FAILURES, code_sources, short_reason, source_hash, with_stamp, write_stamp
from .verify import Progress, VerifyResult, verify_notebook


@dataclass
class Verification:
    result: VerifyResult
    stamp: dict[str, Any] | None
    """None when the run was cancelled: a cancelled run proves nothing."""
    written: bool
    entry: dict[str, Any]
    """The report entry of the notebook with the new stamp (its hidden_state findings include the run)."""

    def to_json(self) -> dict[str, Any]:
        return {**self.result.to_json(), "stamp": self.stamp, "stamp_written": self.written,
                "score": self.entry["score"], "grade": self.entry["grade"]}


def notebook_imports(data: dict[str, Any]) -> tuple[str, ...]:
    """The third-party top-level modules the notebook imports, in order of first import."""
    from ..notebook.source import parse_cell
    from ..project.dependencies import is_third_party

    found: dict[str, None] = {}
    for source in code_sources(data):
        tree = parse_cell(source).tree
        if tree is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            else:
                continue
            found.update((name.split(".")[0], None) for name in names if is_third_party(name))
    return tuple(found)


def build_stamp(result: VerifyResult, sources: list[str], score: int | None) -> dict[str, Any]:
    failing = [c for c in result.cells if c.status in ("error", "differs")]
    return {
        "verified_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "score": score,
        "passed": result.passed,
        "source_hash": source_hash(sources),
        "python": result.python,
        "packages": result.packages,
        "kernel": result.kernel,
        "duration": round(result.duration, 1),
        "failures": [
            {"cell_id": c.cell_id, "cell_index": c.index, "status": c.status, "reason": short_reason(_reason(c))}
            for c in failing[:MAX_FAILURES]
        ],
    }


def _reason(cell) -> str:
    if cell.status == "error":
        return f"{cell.ename}: {cell.evalue}" if cell.evalue else str(cell.ename)
    changed = [line[1:] for line in (cell.diff or "").split("\n") if line.startswith("+") and not line.startswith("+++")]
    return "output differs" + (f": now {changed[0].strip()!r}" if changed and changed[0].strip() else "")


def verify_file(path: Path, display_path: str, timeout: float = 600, cell_timeout: float = 120,
                write: bool = True, progress: Progress | None = None,
                cancel: threading.Event | None = None, analyse: Callable[..., dict[str, Any]] | None = None,
                boundary: Path | None = None) -> Verification:
    """Re-run the notebook file cleanly; unless `write` is False, stamp the file (atomically).

    `analyse` (default: the engine's `analyze_dict`, same arguments) reports on the notebook; the server
    passes one that runs in its bounded analysis processes, and its root as the `boundary` of what the
    analysis may read.

    Raises NotebookError / ConfigError for a file that is not a readable notebook, VerifyError when no
    kernel could run it.
    """
    from ..notebook.reading import read_notebook_file
    from ..project.config import load_config
    from ..report.analysis import analyze_dict

    analyse = analyse or analyze_dict
    config = load_config(path, boundary)
    data = read_notebook_file(path, config.max_notebook_mb)
    sources = code_sources(data)
    result = verify_notebook(data, path.absolute().parent, timeout, cell_timeout, progress, cancel,
                             notebook_imports(data))
    if result.cancelled:
        return Verification(result, None, False, analyse(data, display_path, path, config))
    stamp = build_stamp(result, sources, None)
    entry = analyse(with_stamp(data, stamp), display_path, path, config)
    stamp["score"] = entry["score"]
    if write:
        write_stamp(path, stamp, config.max_notebook_mb)
    return Verification(result, stamp, write, entry)
