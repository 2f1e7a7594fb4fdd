"""PF002 dataframe-grown-in-loop and PF003 read-in-loop: work repeated on every iteration of a loop."""

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from ...notebook.model import Notebook
from ...notebook.statement_shapes import root_name
from ...python.syntax import child_nodes
from ..base import Violation, at_node
from .vocabulary import NUMPY, READERS, cells_mentioning, keyword

_NUMPY_READS = frozenset({"load", "loadtxt", "genfromtxt", "fromfile"})
_NUMPY_GROWTH = frozenset({"append", "concatenate", "vstack", "hstack", "row_stack", "column_stack"})
# Calls that build a path rather than produce a new value each time.
_PATH_CALLS = frozenset({"os", "Path", "pathlib", "str"})


@dataclass(frozen=True)
class _InLoop:
    statement: ast.stmt
    own: tuple[ast.AST, ...]
    """The nodes the statement itself evaluates (a compound statement's header, not its body)."""
    loops: tuple[ast.For | ast.While, ...]
    conditional: bool
    """Inside an if/try within the loop: may run once rather than every iteration."""


def _own(statement: ast.stmt) -> tuple[ast.AST, ...]:
    if isinstance(statement, (ast.For, ast.AsyncFor)):
        return (statement.target, statement.iter)
    if isinstance(statement, (ast.While, ast.If)):
        return (statement.test,)
    if isinstance(statement, (ast.With, ast.AsyncWith)):
        return tuple(statement.items)
    if isinstance(statement, (ast.Try, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return ()
    return (statement,)


def _statements_in_loops(body: list[ast.stmt], loops=(), conditional=False) -> Iterator[_InLoop]:
    """Every statement inside a for/while loop, walking the cell once (function bodies start afresh)."""
    for statement in body:
        if loops:
            yield _InLoop(statement, _own(statement), loops, conditional)
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield from _statements_in_loops(statement.body)
        elif isinstance(statement, (ast.For, ast.AsyncFor, ast.While)):
            yield from _statements_in_loops(statement.body, (*loops, statement), False)
            yield from _statements_in_loops(statement.orelse, loops, conditional)
        elif isinstance(statement, ast.If):
            yield from _statements_in_loops(statement.body + statement.orelse, loops, bool(loops))
        elif isinstance(statement, (ast.With, ast.AsyncWith)):
            yield from _statements_in_loops(statement.body, loops, conditional)
        elif isinstance(statement, ast.Try) or type(statement).__name__ == "TryStar":
            inner = statement.body + [s for h in statement.handlers for s in h.body] + statement.orelse
            yield from _statements_in_loops(inner, loops, bool(loops))
            yield from _statements_in_loops(statement.finalbody, loops, conditional)


def _grown(target: ast.expr, value: ast.expr) -> str | None:
    """'DataFrame' / 'array' when `target = <value>` copies target into a new, bigger object."""
    if not (isinstance(target, ast.Name) and isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)):
        return None
    name, method, owner = target.id, value.func.attr, value.func.value
    if method == "append" and isinstance(owner, ast.Name) and owner.id == name:
        return "DataFrame"
    objects = value.args[0] if value.args else keyword(value, "objs")
    if isinstance(owner, ast.Name) and method == "append" and owner.id in NUMPY:
        return "array" if isinstance(objects, ast.Name) and objects.id == name else None
    if not isinstance(objects, (ast.List, ast.Tuple)):
        return None
    if not any(isinstance(e, ast.Name) and e.id == name for e in objects.elts):
        return None
    if method == "concat" and isinstance(owner, ast.Name) and owner.id in READERS:
        return "DataFrame"
    if method in _NUMPY_GROWTH and isinstance(owner, ast.Name) and owner.id in NUMPY:
        return "array"
    return None


def _row_append(target: ast.expr) -> str | None:
    """`df.loc[len(df)] = row`: the name of the frame grown by one row."""
    if not (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Attribute)
            and target.value.attr == "loc" and isinstance(target.value.value, ast.Name)):
        return None
    frame = target.value.value.id
    index = target.slice
    if isinstance(index, ast.Call) and isinstance(index.func, ast.Name) and index.func.id == "len":
        return frame if index.args and root_name(index.args[0]) == frame else None
    if isinstance(index, ast.Subscript) and isinstance(index.value, ast.Attribute) and index.value.attr == "shape":
        return frame if root_name(index.value) == frame else None
    return None


