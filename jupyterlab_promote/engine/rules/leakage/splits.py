"""Whether a notebook can divide its rows at all: without that, nothing it learns is found leaking by a later split
(LK001, LK007) and no row is on a test side (LK002, LK005, which then follow the rows only for data named as test
data), and these rules need not follow its rows.

A leak is shown by a split of rows something learnt from, by something applied to one side of a split of the rows
it learnt from, or by the two slices `X[:n]` and `X[n:]` of the same rows (judge.py). The row flow only makes such
sides where the interpreter reads a call by one of a few names (interpret.py, calls.py, named_calls.py): a split
function, cross-validation, a splitter's `split`, a search's `fit`, `sample` (and the `drop` of what it drew), a fit
that holds out validation rows (`validation_split`, `early_stopping=True`), `head`/`tail` with a count, or a slice with
one bound. Each of them is spelled out in the notebook's text, in its own functions as much as at the top level; a
local module's functions are not, so a notebook that may import one can always split, and neither is the call of a
split imported under another name (`tts(X, y)`), so a notebook that imports one so can too.
"""

import ast
import re

from ...notebook.cell_memo import per_text
from ...notebook.model import Cell, Notebook
from .aliases import aliases_of, import_aliases
from .local_modules import imported_modules, may_be_local, project_listings
from .vocabulary import CROSS_VALIDATION_FUNCTIONS, SEARCH_CLASSES, SPLIT_FUNCTIONS, SPLITTER_CLASSES, call_name

# The calls the row flow makes a training and a test side at (by their names, call_name), and the keywords of a fit
# that holds out validation rows.
SPLIT_CALLS = SPLIT_FUNCTIONS | CROSS_VALIDATION_FUNCTIONS | SPLITTER_CLASSES | SEARCH_CLASSES | {"sample"}
HOLDOUT_KEYWORDS = frozenset({"validation_split", "early_stopping"})
# Words one of which each of those names contains: only a cell that mentions one is walked for them. Fewer words
# than names, as each word is a scan of every cell's text.
SPLIT_WORDS = ("train_test_split", "cross_val", "learning_curve", "validation_curve", "permutation_test_score", "KFold",
               "ShuffleSplit", "SearchCV", "validation_split", "early_stopping", "sample")


def may_split(nb: Notebook) -> bool:
    """Whether the notebook's rows may be divided into sides: a split's call, slices of both kinds (a head in one
    cell and a tail in another may slice the same rows), or an import of a possible local module. Answered once
    per analysis, for both rules; the cells are read until one answers."""
    return nb.shared("may_split", _may_split)


def _may_split(nb: Notebook) -> bool:
    cells = nb.python_cells
    head = tail = False
    for cell in cells:
        splits, first, last = _divides(cell)
        head, tail = head or first, tail or last
        if splits or head and tail:
            return True
    if aliases_of(import_aliases(nb), SPLIT_CALLS):
        # A split imported under another name (`tts`): its call's cell need not spell a split's word, and the
        # import is taken as the call it is there for.
        return True
    project = nb.project if nb.path is not None else None
    listings = project_listings(project)
    return bool(listings) and any(may_be_local(imported_modules(cell), listings) for cell in cells)


@per_text
def _divides(cell: Cell) -> tuple[bool, bool, bool]:
    """Whether the cell makes a split (a call the row flow splits rows at, a fit holding out validation rows),
    takes the first rows of something (`X[:n]`, `X.head(n)`) and the rows from some point on (`X[n:]`,
    `X.tail(n)`)."""
    text = cell.parsed.python
    if any(map(text.__contains__, SPLIT_WORDS)) and any(
            call_name(call) in SPLIT_CALLS or any(given.arg in HOLDOUT_KEYWORDS for given in call.keywords)
            for call in cell.parsed.nodes(ast.Call)):
        return True, False, False
    head = tail = False
    if "head" in text or "tail" in text:
        for call in cell.parsed.nodes(ast.Call):
            if call.args and call_name(call) in _SIDE_CALLS:
                head, tail = head or call_name(call) == "head", tail or call_name(call) == "tail"
    if ":" in text and _may_slice_one_side(text):  # else no such slice, and the parse's nodes not asked for
        for part in cell.parsed.nodes(ast.Slice):
            head = head or part.lower is None and part.upper is not None
            tail = tail or part.upper is None and part.lower is not None
    return False, head, tail


_SIDE_CALLS = ("head", "tail")
# Where a slice with one bound may be: a colon right after the `[` or `,` that opens it (`X[:n]`, `X[a, :n]`), or
# right before the `]`, `,` or step colon that closes it (`X[n:]`, `X[n:, 0]`, `X[n::2]`), with blanks, comments
# (each to its line's end, so that a run of `#` is not split every way) and line continuations between. Most cells
# with a colon have none (a `for`, a `def`, a dict, `X[a:b]`): their parse's nodes are not walked for slices. Three
# patterns, each starting with its one character: the engine skips ahead to it (three times faster than one
# pattern starting with a class of characters).
_BETWEEN = r"(?:\s|\\|#[^\r\n]*[\r\n])*"
_ONE_SIDED_SLICE = (re.compile(rf":{_BETWEEN}[\],:]"), re.compile(rf"\[{_BETWEEN}:"), re.compile(rf",{_BETWEEN}:"))


def _may_slice_one_side(text: str) -> bool:
    """Whether the text may hold a slice with one bound (never False when it does)."""
    return any(pattern.search(text) for pattern in _ONE_SIDED_SLICE)
