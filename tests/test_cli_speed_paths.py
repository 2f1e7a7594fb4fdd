"""The fast paths of `jupyter-promote check` give the report the plain serial path gives: workers on every
core, the batch garbage-collector policy, each folder's sibling notebooks scanned once, lazy IPython."""

import gc
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

from jupyterlab_promote import cli, cli_batch
from jupyterlab_promote.cli import main
from jupyterlab_promote.engine import check_file
from jupyterlab_promote.engine.rules import sibling_notebooks

from factories import CLEANING_BLOCK, cell, write_notebook


def project(root: Path) -> Path:
    """Nested folders of notebooks with findings of every kind, blocks shared between siblings among them."""
    for folder in ("a", "a/deeper", "b"):
        for i in range(5):
            write_notebook(root / folder / f"n{i}.ipynb", "import numpy as np", cell(f"y{i} = x", execution_count=2),
                  cell("x = 1", execution_count=1), CLEANING_BLOCK.replace("frame", f"frame{i % 2}"),
                  "%matplotlib inline\neval(input())")
    return root


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


@pytest.mark.parametrize("output", ["json", "text", "sarif", "github"])
def test_workers_on_every_core_print_what_one_process_prints(capsys, tmp_path, monkeypatch, output):
    root = project(tmp_path)
    monkeypatch.setattr(cli_batch, "available_cores", lambda: 2)  # a one-core CI machine forks too
    code, serial = run(capsys, "check", str(root), "--format", output, "--jobs", "1")
    assert "DU002" in serial or output == "text"
    assert (code, serial) == run(capsys, "check", str(root), "--format", output)
    assert (code, serial) == run(capsys, "check", str(root), "--format", output, "--jobs", "3")


def test_one_worker_per_core_once_there_are_more_than_a_few_notebooks():
    assert cli_batch.default_jobs(1, cores=8) == 1
    assert cli_batch.default_jobs(cli_batch.NOTEBOOKS_PER_WORKER * 2, cores=8) == 2
    assert cli_batch.default_jobs(1000, cores=2) == 2


def test_fix_stays_in_one_process_unless_asked(capsys, tmp_path, monkeypatch):
    root = project(tmp_path)
    used = []
    monkeypatch.setattr(cli_batch, "run_jobs",
                        lambda work, failed, jobs, workers, *_: used.append(workers) or cli_batch._Serial(work, []))
    monkeypatch.setattr(cli_batch, "available_cores", lambda: 2)
    main(["check", str(root), "--fix"])
    main(["check", str(root)])
    assert used == [1, 2]


def test_the_collector_is_left_as_it_was_found(capsys, tmp_path):
    root = project(tmp_path)
    before = gc.get_threshold(), gc.isenabled(), gc.get_freeze_count()
    run(capsys, "check", str(root), "--jobs", "1")
    assert (gc.get_threshold(), gc.isenabled(), gc.get_freeze_count()) == before


def test_the_cycles_a_notebook_leaves_are_freed_in_a_batch():
    class Node:
        pass

    left: list[weakref.ref] = []

    def analysis_leaving_a_cycle(_job):
        node = Node()
        node.itself = node
        left.append(weakref.ref(node))
        return {}

    with cli_batch.batch_gc():
        assert not gc.isenabled()
        list(cli_batch.run_jobs(analysis_leaving_a_cycle, None, [1, 2], 1).results())
        assert [ref() for ref in left] == [None, None]


def test_a_folder_scanned_once_finds_the_siblings_the_files_give(tmp_path):
    root = project(tmp_path)
    notebooks = sorted(root.rglob("*.ipynb"))
    asked = [check_file(path) for path in notebooks]
    with sibling_notebooks.folder_scans_shared():
        shared = [check_file(path) for path in notebooks]
    assert shared == asked
    assert any(f["code"] == "DU002" for entry in shared for f in entry["findings"])


def test_a_later_run_sees_the_siblings_as_they_are_then(capsys, tmp_path):
    root = project(tmp_path)
    for path in (root / "b").glob("*.ipynb"):
        if path.name != "n0.ipynb":
            write_notebook(path, "print('nothing shared')")
    _, first = run(capsys, "check", str(root / "b" / "n0.ipynb"), "--format", "json")
    write_notebook(root / "b" / "n1.ipynb", CLEANING_BLOCK.replace("frame", "other"))
    _, second = run(capsys, "check", str(root / "b" / "n0.ipynb"), "--format", "json")
    assert "DU002" not in first and "DU002" in second


def test_a_folder_too_large_to_search_live_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(sibling_notebooks, "MAX_SIBLINGS", 2)
    for i in range(4):
        write_notebook(tmp_path / f"n{i}.ipynb", CLEANING_BLOCK)
    live = [f for f in check_file(tmp_path / "n0.ipynb")["findings"] if f["code"] == "DU002"]
    assert [(f["cell_index"], f["impact"]) for f in live] == [(None, 0)]
    assert "holds 3 other notebooks, more than 2" in live[0]["message"]


