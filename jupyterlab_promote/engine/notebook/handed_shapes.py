"""The shapes of cell texts worked out in another process and handed to this one.

A batch run that forks reads its large folders first, in reader processes (rules/folder_prebuild.py),
which shape every code cell of every notebook (fingerprint_text, text_shapes) for the folder's indexes.
The analyses, in other processes forked afterwards, would shape the same texts again: in a run of at
most folder_prebuild.HANDED_NOTEBOOKS notebooks the readers hand the shapes back with their digests, and
the two caches look here before working a text out. A text's shapes depend on the text alone, so a handed value is the one the cache
would compute, whichever process computed it.
"""

from typing import Any

HANDED_BYTES = 16 * 1024 * 1024
"""Room for handed texts (counted by their characters, twice: the text and its shapes)."""

_handed: dict[str, tuple[Any, str]] = {}
_bytes = 0


def hand(shapes: list[tuple[str, Any, str]]) -> None:
    """Keep (text, its fingerprint_text, its text_shapes) for the caches to find, within HANDED_BYTES."""
    global _bytes
    for text, fingerprint, shaped in shapes:
        if _bytes + len(text) + len(shaped) > HANDED_BYTES:
            return
        if text not in _handed:
            _handed[text] = (fingerprint, shaped)
            _bytes += len(text) + len(shaped)


def handed_fingerprint(python: str) -> Any | None:
    """The fingerprint_text handed for this text, if any."""
    found = _handed.get(python)
    return None if found is None else found[0]


def handed_shapes(python: str) -> str | None:
    """The text_shapes handed for this text, if any."""
    found = _handed.get(python)
    return None if found is None else found[1]


def forget_handed() -> None:
    """Drop what was handed (the batch run is over)."""
    global _bytes
    _handed.clear()
    _bytes = 0
