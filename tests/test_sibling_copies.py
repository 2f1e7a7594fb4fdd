"""A batch run over a folder of copies of one template: the copies sharing the very same cells with a
notebook are compared block by block two at a time, not one by one, and the findings still name every
copy; a run that forks workers builds its large folders' indexes once, before the fork."""

import json
import os
from pathlib import Path

from jupyterlab_promote import cli, cli_batch
from jupyterlab_promote.cli import main
from jupyterlab_promote.engine import check_file, load_config
from jupyterlab_promote.engine.rules import duplication, folder_index, folder_prebuild, sibling_files, sibling_notebooks

from factories import CLEANING_BLOCK, write_notebook

TAIL = ("model = fit(frame, target='price')\nscores = model.score(frame)\nbest = scores.max()\n"
        "ranked = scores.sort_values(ascending=False)\nplot_scores(ranked.head(10))\nsave(model, 'model.pkl')\n")


def template_copies(folder: Path) -> list[Path]:
    """Six copies of one template (two cells each shared), one copy whose second cell was rewritten, and
    one with a cell of its own before the shared ones (so its cell numbers differ)."""
    paths = [write_notebook(folder / f"copy{i}.ipynb", "import numpy as np", CLEANING_BLOCK, TAIL) for i in range(6)]
    paths.append(write_notebook(folder / "edited.ipynb", "import numpy as np", CLEANING_BLOCK,
                                TAIL.replace("fit(", "fit.again(")))
    paths.append(write_notebook(folder / "moved.ipynb", "import numpy as np", "x = 1", CLEANING_BLOCK, TAIL))
    return paths


def du002(entries: list[dict]) -> list[list[str]]:
    """Each entry's DU002 block findings (not its runs of cells, cell_run_copies.py)."""
    return [[f["message"] for f in entry["findings"] if f["code"] == "DU002" and f["message"].startswith("Lines")]
            for entry in entries]


def compared(monkeypatch) -> list[int]:
    """How many notebooks each block search is given."""
    sizes: list[int] = []
    original = duplication.find_shared_blocks

    def counting(notebooks, min_lines):
        sizes.append(len(notebooks))
        return original(notebooks, min_lines)

    monkeypatch.setattr(duplication, "find_shared_blocks", counting)
    return sizes


def test_copies_compared_two_at_a_time_find_what_comparing_each_finds(tmp_path, monkeypatch):
    paths = template_copies(tmp_path)
    monkeypatch.setattr(sibling_notebooks, "COPIES_COMPARED", 100)
    with sibling_notebooks.folder_scans_shared():
        each = [check_file(path) for path in paths]
    monkeypatch.setattr(sibling_notebooks, "COPIES_COMPARED", 2)
    sizes = compared(monkeypatch)
    with sibling_notebooks.folder_scans_shared():
        two = [check_file(path) for path in paths]
    assert two == each
    # copy0, then two copies of each of its cells (copy1, copy2; the other copies and moved hold only
    # copies of these) and edited's own second cell.
    assert sizes[0] == 1 + 2 + 1
    messages = du002(two)[0]
    assert messages[0] == ("Lines 1–6 also appear in copy1.ipynb (cell #2), copy2.ipynb (cell #2), "
                           "copy3.ipynb (cell #2) and more: share them through a module")
    assert len(messages) == 2 and "copy0.ipynb (cell #3)" in du002(two)[7][1]


def test_the_copies_of_a_block_the_notebook_shares_only_with_them_are_all_named(tmp_path, monkeypatch):
    paths = template_copies(tmp_path)
    with sibling_notebooks.folder_scans_shared():
        edited = check_file(paths[6])
    messages = du002([edited])[0]
    assert len(messages) == 1 and "and more" in messages[0]  # its block is the copies' first shared cell
    monkeypatch.setattr(sibling_notebooks, "COPIES_COMPARED", 100)
    with sibling_notebooks.folder_scans_shared():
        assert du002([check_file(paths[6])]) == [messages]


