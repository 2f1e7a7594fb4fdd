"""A batch run parses each sibling notebook once for the folder index, which keeps the cells it shares (the
first notebook holding a shared cell is cut again from the cells kept from its reading, or without room
read again: while it was read no other held it), however many
notebooks it is compared with and whatever caches the run empties on its schedule; what it finds is what
parsing every time finds."""

import json
from pathlib import Path

from jupyterlab_promote import cli_batch
from jupyterlab_promote.engine import check_file
from jupyterlab_promote.engine.notebook.model import notebook_from_dict
from jupyterlab_promote.engine.rules import folder_index, sibling_files, sibling_notebooks
from jupyterlab_promote.engine.rules.duplication import duplicated_across_notebooks

from factories import CLEANING_BLOCK, notebook_json, write_notebook

UNRELATED = "\n".join(f"total{i} = compute(total{i - 1}, {i})" for i in range(1, 9))


def du002(findings: list[dict]) -> list[dict]:
    return [f for entry in findings for f in entry["findings"] if f["code"] == "DU002"]


def copies(folder: Path, count: int) -> list[Path]:
    return [write_notebook(folder / f"n{i}.ipynb", "import numpy as np", CLEANING_BLOCK.replace("frame", f"frame{i % 2}"))
            for i in range(count)]


def counted_parses(monkeypatch) -> list[str]:
    parsed: list[str] = []
    original = sibling_files.fingerprints_of

    def counting(entry, *args):
        parsed.append(entry.name)
        return original(entry, *args)

    monkeypatch.setattr(sibling_files, "fingerprints_of", counting)
    return parsed


def test_each_sibling_is_parsed_once_for_the_index_the_first_holder_of_a_shared_cell_too(tmp_path, monkeypatch):
    notebooks = copies(tmp_path, 6)
    parsed = counted_parses(monkeypatch)
    with sibling_notebooks.folder_scans_shared():
        for path in notebooks:
            check_file(path)
            cli_batch._forget_run_caches()  # the 256-notebook schedule does not empty what the index keeps
    assert sorted(parsed) == sorted(p.name for p in notebooks)


def test_without_room_while_reading_the_sharing_notebooks_are_read_again_and_found_the_same(tmp_path, monkeypatch):
    notebooks = copies(tmp_path, 4) + [write_notebook(tmp_path / "other.ipynb", UNRELATED)]
    with sibling_notebooks.folder_scans_shared():
        kept = [check_file(path) for path in notebooks]
    monkeypatch.setattr(folder_index, "READ_ONCE_BYTES", 0)
    parsed = counted_parses(monkeypatch)
    with sibling_notebooks.folder_scans_shared():
        read_again = [check_file(path) for path in notebooks]
    assert read_again == kept and du002(kept)
    # No room while reading: the four sharing a block are read again for their cells, the unrelated one is not.
    assert sorted(parsed) == sorted([p.name for p in notebooks] + ["n0.ipynb", "n1.ipynb", "n2.ipynb", "n3.ipynb"])


def test_without_room_the_siblings_are_parsed_again_and_found_the_same(tmp_path, monkeypatch):
    notebooks = copies(tmp_path, 5)
    with sibling_notebooks.folder_scans_shared():
        kept = [check_file(path) for path in notebooks]
    monkeypatch.setattr(sibling_notebooks, "KEPT_BYTES", 0)
    parsed = counted_parses(monkeypatch)
    with sibling_notebooks.folder_scans_shared():
        parsed_each_time = [check_file(path) for path in notebooks]
    assert parsed_each_time == kept and du002(kept)
    assert len(parsed) == 5 + 5 * 4  # the index, then every notebook's four siblings


def test_a_sibling_sharing_only_a_short_key_is_not_compared(tmp_path, monkeypatch):
    monkeypatch.setattr(folder_index, "short_key", lambda key: 7)  # every window key collides
    write_notebook(tmp_path / "a.ipynb", CLEANING_BLOCK)
    write_notebook(tmp_path / "b.ipynb", CLEANING_BLOCK)
    write_notebook(tmp_path / "c.ipynb", UNRELATED)
    with sibling_notebooks.folder_scans_shared():
        findings = du002([check_file(tmp_path / "a.ipynb")])
        unrelated = du002([check_file(tmp_path / "c.ipynb")])
    assert findings and all("c.ipynb" not in f["message"] for f in findings)
    assert unrelated == []


