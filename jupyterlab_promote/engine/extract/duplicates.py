"""Extract a repeated block into one function, called at every place it was pasted.

The duplication rule finds blocks whose lines have the same shape (same code, other names and
values). Here each copy is widened to whole top-level statements and tokenised; the copies must line up
token for token. Where they differ they differ in names or literals: those become the function's
parameters (a name bound inside the block before it is read stays local). Names the block binds that
code after a copy reads become return values. Every copy is replaced by a call with its own names.
"""

import ast
import io
import os
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..fixes import edits as edit
from ..notebook.fingerprints import DEFAULT_MIN_LINES, find_blocks, notebook_fingerprint
from ..notebook.model import BUILTIN_NAMES, Cell, Notebook, notebook_from_dict
from ..python.names import collect_names
from ..python.syntax import parse_code
from .cells import import_lines, module_import_name
from .plan import ExtractPlan
from .selection import ExtractRefused, check_identifier, import_statements

_SIGNIFICANT = (tokenize.NAME, tokenize.NUMBER, tokenize.STRING, tokenize.OP)


@dataclass
class _Copy:
    cell: Cell
    start: int
    """First line (1-based) of the copy in its cell."""
    end: int
    text: str
    tokens: list[tokenize.TokenInfo] = field(default_factory=list)


def _statement_span(cell: Cell, first: int, last: int) -> tuple[int, int]:
    body = cell.parsed.tree.body
    touched = [s for s in body if s.end_lineno >= first and s.lineno <= last]
    if not touched:
        raise ExtractRefused(f"cell #{cell.index + 1}: the repeated lines hold no statement")
    start = min([touched[0].lineno, *(d.lineno for d in getattr(touched[0], "decorator_list", []))])
    return start, touched[-1].end_lineno


def _copies(nb: Notebook, cell_id: str, line: int) -> list[_Copy]:
    min_lines = nb.config.threshold("duplicate_block_lines", DEFAULT_MIN_LINES)
    cells = {cell.id: cell for cell in nb.python_cells}
    for block in find_blocks([notebook_fingerprint(nb, min_lines=min_lines)], min_lines):
        if not any(o.cell_id == cell_id and o.start_line <= line <= o.end_line for o in block.occurrences):
            continue
        copies = []
        for occurrence in block.occurrences:
            cell = cells[occurrence.cell_id]
            if cell.parsed.uses_magics or cell.parsed.cell_magic:
                raise ExtractRefused(f"cell #{cell.index + 1} uses IPython magics, which a module cannot run")
            start, end = _statement_span(cell, occurrence.start_line, occurrence.end_line)
            text = "\n".join(cell.source.split("\n")[start - 1:end])
            copies.append(_Copy(cell, start, end, text, _tokens(text)))
        return _separate(copies)
    raise ExtractRefused(f"no repeated block covers line {line} of that cell: give a line inside one (the "
                         "finding's first line), or analyse the notebook again if it changed")


def _separate(copies: list[_Copy]) -> list[_Copy]:
    """Copies widened to whole statements may touch; overlapping ones are one copy, not two."""
    kept: list[_Copy] = []
    for copy in copies:
        if kept and kept[-1].cell is copy.cell and copy.start <= kept[-1].end:
            raise ExtractRefused(f"the copies in cell #{copy.cell.index + 1} overlap once widened to whole statements")
        kept.append(copy)
    return kept


def _tokens(text: str) -> list[tokenize.TokenInfo]:
    try:
        return [t for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type in _SIGNIFICANT]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        raise ExtractRefused("the repeated lines are not complete statements") from None


@dataclass
class _Slot:
    """A token position where the copies differ, or a free name they read."""

    values: tuple[str, ...]
    parameter: str
    positions: list[int] = field(default_factory=list)


