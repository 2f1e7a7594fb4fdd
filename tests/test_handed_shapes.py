"""The line shapes a batch run's folder readers hand to the analyses (notebook/handed_shapes.py): the
caches take them instead of shaping the texts again, and the run finds what it finds without them."""

from pathlib import Path

from jupyterlab_promote import cli_batch
from jupyterlab_promote.cli import main
from jupyterlab_promote.engine import load_config
from jupyterlab_promote.engine.notebook import handed_shapes
from jupyterlab_promote.engine.notebook.fingerprints import fingerprint_text
from jupyterlab_promote.engine.notebook.line_shapes import normalised, text_shapes
from jupyterlab_promote.engine.rules import folder_prebuild, sibling_notebooks

from factories import CLEANING_BLOCK, write_notebook

OTHER = "total = compute(frame, 'price')\nprint(total)"


def notebooks(folder: Path) -> list[Path]:
    return [write_notebook(folder / f"n{i}.ipynb", "import numpy as np", CLEANING_BLOCK, OTHER.replace("price", f"p{i}"))
            for i in range(4)]


def test_the_caches_take_a_handed_texts_shapes():
    text = "handed = frame.dropna()\nhanded.plot()"
    fingerprint, shaped = fingerprint_text.__wrapped__(text), normalised(text)
    fingerprint_text.cache_clear()
    text_shapes.cache_clear()
    try:
        handed_shapes.hand([(text, fingerprint, shaped)])
        assert fingerprint_text(text) is fingerprint and text_shapes(text) is shaped
    finally:
        handed_shapes.forget_handed()
        fingerprint_text.cache_clear()
        text_shapes.cache_clear()
    assert handed_shapes.handed_fingerprint(text) is None


def test_handing_stops_at_its_room(monkeypatch):
    monkeypatch.setattr(handed_shapes, "HANDED_BYTES", 10)
    try:
        handed_shapes.hand([("a = 1", None, "x=0"), ("b = 22", None, "x=0")])
        assert handed_shapes.handed_shapes("a = 1") == "x=0" and handed_shapes.handed_shapes("b = 22") is None
    finally:
        handed_shapes.forget_handed()


def _handed_in_run(paths, monkeypatch, most: int) -> dict:
    monkeypatch.setattr(folder_prebuild, "PREBUILT_FROM", 3)
    monkeypatch.setattr(folder_prebuild, "HANDED_NOTEBOOKS", most)
    with sibling_notebooks.folder_scans_shared():
        folder_prebuild.index_large_folders(paths, load_config, hand_shapes=True)
        handed = dict(handed_shapes._handed)
    assert handed_shapes._handed == {}  # the run is over
    return handed


def test_the_readers_hand_the_shapes_of_a_small_runs_notebooks(tmp_path, monkeypatch):
    paths = notebooks(tmp_path)
    handed = _handed_in_run(paths, monkeypatch, len(paths))
    assert set(handed) == {"import numpy as np", CLEANING_BLOCK, *(OTHER.replace("price", f"p{i}") for i in range(4))}
    assert all(fingerprint == fingerprint_text.__wrapped__(text) and shaped == normalised(text)
               for text, (fingerprint, shaped) in handed.items())


def test_a_larger_run_hands_no_shapes(tmp_path, monkeypatch):
    paths = notebooks(tmp_path)
    assert _handed_in_run(paths, monkeypatch, len(paths) - 1) == {}


def test_a_forked_run_reports_what_one_process_reports(tmp_path, capsys, monkeypatch):
    notebooks(tmp_path)
    monkeypatch.setattr(folder_prebuild, "PREBUILT_FROM", 3)
    monkeypatch.setattr(cli_batch, "NOTEBOOKS_PER_WORKER", 1)
    reports = []
    for jobs in ("1", "2"):
        cli_batch._forget_run_caches()
        main(["check", "--format", "json", "--jobs", jobs, str(tmp_path)])
        reports.append(capsys.readouterr().out)
    assert reports[0] == reports[1] and "DU002" in reports[0]
