"""Which Python cells read each name when they run: the notebook's read names inverted, kept while the
cells stay the same objects and updated for the edited cells (merge_memo.py).

use-before-definition asks which cells read a name that only a cell below them defines. Asked of each of
300 cells on every analysis, that is 300 kept summaries and 300 maxima; asked of the names that are both
read and defined, it is one set intersection and a comparison per name.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from ..notebook.merge_memo import merged, update_positions
from ..notebook.model import Cell, Notebook
from .namespace import first_read_names


@dataclass(frozen=True)
class Readers:
    by_cell: tuple[frozenset[str], ...]
    positions: dict[str, tuple[int, ...]]
    """Each name with the positions (in nb.python_cells, ascending) of the cells that read it at run time."""


def readers(nb: Notebook) -> Readers:
    return merged(_merge_readers, nb.python_cells, update=_update_readers)


def _merge_readers(cells: Sequence[Cell]) -> Readers:
    by_cell = tuple(frozenset(first_read_names(cell)) for cell in cells)
    positions: dict[str, list[int]] = {}
    for position, names in enumerate(by_cell):
        for name in names:
            positions.setdefault(name, []).append(position)
    return Readers(by_cell, {name: tuple(found) for name, found in positions.items()})


def _update_readers(last: Readers, cells: Sequence[Cell], changed: list[int]) -> Readers:
    by_cell = list(last.by_cell)
    positions = dict(last.positions)
    for position in changed:
        before, now = by_cell[position], frozenset(first_read_names(cells[position]))
        by_cell[position] = now
        update_positions(positions, position, before, now)
    return Readers(tuple(by_cell), positions)
