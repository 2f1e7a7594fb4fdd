"""The sibling notebooks' cell streams: asked of the files live, one index per folder in a batch run."""

from pathlib import Path

from jupyterlab_promote.engine.notebook.cell_streams import find_cell_runs, shaped_text, stream_of
from jupyterlab_promote.engine.notebook.model import notebook_from_dict
from jupyterlab_promote.engine.rules import cell_run_copies as runs
from jupyterlab_promote.engine.rules import folder_prebuild, sibling_notebooks, sibling_streams
from jupyterlab_promote.engine.rules.sibling_streams import StreamIndex, pair_keys

from factories import notebook_json, write_notebook

LOAD = "filename = 'data/car_financing.xlsx'\ndf = pd.read_excel(filename)"
FILTER = "car_filter = df['car_type'] == 'Toyota Sienna'\ndf = df.loc[car_filter, :]"
RENAME = "df = df.rename(columns={'Starting Balance': 'starting_balance', 'Interest Paid': 'interest_paid'})"
OTHER = ("model = Ridge(alpha=0.5)\nmodel.fit(X, y)", "scores = cross_val_score(model, X, y, cv=5)\nprint(scores)")


def stream(*sources: str):
    return stream_of([shaped_text(source) for source in sources], list(range(len(sources))))


def runs_across(path, *cells: str) -> list[str]:
    nb = notebook_from_dict(notebook_json(*cells), path)
    return [v.message for v in runs.cell_runs_across_notebooks(nb)]


class TestStreamIndex:
    def index(self, **streams) -> StreamIndex:
        return StreamIndex(Path("."), [(f"{name}.ipynb", pair_keys(stream)) for name, stream in streams.items()])

    def test_only_notebooks_sharing_a_pair_of_cells_one_or_two_apart_are_compared(self):
        mine = stream(LOAD, FILTER, RENAME)
        index = self.index(a=stream(LOAD, OTHER[0], FILTER), b=stream(LOAD, OTHER[0], OTHER[1], FILTER),
                           c=stream(*OTHER), d=stream(RENAME, LOAD), mine=mine)
        assert index.sharing(mine, "mine.ipynb") == ["a.ipynb"]

    def test_a_notebook_missing_from_the_index_asks_every_notebook(self):
        index = self.index(a=stream(LOAD, FILTER), c=stream(*OTHER))
        assert index.sharing(stream(LOAD, FILTER, RENAME), "new.ipynb") == ["a.ipynb"]

    def test_pairs_cover_every_start_of_a_run(self):
        """A run starts with two pairs of equal cells, one or two apart on each side."""
        own, sibling = stream(LOAD, RENAME, FILTER), stream(LOAD, FILTER)
        assert not set(pair_keys(own)).isdisjoint(pair_keys(sibling))
        assert find_cell_runs(sibling, own) != []


class TestLargeFolders:
    def test_a_batch_run_searches_a_folder_of_any_size(self, tmp_path, monkeypatch):
        monkeypatch.setattr(sibling_notebooks, "MAX_SIBLINGS", 2)
        for i in range(4):
            write_notebook(tmp_path / f"n{i}.ipynb", *OTHER)
        write_notebook(tmp_path / "z.ipynb", LOAD, FILTER, RENAME)
        mine = write_notebook(tmp_path / "a.ipynb", LOAD, FILTER, RENAME)
        assert runs_across(mine, LOAD, FILTER, RENAME) == []  # live: DU002 says the folder was not searched
        with sibling_notebooks.folder_scans_shared():
            found = runs_across(mine, LOAD, FILTER, RENAME)
        assert len(found) == 1 and "in z.ipynb (cells #1–#3)" in found[0]

    def test_a_batch_run_finds_what_asking_the_files_finds(self, tmp_path):
        write_notebook(tmp_path / "x.ipynb", "import pandas as pd", LOAD, FILTER, "df.info()")
        write_notebook(tmp_path / "y.ipynb", *OTHER)
        mine = write_notebook(tmp_path / "m.ipynb", LOAD, FILTER, RENAME, *OTHER)
        cells = (LOAD, FILTER, RENAME, *OTHER)
        live = runs_across(mine, *cells)
        with sibling_notebooks.folder_scans_shared():
            batch = runs_across(mine, *cells)
        assert live == batch and len(live) == 1 and "in x.ipynb (cells #2–#3)" in live[0]

    def test_the_index_is_built_before_the_fork_for_large_folders(self, tmp_path, monkeypatch):
        monkeypatch.setattr(folder_prebuild, "PREBUILT_FROM", 2)
        paths = [write_notebook(tmp_path / f"n{i}.ipynb", LOAD, FILTER, RENAME) for i in range(3)]
        built = []
        original = sibling_streams.built
        monkeypatch.setattr(sibling_streams, "built", lambda *place: built.append(place) or original(*place))
        from jupyterlab_promote.engine.project.config import Config

        with sibling_notebooks.folder_scans_shared():
            folder_prebuild.index_large_folders(paths, lambda path: Config())
            found = runs_across(paths[0], LOAD, FILTER, RENAME)
        assert built == [] and len(found) == 1 and "n1.ipynb" in found[0]


def test_a_siblings_file_is_read_once_for_both_cross_notebook_searches(tmp_path, monkeypatch):
    """Live, the block search and the cell-run search share one reading of each sibling
    (sibling_files.sibling_file): its JSON is parsed once, not once per search; and one listing of the
    folder (sibling_files.listing_once)."""
    from jupyterlab_promote.engine.files.bounded import forget_parsed_files
    from jupyterlab_promote.engine.rules import sibling_files
    from jupyterlab_promote.engine.rules.duplication import duplicated_across_notebooks

    block = "\n".join(f"df['c{i}'] = df['c{i}'].fillna({i}).astype(int) + {i}" for i in range(7))
    cells = (LOAD, FILTER, RENAME, block)
    sibling = write_notebook(tmp_path / "b.ipynb", *cells)
    mine = write_notebook(tmp_path / "a.ipynb", *cells)
    forget_parsed_files()
    parsed: list[int] = []
    original = sibling_files.notebook_cells
    monkeypatch.setattr(sibling_files, "notebook_cells", lambda text: parsed.append(1) or original(text))
    asked: list[str] = []
    original_file = sibling_files.sibling_file
    monkeypatch.setattr(sibling_files, "sibling_file", lambda path, *args: asked.append(path) or original_file(path, *args))
    monkeypatch.setattr(sibling_streams, "sibling_file", sibling_files.sibling_file)
    listings: list[Path] = []
    original_listing = sibling_files.notebook_entries
    monkeypatch.setattr(sibling_files, "notebook_entries", lambda folder: listings.append(folder) or original_listing(folder))
    found = [v.message for v in duplicated_across_notebooks(notebook_from_dict(notebook_json(*cells), mine))]
    assert found == ["Cells #1–#4 also appear, cell by cell, in b.ipynb (cells #1–#4): share them through a module"]
    assert len(asked) == 2 and len(parsed) == 1  # asked by both searches, b.ipynb's JSON parsed once
    assert listings == [tmp_path]
    read = sibling_files.sibling_file(str(sibling), None, 6, None, 1 << 20)
    assert read.stream.keys == stream(*cells).keys and [cell.cell_index for cell in read.cells] == [3]
