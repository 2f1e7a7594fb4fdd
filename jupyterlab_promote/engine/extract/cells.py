"""Extract selected cells into a Python module and a test file; the notebook then imports and calls it.

Two shapes, decided by what the cells hold:
- only imports, functions, classes and literal constants: the text moves as it is (comments and layout
  survive) and the notebook imports the names. Meaning is unchanged: `safe`.
- top-level code: it becomes one function whose parameters are the names it reads from earlier cells
  and whose return values are the names later cells read. Run order and scope change: `unsafe`.
"""

import ast
import os
import sys
from pathlib import Path
from typing import Any

from ..files.bounded import read_bounded_text
from ..fixes import edits as edit
from ..notebook.model import Cell, notebook_from_dict
from ..python.syntax import parse_code
from .files import check_file_name, confine
from .plan import ExtractPlan
from .selection import (
    DEFINITION_STATEMENTS,
    ExtractRefused,
    Selection,
    analyse,
    check_identifier,
    label,
    notebook_names,
    select,
)
from .tests import test_file_path, test_source

INDENT = "    "


def module_import_name(module: str) -> str:
    path = Path(module)
    if path.is_absolute() or module.startswith(("/", "\\")) or ".." in path.parts:
        raise ExtractRefused(f"the module path {module!r} must be relative to the notebook's folder, without '..'")
    if path.suffix != ".py":
        raise ExtractRefused(f"the module path {module!r} must end in .py")
    parts = [*path.parent.parts, path.stem] if str(path.parent) != "." else [path.stem]
    for part in parts:
        check_identifier(part, "the module path part")
    return ".".join(parts)


def _segments(cell: Cell) -> list[tuple[ast.stmt, str]]:
    """Each top-level statement with its source text, leading comments included."""
    lines = cell.source.split("\n")
    body = cell.parsed.tree.body
    segments: list[tuple[ast.stmt, str]] = []
    start = 0
    for position, statement in enumerate(body):
        end = statement.end_lineno if position + 1 < len(body) else len(lines)
        if end <= start:  # a second statement on the same line: already in the previous segment
            continue
        segments.append((statement, "\n".join(lines[start:end]).strip("\n")))
        start = end
    return segments


def _for_body(statement: ast.stmt, text: str) -> str:
    """The statement's text to indent into the generated function: re-indenting would change a multi-line
    string's value, so such a statement is re-printed instead (definitions keep their text: they stay at
    module level)."""
    return ast.unparse(statement) if _has_multiline_string(statement) else text


def _has_multiline_string(statement: ast.stmt) -> bool:
    return any(
        isinstance(node, (ast.Constant, ast.JoinedStr)) and (node.end_lineno or 0) > node.lineno
        for node in ast.walk(statement)
    )


def _indent(text: str) -> str:
    return "\n".join(INDENT + line if line.strip() else "" for line in text.split("\n"))


def import_lines(statements: list[ast.stmt], folder: Path | None = None) -> list[str]:
    """Import lines grouped, merged and sorted the way isort (and ruff's I001) expects."""
    plain: dict[int, set[str]] = {}
    names_from: dict[int, dict[tuple[str, int], set[str]]] = {}
    for statement in statements:
        module = (statement.module or "") if isinstance(statement, ast.ImportFrom) else statement.names[0].name
        section = _section(module.split(".")[0], folder)
        if isinstance(statement, ast.ImportFrom):
            key = (module, statement.level)
            names = names_from.setdefault(section, {}).setdefault(key, set())
            names.update(ast.unparse(alias) for alias in statement.names)
        else:
            plain.setdefault(section, set()).add(ast.unparse(statement))
    blocks = []
    for section in sorted(set(plain) | set(names_from)):
        lines = sorted(plain.get(section, ()), key=lambda line: line.split()[1].lower())
        for (module, level), names in sorted(names_from.get(section, {}).items(), key=lambda kv: kv[0][0].lower()):
            lines.append(f"from {'.' * level}{module} import {', '.join(sorted(names, key=_member_order))}")
        blocks.append(lines)
    return [line for block in blocks for line in [*block, ""]][:-1]


def _section(top: str, folder: Path | None) -> int:
    if top == "__future__":
        return 0
    if top in sys.stdlib_module_names:
        return 1
    if folder is not None and ((folder / f"{top}.py").exists() or (folder / top).is_dir()):
        return 3
    return 2


def _member_order(name: str) -> tuple[int, str]:
    """isort's order-by-type: CONSTANTS, then Classes, then everything else."""
    bare = name.split(" as ")[0]
    kind = 0 if bare.isupper() and len(bare) > 1 else 1 if bare[:1].isupper() else 2
    return kind, bare.lower()