def _slots(copies: list[_Copy], bound_first: set[str], reads_before_bound: set[str]) -> list[_Slot]:
    length = len(copies[0].tokens)
    if any(len(c.tokens) != length for c in copies):
        raise ExtractRefused("the copies differ in more than names and values (one may sit inside a function, or "
                             "around other code): make them alike first, or move one copy with Extract to module")
    slots: dict[tuple[str, ...], _Slot] = {}
    literal_count = 0
    for position in range(length):
        values = tuple(c.tokens[position].string for c in copies)
        kind = copies[0].tokens[position].type
        previous = copies[0].tokens[position - 1].string if position else ""
        following = copies[0].tokens[position + 1].string if position + 1 < length else ""
        if kind == tokenize.NAME and following == "=" and previous in ("(", ","):
            if len(set(values)) > 1:
                raise ExtractRefused(f"the copies pass different keyword arguments ({values[0]}= vs {values[1]}=)")
            continue
        if kind == tokenize.NAME and previous != "." and values[0] in reads_before_bound:
            slot = slots.setdefault(values, _Slot(values, values[0]))
        elif len(set(values)) == 1:
            continue
        elif kind == tokenize.NAME and previous != ".":
            if values[0] in bound_first:
                continue  # a local of the block, named differently in each copy
            slot = slots.setdefault(values, _Slot(values, values[0]))
        elif kind in (tokenize.NUMBER, tokenize.STRING):
            if values not in slots:
                literal_count += 1
            slot = slots.setdefault(values, _Slot(values, f"value_{literal_count}"))
        else:
            raise ExtractRefused(f"the copies differ in `{values[0]}` vs `{values[1]}`, which cannot be a parameter")
        slot.positions.append(position)
    return _distinct_names(list(slots.values()))


def _distinct_names(slots: list[_Slot]) -> list[_Slot]:
    """Two slots the first copy fills with the same name (`df_train` where the other copies pass
    `females_df` and `df_train`) need two parameters: the slot that is the same in every copy keeps the
    name, the other gets a numbered one."""
    taken: set[str] = set()
    for slot in sorted(slots, key=lambda s: len(set(s.values)) > 1):
        name, number = slot.parameter, 1
        while slot.parameter in taken:
            number += 1
            slot.parameter = f"{name}_{number}"
        taken.add(slot.parameter)
    return slots


def _replace_tokens(copy: _Copy, replacements: dict[int, str]) -> str:
    lines = copy.text.split("\n")
    for position in sorted(replacements, reverse=True):
        token = copy.tokens[position]
        (row, col), (end_row, end_col) = token.start, token.end
        lines[row - 1] = lines[row - 1][:col] + replacements[position] + lines[end_row - 1][end_col:]
        if end_row != row:
            del lines[row:end_row]
    return "\n".join(lines)


