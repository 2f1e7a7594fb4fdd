from jupyterlab_promote.engine.notebook.keyed_shapes import keyed_line_shapes
from jupyterlab_promote.engine.notebook.near_copies import aligned_spans, near_copies

from factories import notebook

EVALUATE = """pred = model.predict(X_valid)
proba = model.predict_proba(X_valid)[:, 1]
acc = accuracy_score(y_valid, pred)
auc = roc_auc_score(y_valid, proba)
report = classification_report(y_valid, pred)
print(f"accuracy {acc:.3f} auc {auc:.3f}")
print(report)"""


class TestLineShapes:
    def test_dict_keys_and_keyword_names_stay_other_names_and_values_go(self):
        shapes = keyed_line_shapes('config = {\n    "lr": 0.1,\n    \'epochs\': 10}\nfit(X, y,\n    epochs=3)\na = b == c')
        assert shapes == ["x={", "'lr':0,", "'epochs':0}", "x(x,x,", "epochs=0)", "x=x==x"]

    def test_lines_inside_strings_carry_no_shape(self):
        assert keyed_line_shapes('doc = """one\ntwo"""\nx = 1') == ["x=$", "", "x=0"]

    def test_every_key_of_a_long_call_stays_and_keys_in_strings_or_comments_go(self):
        call = "fit(" + ", ".join(f"arg{i}={i}" for i in range(45)) + ")"
        assert keyed_line_shapes(call + "\nf('b=1')  # c(d=2)") == [
            "x(" + ",".join(f"arg{i}=0" for i in range(45)) + ")", "x($)"]

    def test_a_text_holding_the_mark_character_keeps_its_keys_too(self):
        assert keyed_line_shapes("s = '\x02'\nfit(X, epochs=3)") == ["x=$", "x(x,epochs=0)"]


class TestAlignedSpans:
    def test_a_run_broken_by_one_changed_line_is_one_span(self):
        a = (1, 2, 3, 4, 5, 6, 7, 8)
        b = (1, 2, 3, 99, 5, 6, 7, 8)
        assert aligned_spans(a, b, 6) == (((0, 8), (0, 8), 7, ((0, 3), (4, 4))),)

    def test_spans_far_apart_or_too_short_are_not(self):
        assert aligned_spans((1, 2, 3, 10, 11, 12, 13, 4, 5, 6), (1, 2, 3, 4, 5, 6), 6) == ()
        assert aligned_spans((1, 2, 3, 9), (1, 2, 3, 8), 6) == ()


class TestNearCopies:
    def test_a_copy_with_a_line_removed(self):
        shorter = EVALUATE.replace("report = classification_report(y_valid, pred)\n", "")
        found = near_copies(notebook(EVALUATE, "x = 1", shorter.replace("valid", "test")), 6)
        assert len(found) == 1
        copy = found[0]
        assert (copy.first.cell_index, copy.first.start_line, copy.first.end_line) == (0, 1, 7)
        assert (copy.second.cell_index, copy.second.start_line, copy.second.end_line) == (2, 1, 6)
        assert 0.75 <= copy.similarity < 1 and not copy.figure

    def test_exact_copies_are_not_near_copies(self):
        assert near_copies(notebook(EVALUATE, EVALUATE.replace("valid", "test")), 6) == []

    def test_cells_too_short_are_left_out(self):
        assert near_copies(notebook("a = f(1)\nb = g(a)", "a = f(2)\nb = g(a)\nc = 3"), 6) == []
