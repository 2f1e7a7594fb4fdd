"""Bring the public notebooks of the leakage evaluation set to a local folder (they are not committed here).

Usage:
    python benchmarks/eval/leakage/fetch_public.py DEST [--git owner/name=GIT_DIR] [--checkout owner/name=DIR]

For each manifest item with a `source` (repository, commit, path), the file is read from a local clone
(`--git`: `git show COMMIT:PATH` in that git directory), from a checkout (`--checkout`: DIR/PATH), or
downloaded from raw.githubusercontent.com at the pinned commit. Notebooks are written with their outputs
removed; a scikit-learn example script (sphinx-gallery `.py`) becomes a notebook with one code cell per
`# %%` or `####...` section. Then measure with `--root public=DEST`.
"""

import argparse
import json
import re
import subprocess
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
_SECTION = re.compile(r"^(?:# %%.*|#{10,}.*)$")


def read_source(source: dict, gits: dict[str, str], checkouts: dict[str, str]) -> str:
    repo, commit, path = source["repo"], source["commit"], source["path"]
    if repo in gits:
        done = subprocess.run(["git", "--git-dir", gits[repo], "show", f"{commit}:{path}"], capture_output=True,
                              text=True, check=True)
        return done.stdout
    if repo in checkouts:
        return (Path(checkouts[repo]) / path).read_text(encoding="utf-8")
    url = f"https://raw.githubusercontent.com/{repo}/{commit}/{path}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def notebook_from_script(text: str) -> dict:
    blocks, current = [], []
    for line in text.splitlines(keepends=True):
        if _SECTION.match(line.rstrip("\n")):
            blocks.append(current)
            current = []
        else:
            current.append(line)
    blocks.append(current)
    kept = [block for block in blocks if "".join(block).strip()]
    cells = [{"cell_type": "code", "execution_count": None, "id": f"cell-{index}", "metadata": {}, "outputs": [],
              "source": block} for index, block in enumerate(kept)]
    return {"cells": cells, "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}


def without_outputs(text: str) -> dict:
    data = json.loads(text)
    for cell in data.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--git", action="append", default=[], help="owner/name=GIT_DIR of a local clone")
    parser.add_argument("--checkout", action="append", default=[], help="owner/name=DIR of a checkout")
    args = parser.parse_args()
    gits = dict(entry.split("=", 1) for entry in args.git)
    checkouts = dict(entry.split("=", 1) for entry in args.checkout)
    manifest = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    args.dest.mkdir(parents=True, exist_ok=True)
    written = 0
    for item in manifest["items"]:
        source = item.get("source")
        if not source or not item["file"].startswith("public/"):
            continue
        text = read_source(source, gits, checkouts)
        data = notebook_from_script(text) if source["path"].endswith(".py") else without_outputs(text)
        target = args.dest / item["file"].split("/", 1)[1]
        target.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        written += 1
    print(f"{written} public notebooks written to {args.dest}")


if __name__ == "__main__":
    main()
