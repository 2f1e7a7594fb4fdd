"""Extraction on checked-in notebooks: the same outputs before and after, modules pass ruff, tests pass.

`tests/fixtures/extract/` holds real-shaped notebooks (stdlib only, so the test kernel can run them)
covering the three shapes: definitions that move as text, top-level code that becomes a function,
and a block pasted twice that becomes one function called at both places.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_extract import ruff, run_outputs

from jupyterlab_promote.engine.extract.cells import plan_extract
from jupyterlab_promote.engine.extract.duplicates import plan_duplicate_extract
from jupyterlab_promote.engine.extract.files import write_files
from jupyterlab_promote.engine.fixes.edits import apply_edits

FIXTURES = Path(__file__).parent / "fixtures" / "extract"

CASES = {
    "definitions, then the code that uses them": ("sales_report.ipynb", [
        {"cells": ["cell-4"], "module": "report/money.py"},
        {"cells": ["cell-6"], "module": "report/regions.py", "function": "summarise_regions"},
    ]),
    "a block pasted twice": ("scaling.ipynb", [{"duplicate": ("cell-2", 2), "module": "steps.py", "function": "scale"}]),
}


def extract(data: dict, path: Path, step: dict):
    if "duplicate" in step:
        cell_id, line = step["duplicate"]
        return plan_duplicate_extract(data, path, cell_id, line, step["module"], step["function"])
    return plan_extract(data, path, step["cells"], step["module"], step.get("function"))


@pytest.mark.parametrize("case", CASES)
def test_extraction_keeps_outputs_and_writes_clean_tested_modules(case, tmp_path):
    name, steps = CASES[case]
    path = tmp_path / name
    shutil.copy(FIXTURES / name, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    before = run_outputs(data, tmp_path)
    modules = []
    for step in steps:
        plan = extract(data, path, step)
        write_files(plan, tmp_path)
        data, _ = apply_edits(data, plan.edits)
        modules.append(tmp_path / plan.module_path)
    for module in modules:
        checked = ruff(module)
        assert checked.returncode == 0, checked.stdout
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                           capture_output=True, text=True, cwd=tmp_path)
    assert tests.returncode == 0 and " passed" in tests.stdout, tests.stdout
    assert run_outputs(data, tmp_path) == before
