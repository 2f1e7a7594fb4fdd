"""IPython syntax (`%magic`, `!shell`, `obj?`) turned into the Python IPython runs, line numbers kept.

IPython's own transformers do the work. Given a whole cell, they tokenize it once per magic they
rewrite, so a 300-line cell with a few `!` lines costs tens of milliseconds on every edit. A magic
always starts a statement, though: :func:`transform_lines` hands IPython only the lines that look like
one and checks that the result parses with a statement starting on each of them (not a line inside
a string or a bracket). Cells it cannot vouch for (prompts, a `%` inside a string) get the whole-cell
transform.

The commonest lines (`%matplotlib inline`, `!pip install x`) are rewritten here as IPython's escaped-command
transform would, without its tokenizer (:func:`plain_escape`); any other line still goes to IPython.

IPython also drops a cell's leading blank lines and joins a magic's `\\` continuation lines into one:
both are put back as empty lines here, so a finding's line is the line in the editor.
"""

import ast
import re
import warnings
from functools import lru_cache

from .syntax import parse_code

# A line IPython's token transformers may rewrite (and, for `obj?` help, any line ending in `?`): an
# escape (`%magic`, `!shell`, `?obj`, the autocall `/f x`, `,f a b`, `;f a b`), `x = %magic`, `x = !shell`.
# The target starts with a non-blank: were it free to start with the indent, a long indent followed by
# no magic would be split between the two in every way (quadratic).
_MAGIC_LINE = re.compile(r"[ \t]*(?:[%!?/,;]|[\w.,\[\]()*][\w.,\[\]() \t*]*=[ \t]*[%!])")
# What textwrap.dedent, one of IPython's cleanup steps, empties.
_BLANK_LINE = re.compile(r"[ \t]*")
# IPython warns on stderr when a cell holds a character str.splitlines() breaks at but its tokenizer
# does not (U+2028, U+0085...); the transform still works, and the text is the notebook's.
warnings.filterwarnings("ignore", message="`make_tokens_by_line` received", category=UserWarning,
                        module=r"IPython\.core\.inputtransformer2")


def transform_magics(source: str) -> tuple[str, ast.Module | None]:
    """The Python IPython would run for this cell, and its tree when it was parsed on the way."""
    by_line = transform_lines(source)
    if by_line is not None:
        return by_line
    try:
        python = _ipython_transformer().transform_cell(source)
    except (SyntaxError, ValueError, IndexError):
        return source, None
    return "\n" * _leading_blank_lines(source) + python, None


def transform_lines(source: str) -> tuple[str, ast.Module] | None:
    """IPython's transform of the cell, a line (or `\\`-continued group) at a time, with its tree; None
    when the cell needs IPython's whole-cell transform."""
    if "\r" in source:
        return None
    lines = source.split("\n")
    rewritten: list[tuple[int, int]] = []  # (line, column) where each rewritten statement must start
    number = 0
    while number < len(lines):
        line = lines[number]
        if _BLANK_LINE.fullmatch(line):
            lines[number] = ""
        elif _MAGIC_LINE.match(line) or line.rstrip().endswith("?"):
            code = line.lstrip()
            if code.startswith("%%"):
                return None
            last = number
            while lines[last].endswith("\\") and last + 1 < len(lines):
                last += 1
            group = "\n".join([code, *lines[number + 1:last + 1]])
            python = plain_escape(group) or _transform_group(group)
            if python is None:
                return None
            if python.count("\n") != 1:
                return None
            if python[:-1] != group:
                indent = len(line) - len(code)
                lines[number:last + 1] = [line[:indent] + python[:-1]] + [""] * (last - number)
                rewritten.append((number + 1, indent))
            number = last
        number += 1
    if not rewritten:
        return None
    python = "\n".join(lines) + ("" if source.endswith("\n") else "\n")
    try:
        tree = parse_code(python)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    starts = _statement_starts(tree)
    return (python, tree) if all(start in starts for start in rewritten) else None


# One line that IPython's tokens make an escaped command and nothing else: `%` or `!` then neither `=` (the
# operators `%=` and `!=`), another escape (`!!`, `%%`) nor a `?`, and no `?` at the end (help, which comes first).
_PLAIN_ESCAPE = re.compile(r"[%!](?:[^=!%?](?:.*[^?\s])?)?\s*")


def plain_escape(group: str) -> str | None:
    """IPython's transform of a `%magic args` or `!command` line, worked out as IPython does it, or None.

    IPython tokenizes the line, finds the escape as its first token, and calls EscapedCommand's
    translation of the line stripped on the right: `get_ipython().run_line_magic(name, args)` split at the
    first space, `get_ipython().system(command)`. That is only certain for one printable line (tabs
    aside): a line break of any kind, a `\\` continuation or a control character goes to IPython.
    """
    if not _PLAIN_ESCAPE.fullmatch(group) or group.endswith("\\") or not group.replace("\t", " ").isprintable():
        return None
    content = group.rstrip()[1:]
    if group[0] == "!":
        return f"get_ipython().system({content!r})\n"
    name, _, arguments = content.partition(" ")
    return f"get_ipython().run_line_magic({name!r}, {arguments!r})\n"


@lru_cache(maxsize=1024)
def _transform_group(group: str) -> str | None:
    """IPython's transform of one line (with its continuation lines), None when it fails: kept by text, as the
    same `%load_ext` or `%time fit(...)` line comes back in notebook after notebook."""
    try:
        return _ipython_transformer().transform_cell(group)
    except (SyntaxError, ValueError, IndexError):
        return None


def _statement_starts(tree: ast.Module) -> set[tuple[int, int]]:
    """(line, column) of every statement, nested ones included; expressions are not entered."""
    starts = set()
    stack: list = list(tree.body)
    while stack:
        statement = stack.pop()
        starts.add((statement.lineno, statement.col_offset))
        for name in ("body", "orelse", "finalbody"):
            block = getattr(statement, name, None)
            if isinstance(block, list):
                stack.extend(block)
        for branch in (*getattr(statement, "handlers", ()), *getattr(statement, "cases", ())):
            stack.extend(branch.body)
    return starts


def _leading_blank_lines(source: str) -> int:
    """How many lines IPython's `leading_empty_lines` drops from the start of the cell."""
    lines = source.splitlines(keepends=True)
    count = 0
    while count < len(lines) and lines[count].isspace():
        count += 1
    return 0 if count == len(lines) else count


@lru_cache(maxsize=1)
def _ipython_transformer():
    # Imported lazily: IPython is slow to import and most cells never need it.
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager()


def load_ipython() -> None:
    """Import IPython's transformers now: a batch run that forks workers does it once, before the fork,
    instead of once in each process that meets a line only IPython rewrites (about 35 ms of CPU each)."""
    _ipython_transformer()
