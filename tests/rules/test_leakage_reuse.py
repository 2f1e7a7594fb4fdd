"""LK001's row flow reuses the last run of a cell renumbered by an insert above it (a new Cell with the same
id, text and inputs), and its findings still name the cells where they are now."""

from jupyterlab_promote.engine.notebook.model import notebook_from_dict
from jupyterlab_promote.engine.rules import leakage as lk
from jupyterlab_promote.engine.rules.leakage import row_flow

from factories import notebook_json

CELLS = ("sc = StandardScaler()", "X_scaled = sc.fit_transform(X)",
         "X_tr, X_te, y_tr, y_te = train_test_split(X_scaled, y)")


def _inserted(source: str) -> dict:
    return {"cell_type": "code", "id": "new", "source": source, "metadata": {}, "outputs": [], "execution_count": None}


def _run_of(nb, index: int):
    return nb.python_cells[index].summaries.get(row_flow._LAST_RUN)


def test_a_renumbered_cell_reuses_its_run_and_its_finding_names_its_new_place():
    before = notebook_from_dict(notebook_json(*CELLS))
    assert [(v.cell.index, v.line) for v in lk.preprocessing_before_split(before)] == [(1, 1)]
    after = notebook_from_dict(dict(notebook_json(), cells=[_inserted("print('hello')"),
                                                           *notebook_json(*CELLS)["cells"]]))
    assert [cell.id for cell in after.cells] == ["new", "c0", "c1", "c2"]
    found = list(lk.preprocessing_before_split(after))
    assert [(v.cell.index, v.line) for v in found] == [(2, 1)]
    assert found[0].cell is after.cells[2]
    assert "cell #4" in found[0].message
    assert _run_of(after, 2) is _run_of(before, 1)


def test_a_renumbered_cell_handed_other_values_runs_again():
    before = notebook_from_dict(notebook_json(*CELLS))
    list(lk.preprocessing_before_split(before))
    after = notebook_from_dict(dict(notebook_json(), cells=[*notebook_json(*CELLS[:1])["cells"],
                                                           _inserted("sc = MinMaxScaler()"),
                                                           *notebook_json(*CELLS)["cells"][1:]]))
    found = list(lk.preprocessing_before_split(after))
    assert [(v.cell.index, v.line) for v in found] == [(2, 1)]
    assert "MinMaxScaler" in found[0].message and "cell #4" in found[0].message
    assert _run_of(after, 2) is not _run_of(before, 1)


# LK006 keeps each cell's effect the same way.
CHOOSING = ("X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)",
            "models = {'lr': LogisticRegression(), 'rf': RandomForestClassifier(), 'svc': SVC()}",
            "scores = {}\nfor name, m in models.items():\n    m.fit(X_train, y_train)\n"
            "    scores[name] = m.score(X_test, y_test)",
            "best = max(scores, key=scores.get)\nprint(best, scores[best])")


def _effects(nb) -> list:
    return [{value for key, value in cell.summaries.items()
             if isinstance(key, tuple) and getattr(key[0], "__name__", "") == "_effect"} for cell in nb.python_cells]


def _reused(before, after) -> list[int]:
    """The cells of `after` holding an effect computed for `before`."""
    kept = {id(effect) for effects in _effects(before) for effect in effects}
    return [cell.index for cell, effects in zip(after.python_cells, _effects(after))
            if any(id(effect) in kept for effect in effects)]


def test_a_renumbered_cell_reuses_its_test_set_choice_and_its_finding_names_its_new_place():
    before = notebook_from_dict(notebook_json(*CHOOSING))
    first = list(lk.multi_test_leakage(before))
    assert [(v.cell.index, v.line) for v in first] == [(3, 1)] and "cell #3" in first[0].message
    after = notebook_from_dict(dict(notebook_json(), cells=[_inserted("print('hello')"),
                                                           *notebook_json(*CHOOSING)["cells"]]))
    found = list(lk.multi_test_leakage(after))
    assert [(v.cell.index, v.line) for v in found] == [(4, 1)] and found[0].cell is after.cells[4]
    assert "cell #4" in found[0].message and "cell #5" in found[0].message
    assert _reused(before, after) == [1, 3, 4]  # the models cell touches nothing followed: it has no effect


def test_a_renumbered_cell_handed_another_test_set_runs_again():
    before = notebook_from_dict(notebook_json(*CHOOSING))
    list(lk.multi_test_leakage(before))
    after = notebook_from_dict(dict(notebook_json(), cells=[*notebook_json(*CHOOSING)["cells"][:1],
                                                           _inserted("X_test = X_holdout"),
                                                           *notebook_json(*CHOOSING)["cells"][1:]]))
    found = list(lk.multi_test_leakage(after))
    assert [(v.cell.index, v.line) for v in found] == [(4, 1)] and "cell #4" in found[0].message
    assert _reused(before, after) == [0]
