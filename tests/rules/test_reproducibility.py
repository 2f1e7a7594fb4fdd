"""hidden_state from evidence: the verify stamp (HS008-HS010) and the live kernel (HS011, HS012)."""

from jupyterlab_promote.engine.fixes.edits import apply_edits
from jupyterlab_promote.engine.notebook.kernel_state import KernelFacts, attach_facts, parse_names_reply
from jupyterlab_promote.engine.notebook.stamp import STAMP_KEY, source_hash, verification_state
from jupyterlab_promote.engine.report.analysis import analyze
from jupyterlab_promote.engine.rules import kernel_history as kh
from jupyterlab_promote.engine.rules import reproducibility as rp

from factories import cell, notebook, notebook_json

CELLS = ("import pandas as pd", "df = pd.DataFrame({'a': [1]})", "df.describe()")


def stamped(*cells: str, failures=(), passed=None, hashed=CELLS):
    stamp = {"verified_at": "2024-05-01T12:00:00+00:00", "score": 80, "passed": not failures if passed is None else passed,
             "source_hash": source_hash(hashed), "python": "3.11.9", "packages": {}, "failures": list(failures)}
    return notebook(*cells, metadata={STAMP_KEY: stamp})


class TestFailedCleanRun:
    def test_reports_the_failing_cell_of_a_fresh_stamp(self):
        nb = stamped(*CELLS, failures=[{"cell_id": "c2", "status": "error", "reason": "NameError: name 'x'"}])
        found = list(rp.failed_clean_run(nb))
        assert [v.cell.id for v in found] == ["c2"]
        assert "NameError" in found[0].message

    def test_a_passed_or_stale_stamp_reports_no_failure(self):
        assert list(rp.failed_clean_run(stamped(*CELLS))) == []
        stale = stamped("x = 1", failures=[{"cell_id": "c0", "status": "error", "reason": "boom"}])
        assert list(rp.failed_clean_run(stale)) == []

    def test_no_stamp_no_finding(self):
        assert list(rp.failed_clean_run(notebook(*CELLS))) == []


class TestDiffersOnCleanRun:
    def test_reports_differing_cells_only(self):
        nb = stamped(*CELLS, failures=[{"cell_id": "c2", "status": "differs", "reason": "output differs: now '3'"},
                                       {"cell_id": "c1", "status": "error", "reason": "boom"}])
        assert [v.cell.id for v in rp.differs_on_clean_run(nb)] == ["c2"]

    def test_malformed_failures_are_ignored(self):
        nb = stamped(*CELLS, passed=False, failures=["nonsense", {"status": "weird"}])
        assert list(rp.differs_on_clean_run(nb)) == [] and list(rp.failed_clean_run(nb)) == []


class TestStaleVerification:
    def test_flags_a_stamp_whose_code_changed(self):
        found = list(rp.stale_verification(stamped("import pandas as pd", "df = 2")))
        assert len(found) == 1 and found[0].cell is None
        assert "stale" in found[0].message and "2024-05-01" in found[0].message

    def test_markdown_edits_keep_the_stamp_fresh(self):
        nb = stamped(CELLS[0], cell("# a new heading", cell_type="markdown"), *CELLS[1:])
        assert list(rp.stale_verification(nb)) == []
        assert verification_state(nb.metadata, [c.source for c in nb.code_cells]) == "verified"


def test_the_score_counts_a_failed_clean_run_in_hidden_state():
    failing = stamped(*CELLS, failures=[{"cell_id": "c2", "status": "error", "reason": "boom"}])
    entry = analyze(failing, "nb.ipynb")
    clean = analyze(stamped(*CELLS), "nb.ipynb")
    assert any(f["code"] == "HS008" and f["category"] == "hidden_state" for f in entry["findings"])
    assert entry["score"] < clean["score"]


# -- the live kernel ------------------------------------------------------------------------------------

def with_kernel(*cells, names=(), history=()):
    nb = notebook(*cells)
    attach_facts(nb, KernelFacts(frozenset(names), tuple(history)))
    return nb


class TestNameFromDeletedCell:
    def test_reports_a_used_name_whose_defining_code_is_gone_with_a_restoring_fix(self):
        nb = with_kernel("import numpy as np", "print(model.predict(np.ones(3)))",
                         names=("np", "model"), history=[(1, "import numpy as np"), (2, "model = train()"),
                                                         (3, "print(model.predict(np.ones(3)))")])
        found = list(kh.name_from_deleted_cell(nb))
        assert len(found) == 1
        assert found[0].cell.id == "c1" and (found[0].line, found[0].column) == (1, 6)
        assert "'model'" in found[0].message and "[2]" in found[0].message
        (fix,) = found[0].fixes
        restored, _ = apply_edits(notebook_json("import numpy as np", "print(model.predict(np.ones(3)))"), list(fix.edits))
        assert [c["source"] for c in restored["cells"]][:3] == ["import numpy as np", "model = train()",
                                                                "print(model.predict(np.ones(3)))"]

    def test_names_a_current_cell_defines_or_nobody_uses_are_fine(self):
        history = [(1, "x = 1"), (2, "unused = 5"), (3, "x = 2")]
        assert list(kh.name_from_deleted_cell(with_kernel("x = 2", "print(x)", names=("x", "unused"), history=history))) == []

    def test_a_name_no_longer_in_the_kernel_is_not_reported(self):
        assert list(kh.name_from_deleted_cell(with_kernel("print(y)", names=(), history=[(1, "y = 1")]))) == []

    def test_without_kernel_facts_nothing_is_reported(self):
        assert list(kh.name_from_deleted_cell(notebook("print(y)"))) == []


class TestEditedSinceRun:
    def test_reports_a_cell_whose_source_is_not_what_ran(self):
        nb = with_kernel(cell("threshold = 0.7", execution_count=1), cell("print(threshold)", execution_count=2),
                         names=("threshold",), history=[(1, "threshold = 0.5"), (2, "print(threshold)")])
        found = list(kh.edited_since_run(nb))
        assert [v.cell.id for v in found] == ["c0"]
        assert "[1]" in found[0].message and "threshold = 0.5" in found[0].message

    def test_counts_from_another_session_are_not_evidence(self):
        # The kernel ran the second cell as [1]: the first cell's [1] is from an earlier session.
        nb = with_kernel(cell("a = 1", execution_count=1), cell("b = 2", execution_count=5),
                         history=[(1, "b = 2")])
        assert list(kh.edited_since_run(nb)) == []

    def test_unchanged_and_unexecuted_cells_are_fine(self):
        nb = with_kernel(cell("a = 1  ", execution_count=1), cell("b = 2"), history=[(1, "a = 1")])
        assert list(kh.edited_since_run(nb)) == []


def test_parse_names_reply_reads_the_repr_and_refuses_anything_else():
    assert parse_names_reply("['a', 'df']") == frozenset({"a", "df"})
    for bad in ("{'a': 1}", "[1, 2]"):
        try:
            parse_names_reply(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad} was accepted")