def dataframe_grown_in_loop(nb: Notebook) -> Iterator[Violation]:
    """A DataFrame (or array) is grown inside a loop by copying it into a bigger one each iteration.

    Why: `pd.concat([df, new])`, `df.append(row)` and `np.append` copy everything collected so far, so
    the loop is quadratic: fine on a sample, minutes or hours on production data.
    Example: `for f in files: df = pd.concat([df, pd.read_csv(f)])`.
    Instead: collect the pieces in a list and concatenate once after the loop,
    `df = pd.concat(frames, ignore_index=True)`.
    """
    for cell in cells_mentioning(nb, "concat", "append", "stack", ".loc["):
        for found in _statements_in_loops(cell.parsed.tree.body):
            statement = found.statement
            if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
                continue
            target = statement.targets[0]
            kind = _grown(target, statement.value)
            if kind and _fed_back(target.id, found.loops[-1]):
                continue
            if kind:
                yield at_node(
                    f"{target.id} is copied into a bigger {kind} on every iteration of the loop: "
                    "collect the pieces in a list and concatenate once after the loop",
                    cell,
                    statement,
                )
            elif (frame := _row_append(target)) is not None:
                yield at_node(
                    f"{frame}.loc[len({frame})] = ... grows {frame} one row per iteration: "
                    "collect the rows in a list and build the DataFrame once after the loop",
                    cell,
                    statement,
                )


def _fed_back(name: str, loop: ast.For | ast.AsyncFor | ast.While) -> bool:
    """Whether the loop reads what it grows for more than growing it (`y = model.predict(X)` before
    `X = np.concatenate([X, y])`): each step needs the last, so there is nothing to concatenate once.
    Reads inside print() do not count: showing progress needs no growing value."""
    reads = 0
    stack: list[ast.AST] = [*loop.body]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            continue
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
            reads += 1
        stack.extend(child_nodes(node))
    return reads > 1


def _reader(call: ast.Call) -> str | None:
    """`pd.read_csv`, `np.load`, `open` (for reading): the name to show, else None."""
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        if func.value.id in READERS and func.attr.startswith("read_"):
            return f"{func.value.id}.{func.attr}"
        if func.value.id in NUMPY and func.attr in _NUMPY_READS:
            return f"{func.value.id}.{func.attr}"
    if isinstance(func, ast.Name) and func.id == "open":
        mode = call.args[1] if len(call.args) > 1 else keyword(call, "mode")
        if mode is None or isinstance(mode, ast.Constant) and isinstance(mode.value, str) and not set(mode.value) & set("wax+"):
            return "open"
    return None


def _bound_in(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}


def _constant_arguments(call: ast.Call, varying: set[str]) -> bool:
    for argument in (*call.args, *(k.value for k in call.keywords)):
        for node in ast.walk(argument):
            if isinstance(node, ast.Name) and node.id in varying:
                return False
            if isinstance(node, ast.Call) and root_name(node.func) not in _PATH_CALLS:
                return False
    return True


def _called(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _repeats_unconditionally(loop: ast.For | ast.While) -> bool:
    """False for retry and polling loops (`break`, `sleep`), where reading again is the point."""
    for node in ast.walk(loop):
        if isinstance(node, (ast.Break, ast.Return)):
            return False
        if isinstance(node, ast.Call) and _called(node) == "sleep":
            return False
    return True


def read_in_loop(nb: Notebook) -> Iterator[Violation]:
    """The same file is read again on every iteration of a loop.

    Why: the read (disk or network, parsing) is repeated for nothing; with a large file or many
    iterations it dominates the run time.
    Example: `for col in cols: df = pd.read_csv("data.csv"); print(df[col].mean())`.
    Instead: read it once before the loop and reuse the result.
    """
    for cell in cells_mentioning(nb, "read_", "load", "open(", "fromfile"):
        for found in _statements_in_loops(cell.parsed.tree.body):
            if found.conditional:
                continue
            for own in found.own:
                for node in ast.walk(own):
                    if not (isinstance(node, ast.Call) and (reader := _reader(node))):
                        continue
                    outer = found.loops[0]
                    varying = _bound_in(outer)
                    if _constant_arguments(node, varying) and _repeats_unconditionally(outer):
                        yield at_node(
                            f"{reader}({ast.unparse(node.args[0]) if node.args else ''}) reads the same data on "
                            "every iteration of the loop: read it once before the loop",
                            cell,
                            node,
                        )


