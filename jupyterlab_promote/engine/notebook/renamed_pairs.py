"""Two statements pasted three times or more, once per name they make: `df_tesla = web.DataReader("TSLA",
...)` then `df_tesla["stock"] = "TSLA"`, again for IBM and for Microsoft.

short_repeats asks three statements of a block pasted three times: counting every pair of statements
pasted three times is noisy (`model = create()` then `model.fit(x)` in each experiment). A pair counts
here only when it is a copy made by renaming, the step a loop or a function would take: in each copy
the first statement binds a name that the second one uses, each copy binds another name, and one of
the two statements is heavy (a call given MIN_HEAVY_ARGUMENTS arguments or more, or MIN_CHAINED_CALLS
method calls chained). Statements that only draw or style a figure, and bare names shown, are left out;
both statements sit in one cell, in a row.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from .fingerprints import PRESENTATION, Block, CellFingerprint, Occurrence, TextFingerprint, fingerprint_text
from .line_shapes import line_shapes, spanning_lines, statement_shape
from .short_repeats import outside_brackets

MIN_COPIES = 3
MIN_HEAVY_ARGUMENTS = 3
MIN_CHAINED_CALLS = 2
MIN_PAIR_CHARS = 30
"""Normalised characters of both statements together."""

_TARGET = re.compile(r"\s*([^\W\d]\w*)\s*=(?!=)")
_WORD = re.compile(r"[^\W\d]\w*")
_METHOD_CALL = re.compile(r"\.\w+\(")
_STRUCTURE = re.compile(r"[()\[\]{},]")


@dataclass(frozen=True)
class Pair:
    """Two statements in a row of one cell, the first binding `name` and the second using it."""

    key: tuple[int, int]
    """Their shapes."""
    name: str
    start_line: int
    end_line: int


def _most_arguments(shape: str) -> int:
    """The most arguments given to one call of the statement's own chain (outside any brackets)."""
    most, depth, commas, calls = 0, 0, [], []
    for match in _STRUCTURE.finditer(shape):  # other characters change nothing
        position = match.start()
        char = shape[position]
        if char in "([{":
            depth += 1
            commas.append(0)
            calls.append(char == "(" and position > 0 and (shape[position - 1].isalnum() or shape[position - 1] in "_)]"))
        elif char in ")]}" and commas:
            depth -= 1
            given, call = commas.pop(), calls.pop()
            if call and depth == 0 and shape[position - 1] != "(":
                most = max(most, given + 1)
        elif char == "," and commas:
            commas[-1] += 1
    return most


def heavy(shape: str) -> bool:
    """A statement doing much in its own chain: a call given several arguments, or calls chained."""
    return (_most_arguments(shape) >= MIN_HEAVY_ARGUMENTS
            or len(_METHOD_CALL.findall(outside_brackets(shape))) >= MIN_CHAINED_CALLS)


@lru_cache(maxsize=8192)
def renamed_pairs(python: str) -> tuple[Pair, ...]:
    """A cell's pairs of statements in a row where the first binds a name the second uses and one of
    them is heavy; cached by text, like fingerprint_text (numbers and names only: no syntax tree is
    kept). Only the statements of such pairs are shaped."""
    text = fingerprint_text(python)
    if len(text.shapes) < 2:
        return ()
    physical, shapes, spanning = python.split("\n"), None, []
    found = []
    for at in _pair_positions(text):
        target = _TARGET.match(physical[text.lines[at] - 1])
        if target is None:
            continue
        second = "\n".join(physical[text.lines[at + 1] - 1:text.ends[at + 1]])
        if target.group(1) not in _WORD.findall(second):
            continue
        if shapes is None:  # read once, for the first pair that may count
            shapes, spanning = line_shapes(python), spanning_lines(python)
        if (heavy(statement_shape(python, shapes, spanning, text.lines[at], text.ends[at]))
                or heavy(statement_shape(python, shapes, spanning, text.lines[at + 1], text.ends[at + 1]))):
            found.append(Pair((text.shapes[at], text.shapes[at + 1]), target.group(1), text.lines[at],
                              text.ends[at + 1]))
    return tuple(found)


def _pair_positions(text: TextFingerprint) -> list[int]:
    """The positions `at` where statements `at` and `at + 1` may make a pair: neither draws or styles a
    figure, neither is a bare name or value, and together they hold MIN_PAIR_CHARS normalised characters."""
    sizes, kinds = text.sizes, text.kinds
    return [at for at, (first_size, second_size, first_kind, second_kind)
            in enumerate(zip(sizes, sizes[1:], kinds, kinds[1:]))
            if first_kind != PRESENTATION and second_kind != PRESENTATION and first_size > 1 and second_size > 1
            and first_size + second_size >= MIN_PAIR_CHARS]


@lru_cache(maxsize=8192)
def pair_candidates(python: str) -> tuple[tuple[int, int], ...]:
    """The shapes of each two statements in a row of a cell's text that may make a pair (the key each pair
    of renamed_pairs would have): repeat_memo's keys, and what tells the texts worth reading further.
    Cached by text: a search after an insertion above asks one look-up of each renumbered cell."""
    text = fingerprint_text(python)
    return tuple((text.shapes[at], text.shapes[at + 1]) for at in _pair_positions(text))


def pasted_pairs(texts: Sequence[str]) -> list[tuple[Pair, ...]]:
    """renamed_pairs of each text, or () for a text none of whose candidates is found MIN_COPIES times among
    all the texts: each copy of a pair is a candidate with its key, so its pairs could be in no block of
    find_renamed_pairs, which asks MIN_COPIES copies of one key (most texts are not read further)."""
    candidates = [pair_candidates(python) for python in texts]
    counts = Counter(chain.from_iterable(candidates))
    return [renamed_pairs(python) if any(counts[key] >= MIN_COPIES for key in held) else ()
            for python, held in zip(texts, candidates)]


def find_renamed_pairs(cells: Sequence[CellFingerprint], pairs: Sequence[tuple[Pair, ...]]) -> list[Block]:
    """Pairs pasted MIN_COPIES times or more, each copy binding another name (`pairs[i]` is renamed_pairs
    of the text of `cells[i]`, or () where they could be in no block: pasted_pairs); overlapping copies in
    one cell are one."""
    places: dict[tuple[int, int], list[tuple[CellFingerprint, Pair]]] = {}
    for cell, found in zip(cells, pairs):
        for pair in found:
            group = places.setdefault(pair.key, [])
            last = group[-1] if group else None
            if last is None or last[0] is not cell or last[1].end_line < pair.start_line:
                group.append((cell, pair))
    blocks = []
    for group in places.values():
        if len(group) >= MIN_COPIES and len({pair.name for _, pair in group}) == len(group):
            blocks.append(Block(2, tuple(Occurrence("", cell.cell_index, cell.cell_id, pair.start_line, pair.end_line)
                                         for cell, pair in group)))
    return sorted(blocks, key=lambda block: (block.occurrences[0].cell_index, block.occurrences[0].start_line))
