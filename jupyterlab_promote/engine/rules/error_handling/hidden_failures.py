"""Errors hidden from whoever runs the notebook: warnings silenced, failures stored, errors printed."""

import ast
import re
from collections.abc import Iterator

from ...fixes.edits import replace_cell
from ...notebook.cell_memo import cells_mentioning, cells_where, per_text
from ...notebook.model import Cell, Notebook, WrittenModule
from ..base import Fix, Violation, at_node
from ..source_edits import (
    delete_statement,
    import_edits,
    node_range,
    replace_range,
)
from .handlers import is_broad, is_print, swallowed_by, walk_body


def _warnings_call(call: ast.Call, aliases: dict[str, str]) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and aliases.get(func.value.id) == "warnings":
        name = func.attr
    elif isinstance(func, ast.Name):
        name = aliases.get(func.id, "").removeprefix("warnings.")
    else:
        return None
    return name if name in ("filterwarnings", "simplefilter") else None


def _warnings_aliases(nb: Notebook) -> dict[str, str]:
    aliases = {"warnings": "warnings"}
    for cell in cells_mentioning(nb.python_code, ("warnings",)):
        for node in cell.parsed.nodes(ast.Import, ast.ImportFrom):
            if isinstance(node, ast.Import):
                aliases.update({a.asname: "warnings" for a in node.names if a.name == "warnings" and a.asname})
            elif node.module == "warnings":
                aliases.update({a.asname or a.name: f"warnings.{a.name}" for a in node.names})
    return aliases


def _ignores_everything(call: ast.Call, function: str) -> bool:
    action = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "action"), None)
    if not (isinstance(action, ast.Constant) and action.value == "ignore"):
        return False
    narrowing = {"message", "category", "module"} if function == "filterwarnings" else {"category"}
    given = [k.value for k in call.keywords if k.arg in narrowing] + list(call.args[1:4 if function == "filterwarnings" else 2])
    return all(_is_everything(value) for value in given)


def _is_everything(node: ast.AST) -> bool:
    """An argument that does not narrow the filter: '', None, or the base Warning class."""
    if isinstance(node, ast.Constant):
        return node.value in ("", None)
    return isinstance(node, (ast.Name, ast.Attribute)) and ast.unparse(node).split(".")[-1] == "Warning"


def _scoped_calls(cell: Cell) -> set[int]:
    """Calls inside `with warnings.catch_warnings():` blocks, whose filters end with the block."""
    scoped: set[int] = set()
    for node in cell.parsed.nodes(ast.With):
        if any("catch_warnings" in ast.unparse(item.context_expr) for item in node.items):
            scoped.update(id(inner) for inner in walk_body(node.body) if isinstance(inner, ast.Call))
    return scoped


def _statement_of(tree: ast.Module, call: ast.Call) -> tuple[ast.stmt, list[ast.stmt]] | None:
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if isinstance(body, list):
                for statement in body:
                    if isinstance(statement, ast.Expr) and statement.value is call:
                        return statement, body
    return None


def warnings_ignored(nb: Notebook) -> Iterator[Violation]:
    """All warnings are silenced with `warnings.filterwarnings("ignore")` or `simplefilter("ignore")`.

    Why: the warnings that announce a breaking library upgrade, a chained-assignment bug or a model that
    did not converge are gone too; in production they are the only early signal.
    Example: `import warnings; warnings.filterwarnings("ignore")` at the top of the notebook.
    Instead: ignore only the warning you understand (`category=FutureWarning, module="sklearn"`), or
    only around the one call, inside `with warnings.catch_warnings():`.
    """
    aliases: dict[str, str] | None = None
    # The text filter's answer is kept: after an edit only the changed cells are read again.
    for cell in cells_mentioning(nb.python_code, ("filterwarnings", "simplefilter")):
        aliases = aliases if aliases is not None else _warnings_aliases(nb)
        scoped = _scoped_calls(cell)
        for call in cell.parsed.nodes(ast.Call):
            function = _warnings_call(call, aliases)
            if function is None or id(call) in scoped or not _ignores_everything(call, function):
                continue
            located = _statement_of(cell.parsed.tree, call)
            edit = delete_statement(cell, *located) if located else None
            fixes = (Fix("delete", "Delete it (then ignore only warnings you understand)", "unsafe", (edit,)),) if edit else ()
            yield at_node(f"`{function}(\"ignore\")` hides every warning, including those about real problems", cell, call, fixes=fixes)


def traceback_in_output(nb: Notebook) -> Iterator[Violation]:
    """A cell's saved output is an error traceback.

    Why: the saved notebook shows a failure: either the code is broken, or the outputs below it came
    from a different run than the code shows.
    Example: a `KeyError: 'price'` traceback under a cell.
    Instead: fix the error, restart the kernel and run all cells, then save.
    """
    for cell in nb.code_cells:
        errors = [o for o in cell.outputs if o.get("output_type") == "error"]
        if not errors:
            continue
        name = errors[0].get("ename") if isinstance(errors[0].get("ename"), str) else "an error"
        what = "the run was interrupted here" if name == "KeyboardInterrupt" else "the notebook failed here when it last ran"
        fix = Fix("clear-outputs", "Clear this cell's outputs (re-run to check it passes)", "unsafe",
                  (replace_cell(cell, outputs=[], execution_count=None),))
        yield Violation(f"The saved output shows {name}: {what}", cell, fixes=(fix,) if cell.id else ())


