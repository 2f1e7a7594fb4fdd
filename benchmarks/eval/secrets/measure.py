"""Precision, recall and F1 of the secret rules (SC001 hardcoded-secret, SC002 secret-in-output) on the
labelled items of items.jsonl, and, side by side, of detect-secrets run on the same lines when it is
installed (`pip install detect-secrets==1.5.0`, for measurement only: the engine does not use it).

Each item is one code cell (a line of a scanner's test fixture, a line of a corpus notebook, or a cell
written for this set), sometimes with stored outputs. The engine counts an item as flagged when either
rule reports an error or warning about it (the `info` finding for a default password such as "postgres"
does not count, nor e-mail addresses); detect-secrets, when any of its default plugins reports a secret
on any line of the cell or of its outputs' text. A third row runs detect-secrets as the candidate
generator with the engine's context rules deciding (hybrid_scanner), the alternative design measured.

    python benchmarks/eval/secrets/measure.py [--misses] [--by-source]
"""

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from jupyterlab_promote.engine.notebook.model import notebook_from_dict  # noqa: E402
from jupyterlab_promote.engine.rules.security import hardcoded_secret, secret_in_output  # noqa: E402

ITEMS = Path(__file__).with_name("items.jsonl")
METADATA = {"kernelspec": {"name": "python3", "language": "python"}, "language_info": {"name": "python"}}


def load_items() -> list[dict]:
    return [json.loads(line) for line in ITEMS.read_text(encoding="utf-8").splitlines() if line.strip()]


def as_notebook(item: dict):
    cell = {"cell_type": "code", "id": "c0", "metadata": {}, "source": item["text"],
            "execution_count": 1 if item.get("outputs") else None, "outputs": item.get("outputs", [])}
    return notebook_from_dict({"nbformat": 4, "nbformat_minor": 5, "metadata": METADATA, "cells": [cell]})


def engine_flags(item: dict) -> bool:
    nb = as_notebook(item)
    found = [*hardcoded_secret(nb), *secret_in_output(nb)]
    return any(v.severity != "info" and "e-mail" not in v.message for v in found)


def output_text(item: dict) -> str:
    parts = []
    for output in item.get("outputs", []):
        text = output.get("text") or output.get("data", {}).get("text/plain", "")
        parts.append("".join(text) if isinstance(text, list) else text)
    return "\n".join(parts)


def detect_secrets_scanner():
    """A function telling whether detect-secrets flags a text, or None when it is not installed."""
    try:
        from detect_secrets.core.scan import scan_line
        from detect_secrets.settings import default_settings
    except ImportError:
        return None

    def flags(item: dict) -> bool:
        with default_settings():
            lines = [*item["text"].split("\n"), *output_text(item).split("\n")]
            return any(any(True for _ in scan_line(line)) for line in lines if line.strip())

    return flags


# detect-secrets plugins that find a vendor's format; the others (keywords, entropy) only find candidates.
_CONTEXT_FREE = frozenset({"Secret Keyword", "Base64 High Entropy String", "Hex High Entropy String"})
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def hybrid_scanner():
    """detect-secrets generating the candidates, the engine's context deciding (the design the secrets issue
    asks to judge): a vendor format counts unless its value is a placeholder; a keyword or high-entropy
    candidate counts only under a credential name, judged by the engine's value rules."""
    try:
        from detect_secrets.core.scan import scan_line
        from detect_secrets.settings import default_settings
    except ImportError:
        return None
    from jupyterlab_promote.engine.rules.security.credential_names import credential_name
    from jupyterlab_promote.engine.text.secret_patterns import is_placeholder
    from jupyterlab_promote.engine.text.secret_values import secret_value_kind

    def kept(line: str, found) -> bool:
        value = found.secret_value or ""
        if found.type not in _CONTEXT_FREE:
            return not is_placeholder(value)
        names = _NAME.findall(line[:max(line.find(value), 0)])
        kind = credential_name(names[-1]) if names else None
        return kind is not None and secret_value_kind(value, kind) == "secret"

    def flags(item: dict) -> bool:
        with default_settings():
            lines = [*item["text"].split("\n"), *output_text(item).split("\n")]
            return any(kept(line, found) for line in lines if line.strip() for found in scan_line(line))

    return flags


def score(predicted: list[bool], items: list[dict]) -> dict:
    truth = [item["label"] == "secret" for item in items]
    tp = sum(p and t for p, t in zip(predicted, truth))
    fp = sum(p and not t for p, t in zip(predicted, truth))
    fn = sum(t and not p for p, t in zip(predicted, truth))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def source_group(item: dict) -> str:
    source = item["source"]
    return source.split("@")[0] if "@" in source else source.split(":")[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the engine's false negatives and positives")
    parser.add_argument("--by-source", action="store_true", help="one table per source of items")
    args = parser.parse_args()
    items = load_items()
    scanners = {"jupyterlab_promote": engine_flags}
    if (other := detect_secrets_scanner()) is not None:
        scanners["detect-secrets 1.5.0"] = other
        scanners["detect-secrets candidates, engine context"] = hybrid_scanner()
    predictions, seconds = {}, {}
    for name, flags in scanners.items():
        start = time.perf_counter()
        predictions[name] = [flags(item) for item in items]
        seconds[name] = time.perf_counter() - start
    counts = Counter(item["label"] for item in items)
    print(f"{len(items)} items: {counts['secret']} secret, {counts['clean']} clean")
    groups = sorted({source_group(item) for item in items}) if args.by_source else []
    for group in [None, *groups]:
        chosen = [i for i, item in enumerate(items) if group is None or source_group(item) == group]
        print(f"\n{group or 'all items'} ({len(chosen)})")
        print("| scanner | precision | recall | F1 | TP | FP | FN | ms per item |")
        print("|---|---|---|---|---|---|---|---|")
        for name in scanners:
            s = score([predictions[name][i] for i in chosen], [items[i] for i in chosen])
            per_item = 1000 * seconds[name] / len(items)
            print(f"| {name} | {s['precision']:.2f} | {s['recall']:.2f} | {s['f1']:.2f} | {s['tp']} | {s['fp']} | "
                  f"{s['fn']} | {per_item:.2f} |")
    if args.misses:
        for i, item in enumerate(items):
            if predictions["jupyterlab_promote"][i] != (item["label"] == "secret"):
                kind = "FN" if item["label"] == "secret" else "FP"
                print(f"{kind} {item['id']} {item['source'][:60]}: {item['text'][:100]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
