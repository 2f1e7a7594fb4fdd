"""What analyses keep about cells: bounded, and one version per cell id (kept.py)."""

from jupyterlab_promote.engine.notebook.kept import KeptByCell
from jupyterlab_promote.engine.notebook.model import RecentCells


def test_a_new_version_of_a_cell_drops_the_earlier_one():
    kept = KeptByCell(size=10)
    kept.put(("v1",), "cell-a", 1)
    kept.put(("x",), "cell-b", 2)
    kept.put(("v2",), "cell-a", 3)
    assert kept.get(("v1",)) is None
    assert kept.get(("v2",)) == 3 and kept.get(("x",)) == 2
    kept.put(("v2",), "cell-a", 4)  # the same version again is not an earlier one
    assert kept.get(("v2",)) == 4 and len(kept) == 2


def test_cells_without_an_id_age_out_least_recently_used_first():
    kept = KeptByCell(size=2)
    kept.put("a", None, 1)
    kept.put("b", None, 2)
    assert kept.get("a") == 1  # now the most recently used
    kept.put("c", None, 3)
    assert kept.get("b") is None and kept.get("a") == 1 and kept.get("c") == 3


def test_the_ids_of_aged_out_values_are_forgotten_too():
    kept = KeptByCell(size=3)
    for n in range(1000):
        kept.put(("version", n), f"cell-{n}", n)
    assert len(kept) == 3
    assert len(kept._latest) == 3  # a long session does not grow the id index without end
    kept.put(("version", 1000), "cell-999", 1000)
    assert kept.get(("version", 999)) is None and kept.get(("version", 1000)) == 1000


def test_inserting_cells_keeps_one_cell_per_id():
    recent = RecentCells()
    raws = [{"cell_type": "code", "id": f"c{i}", "source": f"x{i} = {i}", "metadata": {}} for i in range(50)]
    for inserted in range(5):
        raws.insert(0, {"cell_type": "code", "id": f"new{inserted}", "source": "", "metadata": {}})
        cells = [recent.cell(index, raw) for index, raw in enumerate(raws)]
        assert [cell.index for cell in cells] == list(range(len(raws)))
    assert len(recent) == len(raws)
