"""Comparing a cell's stored outputs with the outputs of a clean re-run.

Outputs are reduced to comparable text first: streams joined per stream name and rendered as a terminal
would show them (a carriage return rewrites its line, as progress bars do); rich outputs by their
plain text (else HTML, Markdown, LaTeX or JSON as text); images by presence and pixel size, never by
bytes; widgets by presence. Volatile parts are then normalised away: memory addresses, dates and times,
Unix timestamps, durations (`1.23 s`, `Wall time`, `%timeit` lines), progress bars (tqdm, Keras),
object ids (integers of 12 digits or more), UUIDs and temporary paths.
"""

import base64
import difflib
import json
import re
import struct
from typing import Any

MAX_DIFF_LINES = 24
MAX_DIFF_CHARS = 2000
TEXT_MIMES = ("text/plain", "text/html", "text/markdown", "text/latex", "application/json")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

_VOLATILE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        # progress bars: tqdm (`45%|████▌     | 45/100 [00:01<00:02, 30.1it/s]`), Keras, plain [====>...]
        (r"^.*\d%\|.*\|.*$", "<progress>"),
        (r"^.*━{3,}.*$", "<progress>"),
        (r"^.*\[(?:=+>?|=*>)\.*\].*$", "<progress>"),
        # %timeit and %time
        (r"^.*± .* per loop \(mean ± std\. dev\..*\)$", "<timeit>"),
        (r"^(CPU times|Wall time):.*$", r"\1: <duration>"),
        (r"0x[0-9a-fA-F]{6,}", "0x<address>"),
        (r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b", "<uuid>"),
        (r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?", "<date>"),
        (r"\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b", "<time>"),
        (r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2}\b",
         "<date>"),
        (r"(?:/private)?/(?:tmp|var/folders|var/tmp)/[^\s'\"<>]*", "<tmp>"),
        (r"[A-Za-z]:\\[^\s'\"<>]*\\Temp\\[^\s'\"<>]*", "<tmp>"),
        (r"\btmp[a-z0-9_]{6,}\b", "<tmp>"),
        (r"\b1[4-9]\d{8}(?:\.\d+)?\b", "<epoch>"),
        (r"\b\d{12,}\b", "<id>"),
        (r"\b\d+(?:\.\d+)?(?:e-?\d+)? ?(?:ns|µs|us|ms|s|sec|secs|seconds|min|minutes)\b", "<duration>"),
    )
)


def normalise(text: str) -> str:
    """The text with its volatile parts replaced by placeholders, trailing spaces and blank tails removed."""
    lines = []
    for line in terminal_text(text).split("\n"):
        for pattern, replacement in _VOLATILE:
            line = pattern.sub(replacement, line)
        lines.append(line.rstrip())
    return "\n".join(lines).strip("\n")


def terminal_text(text: str) -> str:
    """What a terminal shows: within a line, a carriage return starts it over (progress bars redraw so)."""
    return "\n".join(line.rstrip("\r").rsplit("\r", 1)[-1] for line in text.split("\n"))


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "".join(part for part in value if isinstance(part, str))
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, indent=1)


def image_size(mime: str, data: Any, metadata: dict[str, Any]) -> tuple[int, int] | None:
    """Pixel size of an image output: from its metadata, else from a PNG or GIF header."""
    meta = metadata.get(mime) if isinstance(metadata.get(mime), dict) else metadata
    width, height = meta.get("width"), meta.get("height")
    if isinstance(width, int) and isinstance(height, int):
        return width, height
    if not isinstance(data, (str, list)) or mime not in ("image/png", "image/gif"):
        return None
    try:
        head = base64.b64decode(_text(data).replace("\n", "")[:64] + "==", validate=False)
    except ValueError:
        return None
    if head[:8] == b"\x89PNG\r\n\x1a\n" and len(head) >= 24:
        return struct.unpack(">II", head[16:24])
    if head[:4] == b"GIF8" and len(head) >= 10:
        return struct.unpack("<HH", head[6:10])
    return None


def describe(outputs: list[dict[str, Any]]) -> list[str]:
    """The comparable lines of a cell's outputs (normalised)."""
    streams: dict[str, str] = {}
    rich: list[str] = []
    for output in outputs:
        kind = output.get("output_type")
        if kind == "stream":
            name = output.get("name", "stdout")
            streams[name] = streams.get(name, "") + _text(output.get("text", ""))
        elif kind in ("execute_result", "display_data"):
            rich.append(_describe_data(output.get("data") or {}, output.get("metadata") or {}))
        elif kind == "error":
            rich.append(f"[error] {output.get('ename', '')}: {normalise(str(output.get('evalue', '')))}")
    parts = [f"[{name}]\n{normalise(text)}" for name, text in sorted(streams.items()) if normalise(text)]
    return "\n".join(parts + rich).split("\n") if parts or rich else []


def _describe_data(data: dict[str, Any], metadata: dict[str, Any]) -> str:
    images = sorted(mime for mime in data if mime.startswith("image/"))
    if images:
        size = image_size(images[0], data[images[0]], metadata)
        shown = f"{size[0]}x{size[1]}" if size else "size unknown"
        return f"[image {images[0]} {shown}]"
    if WIDGET_MIME in data:
        return "[widget]"
    for mime in TEXT_MIMES:
        if mime in data:
            return normalise(_text(data[mime]))
    return "[" + ", ".join(sorted(data)) + "]"


def compare(stored: list[dict[str, Any]], fresh: list[dict[str, Any]]) -> str | None:
    """None when the outputs agree after normalising, else a short unified diff (stored → re-run)."""
    before, after = describe(stored), describe(fresh)
    if before == after:
        return None
    diff = list(difflib.unified_diff(before, after, "stored", "re-run", n=1, lineterm=""))
    shown = diff[:MAX_DIFF_LINES]
    if len(diff) > MAX_DIFF_LINES:
        shown.append(f"... {len(diff) - MAX_DIFF_LINES} more diff lines")
    text = "\n".join(shown)
    return text if len(text) <= MAX_DIFF_CHARS else text[:MAX_DIFF_CHARS] + "\n..."


def first_error(outputs: list[dict[str, Any]]) -> tuple[str, str] | None:
    """The (ename, evalue) of the first error output."""
    for output in outputs:
        if output.get("output_type") == "error":
            return str(output.get("ename", "Error")), str(output.get("evalue", ""))
    return None
