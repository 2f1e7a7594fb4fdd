"""Running cell-scoped rules one cell at a time, with each cell's findings kept across analyses.

A rule marked `scope="cell"` finds in a notebook exactly the union, in cell order, of what it finds in
each cell alone (tests/test_cell_scope.py checks this over the corpus). Its findings for a cell then
depend only on that cell and on the few notebook-wide settings in :func:`_context`, so a live
re-analysis after a one-cell edit runs these rules on the edited cell only.

An unchanged cell is the same Cell object from one analysis to the next (model.RecentCells), so
entries are found by the cell's identity; each entry keeps its cell, so an identity match is never
a reused address.
"""

from typing import TYPE_CHECKING

from ..notebook.kept import KeptByCell
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

    def clear(self) -> None:
        """Forget every cell's findings (benchmarks measure a cold analysis this way)."""
        self._entries.clear()

    def check(self, rule: "Rule", nb: Notebook) -> list["Violation"]:
        """What `rule.check(nb)` returns, computed only for the cells not seen before."""
        entries = nb.shared("cell-scope", self._entries_of)
        missing = [entry for entry in entries if rule.code not in entry.found]
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
        return [violation for entry in entries for violation in entry.found[rule.code]]

    def _entries_of(self, nb: Notebook) -> list[_CellEntry]:
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
        return entries


def _context(nb: Notebook) -> tuple:
    """The notebook-wide settings a cell-scoped rule may read: language, file and thresholds."""
    return nb.language, nb.path, repr(sorted(nb.config.thresholds.items()))


CELL_SCOPED_FINDINGS = CellScopedFindings()
