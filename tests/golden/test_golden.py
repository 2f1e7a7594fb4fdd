"""Five real notebooks pinned down: their whole report must not change unless we mean it to.

Regenerate after an intended change with `python -m pytest tests/golden --update-golden`, then read
the diff of the JSON files before committing it.
"""

import json
import shutil
from pathlib import Path

import pytest

from jupyterlab_promote.engine import check_file

HERE = Path(__file__).parent
NOTEBOOKS = sorted((HERE / "notebooks").glob("*.ipynb"))


def stable(entry: dict) -> dict:
    """Drop what depends on the machine: fix edits pin installed package versions."""
    for finding in entry["findings"]:
        finding["fixes"] = [{k: v for k, v in fix.items() if k != "edits"} for fix in finding["fixes"]]
    return entry


@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: p.stem.split("__")[-1])
def test_report_matches_golden_file(source, tmp_path, request):
    # Analysed alone in an empty folder, so the project around it is the same on every machine.
    notebook = tmp_path / source.name
    shutil.copy(source, notebook)
    entry = stable(check_file(notebook, display_path=source.name))
    golden = HERE / f"{source.stem}.json"
    if request.config.getoption("--update-golden"):
        golden.write_text(json.dumps(entry, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert entry == expected


def test_there_are_five_golden_notebooks():
    assert len(NOTEBOOKS) == 5
    assert all((HERE / f"{p.stem}.json").exists() for p in NOTEBOOKS)
