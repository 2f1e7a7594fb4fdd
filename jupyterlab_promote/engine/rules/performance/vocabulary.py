"""Names the performance rules recognise: pandas-like and NumPy modules, and a cheap cell filter."""

import ast
from collections.abc import Iterator

from ...cell_memo import mentions_any
from ...model import Cell, Notebook

READERS = frozenset({"pd", "pandas", "gpd", "geopandas", "pl", "polars", "dd"})
NUMPY = frozenset({"np", "numpy"})


def cells_mentioning(nb: Notebook, *words: str) -> Iterator[Cell]:
    """Python cells whose text contains one of the words: a cheap filter before any tree walk."""
    for cell in nb.python_cells:
        if mentions_any(cell, words):
            yield cell


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)
