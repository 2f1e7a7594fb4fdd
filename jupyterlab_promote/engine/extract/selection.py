"""What a selection of cells needs from the notebook and gives back to it, for "extract to module".

The selection is read with the same per-cell name analysis as the hidden-state rules: the names it
reads that earlier cells define become parameters (or imports, when an import defined them), and the
names it binds that later cells read become return values. Anything that cannot move safely is a
refusal with a reason that names the cell and the name.
"""

import ast
import keyword
from dataclasses import dataclass, field

from ..notebook.model import BUILTIN_NAMES, Cell, Notebook
from ..python.names import collect_names
from ..text.wording import counted

DEFINITION_STATEMENTS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


class ExtractRefused(ValueError):
    """The selection cannot be extracted; nothing was written. The message says why and where."""


class UnusableFileName(ExtractRefused):
    """A module or test file name the file system cannot hold (too long): bad input, not a refusal."""


@dataclass
class Selection:
    cells: list[Cell]
    before: list[Cell]
    """Code cells above the first selected cell."""
    between: list[Cell]
    """Unselected code cells between selected ones."""
    after: list[Cell]
    """Code cells below the last selected cell."""
    imports: dict[str, ast.stmt] = field(default_factory=dict)
    """Names the selection reads that earlier cells import → a one-name import statement."""
    parameters: list[str] = field(default_factory=list)
    returns: list[str] = field(default_factory=list)
    exports: list[str] = field(default_factory=list)
    """Definitions (def, class, constants) that later cells use: imported by the notebook."""
    kept_imports: list[ast.stmt] = field(default_factory=list)
    """The selection's own imports that later cells still need."""
    definitions_only: bool = True


def label(cell: Cell) -> str:
    return f"cell #{cell.index + 1}"


def select(nb: Notebook, refs: list[str | int]) -> Selection:
    """Resolve cell ids or indices to the selected code cells; refuse what cannot be extracted."""
    chosen: dict[int, Cell] = {}
    for ref in refs:
        cell = _resolve(nb, ref)
        if cell.is_code and (cell.parsed.tree is None or cell.parsed.tree.body):
            chosen[cell.index] = cell
    if not chosen:
        raise ExtractRefused("the selection holds no code: select at least one non-empty code cell")
    cells = [chosen[i] for i in sorted(chosen)]
    first, last = cells[0].index, cells[-1].index
    for cell in cells:
        parsed = cell.parsed
        if parsed.syntax_error is not None or parsed.tree is None:
            raise ExtractRefused(f"{label(cell)} does not parse: fix it first")
        if parsed.cell_magic or parsed.uses_magics:
            raise ExtractRefused(f"{label(cell)} uses IPython magics or shell commands, which a module cannot run")
    code = nb.code_cells
    return Selection(
        cells=cells,
        before=[c for c in code if c.index < first],
        between=[c for c in code if first < c.index < last and c.index not in chosen],
        after=[c for c in code if c.index > last],
    )


def _resolve(nb: Notebook, ref: str | int) -> Cell:
    if isinstance(ref, int):
        if not 0 <= ref < len(nb.cells):
            raise ExtractRefused(f"there is no cell {ref} "
                                 f"(the notebook has {counted(len(nb.cells), 'cell')}, counted from 0)")
        return nb.cells[ref]
    for cell in nb.cells:
        if cell.id == ref:
            return cell
    raise ExtractRefused(f"there is no cell with id {ref!r}")


def _is_constant(statement: ast.stmt) -> bool:
    value = getattr(statement, "value", None)
    if not isinstance(statement, (ast.Assign, ast.AnnAssign)) or value is None:
        return False
    try:
        ast.literal_eval(value)
    except (ValueError, TypeError, SyntaxError, RecursionError):
        return False
    return True


def import_statements(cells: list[Cell]) -> dict[str, ast.stmt]:
    """Each imported name → an import statement for that name alone."""
    found: dict[str, ast.stmt] = {}
    for cell in cells:
        # A cell that does not parse (a Python 2 print, a half-typed line) above the selection adds nothing.
        for statement in cell.parsed.tree.body if cell.parsed.tree is not None else ():
            if isinstance(statement, ast.Import):
                for alias in statement.names:
                    found[alias.asname or alias.name.split(".")[0]] = ast.Import(names=[alias])
            elif isinstance(statement, ast.ImportFrom) and statement.level == 0:
                for alias in statement.names:
                    if alias.name != "*":
                        found[alias.asname or alias.name] = ast.ImportFrom(module=statement.module, names=[alias], level=0)
    return found


def _defined(cells: list[Cell]) -> set[str]:
    return {name for cell in cells for name in cell.parsed.names.defined_names} if cells else set()


def _read_by(cells: list[Cell]) -> set[str]:
    names: set[str] = set()
    for cell in cells:
        if cell.parsed.tree is None:
            names.update(cell.source.split())
            continue
        names.update(ref.name for ref in cell.parsed.names.used)
        names.update(ref.name for ref in cell.parsed.names.deferred)
    return names


