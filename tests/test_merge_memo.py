"""merged: a merge over the same cell objects is answered from the last one; any other cell list is merged again."""

from jupyterlab_promote.engine.notebook.merge_memo import merged, update_counts, update_positions
from jupyterlab_promote.engine.notebook.model import notebook_from_dict

from factories import notebook_json


def _sources(cells):
    return [cell.source for cell in cells]


def test_same_cells_give_the_kept_answer():
    cells = notebook_from_dict(notebook_json("a = 1", "b = a")).cells
    first = merged(_sources, cells)
    assert merged(_sources, list(cells)) is first


def test_other_cells_are_merged_again():
    cells = notebook_from_dict(notebook_json("a = 1", "b = a")).cells
    first = merged(_sources, cells)
    edited = notebook_from_dict(notebook_json("a = 2", "b = a")).cells
    assert merged(_sources, [edited[0], cells[1]]) == ["a = 2", "b = a"]
    assert merged(_sources, cells) is not first
    assert merged(_sources, cells[:1]) == ["a = 1"]


def _joined(cells):
    return "|".join(cell.source for cell in cells)


def _update_joined(last, cells, changed):
    parts = last.split("|")
    for position in changed:
        parts[position] = cells[position].source
    return "|".join(parts)


def test_an_edit_updates_the_kept_answer_for_the_changed_cells():
    cells = notebook_from_dict(notebook_json("a = 1", "b = a", "c = b")).cells
    assert merged(_joined, cells, update=_update_joined) == "a = 1|b = a|c = b"
    edited = notebook_from_dict(notebook_json("a = 1", "b = 2 * a", "c = b")).cells
    assert merged(_joined, [cells[0], edited[1], cells[2]], update=_update_joined) == "a = 1|b = 2 * a|c = b"


def test_an_index_of_positions_is_updated_for_one_edited_cell():
    positions = {"a": (0, 2), "b": (2,), "c": (1,)}
    update_positions(positions, 2, {"a", "b"}, {"b", "c"})
    assert positions == {"a": (0,), "b": (2,), "c": (1, 2)}
    update_positions(positions, 2, {"b", "c"}, set())
    assert positions == {"a": (0,), "c": (1,)}


def test_counts_of_names_are_updated_for_one_edited_cell():
    counts = {"a": 2, "b": 1}
    update_counts(counts, frozenset({"a", "b"}), frozenset({"a", "c"}))
    assert counts == {"a": 2, "c": 1}
    update_counts(counts, frozenset({"a", "c"}), frozenset())
    assert counts == {"a": 1}