def test_large_folders_are_indexed_once_before_the_workers_fork(tmp_path, monkeypatch):
    paths = template_copies(tmp_path / "many") + [write_notebook(tmp_path / "few" / "one.ipynb", CLEANING_BLOCK)]
    monkeypatch.setattr(folder_prebuild, "PREBUILT_FROM", 3)
    read: list[str] = []
    original = folder_prebuild.digest
    monkeypatch.setattr(folder_prebuild, "digest", lambda *args: read.append(args[-1].name) or original(*args))
    parsed: list[str] = []
    original_parse = sibling_files.fingerprints_of
    monkeypatch.setattr(sibling_files, "fingerprints_of", lambda entry, *args: parsed.append(entry.name) or original_parse(entry, *args))
    with sibling_notebooks.folder_scans_shared():
        folder_prebuild.index_large_folders(paths, load_config)
        # "few" holds one notebook: indexed when used. Each is read once: the cells of copy0 (the first holder
        # of shared cells) are kept from its first reading for the second pass (folder_index._Held).
        assert sorted(read) == sorted(path.name for path in paths[:-1])
        for path in paths[:-1]:
            check_file(path)
        assert parsed == []


def test_a_folder_whose_search_is_off_is_not_indexed(tmp_path, monkeypatch):
    paths = template_copies(tmp_path)
    monkeypatch.setattr(folder_prebuild, "PREBUILT_FROM", 3)
    with sibling_notebooks.folder_scans_shared():
        folder_prebuild.index_large_folders(paths, lambda path: cli._config(path, ("DU001",), ()))
        assert sibling_notebooks._shared == {}


def _indexes(paths: list[Path], map_in_order) -> tuple:
    """What the prebuild keeps for the folder of `paths` (its block index and its stream index), as values."""
    with sibling_notebooks.folder_scans_shared():
        folder_prebuild.index_large_folders(paths, load_config, map_in_order)
        (index,) = sibling_notebooks._shared.values()
        (streams,) = sibling_notebooks._kept.values()
        return (index.keys, index.holders_of, {n: [(c[0], c[1], c[2][0], c[2][1]) for c in kept] for n, kept in index.kept.items()},
                streams.names, streams.holders)


def test_a_folder_read_by_two_processes_is_indexed_as_one_process_reads_it(tmp_path, monkeypatch):
    paths = template_copies(tmp_path)
    monkeypatch.setattr(folder_prebuild, "PREBUILT_FROM", 3)
    alone = _indexes(paths, map)
    assert alone[2] and alone[3]  # blocks kept and streams indexed: the comparison is not between empties
    assert _indexes(paths, cli_batch.mapped_in_order(2)) == alone


def test_a_notebook_whose_reader_died_is_read_by_the_run_itself(tmp_path, monkeypatch):
    paths = template_copies(tmp_path)
    monkeypatch.setattr(folder_prebuild, "PREBUILT_FROM", 3)
    alone = _indexes(paths, map)
    original = folder_prebuild.digest
    parent = os.getpid()

    def dying(*args):
        if os.getpid() != parent:
            os._exit(3)  # every notebook the worker takes: the run must read them all itself
        return original(*args)

    monkeypatch.setattr(folder_prebuild, "digest", dying)
    assert _indexes(paths, cli_batch.mapped_in_order(2)) == alone


def test_a_forking_run_with_its_folder_indexed_before_the_fork_reports_what_one_process_does(capsys, tmp_path,
                                                                                            monkeypatch):
    template_copies(tmp_path)
    main(["check", str(tmp_path), "--format", "json", "--jobs", "1"])
    alone = capsys.readouterr().out
    monkeypatch.setattr(folder_prebuild, "PREBUILT_FROM", 3)
    main(["check", str(tmp_path), "--format", "json", "--jobs", "2"])
    forked = capsys.readouterr().out
    assert forked == alone and any(du002(json.loads(forked)["notebooks"]))


STEPS = [
    "frame = frame.dropna(subset=['price'])",
    "frame['price'] = frame['price'].astype(float)",
    "frame = frame[frame['price'] > 0]",
    "frame['log_price'] = np.log(frame['price'])",
    "frame = frame.sort_values('date')",
    "frame = frame.reset_index(drop=True)",
    "model = fit(frame, target='price')",
    "scores = model.score(frame)",
    "best = scores.max()",
    "ranked = scores.sort_values(ascending=False)",
    "for column in frame.columns:\n    frame[column] = frame[column].fillna(0)",
    "if best > 0.5:\n    save(model, 'model.pkl')",
]


