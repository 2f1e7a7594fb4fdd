"""cell_streams: runs of small cells pasted again cell by cell, and the stream kept over edits."""

import random

from jupyterlab_promote.engine.notebook import cell_streams as cs
from jupyterlab_promote.engine.notebook.model import notebook_from_dict

from factories import notebook_json

LOAD = "housing = pd.read_csv('houses.csv')\nhousing.head()"
INFO = "housing.info()"
COUNTS = "housing.ocean_proximity.value_counts()"
HIST = "housing.hist(bins=50, figsize=(10, 8))\nplt.show()"


def _python(*sources):
    return notebook_from_dict(notebook_json(*sources)).python_cells


def _runs(*sources):
    return cs.notebook_stream(_python(*sources)).runs


def test_steps_pasted_again_with_one_cell_left_out_are_one_run():
    runs = _runs(LOAD, INFO, COUNTS, HIST, "model.fit(X, y)", LOAD, INFO, HIST)
    assert [(run.first, run.second, run.statements) for run in runs] == [((0, 1, 3), (5, 6, 7), 5)]


def test_one_line_per_cell_repeated_in_two_cells_is_no_run():
    assert _runs("df.head()", "df.shape", "x = 1", "df.head()", "df.shape") == []


def test_copies_interleaved_with_other_cells_more_than_once_are_no_run():
    steps = ["df = df.rename(columns={'A': 'a'})", "df.columns = ['a', 'b', 'c']", "df = df.drop(columns=['b'])",
             "del df['c']"]
    interleaved = [part for step in steps for part in (step, "df.head()")]
    assert _runs(*steps, "y = 2", *interleaved) == []


def test_bare_names_shown_between_steps_are_left_out_of_the_stream():
    stream = cs.notebook_stream(_python(LOAD, "housing", INFO)).stream
    assert stream.places == (0, 2)
    assert _runs("counts = df.groupby('a')['b'].sum()\ncounts.columns = ['a', 'n']", "counts",
                 "y = 1", "totals = df.groupby('c')['d'].sum()\ntotals.columns = ['c', 'n']", "totals") == []


def test_runs_across_two_streams_need_two_shared_keys():
    first = cs.notebook_stream(_python(LOAD, INFO, HIST)).stream
    second = cs.notebook_stream(_python("z = 3", LOAD, INFO, HIST)).stream
    assert [(run.first, run.second) for run in cs.find_cell_runs(first, second)] == [((0, 1, 2), (1, 2, 3))]
    alone = cs.notebook_stream(_python(LOAD, "w = 4")).stream
    assert cs.find_cell_runs(first, alone) == []


def test_an_edit_of_a_cell_in_no_run_keeps_the_runs():
    cells = _python(LOAD, INFO, HIST, "a = 1", LOAD, INFO, HIST)
    kept = cs.notebook_stream(cells)
    edited = [*cells[:3], _python("a = 2")[0], *cells[4:]]
    after = cs.notebook_stream(edited)
    assert after.runs is kept.runs and after.follows == kept.serial
    broken = [*cells[:5], _python("housing.describe()")[0], cells[6]]
    assert cs.notebook_stream(broken).runs == []


def test_series_of_edits_find_what_a_fresh_search_finds():
    rng = random.Random(7)
    pool = [LOAD, INFO, COUNTS, HIST, "housing", "a = 1", "# a comment", "import numpy as np"]
    sources = [rng.choice(pool) for _ in range(24)]
    cells = list(_python(*sources))
    for _ in range(60):
        position = rng.randrange(len(cells))
        cells[position] = _python(rng.choice(pool))[0]
        live = cs.notebook_stream(cells)
        fresh = cs.find_cell_runs(cs.stream_of([cs.shaped_text(c.parsed.python) for c in cells
                                                if cs.shaped_text(c.parsed.python)],
                                               [p for p, c in enumerate(cells) if cs.shaped_text(c.parsed.python)]))
        assert live.runs == fresh
