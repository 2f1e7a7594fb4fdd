"""The words the risky-call rules (risky_calls.py) look for before reading a cell's calls, found in one
pass over each cell's Python for all four rules (text/substrings.py) instead of one `in` per word and rule.
"""

from collections.abc import Sequence

from ...notebook.cell_memo import cells_where, per_text
from ...notebook.model import Cell
from ...text.substrings import SubstringFinder

TLS_WORDS = ("verify", "_create_unverified_context", "disable_warnings", "CERT_NONE")
UNVERIFIED_CONTEXT_WORDS = ("_create_unverified_context", "CERT_NONE")
# Plain substrings (a case-insensitive regex over every cell cost more than the rule).
INSECURE_SHELL_WORDS = ("check-certificate", "insecure", "curl", "trusted-host", "sslVerify", "sslverify",
                        "SSL_NO_VERIFY")
EVAL_WORDS = ("eval(", "exec(")
DESERIALIZATION_WORDS = ("pickle", "Pickle", "dill", "joblib", "torch", "yaml", "allow_pickle", "shelve")
SHELL_CALL_WORDS = ("system", "popen", "shell", "getoutput")
# How IPython's transformers write `!cmd`, `x = !cmd`, `%sx cmd` and `%system cmd` in a cell's Python.
SHELL_MAGIC_CALLS = ("get_ipython().system(", "get_ipython().getoutput(", "magic('sx'", "magic('system'")

# Characters rare in notebook code, the rarest first (each at most one in sixty of the characters of
# the 2,500 Python cells of 100 notebooks), chosen so that all words but "dill", "torch", "popen" and
# "shell" hold one.
_ANCHORS = "VjOwkvxyu"
WORDS = (*TLS_WORDS, *INSECURE_SHELL_WORDS, *EVAL_WORDS, *DESERIALIZATION_WORDS, *SHELL_CALL_WORDS,
         *SHELL_MAGIC_CALLS)
WORD_FINDER = SubstringFinder(WORDS, _ANCHORS)


@per_text
def _words(cell: Cell) -> frozenset[str]:
    return WORD_FINDER.found_in(cell.parsed.python)


def mentions(cell: Cell, words: tuple[str, ...]) -> bool:
    """Whether the cell's Python holds one of the words (which must be among those listed above). Not kept
    itself: the cell's words are, and a set compare costs less than looking up a kept answer."""
    return not _words(cell).isdisjoint(words)


def cells_mentioning(cells: Sequence[Cell], words: tuple[str, ...]) -> tuple[Cell, ...]:
    """The cells whose Python holds one of the words (see cell_memo.cells_where)."""
    return cells_where(mentions, cells, words)
