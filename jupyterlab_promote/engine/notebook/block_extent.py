"""How far a repeated block reaches, over the flattened line shapes of fingerprints.find_blocks: grown
backwards and forwards while every place agrees, and trimmed to what could become one function.

`group` holds the start position of each place of the block, `owner[i]` the cell of position i: a block
never crosses a cell boundary, and two places of one cell never overlap.
"""

from itertools import pairwise


def apart(group: list[int], length: int, owner: list[int]) -> list[int]:
    """Drop occurrences that overlap the previous one (a pattern repeating inside one run of lines)."""
    kept = group[:1]
    for position in group[1:]:
        if owner[position] != owner[kept[-1]] or position >= kept[-1] + length:
            kept.append(position)
    return kept


def extend_back(group: list[int], length: int, shapes: list[int], owner: list[int],
                 covered: set[int]) -> tuple[list[int], int]:
    """Grow the block backwards: a window's earlier places may have been reported, not these ones."""
    while True:
        before = [p - 1 for p in group]
        if any(b < 0 or owner[b] != owner[p] or b in covered for p, b in zip(group, before)):
            return group, length
        if len({shapes[b] for b in before}) != 1:
            return group, length
        if any(owner[a] == owner[b] and a + length + 1 > b for a, b in pairwise(before)):
            return group, length
        group, length = before, length + 1


def within_one_suite(group: list[int], length: int, indents: list[int], headers: list[bool]) -> tuple[list[int], int]:
    """Trim a block (judged on its first place) so it could become one function: it does not end on a
    header (`for ...:`) whose body it leaves out, and does not leave the suite it starts in. A block that
    starts inside a nested `if` and carries on below it either drops those first lines or stops where
    it dedents, whichever keeps more of it."""
    first = group[0]
    while length and headers[first + length - 1]:
        length -= 1
    block = indents[first:first + length]
    if not block:
        return group, 0
    skip = block.index(min(block))
    kept = next((i for i, indent in enumerate(block) if indent < block[0]), length)
    if length - skip >= kept:
        return [p + skip for p in group], length - skip
    return group, kept


def extend(group: list[int], length: int, shapes: list[int], owner: list[int]) -> int:
    """Grow the block while every occurrence continues with the same shape and none overlaps the next."""
    # Two places of one cell may grow until the first reaches the second; checked once, not per line.
    bound = min((b - a for a, b in pairwise(group) if owner[a] == owner[b]), default=len(shapes))
    first, others = group[0], [(p, owner[p]) for p in group[1:]]
    cell, end = owner[first], len(shapes)
    while length < bound:
        at = first + length
        if at >= end or owner[at] != cell:
            return length
        shape = shapes[at]
        for p, its_cell in others:
            at = p + length
            if at >= end or owner[at] != its_cell or shapes[at] != shape:
                return length
        length += 1
    return length
