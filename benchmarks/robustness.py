"""Analyse mangled copies of real notebooks and report any crash or slow analysis.

    python benchmarks/robustness.py NOTEBOOK_FOLDER [--copies N] [--seed S]

Two kinds of copies of each notebook: cells cut, shuffled, duplicated and salted with magics, brackets,
quotes and odd characters (what an edit in progress looks like), and random values put into the JSON
(what other tools sometimes write). Each copy must either be refused by the shape check with a reason
or be analysed without an exception, in under two seconds. Exit status 1 when one was not.
"""

import argparse
import copy
import json
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jupyterlab_promote.engine.notebook.reading import NotebookError, check_notebook_shape  # noqa: E402
from jupyterlab_promote.engine.report.analysis import analyze_dict  # noqa: E402

SALT = ["%", "!", "?", "\\", '"""', "'", "(", ")", "[", "]", "{", "}", ":", "\t", "    ", "\n", "#", "=", ".",
        "lambda", "def ", "class ", "import ", " as ", "*", "@", "del ", "global x", "yield", "await ", "\x00",
        "\u2028", "é", "𝔘", "%%time\n", "!pip install x\n", "x = !ls\n", "fit(", "train_test_split(",
        ".iterrows()", "eval(", "except:", "sk-" + "a" * 40]
VALUES = [None, 0, -1, 1.5, True, "", "x", [], {}, ["a", 1], {"a": None}, [None], "\x00", 10**30]
SLOW_SECONDS = 2.0


def mangle_source(source: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 4)):
        roll, at = rng.random(), rng.randint(0, len(source))
        lines = source.split("\n")
        if roll < 0.3:
            source = source[:at]
        elif roll < 0.6:
            source = source[:at] + rng.choice(SALT) + source[at:]
        elif roll < 0.8:
            rng.shuffle(lines)
            source = "\n".join(lines)
        else:
            line = rng.randrange(len(lines))
            source = "\n".join(lines[:line + 1] + lines[line:])
    return source


def mangle_cells(data: dict, rng: random.Random) -> dict:
    data = copy.deepcopy(data)
    for cell in data.get("cells", []):
        if cell.get("cell_type") == "code" and rng.random() < 0.5:
            source = cell.get("source", "")
            cell["source"] = mangle_source("".join(source) if isinstance(source, list) else source, rng)
    if rng.random() < 0.3:
        rng.shuffle(data["cells"])
    return data


def _places(value, path=()):
    yield path
    children = value.items() if isinstance(value, dict) else enumerate(value[:5]) if isinstance(value, list) else ()
    for key, child in children:
        yield from _places(child, (*path, key))


def mangle_json(data: dict, rng: random.Random) -> dict:
    data = copy.deepcopy(data)
    places = [place for place in _places(data) if place]
    for place in rng.sample(places, min(3, len(places))):
        parent = data
        try:
            for key in place[:-1]:
                parent = parent[key]
            parent[place[-1]] = copy.deepcopy(rng.choice(VALUES))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change replaced a container on this path
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--copies", type=int, default=3, help="copies of each kind per notebook")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    analysed = refused = 0
    problems: list[str] = []
    for path in sorted(args.folder.glob("*.ipynb")):
        original = json.loads(path.read_bytes())
        for mangle in [mangle_cells, mangle_json] * args.copies:
            data = mangle(original, rng)
            try:
                data = check_notebook_shape(data)
            except NotebookError:
                refused += 1
                continue
            start = time.perf_counter()
            try:
                analyze_dict(data, path.name, path)
            except Exception:  # the point of the script: report any exception with where it came from
                problems.append(f"{path.name} ({mangle.__name__}): {traceback.format_exc(limit=-1).strip()}")
                continue
            analysed += 1
            if time.perf_counter() - start > SLOW_SECONDS:
                problems.append(f"{path.name} ({mangle.__name__}): {time.perf_counter() - start:.1f} s")
    print(f"{analysed} copies analysed, {refused} refused with a reason, {len(problems)} problems")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
