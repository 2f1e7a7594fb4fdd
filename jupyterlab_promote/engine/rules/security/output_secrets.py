"""secret-in-output: secrets and personal data in the outputs saved with the notebook."""

import re
from collections.abc import Iterator
from typing import Any

from ...fixes.edits import replace_cell
from ...notebook.model import Cell, Notebook
from ...notebook.outputs_memo import OutputsMemo
from ...text.personal_data import find_emails
from ...text.secret_patterns import TokenHit, find_tokens, redact, scannable_output_text
from ...text.secret_values import secret_value_kind
from ...text.token_hints import hinted_kinds
from ..base import Fix, Violation
from .credential_names import credential_name
from .printed_env import shown_credentials, shown_value

# Only text is scanned: images and widget state are base64 or binary, where a token shape is chance.
_RICH_TEXT_TYPES = ("text/html", "text/markdown", "text/latex")
DEFAULT_SCAN_KB = 64
"""How much of each output's text is read; secrets printed by a cell come first, and huge data tables
or embedded JavaScript further down would cost more than the rest of the analysis."""


def _text(value: Any, limit: int) -> str:
    """About the first `limit` characters of an nbformat multiline string, without joining a huge one."""
    if isinstance(value, str):
        return value[:limit]
    if not isinstance(value, list):
        return ""
    # Lines of stored text are short: this many hold `limit` characters, and joining them is C-fast.
    head = value[: max(limit // 32, 64)]
    try:
        return "".join(head)[:limit]
    except TypeError:
        return "".join(part for part in head if isinstance(part, str))[:limit]


def output_texts(output: dict[str, Any], limit: int) -> Iterator[str]:
    """The text a person sees in one stored output (stream text, text data, an error and its traceback),
    each cut to `limit` characters."""
    kind = output.get("output_type")
    if kind == "stream":
        yield _text(output.get("text"), limit)
    elif kind in ("execute_result", "display_data", "update_display_data"):
        data = output.get("data")
        if isinstance(data, dict):
            plain = _text(data.get("text/plain"), limit)
            yield plain
            # A table's HTML repeats its text/plain at several times the size; only a bare object repr
            # (`<IPython.core.display.HTML object>`) means the rich text holds something else.
            if len(plain) < 100:
                for mime in _RICH_TEXT_TYPES:
                    if mime in data:
                        yield _text(data[mime], limit)
    elif kind == "error":
        yield _text(output.get("evalue"), limit)
        yield _text(output.get("traceback"), limit)


def _clear(cell: Cell, why: str) -> tuple[Fix, ...]:
    if cell.id is None:
        return ()
    return (Fix("clear-outputs", f"Clear this cell's outputs{why}", "safe",
                (replace_cell(cell, outputs=[], execution_count=None),)),)


# `FRED_API_KEY: 9d73...`, `'password': 'x7...'`, `AUTH_TOKEN=...` as a printed config or environment
# shows them: a credential-like name, then a value (judged by secret_value_kind, as in the source rule).
# The search starts at the name's last word, whose first letter is a character class re scans for fast
# (a case-insensitive alternation up front is ten times slower); the rest of the name is read backwards.
_NAMED_VALUE = re.compile(r"[kKtTsSpP](?i:ey|oken|ecret|assw(?:or)?d|wd)['\"]?[ \t]*[:=][ \t]*['\"]?"
                          r"([A-Za-z0-9_\-./+=]{8,200})")
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def named_secrets(text: str) -> list[TokenHit]:
    """Values shown under a credential's name; names that only end in `key` (`sort_key`) do not count."""
    hits = []
    for match in _NAMED_VALUE.finditer(text):
        end = match.start() + len(match.group(0).split("'")[0].split('"')[0].rstrip(" \t:="))
        start = match.start()
        while start and text[start - 1] in _NAME_CHARS:
            start -= 1
        if start and text[start - 1] == ".":
            continue  # an attribute (`obj.api_key = ...`), not a printed setting
        kind = credential_name(text[start:end])
        if kind in ("secret", "password") and secret_value_kind(match.group(1), kind) == "secret":
            hits.append(TokenHit("named_secret", start, match.end(), match.group(1)))
    return hits


def _scan_outputs(outputs: list[dict[str, Any]], limit: int) -> tuple[dict[str, TokenHit], list[str]]:
    texts = [scannable_output_text(text, limit) for output in outputs for text in output_texts(output, limit) if text]
    kinds = hinted_kinds("\n".join(texts))
    tokens: dict[str, TokenHit] = {}
    emails: dict[str, None] = {}
    for text in texts:
        known = find_tokens(text, kinds) if kinds else []
        # A known token shown under a credential's name (`token: ghp_...`) is one secret, not two.
        named = [n for n in named_secrets(text) if not any(n.value in k.value or k.value in n.value for k in known)]
        for hit in [*known, *named]:
            tokens.setdefault(hit.kind, hit)
        emails.update(dict.fromkeys(find_emails(text)))
    return tokens, list(emails)


_scan_memo = OutputsMemo(_scan_outputs)


def _scan(cell: Cell, limit: int) -> tuple[dict[str, TokenHit], list[str]]:
    return _scan_memo(cell.outputs, limit)


def _scan_limit(nb: Notebook) -> int:
    kb = nb.config.threshold("output_scan_kb", DEFAULT_SCAN_KB)
    return int(kb) * 1024 if isinstance(kb, (int, float)) and kb > 0 else DEFAULT_SCAN_KB * 1024


def secret_in_output(nb: Notebook) -> Iterator[Violation]:
    """A stored output shows a secret (a token, a password in a URL, the value of a credential-named
    environment variable the cell printed) or personal data (e-mail addresses).

    Why: outputs are saved in the file and shown wherever it is shared (GitHub renders them); what a
    cell printed once stays readable by everyone, and in the version history after it is cleared.
    Example: `print(os.environ)` or `df.head()` of a customers table with their e-mail addresses.
    Instead: do not print secrets or raw personal data; clear the outputs, rotate exposed keys, and strip
    outputs before committing (nbstripout).
    """
    limit = _scan_limit(nb)
    for cell in nb.code_cells:
        if not cell.outputs:
            continue
        tokens, emails = _scan(cell, limit)
        if not tokens and (shown := shown_credentials(cell)):
            yield from _printed_env_findings(cell, shown, limit)
        for hit in tokens.values():
            yield Violation(
                f"A stored output shows {hit.label} ({redact(hit.value)}): anyone who gets the notebook can read it",
                cell, severity="warning" if hit.local else None,
                fixes=_clear(cell, " (and rotate the secret: it stays in the file's history)"),
            )
        if emails:
            count = f"{len(emails)} e-mail addresses" if len(emails) > 1 else "an e-mail address"
            yield Violation(
                f"A stored output shows {count} ({redact(emails[0])}): personal data saved with the notebook",
                cell, severity="warning", fixes=_clear(cell, ""),
            )


def _printed_env_findings(cell: Cell, shown: tuple[tuple[str, str], ...], limit: int) -> Iterator[Violation]:
    """The value of a credential-named environment variable the cell printed (printed_env.py)."""
    texts = [scannable_output_text(text, limit) for output in cell.outputs for text in output_texts(output, limit)
             if text and output.get("output_type") in ("stream", "execute_result")]
    for name, kind in shown:
        if (value := shown_value(texts, kind)) is not None:
            yield Violation(f"A stored output shows the value of {name}, read from the environment ({redact(value)}): "
                            "anyone who gets the notebook can read it", cell,
                            fixes=_clear(cell, " (and rotate the secret: it stays in the file's history)"))
            return
