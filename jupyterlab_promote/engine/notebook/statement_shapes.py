"""The shape of each module-level statement of a cell: what the data flow (dataflow.py) is built from.

A shape is (node, the nodes it evaluates, its source text, the names it binds, the names it changes in
place, whether it surely runs, `name = value` pairs, receivers of fit-like calls, plain assigned
names). Shapes depend on the cell's tree alone, so they are kept per tree and shared by every cell
with the same text.
"""

import ast
import re
from collections.abc import Iterator

from .cell_memo import per_node

_NOTHING: frozenset[str] = frozenset()
# Methods that teach an object from their arguments, replacing what it learnt before.
FIT_METHODS = frozenset({"fit", "fit_transform", "fit_resample", "partial_fit", "fit_predict"})
_FIT_CALL = re.compile(r"(?<![\w.])([A-Za-z_]\w*)\s*\.\s*(?:fit|fit_transform|fit_resample|partial_fit|fit_predict)\s*\(")
# Methods that change their receiver in place.
_MUTATION = re.compile(r"(?<![\w.])([A-Za-z_]\w*)(?:\s*(?:\.\s*\w+|\[[^\]]*\]))*?\s*\.\s*"
                       r"(?:append|extend|insert|update|add|setdefault)\s*\(")
_MUTATING_WORD = re.compile(r"\.\s*(?:append|extend|insert|update|add|setdefault)\b")
_INPLACE = re.compile(r"inplace\s*=\s*True")

@per_node
def cell_shapes(tree: ast.Module, python: str) -> tuple:
    """(shapes of the module-level statements, names imported, last definition of each function)."""
    builder = _ShapeBuilder(python.split("\n"))
    for statement in tree.body:
        builder.statement(statement, certain=True)
    return tuple(builder.shapes), frozenset(builder.imported), builder.functions


def root_name(node: ast.AST) -> str | None:
    """The variable an expression starts from: `df` for `df.loc[0, "a"].values`, `scaler.fit(X)`."""
    while True:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return None


def _header_end(node: ast.stmt) -> int:
    body = getattr(node, "body", None)
    if isinstance(body, list) and body and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return max(body[0].lineno - 1, node.lineno)
    return node.end_lineno or node.lineno


class _ShapeBuilder:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.shapes: list[tuple] = []
        self.imported: set[str] = set()
        self.functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}

    def statement(self, node: ast.stmt, certain: bool) -> None:
        if isinstance(node, (ast.For, ast.AsyncFor)):
            self._add(node, (node.target, node.iter), certain=False, targets=[node.target])
            self._body(node.body + node.orelse, certain=False)
        elif isinstance(node, (ast.While, ast.If)):
            self._add(node, (node.test,), certain=certain)
            self._body(node.body + node.orelse, certain=False)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            items = tuple(node.items)
            self._add(node, items, certain=certain, targets=[i.optional_vars for i in items if i.optional_vars])
            self._body(node.body, certain=certain)
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            handlers = [s for h in node.handlers for s in h.body]
            self._body(node.body + handlers + node.orelse, certain=False)
            self._body(node.finalbody, certain=certain)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if not isinstance(node, ast.ClassDef):
                self.functions[node.name] = node
            self.shapes.append((node, (), "", frozenset({node.name}), frozenset(), certain))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = {(a.asname or a.name).split(".")[0] for a in node.names if a.name != "*"}
            self.imported |= names
            self.shapes.append((node, (node,), "", frozenset(names), frozenset(), certain))
        else:
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
                targets = [node.target]
            self._add(node, (node,), certain=certain, targets=targets)

    def _body(self, statements: list[ast.stmt], certain: bool) -> None:
        for statement in statements:
            self.statement(statement, certain)

    def _add(self, node: ast.stmt, exprs: tuple, certain: bool, targets: list[ast.AST] = ()) -> None:
        # Few allocations per statement: with whole notebooks of trees alive, garbage collection
        # passes triggered by allocations are what a per-statement pass mostly costs.
        first, last = node.lineno - 1, _header_end(node)
        text = self.lines[first] if last == first + 1 and first < len(self.lines) else "\n".join(self.lines[first:last])
        binds = updates = assigned = _NOTHING
        if targets:
            names, changed = [], []
            for target in targets:
                for element in _unpacked(target):
                    if isinstance(element, ast.Name):
                        names.append(element.id)
                    elif (name := root_name(element)) is not None:
                        changed.append(name)
            binds = assigned = frozenset(names) if names else _NOTHING
            updates = frozenset(changed) if changed else _NOTHING
        fitted = frozenset(_FIT_CALL.findall(text)) if "fit" in text and "(" in text else _NOTHING
        if "(" in text and ("inplace" in text or _MUTATING_WORD.search(text)):
            mutated = set(_MUTATION.findall(text))
            inplace = "inplace" in text and _INPLACE.search(text) and isinstance(node, ast.Expr)
            if inplace and (name := root_name(node.value)) is not None:
                mutated.add(name)
            updates = updates | mutated
        if isinstance(node, ast.AugAssign):
            updates, binds = updates | binds, _NOTHING
        if fitted:
            binds = binds | fitted
        values = ()
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            values = ((node.targets[0].id, node.value),)
        if not certain and binds:
            updates, binds = updates | binds, _NOTHING
        self.shapes.append((node, exprs, text, binds, updates, certain, values, fitted, assigned))


def _unpacked(target: ast.AST) -> Iterator[ast.AST]:
    if isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _unpacked(element)
    elif isinstance(target, ast.Starred):
        yield from _unpacked(target.value)
    else:
        yield target
