"""Write the public projects of the per-label evaluation set to a local folder (they are not committed here).

Usage:
    python benchmarks/eval/notebook_labels/fetch_public.py DEST [--git owner/name=GIT_DIR]

For each repository of the manifest, its labelled notebooks and the files beside them that decide the labels
(requirements, Dockerfile, the repository's own modules: `support`) are written to DEST/<owner>__<name>/,
as they are at the pinned commit: from a local clone (`--git`: `git show COMMIT:PATH`), or downloaded from
raw.githubusercontent.com. Notebooks keep their execution counts (the out-of-order labels are read from
them). Each project gets an empty `.git` folder, so the analysis takes it as its own project root and reads
nothing above it. Then measure with `--root public=DEST`.
"""

import argparse
import json
import subprocess
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent


def read_bytes(repo: str, commit: str, path: str, gits: dict[str, str]) -> bytes:
    if repo in gits:
        done = subprocess.run(["git", "--git-dir", gits[repo], "show", f"{commit}:{path}"], capture_output=True,
                              check=True)
        return done.stdout
    url = f"https://raw.githubusercontent.com/{repo}/{commit}/{path}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--git", action="append", default=[], help="owner/name=GIT_DIR of a local clone")
    args = parser.parse_args()
    gits = dict(entry.split("=", 1) for entry in args.git)
    manifest = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    notebooks: dict[str, list[str]] = {}
    for item in manifest["items"]:
        if item["file"].startswith("public/"):
            notebooks.setdefault(item["source"]["repo"], []).append(item["source"]["path"])
    written = 0
    for repo, spec in manifest["public_repositories"].items():
        project = args.dest / repo.replace("/", "__", 1)
        (project / ".git").mkdir(parents=True, exist_ok=True)
        for path in [*spec["support"], *notebooks.get(repo, [])]:
            target = project / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(read_bytes(repo, spec["commit"], path, gits))
            written += 1
    print(f"{written} files written under {args.dest}")


if __name__ == "__main__":
    main()
