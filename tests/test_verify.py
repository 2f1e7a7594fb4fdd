"""Clean re-runs in a real fresh kernel (ipykernel), the stamp they leave, and `jupyter-promote verify`."""

import json
import threading
import time
from pathlib import Path

import pytest
from test_output_compare import png

from jupyterlab_promote.cli import main
from jupyterlab_promote.engine.notebook.stamp import STAMP_KEY, code_sources, is_fresh, read_stamp, verification_state
from jupyterlab_promote.engine.sharing.verify import VerifyError, verify_notebook
from jupyterlab_promote.engine.sharing.verify_file import verify_file

from factories import cell, notebook_json


def out(text: str) -> list[dict]:
    return [{"output_type": "stream", "name": "stdout", "text": text}]


def result(text: str, count: int) -> list[dict]:
    return [{"output_type": "execute_result", "data": {"text/plain": text}, "metadata": {}, "execution_count": count}]


DETERMINISTIC = (
    cell("import json\nvalues = [3, 1, 2]", execution_count=1),
    cell("print(sorted(values))", execution_count=2, outputs=out("[1, 2, 3]\n")),
    cell("json.dumps({'n': len(values)})", execution_count=3, outputs=result("'{\"n\": 3}'", 3)),
    cell("## notes", cell_type="markdown"),
)


def write(path: Path, *cells, metadata=None) -> Path:
    path.write_text(json.dumps(notebook_json(*cells, metadata=metadata)), encoding="utf-8")
    return path


def test_a_deterministic_notebook_passes_and_its_stamp_is_written_and_fresh(tmp_path):
    path = write(tmp_path / "clean.ipynb", *DETERMINISTIC)
    seen = []
    done = verify_file(path, "clean.ipynb", timeout=60, cell_timeout=30, progress=lambda *a: seen.append(a[:2]))
    assert done.result.passed and [c.status for c in done.result.cells] == ["same", "same", "same"]
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert done.result.python and done.result.python.count(".") == 2
    saved = json.loads(path.read_text(encoding="utf-8"))
    stamp = read_stamp(saved["metadata"])
    assert stamp == done.stamp and stamp["passed"] is True and stamp["failures"] == []
    assert stamp["score"] == done.entry["score"] and stamp["verified_at"].endswith("+00:00")
    assert is_fresh(stamp, code_sources(saved)) and verification_state(saved["metadata"], code_sources(saved)) == "verified"
    assert code_sources(saved) == ["import json\nvalues = [3, 1, 2]", "print(sorted(values))",
                                   "json.dumps({'n': len(values)})"]
    assert not list(tmp_path.glob(".clean.ipynb.*.tmp"))  # written through a temporary file, then replaced

    saved["cells"][1]["source"] = ["print(sorted(values, reverse=True))"]
    assert verification_state(saved["metadata"], code_sources(saved)) == "stale"


def test_hidden_state_fails_at_the_cell_using_a_deleted_definition(tmp_path):
    # `model` was defined by a cell that is gone; the stored outputs came from the old kernel.
    path = write(tmp_path / "hidden.ipynb", cell("x = 2", execution_count=1),
                 cell("print(model * x)", execution_count=3, outputs=out("10\n")),
                 cell("print('after')", execution_count=4, outputs=out("after\n")))
    done = verify_file(path, "hidden.ipynb", timeout=60, cell_timeout=30)
    statuses = [(c.status, c.ename) for c in done.result.cells]
    assert statuses == [("same", None), ("error", "NameError"), ("skipped", None)]
    assert not done.result.passed
    assert done.stamp["failures"] == [{"cell_id": "c1", "cell_index": 1, "status": "error",
                                       "reason": "NameError: name 'model' is not defined"}]
    assert any(f["code"] == "HS008" and f["cell_id"] == "c1" for f in done.entry["findings"])


def test_volatile_outputs_are_the_same_and_real_changes_differ_with_a_diff(tmp_path):
    path = write(
        tmp_path / "volatile.ipynb",
        cell("import time, datetime\nprint(time.time())\nprint(object())\nprint(id(object()))\n"
             "print(datetime.datetime.now())", execution_count=1,
             outputs=out("1718000000.123\n<object object at 0x7f1234abcd10>\n140234567890123\n2024-05-01 12:00:00.123456\n")),
        cell("print(2 + 2)", execution_count=2, outputs=out("5\n")),
    )
    done = verify_file(path, "volatile.ipynb", timeout=60, cell_timeout=30, write=False)
    first, second = done.result.cells
    assert first.status == "same", first.diff
    assert second.status == "differs" and "-5" in second.diff and "+4" in second.diff
    assert not done.written and STAMP_KEY not in json.loads(path.read_text())["metadata"]