def analyse(nb: Notebook, selection: Selection) -> Selection:
    """Fill in imports, parameters, returns and exports; refuse dependencies that cannot be met."""
    statements = [s for cell in selection.cells for s in cell.parsed.tree.body]
    selection.definitions_only = all(
        isinstance(s, DEFINITION_STATEMENTS) or _is_constant(s)
        or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and isinstance(s.value.value, str))
        for s in statements
    )
    rebound = _rebound_after_import(selection.before)
    earlier_imports = {n: s for n, s in import_statements(selection.before).items() if n not in rebound}
    earlier = _defined(selection.before)
    between = _defined(selection.between)
    later = _defined(selection.after)
    bound: set[str] = set()
    for cell in selection.cells:
        names = cell.parsed.names
        for ref, deferred in [*((r, False) for r in names.used), *((r, True) for r in names.deferred)]:
            name = ref.name
            if name in bound or name in BUILTIN_NAMES or name in selection.imports or name in selection.parameters:
                continue
            if name in earlier_imports:
                selection.imports[name] = earlier_imports[name]
            elif name in between:
                raise ExtractRefused(f"{label(cell)} reads '{name}', which an unselected cell between the "
                                     "selected ones defines: select that cell too, or move it above")
            elif name in earlier and not (deferred or selection.definitions_only):
                selection.parameters.append(name)
            elif name in earlier:
                raise ExtractRefused(f"a function in {label(cell)} reads the notebook variable '{name}': pass it as "
                                     "an argument, or select the cell that defines it too")
            elif name in later:
                raise ExtractRefused(f"{label(cell)} reads '{name}', which is defined only further down")
            else:
                raise ExtractRefused(f"{label(cell)} reads '{name}', which no cell defines (a deleted cell?)")
        bound |= names.defined_names
    _refuse_gaps_reading_later_changes(selection)
    if not selection.definitions_only:
        _refuse_defs_reading_body_names(selection.cells, statements)
    own_imports = import_statements(selection.cells)
    used_later = _read_by(selection.between + selection.after)
    selection.kept_imports = [own_imports[n] for n in sorted(own_imports) if n in used_later]
    produced = [n for n in _ordered_bindings(selection.cells) if n not in own_imports]
    if selection.definitions_only:
        selection.exports = [n for n in produced if n in used_later]
    else:
        top_defs = {s.name for s in statements if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
        selection.exports = [n for n in produced if n in top_defs and n in used_later]
        selection.returns = [n for n in produced if n not in top_defs and n in used_later]
        # `if refit: threshold = 0.7` leaves the earlier threshold when the branch does not run: the
        # function must be given that value to hand it back.
        certain = _certainly_bound(statements)
        selection.parameters += [n for n in selection.returns
                                 if n in earlier and n not in certain and n not in selection.parameters]
    return selection


def _rebound_after_import(cells: list[Cell]) -> set[str]:
    """Imported names a later statement binds to something else (`from funcs import f`, then `f = Value(...)`):
    what the cells read is that value, not the import."""
    imported: set[str] = set()
    rebound: set[str] = set()
    for cell in cells:
        tree = cell.parsed.tree
        import_lines = {s.lineno for s in (tree.body if tree is not None else ()) if isinstance(s, (ast.Import, ast.ImportFrom))}
        for ref in cell.parsed.names.defined:
            if ref.line in import_lines:
                imported.add(ref.name)
                rebound.discard(ref.name)
            elif ref.name in imported:
                rebound.add(ref.name)
    return rebound


def _certainly_bound(statements: list[ast.stmt]) -> set[str]:
    """Names bound by module-level statements that always run (not inside if, for, while or try)."""
    names: set[str] = set()
    for statement in statements:
        if isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and getattr(statement, "value", None):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names |= {n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name)}
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(statement.name)
    return names


def _refuse_gaps_reading_later_changes(selection: Selection) -> None:
    """The selected cells run together where the first one was: an unselected cell between them would
    then see what the selected cells below it change (`L` rebound before the cell that draws it)."""
    for gap in selection.between:
        reads = {ref.name for ref in (*gap.parsed.names.used, *gap.parsed.names.deferred)}
        for cell in (c for c in selection.cells if c.index > gap.index):
            changed = sorted(reads & cell.parsed.names.defined_names)
            if changed:
                raise ExtractRefused(f"{label(gap)}, between the selected cells, reads '{changed[0]}', which "
                                     f"{label(cell)} changes after it: select it too, or extract one run of cells")


def _refuse_defs_reading_body_names(cells: list[Cell], statements: list[ast.stmt]) -> None:
    """Functions stay at module level, so they cannot read variables that become the function's locals."""
    body_bound = {
        n.id for s in statements if not isinstance(s, DEFINITION_STATEMENTS)
        for n in ast.walk(s) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)
    }
    for cell in cells:
        for statement in cell.parsed.tree.body:
            if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            free = collect_names(ast.Module(body=[statement], type_ignores=[]))
            reads = {ref.name for ref in (*free.used, *free.deferred)}
            clash = sorted(reads & body_bound)
            if clash:
                raise ExtractRefused(f"'{statement.name}' in {label(cell)} reads '{clash[0]}', which the extracted "
                                     "code assigns: make it a parameter of the function, or extract it separately")


def _ordered_bindings(cells: list[Cell]) -> list[str]:
    seen: dict[str, None] = {}
    for cell in cells:
        for ref in cell.parsed.names.defined:
            seen.setdefault(ref.name, None)
    return list(seen)


def check_identifier(name: str, what: str) -> None:
    if not name.isidentifier() or keyword.iskeyword(name):
        raise ExtractRefused(f"{what} {name!r} is not a valid Python name")


def notebook_names(selection: Selection) -> set[str]:
    """Every name the notebook's code cells bind or read."""
    cells = [*selection.before, *selection.cells, *selection.between, *selection.after]
    return {ref.name for cell in cells for ref in (*cell.parsed.names.defined, *cell.parsed.names.used,
                                                   *cell.parsed.names.deferred)}