def varied_folder(folder: Path, count: int, seed: int) -> list[Path]:
    """Notebooks made of the same steps, each copy with some steps left out, renamed or changed, a line of
    its own here and there, and its cells in another order: many runs of shared lines, cut differently."""
    import random

    chance = random.Random(seed)
    paths = []
    for number in range(count):
        cells = []
        for _ in range(chance.randint(1, 3)):
            lines = []
            for step in STEPS[chance.randint(0, 3):chance.randint(8, len(STEPS))]:
                roll = chance.random()
                if roll < 0.08:
                    continue
                lines.append(step.replace("frame", "table") if roll < 0.16 else
                             step.replace("price", f"price.at{number % 3}") if roll < 0.22 else step)
                if chance.random() < 0.1:
                    lines.append(f"note.copy{number} = {number}")
            cells.append("\n".join(lines))
        chance.shuffle(cells)
        paths.append(write_notebook(folder / f"n{number:02}.ipynb", "import numpy as np", *cells))
    return paths


def shared_blocks(monkeypatch, paths: list[Path]) -> list[list[tuple]]:
    """Per notebook, each block it shares (as DU002 reports them): its own places and lines, and every
    sibling place (each copy named, by notebook and cell), not cut to three names. A copy stood for by
    another copy of its run is named without lines of its own (the run may start at another line)."""
    found: list[list[tuple]] = []
    asked = duplication.sibling_fingerprints
    search = duplication.find_shared_blocks
    given = []

    def siblings(nb, own, min_lines, listed=None):
        given.append(asked(nb, own, min_lines, listed))
        return given[-1]

    def blocks(notebooks, min_lines):
        result = search(notebooks, min_lines)
        found[-1].extend(sorted(
            (tuple((o.cell_index, o.start_line, o.end_line) for o in block.occurrences if o.notebook == duplication._OWN),
             tuple(sorted({(name, index) for o in block.occurrences
                           if o.notebook != duplication._OWN for name, index in given[-1].places(o.notebook, o.cell_index,
                                                                                                   o.start_line)})))
            for block in result if any(o.notebook == duplication._OWN for o in block.occurrences)))
        return result

    with monkeypatch.context() as patched:
        patched.setattr(duplication, "sibling_fingerprints", siblings)
        patched.setattr(duplication, "find_shared_blocks", blocks)
        for path in paths:
            found.append([])
            check_file(path)
    return found


def test_the_index_finds_what_comparing_every_whole_sibling_finds(tmp_path, monkeypatch):
    """Live, each sibling is compared whole; a batch run compares runs of lines, copies two at a time."""
    for seed in range(3):
        paths = varied_folder(tmp_path / str(seed), 24, seed)
        whole = shared_blocks(monkeypatch, paths)
        with sibling_notebooks.folder_scans_shared():
            indexed = shared_blocks(monkeypatch, paths)
        with monkeypatch.context() as patched, sibling_notebooks.folder_scans_shared():
            patched.setattr(folder_index, "READ_ONCE_BYTES", 0)
            read_again = shared_blocks(monkeypatch, paths)
        assert indexed == whole == read_again
        assert sum(map(len, whole)) > 5


def test_a_sibling_gone_since_its_folder_was_listed_brings_nothing(tmp_path):
    kept = write_notebook(tmp_path / "kept.ipynb", CLEANING_BLOCK)
    gone = write_notebook(tmp_path / "gone.ipynb", CLEANING_BLOCK)
    entries = {entry.name: entry for entry in os.scandir(tmp_path)}
    gone.unlink()
    assert sibling_files.fingerprints_of(entries["gone.ipynb"], 4, None, 10**6) == ((), frozenset())
    cells, keys = sibling_files.fingerprints_of(entries[kept.name], 4, None, 10**6)
    assert cells and keys