def test_images_compare_by_presence_and_size(tmp_path):
    shown = "import base64\nfrom IPython.display import Image, display\ndisplay(Image(data=base64.b64decode('{}')))"

    def image_cell(code_png, stored_png, count):
        outputs = [{"output_type": "display_data", "data": {"image/png": stored_png, "text/plain": "<Image>"}, "metadata": {}}]
        return cell(shown.format(code_png), execution_count=count, outputs=outputs)

    path = write(tmp_path / "images.ipynb", image_cell(png(4, 3, 255), png(4, 3, 0), 1),
                 image_cell(png(8, 3), png(4, 3), 2))
    done = verify_file(path, "images.ipynb", timeout=60, cell_timeout=30, write=False)
    assert [c.status for c in done.result.cells] == ["same", "differs"]
    assert "8x3" in done.result.cells[1].diff


def test_a_hanging_cell_is_stopped_at_its_timeout_and_the_kernel_killed(tmp_path):
    data = notebook_json(cell("x = 1", execution_count=1), "import time\ntime.sleep(60)", "print('never')")
    started = time.monotonic()
    run = verify_notebook(data, tmp_path, timeout=60, cell_timeout=2)
    assert time.monotonic() - started < 20
    assert [c.status for c in run.cells] == ["same", "error", "skipped"]
    assert run.cells[1].ename == "Timeout" and run.timed_out and not run.passed


def test_the_total_timeout_stops_the_run(tmp_path):
    data = notebook_json("import time\ntime.sleep(0.2)", "time.sleep(60)")
    started = time.monotonic()
    run = verify_notebook(data, tmp_path, timeout=3, cell_timeout=120)
    assert time.monotonic() - started < 20
    assert run.cells[-1].status == "error" and "whole run" in run.cells[-1].evalue


def test_a_run_can_be_cancelled(tmp_path):
    cancel = threading.Event()
    data = notebook_json("import time\ntime.sleep(60)", "print(1)")
    threading.Timer(1.5, cancel.set).start()
    started = time.monotonic()
    run = verify_notebook(data, tmp_path, timeout=120, cell_timeout=120, cancel=cancel)
    assert time.monotonic() - started < 20
    assert run.cancelled and not run.passed
    assert [c.status for c in run.cells] == ["skipped", "skipped"]


def test_the_working_directory_is_the_notebooks_folder(tmp_path):
    (tmp_path / "data.txt").write_text("from the folder", encoding="utf-8")
    data = notebook_json(cell("print(open('data.txt').read())", execution_count=1, outputs=out("from the folder\n")))
    assert [c.status for c in verify_notebook(data, tmp_path, timeout=60).cells] == ["same"]


def test_an_unknown_kernel_cannot_run(tmp_path):
    data = notebook_json("x = 1", metadata={"kernelspec": {"name": "no-such-kernel", "display_name": "?"}})
    with pytest.raises(VerifyError, match="no kernel named 'no-such-kernel'"):
        verify_notebook(data, tmp_path)


# -- the command line ------------------------------------------------------------------------------------

def test_cli_exit_codes(capsys, tmp_path):
    clean = write(tmp_path / "clean.ipynb", *DETERMINISTIC)
    assert main(["verify", str(clean), "--timeout", "60", "--no-stamp"]) == 0
    captured = capsys.readouterr()
    assert "passed: 3 same" in captured.out and "cell #2" in captured.out and "[3/3]" in captured.err
    assert STAMP_KEY not in json.loads(clean.read_text())["metadata"]

    differs = write(tmp_path / "differs.ipynb", cell("print(1)", execution_count=1, outputs=out("2\n")))
    assert main(["verify", str(differs)]) == 1
    assert "FAILED" in capsys.readouterr().out
    assert read_stamp(json.loads(differs.read_text())["metadata"])["passed"] is False

    (tmp_path / "broken.ipynb").write_text("{", encoding="utf-8")
    for args in (["verify", str(tmp_path / "broken.ipynb")], ["verify", str(tmp_path / "missing.ipynb")],
                 ["verify", str(clean), "--timeout", "0"]):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("jupyter-promote: error:")
