"""The names a notebook imports under another name: `from sklearn.model_selection import train_test_split as tts`.

The leakage rules know a call by its name (vocabulary.call_name), and `tts(X, y)` names no split. The row flow
reads such a call through the value the import bound (calls.py); the rules that read the syntax alone (the
split gate, LK004, LK001's fix) ask this table instead, made once per analysis from the cells that import under
another name. It holds every `from M import f as g` of the notebook, at the top of a cell or inside a function,
mapped `g -> f`: a name bound that way stands for `f`, whatever `f` is (`from mylib import helper as
train_test_split` is a `helper`, not a split), as the unaliased `f` would.
"""

import ast

from ...notebook.cell_memo import cells_where, per_text
from ...notebook.merge_memo import merged
from ...notebook.model import Cell, Notebook
from .local_modules import statement_imports


def import_aliases(nb: Notebook) -> dict[str, str]:
    """`{g: f}` for each `from M import f as g` of the notebook (g differing from f); read only."""
    return nb.shared("import_aliases", _notebook_aliases)


def aliases_of(aliases: dict[str, str], names: frozenset[str]) -> tuple[str, ...]:
    """The names bound to one of `names` under another name, in a stable order (they make text filters)."""
    return tuple(sorted(alias for alias, name in aliases.items() if name in names))


def _notebook_aliases(nb: Notebook) -> dict[str, str]:
    return merged(_merge, cells_where(cell_aliases, nb.python_cells))


def _merge(cells) -> dict[str, str]:
    found: dict[str, str] = {}
    for cell in cells:
        found.update(cell_aliases(cell))
    return found


@per_text
def cell_aliases(cell: Cell) -> tuple[tuple[str, str], ...]:
    """The cell's `(g, f)` for each `from M import f as g` in it, in source order (none without " as ", the
    statements not walked)."""
    text = cell.parsed.python
    if " as " not in text or "import" not in text or cell.parsed.tree is None:
        return ()
    return tuple((alias.asname, alias.name) for node in statement_imports(cell.parsed.tree.body)
                 if isinstance(node, ast.ImportFrom) for alias in node.names
                 if alias.asname and alias.asname != alias.name)
