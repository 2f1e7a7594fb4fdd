"""git's EWAH compressed bitmaps, as a split index's `link` extension stores them (git's ewah/ewah_io.c).

Serialised: the bit count (32 bits), the number of 64-bit words (32 bits), the words (big-endian), and the
position of the last run-length word (32 bits). Each run-length word (ewah/ewok_rlw.h) holds, from its
lowest bit: the bit repeated by the run, the run's length in words (32 bits) and how many literal words
follow it (31 bits).
"""

import struct

_WORD_BITS = 64
_RUN_LENGTH_MASK = 0xFFFFFFFF


def ewah_positions(data: bytes, offset: int, limit: int) -> tuple[set[int], int]:
    """The positions of the set bits of the bitmap at `offset`, and the offset just after it.

    Raises ValueError (or struct.error) for a bitmap cut short, or one setting a position at or past
    `limit` (the number of entries it speaks of), as git refuses those too.
    """
    _bit_count, word_count = struct.unpack_from(">II", data, offset)
    offset += 8
    if word_count * 8 + 4 > len(data) - offset:
        raise ValueError("EWAH bitmap cut short")
    words = struct.unpack_from(f">{word_count}Q", data, offset)
    offset += word_count * 8 + 4  # the words, then the position of the last run-length word
    positions: set[int] = set()
    position, pointer = 0, 0
    while pointer < word_count:
        marker = words[pointer]
        run = ((marker >> 1) & _RUN_LENGTH_MASK) * _WORD_BITS
        if marker & 1 and run:
            if position + run > limit:
                raise ValueError("EWAH bitmap sets a position past its entries")
            positions.update(range(position, position + run))
        position += run
        pointer += 1
        for _ in range(marker >> 33):
            if pointer >= word_count:
                raise ValueError("EWAH bitmap cut short")
            _literal_positions(words[pointer], position, limit, positions)
            position += _WORD_BITS
            pointer += 1
    return positions, offset


def _literal_positions(word: int, start: int, limit: int, positions: set[int]) -> None:
    while word:
        lowest = word & -word
        position = start + lowest.bit_length() - 1
        if position >= limit:
            raise ValueError("EWAH bitmap sets a position past its entries")
        positions.add(position)
        word ^= lowest
