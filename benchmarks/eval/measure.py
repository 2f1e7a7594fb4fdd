"""Precision and recall of the engine on a labelled set of notebooks, per kind of finding.

Usage:
    python benchmarks/eval/measure.py benchmarks/eval/leakage/manifest.json \\
        [--root corpus=DIR] [--codes multi_test=LK006,LK007] [--details]

The manifest names the kinds and, for each, the rule codes that report it ("kinds": {kind: {"codes":
[...]}}), and lists the items: {"file": ..., "leaks": [kinds it contains]} (an empty list is a clean
notebook). A file is relative to the manifest's folder, or starts with `NAME/` where `--root NAME=DIR`
says where that folder is (items under a root that is not given are skipped and counted).

Scoring is per notebook, per kind: an item is predicted positive for a kind when the engine reports at
least one of the kind's codes on it. When two kinds share a code (say, one rule reports both
preprocessing and overlap leakage), a finding of that code on a notebook labelled only with the other
kind is credited to that other kind rather than counted as a false positive here.
`--codes kind=A,B` overrides a kind's codes (to measure a new rule before the manifest names it).
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from jupyterlab_promote.engine import check_file  # noqa: E402


def resolve(file: str, base: Path, roots: dict[str, Path]) -> Path | None:
    head, _, rest = file.partition("/")
    if head in roots:
        return roots[head] / rest
    if (base / head).is_dir() or not rest:
        return base / file
    return None


def codes_found(path: Path) -> set[str]:
    entry = check_file(path, path.name)
    if entry.get("error"):
        raise SystemExit(f"{path}: {entry['error']}")
    return {finding["code"] for finding in entry["findings"]}


def predicted(kind: str, leaks: set[str], found: set[str], kinds: dict[str, set[str]]) -> bool:
    """Whether a finding counts for `kind` on an item with these labels (see the module docstring)."""
    for code in found & kinds[kind]:
        if kind in leaks:
            return True
        explained = any(code in kinds[other] for other in leaks if other != kind)
        if not explained:
            return True
    return False


def ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.2f}" if denominator else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--root", action="append", default=[], help="NAME=DIR for files written NAME/...")
    parser.add_argument("--codes", action="append", default=[], help="KIND=CODE,CODE overrides the manifest")
    parser.add_argument("--details", action="store_true", help="list every false positive and false negative")
    args = parser.parse_args()

    manifest = json.loads(args.manifest.read_text(encoding="utf-8"))
    base = args.manifest.resolve().parent
    roots = {name: Path(folder) for name, _, folder in (r.partition("=") for r in args.root)}
    kinds = {kind: set(spec["codes"]) for kind, spec in manifest["kinds"].items()}
    for override in args.codes:
        kind, _, codes = override.partition("=")
        if kind not in kinds:
            raise SystemExit(f"unknown kind {kind}")
        kinds[kind] = {code for code in codes.split(",") if code}

    measured: list[tuple[str, set[str], set[str], str]] = []
    skipped = 0
    for item in manifest["items"]:
        path = resolve(item["file"], base, roots)
        if path is None:
            skipped += 1
            continue
        group = item["file"].split("/", 1)[0]
        measured.append((item["file"], set(item["leaks"]), codes_found(path), group))

    groups = sorted({group for *_, group in measured})
    print(f"{len(measured)} notebooks measured ({', '.join(groups)}), {skipped} skipped (root not given)")
    print()
    print("| kind | codes | leaky | clean | TP | FP | FN | precision | recall |")
    print("|---|---|---|---|---|---|---|---|---|")
    details: list[str] = []
    for kind, codes in kinds.items():
        for group in [None, *groups] if len(groups) > 1 else [None]:
            rows = [m for m in measured if group is None or m[3] == group]
            tp = fp = fn = 0
            for file, leaks, found, _ in rows:
                truth = kind in leaks
                guess = predicted(kind, leaks, found, kinds)
                tp += truth and guess
                fp += guess and not truth
                fn += truth and not guess
                if group is None and guess != truth:
                    details.append(f"{'FP' if guess else 'FN'} {kind}: {file} (found {sorted(found & set().union(*kinds.values()))})")
            leaky = sum(kind in leaks for _, leaks, _, _ in rows)
            label = kind if group is None else f"  {kind} ({group})"
            print(f"| {label} | {','.join(sorted(codes))} | {leaky} | {len(rows) - leaky} | {tp} | {fp} | {fn} | "
                  f"{ratio(tp, tp + fp)} | {ratio(tp, tp + fn)} |")
    if args.details:
        print()
        print("\n".join(details) or "no false positive, no false negative")


if __name__ == "__main__":
    main()
