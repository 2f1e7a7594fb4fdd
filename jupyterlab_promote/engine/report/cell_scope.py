"""Running cell-scoped rules one cell at a time, with each cell's findings kept across analyses.

A rule marked `scope="cell"` finds in a notebook exactly the union, in cell order, of what it finds in
each cell alone (tests/test_cell_scope.py checks this over the corpus). Its findings for a cell then
depend only on that cell and on the few notebook-wide settings in :func:`_context`, so a live
re-analysis after a one-cell edit runs these rules on the edited cell only.

An unchanged cell is the same Cell object from one analysis to the next (model.RecentCells), so
entries are found by the cell's identity; each entry keeps its cell, so an identity match is never
a reused address.
"""

from itertools import compress
from operator import is_not
from typing import TYPE_CHECKING

from ..notebook.kept import KEPT_SOURCE_CHARS, KeptByCell
from ..notebook.model import Cell, Notebook

if TYPE_CHECKING:
    from ..rules.base import Rule, Violation

MAX_CELLS = 8192


class _CellEntry:
    """One cell's findings, by rule code, and the settings of the notebook it was first seen in."""

    __slots__ = ("cell", "settings", "found")

    def __init__(self, cell: Cell, nb: Notebook) -> None:
        self.cell = cell
        # Not the notebook itself: an entry must not keep every other cell of it alive.
        self.settings = (nb.metadata, nb.path, nb.config)
        self.found: dict[str, tuple["Violation", ...]] = {}

    def view(self) -> Notebook:
        """The cell alone, in a notebook with the same language, file and configuration."""
        return Notebook([self.cell], *self.settings)


class CellScopedFindings:
    """Findings of cell-scoped rules per cell, least recently used cells dropped beyond `max_cells`."""

    def __init__(self, max_cells: int = MAX_CELLS) -> None:
        self._entries: KeptByCell[_CellEntry] = KeptByCell(max_cells, chars=lambda entry: len(entry.cell.source))
        # The last analysis' entries and each rule's answer for them: after a one-cell edit only the
        # changed entries are looked at, not every cell's findings twice per rule. It holds the cells of
        # the last notebook analysed (when they fit in KEPT_SOURCE_CHARS), and no earlier one.
        self._last: tuple[list[_CellEntry], dict[str, list["Violation"]]] = ([], {})

    def clear(self) -> None:
        """Forget every cell's findings (benchmarks measure a cold analysis this way)."""
        self._entries.clear()
        self._last = ([], {})

    def check(self, rule: "Rule", nb: Notebook) -> list["Violation"]:
        """What `rule.check(nb)` returns, computed only for the cells not seen before."""
        edit = nb.shared("cell-scope", self._entries_of)
        entries, code = edit.entries, rule.code
        earlier = edit.earlier_answers.get(code)
        if earlier is not None:
            # Unchanged entries have this rule's findings already; when the changed ones have none, before
            # or after, the earlier answer holds.
            self._find([entry for entry in edit.changed if code not in entry.found], rule, nb)
            if not any(entry.found[code] for entry in edit.changed) and not any(
                    entry.found.get(code) for entry in edit.replaced):
                edit.answers[code] = earlier
                return list(earlier)
        else:
            self._find([entry for entry in entries if code not in entry.found], rule, nb)
        answer = edit.answers[code] = [violation for entry in entries for violation in entry.found[code]]
        return list(answer)

    def _find(self, missing: list[_CellEntry], rule: "Rule", nb: Notebook) -> None:
        """Run the rule for the entries that lack its findings."""
        if len(missing) > 1:
            # A notebook seen for the first time: one run over it costs less than one per cell, and
            # gives the same findings, split by cell.
            by_cell: dict[int, list[Violation]] = {}
            for violation in rule.check(nb):
                by_cell.setdefault(id(violation.cell), []).append(violation)
            for entry in missing:
                entry.found[rule.code] = tuple(by_cell.get(id(entry.cell), ()))
        elif missing:
            missing[0].found[rule.code] = tuple(rule.check(missing[0].view()))

    def _entries_of(self, nb: Notebook) -> "_Edit":
        context = _context(nb)
        entries = []
        for cell in nb.cells:
            key = (context, id(cell))
            entry = self._entries.get(key)
            if entry is None or entry.cell is not cell:
                entry = _CellEntry(cell, nb)
                # One entry per cell id and context: see kept.KeptByCell.
                self._entries.put(key, None if cell.id is None else (context, cell.id), entry)
            entries.append(entry)
        earlier_entries, earlier_answers = self._last
        edit = _Edit(entries)
        if len(earlier_entries) == len(entries):
            changed = list(compress(range(len(entries)), map(is_not, earlier_entries, entries)))
            if len(changed) <= EDITED_CELLS:
                edit.changed = [entries[i] for i in changed]
                edit.replaced = [earlier_entries[i] for i in changed]
                edit.earlier_answers = earlier_answers
        # Not a notebook whose cells are over the budget of kept source: its parses would stay alive.
        kept = sum(len(entry.cell.source) for entry in entries) <= KEPT_SOURCE_CHARS
        self._last = (entries, edit.answers) if kept else ([], {})
        return edit


# A re-analysis where more cells than this changed reads every cell's findings (a paste, another notebook).
EDITED_CELLS = 8


class _Edit:
    """The entries of one analysis, and what changed since the one before (kept with the notebook only)."""

    __slots__ = ("entries", "changed", "replaced", "earlier_answers", "answers")

    def __init__(self, entries: list[_CellEntry]) -> None:
        self.entries = entries
        self.changed: list[_CellEntry] = []
        self.replaced: list[_CellEntry] = []
        self.earlier_answers: dict[str, list["Violation"]] = {}
        self.answers: dict[str, list["Violation"]] = {}


def _context(nb: Notebook) -> tuple:
    """The notebook-wide settings a cell-scoped rule may read: language, file and thresholds."""
    return nb.language, nb.path, repr(sorted(nb.config.thresholds.items()))


CELL_SCOPED_FINDINGS = CellScopedFindings()
