"""Control characters shown, not obeyed, in text for people: terminal reports, CI logs, error lines.

File names, messages and code come from notebooks, and a notebook is hostile input: `ESC[31m` would
recolour (or, with other sequences, rewrite) the reader's terminal, and a newline in a file name would
start a line of its own, one a GitHub Actions log reads as a `::error` command. C0 controls, DEL, the C1
controls, Unicode's line and paragraph separators and the bidirectional overrides are written as Python
escapes (`\\x1b`, `\\n`, `\\u202e`) instead.
"""

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_CONTROLS = [*range(0x20), *range(0x7F, 0xA0)]
_FORMATTING = [0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_ESCAPES = {
    **{code: _NAMED.get(chr(code), f"\\x{code:02x}") for code in _CONTROLS},
    **{code: f"\\u{code:04x}" for code in _FORMATTING},
}
# Code and other multi-line text keep their line breaks and indentation.
_BLOCK_ESCAPES = {code: text for code, text in _ESCAPES.items() if chr(code) not in "\n\t"}


def visible(text: object) -> str:
    """The text on one line, every control character written as an escape."""
    return str(text).translate(_ESCAPES)


def visible_lines(text: object) -> str:
    """The text with its newlines and tabs, every other control character written as an escape."""
    return str(text).translate(_BLOCK_ESCAPES)
