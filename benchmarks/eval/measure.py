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

A kind may instead group others (`{"of": [kinds]}`): an item holds it when it holds one of them, and it is
predicted when one of them is. `--cells` also scores where findings sit, for items that say which cells hold
a kind (`"cells": {kind: [0-based cell indices]}`, an empty list meaning the whole notebook): a labelled
cell is found when a finding of the kind's codes sits on it (or a finding is about the whole notebook); a
cell a finding sits on is right when labelled.
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


def findings_of(path: Path) -> list[tuple[str, int | None]]:
    """(code, cell index) of every finding the engine reports on the notebook."""
    entry = check_file(path, path.name)
    if entry.get("error"):
        raise SystemExit(f"{path}: {entry['error']}")
    return [(finding["code"], finding.get("cell_index")) for finding in entry["findings"]]


def predicted(kind: str, leaks: set[str], found: set[str], kinds: dict[str, set[str]],
              umbrellas: dict[str, list[str]] | None = None) -> bool:
    """Whether a finding counts for `kind` on an item with these labels (see the module docstring)."""
    if umbrellas and kind in umbrellas:
        return any(predicted(part, leaks, found, kinds) for part in umbrellas[kind])
    for code in found & kinds[kind]:
        if kind in leaks:
            return True
        explained = any(code in kinds[other] for other in leaks if other != kind)
        if not explained:
            return True
    return False


def holds(kind: str, leaks: set[str], umbrellas: dict[str, list[str]]) -> bool:
    return kind in leaks or any(part in leaks for part in umbrellas.get(kind, []))


def cell_scores(kind: str, codes: set[str], measured: list) -> tuple[int, int, int, int]:
    """(labelled cells found, labelled cells, finding cells labelled, finding cells) over items naming cells."""
    found_labelled = labelled = right = flagged = 0
    for _, leaks, _, _, cells, findings in measured:
        wanted = set(cells.get(kind, [])) if kind in leaks else set()
        if kind in leaks and not wanted:
            continue
        at = {cell for code, cell in findings if code in codes and cell is not None}
        # A notebook-level finding ("no requirements file declares lightfm, numpy, scipy") covers every cell.
        whole = any(code in codes and cell is None for code, cell in findings)
        found_labelled += len(wanted) if whole else len(wanted & at)
        labelled += len(wanted)
        right += len(at & wanted)
        flagged += len(at)
    return found_labelled, labelled, right, flagged


def ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.2f}" if denominator else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--root", action="append", default=[], help="NAME=DIR for files written NAME/...")
    parser.add_argument("--codes", action="append", default=[], help="KIND=CODE,CODE overrides the manifest")
    parser.add_argument("--details", action="store_true", help="list every false positive and false negative")
    parser.add_argument("--cells", action="store_true", help="also score the cells findings sit on")
    args = parser.parse_args()

    manifest = json.loads(args.manifest.read_text(encoding="utf-8"))
    base = args.manifest.resolve().parent
    roots = {name: Path(folder) for name, _, folder in (r.partition("=") for r in args.root)}
    umbrellas = {kind: spec["of"] for kind, spec in manifest["kinds"].items() if "of" in spec}
    kinds = {kind: set(spec.get("codes", [])) for kind, spec in manifest["kinds"].items()}
    for override in args.codes:
        kind, _, codes = override.partition("=")
        if kind not in kinds:
            raise SystemExit(f"unknown kind {kind}")
        kinds[kind] = {code for code in codes.split(",") if code}

    measured: list[tuple[str, set[str], set[str], str, dict[str, list[int]], list[tuple[str, int | None]]]] = []
    skipped = 0
    for item in manifest["items"]:
        path = resolve(item["file"], base, roots)
        if path is None:
            skipped += 1
            continue
        group = item["file"].split("/", 1)[0]
        findings = findings_of(path)
        measured.append((item["file"], set(item["leaks"]), {code for code, _ in findings}, group,
                         item.get("cells", {}), findings))

    groups = sorted({m[3] for m in measured})
    print(f"{len(measured)} notebooks measured ({', '.join(groups)}), {skipped} skipped (root not given)")
    print()
    print("| kind | codes | leaky | clean | TP | FP | FN | precision | recall |")
    print("|---|---|---|---|---|---|---|---|---|")
    details: list[str] = []
    for kind, codes in kinds.items():
        for group in [None, *groups] if len(groups) > 1 else [None]:
            rows = [m for m in measured if group is None or m[3] == group]
            tp = fp = fn = 0
            for file, leaks, found, *_ in rows:
                truth = holds(kind, leaks, umbrellas)
                guess = predicted(kind, leaks, found, kinds, umbrellas)
                tp += truth and guess
                fp += guess and not truth
                fn += truth and not guess
                if group is None and guess != truth:
                    details.append(f"{'FP' if guess else 'FN'} {kind}: {file} (found {sorted(found & set().union(*kinds.values()))})")
            leaky = sum(holds(kind, leaks, umbrellas) for _, leaks, *_ in rows)
            label = kind if group is None else f"  {kind} ({group})"
            shown = ",".join(sorted(codes)) or "+".join(umbrellas.get(kind, []))
            print(f"| {label} | {shown} | {leaky} | {len(rows) - leaky} | {tp} | {fp} | {fn} | "
                  f"{ratio(tp, tp + fp)} | {ratio(tp, tp + fn)} |")
    if args.cells:
        print()
        print("| kind (cells) | labelled cells | found | finding cells | labelled | cell recall | cell precision |")
        print("|---|---|---|---|---|---|---|")
        for kind, codes in kinds.items():
            if not codes:
                continue
            found_labelled, labelled, right, flagged = cell_scores(kind, codes, measured)
            if labelled or flagged:
                print(f"| {kind} | {labelled} | {found_labelled} | {flagged} | {right} | "
                      f"{ratio(found_labelled, labelled)} | {ratio(right, flagged)} |")
    if args.details:
        print()
        print("\n".join(details) or "no false positive, no false negative")


if __name__ == "__main__":
    main()
