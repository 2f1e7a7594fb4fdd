"""broad-except: handlers that catch everything, or catch broadly and swallow the error; and their fixes."""

import ast
from collections.abc import Iterator

from ...fixes.edits import text_edit
from ...notebook.cell_memo import cells_mentioning
from ...notebook.model import Cell, Notebook, WrittenModule
from ...python.syntax import child_nodes
from ..base import Fix, Violation, at_node
from ..source_edits import (
    import_edits,
    line_indent,
    node_range,
    python_text,
    replace_range,
)

_BROAD_NAMES = frozenset({"Exception", "BaseException"})
_TRY_STAR = (ast.TryStar,) if hasattr(ast, "TryStar") else ()
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def walk_body(statements: list[ast.stmt]) -> Iterator[ast.AST]:
    """Nodes of a block, without descending into functions or classes defined in it (they run later)."""
    stack: list[ast.AST] = list(reversed(statements))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, _SCOPES):
            stack.extend(reversed(child_nodes(node)))


def is_broad(handler: ast.ExceptHandler) -> bool:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    for kind in kinds:
        name = kind.id if isinstance(kind, ast.Name) else kind.attr if isinstance(kind, ast.Attribute) else None
        if name in _BROAD_NAMES:
            return True
    return False


def is_print(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"


def _swallowing_statement(statement: ast.stmt) -> str | None:
    """What a statement of a handler does when it does nothing with the error: 'pass', 'prints it'..."""
    if isinstance(statement, ast.Pass):
        return "passes"
    if isinstance(statement, ast.Continue):
        return "continues"
    if isinstance(statement, ast.Return) and (statement.value is None or _is_none(statement.value)):
        return "returns None"
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return "passes"
    if isinstance(statement, ast.Expr) and is_print(statement.value):
        return "prints it"
    return None


def _is_none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def swallowed_by(handler: ast.ExceptHandler) -> str | None:
    """How a handler swallows the error ('only passes', 'only prints it'), or None when it handles it.

    A handler swallows when every statement is pass / ... / continue / return None / print(...): no
    raise, no logging call, and the bound exception at most printed.
    """
    actions = [_swallowing_statement(statement) for statement in handler.body]
    if None in actions:
        return None
    return "only " + " and ".join(dict.fromkeys(a for a in actions if a is not None))


def _reraises(handler: ast.ExceptHandler) -> bool:
    return any(isinstance(node, ast.Raise) for node in walk_body(handler.body))


def _log_message(try_node: ast.Try, handler: ast.ExceptHandler) -> str:
    """The log message: what the handler printed, else the name of the first call it guarded."""
    for statement in handler.body:
        if isinstance(statement, ast.Expr) and is_print(statement.value) and statement.value.args:
            text = statement.value.args[0]
            if isinstance(text, ast.Constant) and isinstance(text.value, str) and text.value.strip():
                return text.value.strip()
    for node in walk_body(try_node.body):
        if isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)):
            name = ast.unparse(node.func)
            if name != "print" and len(name) <= 40:
                return f"{name} failed"
    return "Unexpected error"


def _body_edit(cell: Cell, handler: ast.ExceptHandler, new_statements: list[str]) -> dict | None:
    """Replace a handler's statements by new ones, indented like the block (also for `except: pass`)."""
    first, last = node_range(cell, handler.body[0]), node_range(cell, handler.body[-1])
    if first is None or last is None:
        return None
    start = first[1]
    if handler.body[0].lineno == handler.lineno:  # `except: pass` on one line: open a block
        indent = line_indent(cell, handler.lineno) + "    "
        text = "".join(f"\n{indent}{statement}" for statement in new_statements)
        line = cell.source.split("\n")[first[0] - 1]
        start = len(line[:start].rstrip())
    else:
        indent = line_indent(cell, first[0])
        text = f"\n{indent}".join(new_statements)
    return replace_range(cell, (first[0], start, last[2], last[3]), text)


def _except_keyword_edit(cell: Cell, handler: ast.ExceptHandler) -> dict | None:
    where = node_range(cell, handler)
    if where is None or not cell.source.split("\n")[where[0] - 1][where[1]:].startswith("except"):
        return None
    return text_edit(cell, where[0], where[1], where[0], where[1] + len("except"), "except Exception")


def _handler_fixes(nb: Notebook, cell: Cell, try_node: ast.Try, handler: ast.ExceptHandler, swallows: bool):
    fixes = []
    bare_edit = _except_keyword_edit(cell, handler) if handler.type is None else None
    if bare_edit is not None:
        fixes.append(Fix("catch-exception", "Catch Exception instead (lets Ctrl-C and exit through)", "safe", (bare_edit,)))
    if not swallows or isinstance(cell, WrittenModule):
        # Logging fixes import logging in the notebook, which a module written by `%%writefile` does not run.
        return tuple(fixes)
    log = f"logging.exception({_log_message(try_node, handler)!r})"
    kept = [python_text(cell, s) or "" for s in handler.body if isinstance(s, (ast.Continue, ast.Return))]
    extra = [bare_edit] if bare_edit is not None else []
    for fix_id, title, statements in (
        ("log-and-raise", "Log the error and re-raise it", [log, "raise"]),
        ("log-and-continue", "Log the error, then carry on as before", [log, *kept]),
    ):
        body = _body_edit(cell, handler, statements)
        if body is not None:
            fixes.append(Fix(fix_id, title, "unsafe", (*extra, body, *import_edits(nb, "logging"))))
    return tuple(fixes)


def broad_except(nb: Notebook) -> Iterator[Violation]:
    """A bare `except:`, or an `except Exception` that swallows the error.

    Why: the notebook carries on with missing or wrong data and nobody learns why; a bare `except:`
    also catches Ctrl-C and `sys.exit`, so a stuck scheduled run cannot even be stopped.
    Example: `try: df = load(path)` / `except: pass`.
    Instead: catch the specific error you expect; otherwise log it (`logging.exception`) and re-raise.
    """
    # Also in the modules `%%writefile x.py` cells write: that code is part of the project too.
    # Only cells that mention `except`: a kept text filter, so an edit reads only the changed cells.
    for cell in cells_mentioning(nb.python_code, ("except",)):
        for try_node in cell.parsed.nodes(ast.Try, *_TRY_STAR):
            for handler in try_node.handlers:
                bare = handler.type is None
                if not bare and not is_broad(handler):
                    continue
                swallowed = swallowed_by(handler)
                if bare and swallowed is None and _reraises(handler):
                    continue
                if not bare and swallowed is None:
                    continue
                fixes = _handler_fixes(nb, cell, try_node, handler, swallowed is not None)
                if bare:
                    how = f", and {swallowed}" if swallowed else ""
                    message = f"Bare `except:` catches every error, even Ctrl-C{how}: failures go unnoticed"
                else:
                    message = f"`except {ast.unparse(handler.type)}` swallows the error ({swallowed}): failures go unnoticed"
                yield at_node(message, cell, handler, fixes=fixes, severity="error" if bare and swallowed else None)
