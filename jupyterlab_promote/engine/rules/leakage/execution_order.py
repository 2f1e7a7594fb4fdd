"""The order the notebook's cells ran in, as far as their execution counts tell it."""

from collections import Counter

from ...notebook.cell_memo import per_text
from ...notebook.dataflow import reads_and_binds
from ...notebook.model import Cell


def execution_order(cells: list[Cell]) -> list[Cell]:
    """The cells in the order they ran: executed cells by their execution count, each cell that has none
    (never ran, or is being typed) right after the executed cell above it, in notebook order. A notebook
    that defines a helper in a lower cell it ran first fits in that helper before the split that follows.
    Counts that repeat (a kernel restarted between runs) say no order: the notebook's order stands."""
    counts = [cell.execution_count for cell in cells if isinstance(cell.execution_count, int) and cell.execution_count > 0]
    if len(set(counts)) != len(counts):
        return cells
    last = 0
    keyed = []
    for position, cell in enumerate(cells):
        count = cell.execution_count
        if isinstance(count, int) and count > 0:
            last = count
            keyed.append(((count, 0, position), cell))
        else:
            keyed.append(((last, 1, position), cell))
    keyed.sort(key=lambda item: item[0])
    ordered = [cell for _, cell in keyed]
    if any(a is not b for a, b in zip(ordered, cells)) and _reads_what_runs_later(ordered):
        # The counts only show each cell's last run: a cell that read a name which only a cell counted
        # after it binds ran after an earlier run of that cell, which the counts no longer show.
        return cells
    return ordered


def _reads_what_runs_later(ordered: list[Cell]) -> bool:
    """Whether an executed cell reads a name that only executed cells counted after it bind."""
    executed = [cell for cell in ordered if isinstance(cell.execution_count, int) and cell.execution_count > 0]
    still_bound: Counter[str] = Counter()
    for cell in executed:
        still_bound.update(_first_reads_and_binds(cell)[1])
    bound: set[str] = set()
    for cell in executed:
        reads, binds = _first_reads_and_binds(cell)
        if any(name not in bound and still_bound[name] > 0 for name in reads):
            return True
        bound.update(binds)
        still_bound.subtract(binds)
    return False


@per_text
def _first_reads_and_binds(cell: Cell) -> tuple[frozenset[str], frozenset[str]]:
    """The names the cell reads before binding them itself, and the names it binds."""
    reads: set[str] = set()
    binds: set[str] = set()
    for step_reads, step_binds in reads_and_binds(cell):
        reads.update(step_reads - binds)
        binds.update(step_binds)
    return frozenset(reads), frozenset(binds)
