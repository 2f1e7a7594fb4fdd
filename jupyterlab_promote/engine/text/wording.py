"""How counts and long texts read in messages: "1 finding" and "2 findings", summaries cut between words."""

ELLIPSIS = "…"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """`count` and the noun that agrees with it: `counted(1, "cell")` is "1 cell", `counted(0, "cell")` "0 cells".

    Pass `plural` for nouns that do not just take an "s" ("copy", "copies").
    """
    noun = singular if count == 1 else plural or singular + "s"
    return f"{count} {noun}"


def shortened(text: str, width: int) -> str:
    """`text` in at most `width` characters: cut at a space outside `code spans`, with an ellipsis.

    Why not at `width`: a cut inside backticks leaves an open code span (and half an option such as
    `!wget --no-check-certificate`), a cut inside a word leaves a word that does not exist. When no space
    outside backticks comes early enough, the text is kept whole: too long beats misleading.
    """
    if len(text) <= width:
        return text
    ticks = 0
    cut = None
    for position, character in enumerate(text[:width]):
        if character == "`":
            ticks += 1
        elif character == " " and ticks % 2 == 0:
            cut = position
    if cut is None:
        return text
    return text[:cut].rstrip(" ,;:-–—") + ELLIPSIS
