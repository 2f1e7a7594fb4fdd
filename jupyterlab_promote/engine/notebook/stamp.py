"""The verification stamp: what a clean re-run found, kept in the notebook's metadata.

    "metadata": {"jupyterlab_promote": {
        "verified_at": "2024-05-01T12:00:00+00:00", "score": 84, "passed": false,
        "source_hash": "<sha256 of the code cells' sources>", "python": "3.11.9",
        "packages": {"pandas": "2.2.2"}, "kernel": "python3", "duration": 12.3,
        "failures": [{"cell_id": "4f1c9e2a", "status": "error", "reason": "NameError: name 'df' is not defined"}]
    }}

The stamp is fresh while the code cells are the ones that ran (same hash), stale once any changed.
It stays compact: only the cells that failed or differed, each with a one-line reason.
"""

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

STAMP_KEY = "jupyterlab_promote"
MAX_FAILURES = 20
MAX_REASON = 160


def source_hash(sources: Iterable[str]) -> str:
    """sha256 of the code cells' sources, in order (unambiguous: the list is hashed as JSON)."""
    return hashlib.sha256(json.dumps(list(sources), ensure_ascii=False).encode("utf-8")).hexdigest()


def code_sources(data: dict[str, Any]) -> list[str]:
    """The sources of the code cells of nbformat JSON."""
    sources = []
    for cell in data.get("cells", []):
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            sources.append("".join(source) if isinstance(source, list) else str(source))
    return sources


def read_stamp(metadata: Any) -> dict[str, Any] | None:
    """The stamp in notebook metadata when it has the expected shape, else None."""
    stamp = metadata.get(STAMP_KEY) if isinstance(metadata, dict) else None
    if not isinstance(stamp, dict) or not isinstance(stamp.get("source_hash"), str):
        return None
    if not isinstance(stamp.get("passed"), bool):
        return None
    return stamp


def is_fresh(stamp: dict[str, Any], sources: Iterable[str]) -> bool:
    """True while the code cells are exactly the ones the stamp's run executed."""
    return stamp.get("source_hash") == source_hash(sources)


def verification_state(metadata: Any, sources: Iterable[str]) -> str | None:
    """"verified" (fresh and passed), "failed" (fresh, failed), "stale" (code changed since), or None."""
    stamp = read_stamp(metadata)
    if stamp is None:
        return None
    if not is_fresh(stamp, sources):
        return "stale"
    return "verified" if stamp["passed"] else "failed"


def failures(stamp: dict[str, Any]) -> list[dict[str, str]]:
    """The stamp's failing or differing cells, ignoring malformed entries."""
    found = stamp.get("failures")
    if not isinstance(found, list):
        return []
    return [f for f in found if isinstance(f, dict) and f.get("status") in ("error", "differs")]


def short_reason(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= MAX_REASON else line[: MAX_REASON - 1] + "…"


def with_stamp(data: dict[str, Any], stamp: dict[str, Any] | None) -> dict[str, Any]:
    """A copy of nbformat JSON with the stamp set (None removes it); cells are shared, not copied."""
    metadata = dict(data.get("metadata") or {})
    if stamp is None:
        metadata.pop(STAMP_KEY, None)
    else:
        metadata[STAMP_KEY] = stamp
    return dict(data, metadata=metadata)


def write_stamp(path: Path, stamp: dict[str, Any], max_mb: float) -> None:
    """Write the stamp into the notebook file atomically, keeping everything else of the file as it is now.

    The file is read again just before writing: edits saved while the notebook ran are kept, and the
    stamp then reads as stale (its hash is of the code that ran), which is the truth.
    """
    from ..files.atomic import write_text_atomic
    from .reading import notebook_text, read_notebook_file

    current = read_notebook_file(path, max_mb)
    write_text_atomic(path, notebook_text(with_stamp(current, stamp)))