def _module_reads(cells: list[Cell]) -> set[str]:
    """Every name the moved code reads, including in function bodies and names the cells bind themselves
    (`import math` then `def f(): return math.pi`: the module needs that import)."""
    return {
        node.id for cell in cells for statement in cell.parsed.tree.body
        if not isinstance(statement, (ast.Import, ast.ImportFrom))
        for node in ast.walk(statement) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }


# Calls that return None, so a notebook shows nothing for them: no need to return their value.
_NONE_CALLS = frozenset({"print", "display", "pprint"})
_NONE_METHODS = frozenset({"show", "savefig", "close", "clf"})


def _shows_nothing(value: ast.expr) -> bool:
    if not isinstance(value, ast.Call):
        return False
    function = value.func
    return (isinstance(function, ast.Name) and function.id in _NONE_CALLS) or (
        isinstance(function, ast.Attribute) and function.attr in _NONE_METHODS)


def _fresh_name(base: str, taken: set[str]) -> str:
    name, number = base, 2
    while name in taken:
        name, number = f"{base}_{number}", number + 1
    return name


def _build_function(selection: Selection, function: str, plan_notes: list[str]) -> tuple[list[str], list[str], str | None]:
    """Module-level definitions, the function's text, and the name of the displayed value (if any)."""
    definitions: list[str] = []
    body: list[str] = []
    shown = None
    last_cell = selection.cells[-1]
    # The shown value's name must not be one the notebook already uses anywhere (a later `print(result)`).
    taken = notebook_names(selection) | set(selection.parameters)
    for cell in selection.cells:
        segments = [(s, t) for s, t in _segments(cell) if not isinstance(s, (ast.Import, ast.ImportFrom))]
        for position, (statement, text) in enumerate(segments):
            if isinstance(statement, DEFINITION_STATEMENTS):
                definitions.append(text)
                continue
            trailing = position == len(segments) - 1 and isinstance(statement, ast.Expr)
            if trailing and _shows_nothing(statement.value):
                body.append(_for_body(statement, text))
                continue
            if trailing and cell is last_cell:
                shown = _fresh_name("result", taken)
                body.append(f"{shown} = {ast.unparse(statement.value)}" if "\n" in text else f"{shown} = {text.strip()}")
                continue
            if trailing and not isinstance(statement.value, ast.Call):
                plan_notes.append(f"{label(cell)} showed `{ast.unparse(statement.value)}`; that display is dropped")
                continue
            body.append(_for_body(statement, text))
    returns = [*selection.returns, *([shown] if shown else [])]
    signature = ", ".join(selection.parameters)
    lines = [f"def {function}({signature}):", f'{INDENT}"""Extracted from the notebook; see its cells for context."""']
    lines.extend(_indent(text) for text in body)
    if returns:
        lines.append(f"{INDENT}return {', '.join(returns)}")
    return definitions, lines, shown


