"""Names the performance rules recognise: pandas-like and NumPy modules, and a cheap cell filter."""

import ast

from ...notebook import cell_memo
from ...notebook.model import Cell, Notebook

READERS = frozenset({"pd", "pandas", "gpd", "geopandas", "pl", "polars", "dd"})
NUMPY = frozenset({"np", "numpy"})


def cells_mentioning(nb: Notebook, *words: str) -> tuple[Cell, ...]:
    """Python cells whose text contains one of the words: a cheap filter before any tree walk."""
    return cell_memo.cells_mentioning(nb.python_cells, words)


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)
