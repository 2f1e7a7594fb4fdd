"""duplication: two statements pasted three times or more, once per name they make (with DU001, as
information). The search is notebook/renamed_pairs.py's."""

from collections.abc import Iterator, Sequence

from ..notebook.fingerprints import Block, clear_of, described_from, notebook_fingerprint
from ..notebook.model import Notebook
from ..notebook.renamed_pairs import find_renamed_pairs, pair_candidates, pasted_pairs
from ..notebook.repeat_memo import kept_search, keys_by_cell
from .base import Fix, Violation

LOOP = Fix("make-loop", "Make it a loop (or a function) over what each copy names", "manual")


def renamed_pair_copies(nb: Notebook, taken: Sequence[Block]) -> Iterator[Violation]:
    """Two statements pasted three times or more, each copy binding another name (DU001, info). Copies
    inside a block already reported (`taken`: DU001's blocks, long and short) are that block's.

    Kept while the edits leave the repeated pairs as they were (repeat_memo): a cell takes part only
    through two statements in a row that may pair (pair_candidates) found in another cell or twice in itself.
    """
    cells = notebook_fingerprint(nb, min_lines=1).cells
    code = nb.cells

    def search() -> list[Block]:
        return find_renamed_pairs(cells, pasted_pairs([code[cell.cell_index].parsed.python for cell in cells]))

    found = kept_search("DU001 renamed pairs", cells,
                        keys_by_cell(code, lambda cell: pair_candidates(cell.parsed.python)), search)
    if not found:
        return
    clear = clear_of(taken)
    for block in filter(clear, found):
        first, others = block.occurrences[0], block.occurrences[1:]
        yield Violation(
            f"Lines {first.start_line}–{first.end_line} are pasted {len(block.occurrences)} times, once per name "
            f"they make (also {', '.join(described_from(o, first) for o in others)}): make them a loop or a function",
            code[first.cell_index],
            first.start_line,
            0,
            first.end_line,
            None,
            severity="info",
            fixes=(LOOP,),
        )
