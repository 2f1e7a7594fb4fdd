"""Cells that do not run under Python 3: a syntax error, or a notebook written for Python 2.

Both are hidden_state findings: the stored outputs came from a run nobody can repeat top to bottom on a
current kernel. The rest of such a cell is still read (python/recovery.py), so the other rules see it.
"""

from collections.abc import Iterator

from ..notebook.model import Cell, Notebook
from ..text.wording import counted
from .base import Violation


def cell_label(cell: Cell) -> str:
    """How messages name a cell: its 1-based position, as a person counts."""
    return f"cell #{cell.index + 1}"


def invalid_syntax(nb: Notebook) -> Iterator[Violation]:
    """A code cell is not valid Python (after IPython's magics are taken into account).

    Why: run top to bottom, the notebook stops at this cell.
    Example: `print "hello"` (Python 2) or an unfinished edit.
    Instead: fix the syntax, or make the cell Markdown if it is not code.
    """
    if not nb.is_python:
        return
    python2 = nb.python2_kernel is not None
    for cell in nb.code_cells:
        parsed = cell.parsed
        error = parsed.syntax_error
        if error is None:
            continue
        if python2 and parsed.python2:
            # Python 2 syntax in a Python 2 notebook is python2-notebook's one finding, not one per cell.
            if parsed.unparsed_lines:
                line = parsed.unparsed_lines[0][0]
                yield Violation(f"Cell does not parse, even as Python 2 (line {line})", cell, line, 0, line, 0)
            continue
        yield Violation(f"Cell does not parse: {error.msg}", cell, *_error_position(error))


def python2_notebook(nb: Notebook) -> Iterator[Violation]:
    """The notebook's kernel is Python 2.

    Why: Python 2 has had no fixes since 2020 and current Jupyter installs do not offer it; run on a
    Python 3 kernel, its `print "x"` cells do not parse and its outputs (integer division, text and
    bytes) may differ from the stored ones.
    Example: kernelspec `python2`, language_info version `2.7.10`.
    Instead: port it (`python -m pip install future` then `futurize -w`, or by hand), run it on a
    Python 3 kernel and save it with that kernel.
    """
    kernel = nb.python2_kernel
    if kernel is None:
        return
    written = [cell for cell in nb.code_cells if cell.parsed.python2]
    if written:
        first = written[0]
        verb = "uses" if len(written) == 1 else "use"
        where = (f": {counted(len(written), 'cell')} {verb} Python 2 syntax, starting with {cell_label(first)}, "
                 "which Python 3 does not parse")
        yield Violation(f"Written for Python 2 ({kernel}){where}", first, *_error_position(first.parsed.syntax_error))
        return
    yield Violation(f"Written for Python 2 ({kernel}): run it on a Python 3 kernel and save it with that kernel")


def _error_position(error: SyntaxError | None) -> tuple[int | None, int | None, int | None, int | None]:
    line = error.lineno if error is not None and isinstance(error.lineno, int) else None
    column = max((error.offset or 1) - 1, 0) if line else None
    return line, column, line, column
