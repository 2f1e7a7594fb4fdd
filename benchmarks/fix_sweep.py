"""Apply every quick-fix and plan "extract to module" on real notebooks: each must leave valid Python.

    python benchmarks/fix_sweep.py NOTEBOOK_FOLDER [--selections N] [--seed S]

For each notebook: the edits of every fix of every finding, one fix at a time; N random runs of one
to three code cells to extract; and every repeated block the duplicated-block rule reports. Edits
must apply, keep the notebook valid nbformat and leave every changed cell parsing; an extraction
must be refused with a reason or give a module and a test file that parse. Nothing is written: the
notebooks are copied to a temporary folder. Exit status 1 when something was not right.
"""

import argparse
import ast
import json
import random
import shutil
import sys
import tempfile
import traceback
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jupyterlab_promote.engine import check_file  # noqa: E402
from jupyterlab_promote.engine.extract.cells import plan_extract  # noqa: E402
from jupyterlab_promote.engine.extract.duplicates import plan_duplicate_extract  # noqa: E402
from jupyterlab_promote.engine.extract.selection import ExtractRefused  # noqa: E402
from jupyterlab_promote.engine.fixes.applying import with_cell_ids  # noqa: E402
from jupyterlab_promote.engine.fixes.edits import EditError, apply_edits  # noqa: E402


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def edit_problems(data: dict, edits: list[dict], files: dict[str, str]) -> list[str]:
    """What is wrong: new files that do not parse, edits that do not apply, break a cell or the format."""
    problems = []
    for name, text in files.items():
        try:
            compile(text, name, "exec")  # not just ast.parse: the compiler also rejects `def f(a, a)`
        except SyntaxError as error:
            problems.append(f"the {name} does not parse: {error.msg} (line {error.lineno})")
    try:
        updated, _ = apply_edits(data, edits)
    except EditError as error:
        return [*problems, f"the edits do not apply: {error}"]
    try:
        nbformat.validate(nbformat.from_dict(updated))
    except nbformat.ValidationError as error:
        problems.append(f"the notebook is no longer valid nbformat: {error.message}")
    before = {cell.get("id"): _source(cell) for cell in data["cells"]}
    for cell in updated["cells"]:
        text = _source(cell)
        if cell.get("cell_type") == "code" and before.get(cell.get("id")) != text and _parses(before, cell):
            try:
                ast.parse(text)
            except SyntaxError as error:
                problems.append(f"changed cell {cell.get('id')} does not parse: {error.msg}")
    return problems


def _parses(before: dict, cell: dict) -> bool:
    """Whether the cell's text before the edit was plain Python (magics and broken cells are left out)."""
    try:
        ast.parse(before.get(cell.get("id"), ""))
    except SyntaxError:
        return False
    return True


def plan_problems(data: dict, plan) -> list[str]:
    return edit_problems(data, plan.edits, {"module": plan.module_source, "test file": plan.test_source or ""})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--selections", type=int, default=3, help="random cell selections per notebook")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    counts = {"fixes": 0, "planned": 0, "refused": 0}
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        for original in sorted(args.folder.glob("*.ipynb")):
            path = Path(scratch) / original.name
            shutil.copy(original, path)
            data = with_cell_ids(json.loads(path.read_bytes()))
            path.write_text(json.dumps(data), encoding="utf-8")
            code = [index for index, cell in enumerate(data["cells"]) if cell.get("cell_type") == "code"]
            jobs = []
            for _ in range(args.selections if code else 0):
                start = rng.choice(code)
                cells = [index for index in code if index >= start][:rng.randint(1, 3)]
                jobs.append((f"cells {cells}", lambda c=cells: plan_extract(data, path, c, "extracted.py", "step")))
            for finding in check_file(path)["findings"]:
                for fix in finding["fixes"]:
                    if fix.get("edits"):
                        found = edit_problems(data, fix["edits"], {})
                        counts["fixes"] += not found
                        problems += [f"{original.name}, fix {fix['id']}: {problem}" for problem in found]
                if finding["code"] == "DU001":
                    at = (finding["cell_id"], finding["line"])
                    jobs.append((f"block at {at}", lambda a=at: plan_duplicate_extract(data, path, *a, "blocks.py")))
            for what, plan in jobs:
                try:
                    found = plan_problems(data, plan())
                except ExtractRefused:
                    counts["refused"] += 1
                    continue
                except Exception:  # the point of the script: report any exception with where it came from
                    found = [traceback.format_exc(limit=-1).strip()]
                counts["planned"] += not found
                problems += [f"{original.name}, {what}: {problem}" for problem in found]
    print(f"{counts['fixes']} fixes right, {counts['planned']} extractions right, {counts['refused']} refused "
          f"with a reason, {len(problems)} problems")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
