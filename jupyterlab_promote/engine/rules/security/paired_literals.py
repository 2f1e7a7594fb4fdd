"""String literals named by what sits beside them rather than by an assignment: a `(name, value)` pair
(`params = [("api_key", "...")]`), `name=value` words inside one string (a libpq connection string
`"host=db user=etl password=..."`), a walrus (`(token := "...")`), and a conditional fallback
(`os.getenv("PW") if os.getenv("PW") else "..."`). Read alongside named_literals.py by the same callers.
"""

import ast
from collections.abc import Iterator

from .credential_names import credential_name
from .named_literals import Nodes, Target, _str, env_lookup

# Words of a connection string: `password=...`, `pwd=...`, and their neighbours; more words than this is prose.
_MAX_WORDS = 24


def _pairs(nodes: Nodes) -> Iterator[tuple[Target, ast.Constant]]:
    """A two-string tuple whose first string names a credential: the second is its value."""
    for pair in nodes(ast.Tuple):
        if len(pair.elts) == 2 and (name := _str(pair.elts[0])) and (value := _str(pair.elts[1])):
            # `("password", "Password:")` labels a field rather than filling it.
            if credential_name(name.value) and value.value.strip(" :*").lower() != name.value.lower():
                yield Target(name.value, fixable=False), value


def _words_in_strings(nodes: Nodes) -> Iterator[tuple[Target, ast.Constant]]:
    """`name=value` words of a string of such words (libpq and key=value settings), each value in place of
    the string it is written in."""
    for literal in nodes(ast.Constant):
        text = literal.value
        if not (isinstance(text, str) and "=" in text and " " in text and ("pass" in text.lower() or "pwd" in text.lower())):
            continue
        words = text.split()
        if len(words) > _MAX_WORDS or sum("=" in word for word in words) < 2:
            continue
        for word in words:
            name, equals, value = word.partition("=")
            # `--password=...` is a command-line option, found as such by the token patterns.
            if equals and value and not name.startswith("-") and credential_name(name):
                yield Target(name, fixable=False), ast.Constant(
                    value=value.strip("'\""), lineno=literal.lineno, col_offset=literal.col_offset,
                    end_lineno=literal.end_lineno, end_col_offset=literal.end_col_offset)


def paired_literals(nodes: Nodes) -> Iterator[tuple[Target, ast.Constant]]:
    """Literals with the credential name beside them (see the module doc), from a tree's nodes by type."""
    for walrus in nodes(ast.NamedExpr):
        if literal := _str(walrus.value):
            yield Target(walrus.target.id), literal
    for choice in nodes(ast.IfExp):
        test = choice.test.left if isinstance(choice.test, ast.Compare) else choice.test
        lookup = next((found for side in (test, choice.body, choice.orelse) if (found := env_lookup(side))), None)
        for side in (choice.body, choice.orelse) if lookup else ():
            if literal := _str(side):
                yield Target(lookup[0], fixable=False), literal
    yield from _pairs(nodes)
    yield from _words_in_strings(nodes)