def test_a_sibling_brings_only_the_cells_sharing_a_window_with_the_notebook():
    parse = sibling_files.sibling_parser(6)
    own = parse(json.dumps(notebook_json(CLEANING_BLOCK))).cells
    own_shorts = {folder_index.short_key(key) for key in sibling_files.window_keys(own, 6)}
    other = parse(json.dumps(notebook_json(UNRELATED, CLEANING_BLOCK))).cells
    shared = sibling_notebooks._sharing(folder_index.shorted(other, 6), own_shorts)
    assert [cell.cell_index for cell in shared] == [1]


def test_a_sibling_sharing_what_the_notebooks_file_does_not_hold_is_read_again(tmp_path):
    """The notebook analysed (an unsaved edit) holds a block its file does not: the sibling's cells kept for
    the index do not include it, so the sibling is read again and the block found."""
    own_path = write_notebook(tmp_path / "a.ipynb", UNRELATED)
    write_notebook(tmp_path / "b.ipynb", UNRELATED.replace("total", "sum"), CLEANING_BLOCK)
    with sibling_notebooks.folder_scans_shared():
        edited = notebook_from_dict(notebook_json(CLEANING_BLOCK), own_path)
        findings = list(duplicated_across_notebooks(edited))
    assert [f.message for f in findings] == ["Lines 1–6 also appear in b.ipynb (cell #2): share them through a module"]


def test_the_room_is_shared_by_every_folder_index(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = copies(tmp_path / "a", 3), copies(tmp_path / "b", 3)
    with sibling_notebooks.folder_scans_shared():
        check_file(first[0])
        used = sibling_notebooks.kept_bytes()
        monkeypatch.setattr(sibling_notebooks, "KEPT_BYTES", used)
        parsed = counted_parses(monkeypatch)
        check_file(second[0])
        check_file(second[1])
    assert used > 0
    # The index of b, then n1 and n2 for n0 and n0 and n2 for n1: nothing kept, a is using the room.
    assert sorted(parsed) == sorted(["n0.ipynb", "n1.ipynb", "n2.ipynb", "n1.ipynb", "n2.ipynb", "n0.ipynb", "n2.ipynb"])


def test_the_cells_held_for_the_second_pass_are_the_cells_read():
    """folder_index._Held packs a notebook's cells while the folder is read and gives back the same cells,
    so cutting them by the shared windows finds what reading the file again finds."""
    text = json.dumps(notebook_json("x = 1", "y = 2\n" + CLEANING_BLOCK, UNRELATED))
    cells = folder_index.shorted(sibling_files.sibling_parser(6)(text).cells, 6)
    held = folder_index._Held()
    held.keep(3, cells)
    assert 3 in held and held.bytes > 0
    assert held.cells(3) == cells and 3 not in held


def test_holders_counts_each_notebook_by_the_keys_it_holds(monkeypatch):
    """FolderIndex.holders: per notebook, how many of the keys it holds (a short key two keys share counts
    twice) and how many distinct short keys."""
    from jupyterlab_promote.engine.rules import key_holders

    shorts = {(1, 2): 5, (3, 4): 5, (5, 6): 9, (7, 8): 11}
    monkeypatch.setattr(folder_index, "short_key", shorts.__getitem__)
    pairs = key_holders.buckets()
    key_holders.add(pairs, 0, [5, 9])
    key_holders.add(pairs, 1, [9])
    key_holders.add(pairs, 2, [12])
    index = folder_index.FolderIndex((), *key_holders.sort(pairs))
    counted, distinct = index.holders(frozenset(shorts))
    assert dict(counted) == {0: 3, 1: 1} and dict(distinct) == {0: 2, 1: 1}