def test_a_batch_run_compares_the_siblings_sharing_most_and_says_how_many_were_left_out(tmp_path, monkeypatch):
    monkeypatch.setattr(sibling_notebooks, "MAX_SIBLINGS", 2)
    for i in range(4):
        write_notebook(tmp_path / f"n{i}.ipynb", CLEANING_BLOCK)
    with sibling_notebooks.folder_scans_shared():
        findings = [f for f in check_file(tmp_path / "n0.ipynb")["findings"] if f["code"] == "DU002"]
    notes = [f["message"] for f in findings if f["cell_index"] is None]
    blocks = [f["message"] for f in findings if f["cell_index"] is not None]
    assert notes == ["3 other notebooks of the folder share code with this one: the 2 sharing the most were "
                     "compared block by block, not the other 1"]
    assert blocks and "n1.ipynb" in blocks[0] and "n3.ipynb" not in blocks[0]


def test_what_workers_inherit_is_loaded_once_before_they_fork(capsys, tmp_path, monkeypatch):
    root = project(tmp_path)
    loaded = []
    monkeypatch.setattr(cli, "_load_before_fork", lambda: loaded.append(True))
    monkeypatch.setattr(cli_batch, "available_cores", lambda: 2)
    main(["check", str(root), "--jobs", "1"])
    assert loaded == []
    main(["check", str(root)])
    assert loaded == [True]


def test_the_readers_map_in_order_while_this_process_does_its_own_work_once():
    done = []
    mapped = cli_batch.mapped_in_order(2, lambda: done.append(len(done)))
    assert list(mapped(abs, [-3, 1, -2, 5])) == [3, 1, 2, 5]
    assert done == [0]
    assert list(cli_batch.mapped_in_order(1, lambda: done.append(len(done)))(abs, [-1])) == [1]
    assert done == [0]


def test_the_folder_readers_fork_before_the_rules_are_imported(tmp_path):
    write_notebook(tmp_path / "plain.ipynb", "import numpy as np", CLEANING_BLOCK)
    probe = ("import sys; from jupyterlab_promote import cli; from jupyterlab_promote.engine.rules import folder_prebuild; "
             "index = folder_prebuild.index_large_folders; "
             "folder_prebuild.index_large_folders = lambda *a: (print(sorted(m for m in sys.modules if m.endswith("
             "('.leakage', '.analysis', '.security'))), file=sys.stderr), index(*a)); "
             f"cli.main(['check', {str(tmp_path)!r}, '--format', 'json', '--jobs', '2']); "
             "print(sorted(m for m in sys.modules if m.endswith('.leakage')), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.stderr.strip().splitlines() == ["[]", "['jupyterlab_promote.engine.rules.leakage']"]


def test_the_engine_report_function_survives_the_report_wing_loaded_late():
    probe = ("from pathlib import Path; from jupyterlab_promote import engine; "
             "engine.check_file(Path('missing.ipynb')); print(callable(engine.report))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "True"


def test_a_run_without_magics_never_imports_ipython(tmp_path):
    write_notebook(tmp_path / "plain.ipynb", "import numpy as np", CLEANING_BLOCK)
    probe = ("import sys; from jupyterlab_promote.cli import main; "
             f"main(['check', {str(tmp_path)!r}, '--format', 'json', '--jobs', '1']); "
             "print('IPython' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.stderr.strip().splitlines()[-1] == "False"


def test_check_help_does_not_import_the_engine():
    probe = ("import sys; from jupyterlab_promote.cli import build_parser; build_parser(); "
             "print(sorted(m for m in sys.modules if m.startswith(('jupyterlab_promote.engine', 'multiprocessing'))))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr
    assert cli.cli_batch is cli_batch


def test_nothing_kept_for_live_reanalysis_outlives_its_notebook_in_a_batch(capsys, tmp_path, monkeypatch):
    from jupyterlab_promote.engine.report import analysis

    root = project(tmp_path)
    forgotten = []
    monkeypatch.setattr(analysis, "forget_kept", lambda: forgotten.append(1))
    run(capsys, "check", str(root), "--jobs", "1")
    assert len(forgotten) == len(list(root.rglob("*.ipynb")))


def test_a_long_batch_empties_its_large_caches_on_a_schedule(monkeypatch):
    from jupyterlab_promote.engine.notebook.fingerprints import fingerprint_text

    monkeypatch.setattr(cli_batch, "FULL_COLLECTION_EVERY", 3)
    monkeypatch.setattr(cli_batch, "_analysed", 0)
    sizes = []

    def fingerprinting(number):
        fingerprint_text(f"value = {number}\n")
        return number

    with cli_batch.batch_gc():
        fingerprint_text.cache_clear()
        for _ in cli_batch.run_jobs(fingerprinting, None, [1, 2, 3, 4], 1).results():
            sizes.append(fingerprint_text.cache_info().currsize)
    assert sizes == [1, 2, 0, 1]