# How an error message starts. "Error:" counts only when words follow: `print("Error:", mse)` reports a
# model's error metric, not a failure. The blanks after an opening bracket are only tried after one: two
# optional runs of blanks side by side would split a long run of spaces in every way (quadratic).
_ERROR_TEXT = re.compile(
    r"\s*(?:[\[(]\s*)?(?:(?:ERROR|WARNING|FATAL|CRITICAL)\b|(?i:warning|fatal)\s*[:!\])]"
    r"|(?i:error|exception)\s*[:!\])]\s*[A-Za-z]|(?i:error (?:while|when|during|occurred|loading|reading|opening|parsing))"
    r"|(?i:failed to|could not|couldn't|unable to|cannot)\b)"
)


# In a handler, a print reports the failure when it says so (a fallback may print "Loaded ... instead").
_FAILURE_WORDS = re.compile(r"(?i)error|fail|could not|couldn't|unable|cannot|can't|not (?:available|installed|found)"
                            r"|missing|invalid|warning|requires|skipping")


def _mentions_failure(call: ast.Call) -> bool:
    texts = [n.value for n in ast.walk(call) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return any(_FAILURE_WORDS.search(text) for text in texts)


def _reports_error(call: ast.Call) -> bool:
    if any(k.arg == "file" and "stderr" in ast.unparse(k.value) for k in call.keywords):
        return True
    first = call.args[0] if call.args else None
    if isinstance(first, ast.JoinedStr) and first.values:
        first = first.values[0]
    return isinstance(first, ast.Constant) and isinstance(first.value, str) and bool(_ERROR_TEXT.match(first.value))


def print_for_errors(nb: Notebook) -> Iterator[Violation]:
    """`print` reports an error: in an except handler, or a message starting with "Error:", "Failed to"...

    Why: printed text is not collected by the scheduler's logs, has no level or timestamp, and cannot
    be filtered or alerted on.
    Example: `except ValueError as e: print("Could not parse", e)`.
    Instead: `logging.exception(...)` in handlers, `logging.error` / `logging.warning` elsewhere.
    """
    for cell in cells_where(_error_prints, nb.python_code):
        for call, level, where in _error_prints(cell):
            yield at_node(f"`print` used {where}: use `logging.{level}` so the error reaches the logs", cell, call,
                          fixes=_logging_fix(nb, cell, call, level))


@per_text
def _error_prints(cell: Cell) -> list[tuple[ast.Call, str, str]]:
    """The cell's prints that report errors, as (call, logging level, where); the fixes depend on the
    notebook's imports, so only this part is kept with the cell."""
    found: list[tuple[ast.Call, str, str]] = []
    if "print" not in cell.parsed.python:
        return found
    # The prints that are statements of a handler, with the level to log at (None: broad-except
    # reports that handler already, with the same advice).
    in_handlers: dict[int, str | None] = {}
    for handler in cell.parsed.nodes(ast.ExceptHandler):
        swallowing = (handler.type is None or is_broad(handler)) and swallowed_by(handler)
        # A handler that raises again sends the error to the logs anyway: its print only adds context.
        raises = any(isinstance(statement, ast.Raise) for statement in handler.body)
        for statement in handler.body:
            if isinstance(statement, ast.Expr) and is_print(statement.value):
                uses_error = any(isinstance(n, ast.Name) and n.id == handler.name for n in ast.walk(statement.value))
                if raises:
                    in_handlers[id(statement.value)] = None
                elif uses_error or _mentions_failure(statement.value):
                    in_handlers[id(statement.value)] = None if swallowing else "exception" if uses_error else "warning"
    for call in cell.parsed.nodes(ast.Call):
        if not is_print(call):
            continue
        in_handler = id(call) in in_handlers
        level = in_handlers.get(id(call))
        if in_handler and level is None or not in_handler and not _reports_error(call):
            continue
        if not in_handler:
            level = "warning" if "warn" in ast.unparse(call).lower() else "error"
        found.append((call, level, "in an except handler" if in_handler else "for an error message"))
    return found


def _logging_fix(nb: Notebook, cell: Cell, call: ast.Call, level: str) -> tuple[Fix, ...]:
    if isinstance(cell, WrittenModule) or len(call.args) != 1 or call.keywords or isinstance(call.args[0], ast.Starred):
        return ()
    where = node_range(cell, call.func)
    if where is None:
        return ()
    edits = (replace_range(cell, where, f"logging.{level}"), *import_edits(nb, "logging"))
    return (Fix("use-logging", f"Use logging.{level}", "unsafe", edits),)
