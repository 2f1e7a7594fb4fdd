"""The fixes of unseeded randomness (HS007): a seed cell after the imports, or a seed argument in the call."""

from ..fixes.edits import insert_cell, text_edit
from ..notebook.model import Notebook
from .base import Fix, char_column
from .seeding import RandomUse, import_origins

SEED_LINES = {
    "random": ("import random", "random.seed(0)"),
    "numpy": ("import numpy as np", "np.random.seed(0)"),
    "torch": ("import torch", "torch.manual_seed(0)"),
}


def seed_cell_source(libraries: set[str]) -> str:
    """The seed cell for the libraries a notebook draws from (sklearn follows numpy's global seed)."""
    wanted = {"numpy" if library == "sklearn" else library for library in libraries} & set(SEED_LINES)
    ordered = [library for library in ("random", "numpy", "torch") if library in wanted]
    imports = [SEED_LINES[library][0] for library in ordered]
    calls = [SEED_LINES[library][1] for library in ordered]
    return "\n".join(["# Fix the random seeds so every run gives the same results", *imports, *calls])


def seed_cell_fix(nb: Notebook, libraries: set[str], first_use: int) -> Fix | None:
    """Insert a seed cell after the last cell above the first use that imports one of the libraries."""
    if not libraries:
        return None
    _, first_import = import_origins(nb)
    imports = [first_import[lib] for lib in libraries if first_import.get(lib, first_use) < first_use]
    anchor = nb.cells[max(imports)] if imports else (nb.cells[first_use - 1] if first_use > 0 else None)
    if anchor is not None and anchor.id is None:
        return None
    return Fix("seed-cell", "Insert a seed cell after the imports", "unsafe",
               (insert_cell(anchor, seed_cell_source(libraries)),))


def argument_fix(use: RandomUse, argument: str, title: str) -> tuple[Fix, ...]:
    """Add an argument at the end of a one-line call: `KMeans(3)` -> `KMeans(3, random_state=0)`."""
    node, cell = use.node, use.cell
    if node.lineno != node.end_lineno or use.cell.id is None:
        return ()
    last = max([*node.args, *(k.value for k in node.keywords)], key=lambda n: (n.end_lineno, n.end_col_offset),
               default=None)
    line = cell.source.split("\n")[node.lineno - 1] if node.lineno <= cell.source.count("\n") + 1 else ""
    end = char_column(cell, node.lineno, node.end_col_offset)
    if end is None or not line[:end].endswith(")"):
        return ()
    if last is None:
        column, text = end - 1, argument
    else:
        column, text = char_column(cell, node.lineno, last.end_col_offset), f", {argument}"
    return (Fix("seed-argument", title, "unsafe", (text_edit(cell, node.lineno, column, node.lineno, column, text),)),)