def plan_duplicate_extract(data: dict[str, Any], notebook_path: Path, cell_id: str, line: int, module: str,
                           function: str = "repeated_block", tests: bool = True,
                           boundary: Path | None = None) -> ExtractPlan:
    """Replace every copy of the repeated block at (cell_id, line) by a call to one extracted function.

    `boundary` as for :func:`.extract.plan_extract`.
    """
    from .files import check_file_name, confine
    from .tests import test_file_path

    import_name = module_import_name(module)
    check_identifier(function, "the function name")
    check_file_name(notebook_path.parent / module, "the module")
    if (notebook_path.parent / module).exists():
        raise ExtractRefused(f"{module} already exists: choose another path")
    nb = notebook_from_dict(data, notebook_path)
    copies = _copies(nb, cell_id, line)
    first_tree = parse_code(copies[0].text)
    if any(isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) for s in first_tree.body):
        # Wrapping a `def` in a function would run what only ran when called (its imports, its globals).
        raise ExtractRefused("the repeated block defines a function or class: move one copy to a module with "
                             "Extract to module, then delete the other copies")
    first_names = collect_names(first_tree)
    bound = first_names.defined_names
    reads_before_bound = {r.name for r in (*first_names.used, *first_names.deferred)} - BUILTIN_NAMES
    slots = _slots(copies, set(bound), reads_before_bound)
    imports = import_statements([c for c in nb.python_cells if c.index <= copies[0].cell.index])
    parameters = [s for s in slots if s.parameter not in imports or len(set(s.values)) > 1]
    module_imports = [imports[s.parameter] for s in slots if s.parameter in imports and len(set(s.values)) == 1]
    returns = _returns(nb, copies, sorted(bound))
    body = _replace_tokens(copies[0], {p: s.parameter for s in parameters for p in s.positions})
    signature = ", ".join(s.parameter for s in parameters)
    function_text = "\n".join([f"def {function}({signature}):",
                               '    """One copy of a block that was pasted several times in the notebook."""',
                               *("    " + ln if ln.strip() else "" for ln in body.split("\n")),
                               *([f"    return {', '.join(returns)}"] if returns else [])])
    header = [f'"""Code extracted from {notebook_path.name} by jupyterlab_promote."""', ""]
    module_source = "\n\n\n".join(["\n".join([*header, *import_lines(module_imports, notebook_path.parent)]).strip(),
                                   function_text]) + "\n"
    changes = []
    for number, copy in enumerate(copies):
        arguments = ", ".join(s.values[number] for s in parameters)
        targets = [_counterpart(copies, number, name) for name in returns]
        call = f"{', '.join(targets)} = {function}({arguments})" if targets else f"{function}({arguments})"
        last_line = copy.text.split("\n")[-1]
        changes.append(edit.text_edit(copy.cell, copy.start, 0, copy.end, len(last_line), call))
    changes.insert(0, edit.text_edit(copies[0].cell, 1, 0, 1, 0, f"from {import_name} import {function}\n"))
    test_path = test_text = None
    if tests:
        test_file = test_file_path(nb, notebook_path.parent / module, boundary)
        test_path = os.path.relpath(test_file, notebook_path.parent).replace(os.sep, "/")
        to_notebook = os.path.relpath(notebook_path.parent, test_file.parent).replace(os.sep, "/")
        test_text = _signature_test(import_name, function, [s.parameter for s in parameters], to_notebook)
    plan = ExtractPlan(
        module_path=Path(module).as_posix(), import_name=import_name, module_source=module_source, appends=False,
        test_path=test_path, test_source=test_text, function=function, parameters=[s.parameter for s in parameters],
        returns=returns, exports=[], applicability="unsafe", edits=changes,
        notes=[f"{len(copies)} copies become calls to {function}()"],
    )
    if boundary is not None:
        confine(plan, notebook_path.parent, boundary)
    return plan


def _counterpart(copies: list[_Copy], number: int, name: str) -> str:
    """The name a copy uses where the first copy uses `name`."""
    for position, token in enumerate(copies[0].tokens):
        if token.type == tokenize.NAME and token.string == name:
            return copies[number].tokens[position].string
    return name


def _returns(nb: Notebook, copies: list[_Copy], bound: list[str]) -> list[str]:
    """Names the block binds that code after any copy reads (in the first copy's naming)."""
    returns = []
    for name in bound:
        for number, copy in enumerate(copies):
            own = _counterpart(copies, number, name)
            rest = "\n".join(copy.cell.source.split("\n")[copy.end:])
            later = [c for c in nb.python_cells if c.index > copy.cell.index]
            reads = {r.name for r in collect_names(parse_code(rest)).used} if rest.strip() else set()
            reads |= {r.name for c in later for r in (*c.parsed.names.used, *c.parsed.names.deferred)}
            if own in reads:
                returns.append(name)
                break
    return returns


def _signature_test(import_name: str, function: str, parameters: list[str], to_notebook: str) -> str:
    return "\n".join([
        f'"""Tests for {import_name}, written by jupyterlab_promote when the code left the notebook."""',
        "", "import inspect", "import sys", "from pathlib import Path", "",
        "# The module is imported the way the notebook imports it: from the notebook's folder.",
        f'sys.path.insert(0, str((Path(__file__).parent / "{to_notebook}").resolve()))', "",
        f"import {import_name} as extracted  # noqa: E402", "", "",
        f"def test_{function}_signature():",
        f"    assert list(inspect.signature(extracted.{function}).parameters) == {parameters!r}",
    ]) + "\n"
