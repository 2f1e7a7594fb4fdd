"""LK006 reads a split imported under another name (`from sklearn.model_selection import train_test_split as tts`)
as the split: its odd outputs are test rows whatever they are named, at the top level and inside a function. An
alias of another function stays that function, and the runs kept per cell follow the alias table."""

import ast

from jupyterlab_promote.engine.rules.leakage.multi_test import _aliases_read, _start, multi_test_leakage
from jupyterlab_promote.engine.rules.leakage.multi_test_flow import run_cell
from jupyterlab_promote.engine.rules.leakage.multi_test_values import makes_test_rows

from factories import live_equals_cold, notebook, notebook_json, violations

TTS = "from sklearn.model_selection import train_test_split as tts"
# Names that do not say which side is the test set: only the split says it.
NEUTRAL_SPLIT = "a_tr, a_te, b_tr, b_te = tts(X, y, random_state=0)"
CHOOSE = ("models = {'lr': LogisticRegression(), 'rf': RandomForestClassifier()}\nbest, best_score = None, 0\n"
          "for name, m in models.items():\n    m.fit(a_tr, b_tr)\n    s = m.score(a_te, b_te)\n"
          "    if s > best_score:\n        best, best_score = name, s")
REPORT = "print(best, best_score)"


def found(*cells: str) -> list[tuple[int, int]]:
    return [(v.cell.index, v.line) for v in violations(multi_test_leakage, *cells)]


class TestAnAliasedSplit:
    def test_neutral_names_after_an_aliased_split(self):
        assert found(TTS, NEUTRAL_SPLIT, CHOOSE, REPORT) == [(2, 6)]

    def test_the_same_as_the_plain_name(self):
        plain = ("from sklearn.model_selection import train_test_split",
                 NEUTRAL_SPLIT.replace("tts(", "train_test_split("), CHOOSE, REPORT)
        assert found(*plain) == found(TTS, NEUTRAL_SPLIT, CHOOSE, REPORT)

    def test_the_alias_imported_after_the_cell_that_uses_it(self):
        # The table is the notebook's, as for the other leakage rules (aliases.py).
        assert found(NEUTRAL_SPLIT, CHOOSE, REPORT, TTS) == [(1, 6)]

    def test_an_aliased_split_inside_a_helper_function(self):
        helper = "def holdout(a, b):\n    p, q, r, s = tts(a, b, test_size=0.2, random_state=0)\n    return p, q, r, s"
        assert found(TTS, helper, NEUTRAL_SPLIT.replace("tts(", "holdout("), CHOOSE, REPORT) == [(3, 6)]

    def test_an_alias_imported_inside_the_helper_function(self):
        helper = f"def holdout(a, b):\n    {TTS}\n    p, q, r, s = tts(a, b, random_state=0)\n    return p, q, r, s"
        assert found(helper, NEUTRAL_SPLIT.replace("tts(", "holdout("), CHOOSE, REPORT) == [(2, 6)]


    def test_a_metric_imported_under_another_name(self):
        metric = CHOOSE.replace("m.score(a_te, b_te)", "acc(b_te, m.predict(a_te))")
        assert found(TTS, "from sklearn.metrics import accuracy_score as acc", NEUTRAL_SPLIT, metric, REPORT) \
            == [(3, 6)]


class TestNotAChoiceOnTheTestSet:
    def test_one_model_evaluated_once(self):
        one = "m = LogisticRegression().fit(a_tr, b_tr)\ns = m.score(a_te, b_te)"
        assert found(TTS, NEUTRAL_SPLIT, one, "print(s)") == []

    def test_an_alias_of_another_function_named_like_a_split(self):
        assert found("from mylib import partition as tts", NEUTRAL_SPLIT, CHOOSE, REPORT) == []

    def test_another_function_imported_under_the_split_name(self):
        cells = ("from mylib import helper as train_test_split",
                 NEUTRAL_SPLIT.replace("tts(", "train_test_split("), CHOOSE, REPORT)
        assert found(*cells) == []

    def test_a_notebook_function_named_like_the_alias_is_that_function(self):
        own = "def tts(a, b, random_state=0):\n    return a, a, b, b"
        assert found(TTS, own, NEUTRAL_SPLIT, CHOOSE, REPORT) == []


class TestKeptRuns:
    def test_a_walk_after_the_alias_table_changed_reads_the_new_table(self):
        # The same cell texts and ids, walked first without then with the alias: each finds what its table says.
        without = notebook("from mylib import partition as tts", NEUTRAL_SPLIT, CHOOSE, REPORT)
        with_split = notebook(TTS, NEUTRAL_SPLIT, CHOOSE, REPORT)
        for nb in (without, with_split, without):
            nb_found = list(multi_test_leakage(nb))
            assert bool(nb_found) == (nb is with_split)

    def test_live_edits_of_the_import_cell_alone_equal_cold_runs(self):
        # Only the import changes: the cells below keep their text, their ids and the values they are handed.
        data = notebook_json(TTS, NEUTRAL_SPLIT, CHOOSE, REPORT)
        sources = (TTS, "from mylib import partition as tts", TTS)
        assert live_equals_cold(data, 0, sources, "LK006") == [1, 0, 1]

    def test_start_state_follows_the_table(self):
        assert _start({}) is _start({})
        assert _start({"tts": "train_test_split"}) is _start({"tts": "train_test_split"})
        assert _start({"tts": "train_test_split"}) is not _start({"tts": "partition"})
        assert _start({"tts": "train_test_split"}) is not _start({})

    def test_only_the_aliases_mentioned_are_read(self):
        table = {"tts": "train_test_split", "acc": "accuracy_score", "plt": "pyplot"}
        assert _aliases_read(table, frozenset({"tts", "acc", "X"})) == (("acc", "accuracy_score"),
                                                                        ("tts", "train_test_split"))
        assert _aliases_read(table, frozenset({"X"})) == ()

    def test_run_cell_reads_a_call_by_its_alias(self):
        tree = ast.parse(NEUTRAL_SPLIT)
        names = frozenset({"a_tr", "a_te", "b_tr", "b_te"})
        plain = dict(run_cell(None, tree, frozenset(), names, (), ()).env)
        aliased = dict(run_cell(None, tree, frozenset(), names, (), (), (("tts", "train_test_split"),)).env)
        assert plain["a_te"] is None and aliased["a_te"].test == "a_te" and aliased["a_tr"].train_part

    def test_makes_test_rows_through_an_alias(self):
        function = ast.parse("def f(a):\n    return tts(a)").body[0]
        assert not makes_test_rows(function, {})
        assert makes_test_rows(function, {"tts": "train_test_split"})
        assert not makes_test_rows(function, {"tts": "partition"})
