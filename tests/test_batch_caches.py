"""What a batch run empties on its schedule (forget_batch_caches): the engine's large bounded caches, not the
folder indexes of the duplicate search."""

import json

from jupyterlab_promote.engine import check_file
from jupyterlab_promote.engine.files import bounded
from jupyterlab_promote.engine.notebook import fingerprints, renamed_pairs
from jupyterlab_promote.engine.project import folder
from jupyterlab_promote.engine.report.analysis import forget_batch_caches
from jupyterlab_promote.engine.rules import sibling_notebooks

from factories import notebook_json

BLOCK = "\n".join(f"frame = frame.step{i}(frame['c{i}'] > {i})" for i in range(8))


def test_the_large_caches_are_emptied_and_the_folder_indexes_stay(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.ipynb").write_text(json.dumps(notebook_json(BLOCK)), encoding="utf-8")
    with sibling_notebooks.folder_scans_shared():
        check_file(tmp_path / "a.ipynb")
        assert fingerprints.fingerprint_text.cache_info().currsize > 0
        assert renamed_pairs.pair_candidates.cache_info().currsize > 0
        forget_batch_caches()
        assert fingerprints.fingerprint_text.cache_info().currsize == 0
        assert fingerprints.windows.cache_info().currsize == 0
        assert folder._list_folder.cache_info().currsize == 0
        assert bounded._parse.cache_info().currsize == 0
        assert renamed_pairs.pair_candidates.cache_info().currsize == 0
        assert sibling_notebooks._shared
        found = check_file(tmp_path / "b.ipynb")
    assert [f["code"] for f in found["findings"] if f["code"] == "DU002"] == ["DU002"]


def test_a_notebook_forgotten_after_its_analysis_is_freed_without_the_collector(tmp_path):
    """Its cells' summaries refer back to the cells (a data-flow step, a leak's site): forget_kept empties
    them, so reference counting frees the cells and the batch run's young collections have little to walk."""
    import gc
    import weakref

    from jupyterlab_promote.engine.notebook.model import RECENT_CELLS
    from jupyterlab_promote.engine.report.analysis import forget_kept

    path = tmp_path / "a.ipynb"
    path.write_text(json.dumps(notebook_json("import pandas as pd\nframe = pd.read_csv('a.csv')", BLOCK,
                                             "train = frame.sample(frac=0.8)\ntest = frame.drop(train.index)")),
                    encoding="utf-8")
    forget_kept()
    gc.disable()
    try:
        check_file(path)
        cells = [weakref.ref(cell) for cell in RECENT_CELLS._cells.values()]
        assert cells and any(cell().summaries for cell in cells)
        forget_kept()
        assert [cell for cell in cells if cell() is not None] == []
    finally:
        gc.enable()