def plan_extract(data: dict[str, Any], notebook_path: Path, refs: list[str | int], module: str,
                 function: str | None = None, tests: bool = True, append: bool = False,
                 boundary: Path | None = None) -> ExtractPlan:
    """Everything the extraction would write and change; writes nothing.

    With a `boundary` (the server's root), the tests folder is looked for only up to it and every
    planned file must resolve inside it.
    """
    import_name = module_import_name(module)
    folder = notebook_path.parent
    module_file = folder / module
    check_file_name(module_file, "the module")
    nb = notebook_from_dict(data, notebook_path)
    selection = analyse(nb, select(nb, refs))
    appends = module_file.exists()
    if appends and not append:
        raise ExtractRefused(f"{module} already exists: choose another path, or append to it")
    existing = _module_text(module_file) if appends else ""
    notes: list[str] = []
    reads = _module_reads(selection.cells)
    own_imports = [s for c in selection.cells for s in c.parsed.tree.body if isinstance(s, (ast.Import, ast.ImportFrom))]
    used_own = [s for s in own_imports if any((a.asname or a.name.split(".")[0]) in reads for a in s.names)]
    imports = import_lines([*selection.imports.values(), *_split_imports(used_own)], folder)
    header = [f'"""Code extracted from {notebook_path.name} by jupyterlab_promote."""', ""] if not appends else []
    if selection.definitions_only:
        function = None
        chunks = [t for c in selection.cells for s, t in _segments(c) if not isinstance(s, (ast.Import, ast.ImportFrom))]
        exported = [r.name for c in selection.cells for r in c.parsed.names.defined if r.name not in _bound_by_imports(own_imports)]
        selection.exports = sorted(set(exported), key=exported.index)
        call_lines: list[str] = []
    else:
        taken = notebook_names(selection)
        if function is not None and function in taken:
            raise ExtractRefused(f"'{function}' already names something in the notebook: choose another function name")
        function = function or _fresh_name(_default_function_name(import_name), taken)
        check_identifier(function, "the function name")
        definitions, function_lines, shown = _build_function(selection, function, notes)
        chunks = [*definitions, "\n".join(function_lines)]
        call = f"{function}({', '.join(selection.parameters)})"
        targets = [*selection.returns, *([shown] if shown else [])]
        call_lines = [f"{', '.join(targets)} = {call}" if targets else call] + ([shown] if shown else [])
    names = [*([function] if function else []), *selection.exports]
    if not names:
        raise ExtractRefused("the selected cells define nothing a module could hold (only imports, comments or "
                             "strings): select the cells with the code to move")
    _refuse_collisions(existing, names, module)
    module_source = _join_module(existing, header, imports, chunks)
    import_line = f"from {import_name} import {', '.join(names)}"
    replacement = "\n".join([*import_lines(_split_imports(selection.kept_imports)), *([""] if selection.kept_imports else []), import_line,
                             *([""] if call_lines else []), *call_lines])
    test_path = test_source_text = None
    if tests:
        test_file = test_file_path(nb, module_file, boundary)
        test_path = os.path.relpath(test_file, folder).replace(os.sep, "/")
        test_source_text = test_source(nb, selection, import_name, function, test_file, folder)
    first, rest = selection.cells[0], selection.cells[1:]
    outputs = [o for c in selection.cells for o in c.outputs]
    changes = [edit.replace_cell(first, source=replacement, outputs=outputs, execution_count=None)]
    changes.extend(edit.delete_cell(c) for c in rest)
    plan = ExtractPlan(
        module_path=Path(module).as_posix(), import_name=import_name, module_source=module_source, appends=appends,
        test_path=test_path, test_source=test_source_text, function=function, parameters=selection.parameters,
        returns=selection.returns, exports=selection.exports,
        applicability="safe" if selection.definitions_only else "unsafe", edits=changes, notes=notes,
    )
    if boundary is not None:
        confine(plan, folder, boundary)
    return plan


def _split_imports(statements: list[ast.stmt]) -> list[ast.stmt]:
    single: list[ast.stmt] = []
    for statement in statements:
        for alias in statement.names:
            if isinstance(statement, ast.Import):
                single.append(ast.Import(names=[alias]))
            else:
                single.append(ast.ImportFrom(module=statement.module, names=[alias], level=statement.level))
    return single


def _bound_by_imports(statements: list[ast.stmt]) -> set[str]:
    return {a.asname or a.name.split(".")[0] for s in statements for a in s.names}


def _default_function_name(import_name: str) -> str:
    stem = import_name.rsplit(".", 1)[-1]
    return stem if stem.startswith(("build_", "run_", "make_", "compute_", "load_")) else f"run_{stem}"


def _refuse_collisions(existing: str, names: list[str], module: str) -> None:
    if not existing:
        return
    try:
        defined = {n.name for n in parse_code(existing).body if isinstance(n, (*DEFINITION_STATEMENTS[2:],))}
        defined |= {t.id for n in parse_code(existing).body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
    except SyntaxError:
        raise ExtractRefused(f"{module} does not parse, so nothing can be appended to it") from None
    clash = sorted(defined & set(names))
    if clash:
        raise ExtractRefused(f"{module} already defines {', '.join(clash)}: choose another function name")


def _join_module(existing: str, header: list[str], imports: list[str], chunks: list[str]) -> str:
    parts = []
    if existing:
        parts.append(existing.rstrip("\n"))
    if header or imports:
        parts.append("\n".join([*header, *imports]).strip("\n"))
    parts.extend(chunk.strip("\n") for chunk in chunks if chunk.strip())
    return "\n\n\n".join(parts) + "\n"


def _module_text(module_file: Path) -> str:
    """The text of the module extract appends to: a regular UTF-8 file of a module's size, never waited on."""
    try:
        return read_bounded_text(module_file)
    except UnicodeDecodeError:
        raise ExtractRefused(f"{module_file.name} is not UTF-8 text, so nothing can be appended to it") from None
    except OSError as error:
        raise ExtractRefused(f"{module_file.name} cannot be appended to: {error.strerror or error}") from None
