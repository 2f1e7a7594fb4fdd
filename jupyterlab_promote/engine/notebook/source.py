"""Turn a code cell's text into a Python syntax tree, the way IPython would run it.

Plain Python is parsed directly (the common, fast path). Only when that fails are IPython's own input
transformers applied, so `%magic`, `!shell` and `obj?` lines become the calls IPython would make and the
line numbers stay those of the cell. Cell magics whose body is Python (`%%time`, `%%capture`...) are
analysed without their first line; other cell magics (`%%bash`, `%%html`...) hold no Python at all.

Results are cached by source text, so re-analysing a notebook after a one-cell edit re-parses one cell;
the cache is bounded by the characters of the texts it keeps (kept.KEPT_SOURCE_CHARS). A cell longer than
MAX_PARSED_CHARS is not parsed: one 5 MB line of generated code makes a syntax tree of gigabytes.
"""

import ast
import re
from dataclasses import dataclass, field

from ..python.magics import transform_magics
from ..python.names import CellNames, collect_names
from ..python.recovery import recover
from ..python.syntax import breadth_first, node_fields, parse_code
from .kept import kept_by_text

# Cell magics whose body IPython runs as Python code.
PYTHON_BODY_CELL_MAGICS = frozenset(
    {"time", "timeit", "capture", "prun", "debug", "memit", "mprun", "snakeviz", "heat", "skip"}
)
_CELL_MAGIC = re.compile(r"\s*%%(\w+)")
_LINE_MAGIC_CALL = re.compile(r"get_ipython\(\)\.(run_line_magic|system|getoutput)\(")
# Characters of one cell's code the analysis parses (1 MB makes a tree of 130 to 300 MB).
MAX_PARSED_CHARS = 1_000_000


@dataclass(frozen=True, eq=False)
class ParsedCell:
    """What the rules need to know about one code cell's text."""

    tree: ast.Module | None
    """The syntax tree; an empty module for non-Python cell magics. For a cell that does not parse
    (syntax_error is set), the statements that could still be read (python/recovery.py), or None when
    too little of it is Python."""
    python: str
    """The Python text that was parsed (magics already transformed; in a cell that does not parse,
    Python 2 forms rewritten and unreadable lines blank). Its lines are the cell's lines."""
    names: CellNames
    cell_magic: str | None = None
    """The cell magic's name (`bash`, `time`...) when the cell starts with one."""
    syntax_error: SyntaxError | None = None
    """Why the cell does not run; the tree may still hold most of it."""
    uses_magics: bool = False
    """True when IPython had to transform the text (line magics or shell escapes)."""
    too_large: bool = False
    """True when the cell is longer than MAX_PARSED_CHARS: it was not parsed, its tree is empty."""
    unparsed_lines: tuple[tuple[int, int], ...] = ()
    """Line ranges (1-based, inclusive) of a cell that does not parse whose code is not in the tree."""
    unparsed_code: str = ""
    """The text of those lines (all of the cell's code when the tree is None): what a rule reading the
    tree does not see."""
    python2: bool = False
    """The cell is written in Python 2 (`print "x"`, `except E, e:`): it was read as its Python 3 equivalent."""
    derived: dict = field(default_factory=dict, repr=False)
    """What rules derived from this text alone (cell_memo.per_source): it lives as long as the parse."""

    @property
    def recovered(self) -> bool:
        """The cell does not parse, but the tree holds what could be read of it."""
        return self.syntax_error is not None and self.tree is not None

    @property
    def lines(self) -> list[str]:
        return self.python.splitlines()

    def nodes(self, *types: type) -> list:
        """Every node of these types in the cell, in source order, from one shared walk of the tree.

        Rules ask for the few node types they need instead of walking the tree each: on a live
        re-analysis the walk is already cached with the parsed cell.
        """
        index = self._index()
        if len(types) == 1:
            return index.get(types[0], [])
        found = [node for kind in types for node in index.get(kind, [])]
        found.sort(key=lambda node: (getattr(node, "lineno", 0), getattr(node, "col_offset", 0)))
        return found

    def _index(self) -> dict[type, list]:
        index = self.__dict__.get("_by_type")
        if index is None:
            index = _index_by_type(self.tree) if self.tree is not None else {}
            object.__setattr__(self, "_by_type", index)
        return index


# The node-holding fields of each node type, last first: pushed in this order, they come off the stack first
# field first.
_FIELDS_LAST_FIRST: dict[type, tuple[str, ...]] = {}


def _index_by_type(tree: ast.AST) -> dict[type, list]:
    """Pre-order, depth-first: nodes come out in source order.

    The walk of python.syntax.child_nodes written out in one loop, without a list of children per node:
    every cell's tree goes through it once (75 -> 41 ms CPU for the 2462 trees of a 100-notebook corpus).
    """
    index: dict[type, list] = {}
    stack = [tree]
    pop, push = stack.pop, stack.append
    fields_of = _FIELDS_LAST_FIRST
    while stack:
        node = pop()
        kind = type(node)
        found = index.get(kind)
        if found is None:
            index[kind] = [node]
        else:
            found.append(node)
        fields = fields_of.get(kind)
        if fields is None:
            fields = fields_of[kind] = tuple(reversed(node_fields(kind)))
        for name in fields:
            value = getattr(node, name, None)
            if value.__class__ is list:
                for item in reversed(value):
                    if isinstance(item, ast.AST):
                        push(item)
            elif isinstance(value, ast.AST):
                push(value)
    return index


_EMPTY_TREE = ast.Module(body=[], type_ignores=[])


@kept_by_text(max_entries=8192)
def parse_cell(source: str) -> ParsedCell:
    """Parse one code cell; never raises."""
    if len(source) > MAX_PARSED_CHARS:
        return ParsedCell(_EMPTY_TREE, "", collect_names(_EMPTY_TREE), too_large=True)
    magic = _CELL_MAGIC.match(source)
    if magic:
        name = magic.group(1)
        if name not in PYTHON_BODY_CELL_MAGICS:
            return ParsedCell(_EMPTY_TREE, "", collect_names(_EMPTY_TREE), cell_magic=name)
        # Keep the first line, as a comment, so line numbers still match the cell (IPython's
        # transformers drop leading blank lines, a comment they keep).
        first, _, rest = source.partition("\n")
        body = f"#{first}\n{rest}"
        parsed = _parse_python(body)
        return ParsedCell(
            parsed.tree, parsed.python, parsed.names, name, parsed.syntax_error, parsed.uses_magics,
            unparsed_lines=parsed.unparsed_lines, unparsed_code=parsed.unparsed_code, python2=parsed.python2,
        )
    return _parse_python(source)


def _parse_python(source: str) -> ParsedCell:
    try:
        tree = parse_code(source)
        return ParsedCell(tree, source, collect_names(tree))
    except SyntaxError as plain_error:
        python, tree = transform_magics(source)
        if python in (source, source + "\n"):  # IPython's transform ends the text with a line break
            return _recovered(source, plain_error, uses_magics=False)
        if tree is None:
            try:
                tree = parse_code(python)
            except SyntaxError as error:
                return _recovered(python, error, uses_magics=True)
        return ParsedCell(tree, python, collect_names(tree), uses_magics=True)
    except (ValueError, RecursionError, MemoryError) as error:
        # NUL bytes or absurd nesting: report the cell as unparseable, keep going.
        return _unreadable(source, SyntaxError(str(error) or type(error).__name__))


def _recovered(python: str, error: SyntaxError, uses_magics: bool) -> ParsedCell:
    """A cell that does not parse, with the statements that could be read of it (python/recovery.py)."""
    try:
        recovered = recover(python, error)
    except (ValueError, RecursionError, MemoryError):
        recovered = None
    if recovered is None:
        return _unreadable(python, error)
    lines = python.split("\n")
    unparsed = "\n".join(line for start, end in recovered.unparsed for line in lines[start - 1:end])
    return ParsedCell(recovered.tree, recovered.python, collect_names(recovered.tree), syntax_error=error,
                      uses_magics=uses_magics, unparsed_lines=recovered.unparsed, unparsed_code=unparsed,
                      python2=recovered.python2)


def _unreadable(python: str, error: SyntaxError) -> ParsedCell:
    lines = python.count("\n") + 1
    return ParsedCell(None, python, collect_names(_EMPTY_TREE), syntax_error=error, unparsed_lines=((1, lines),),
                      unparsed_code=python)


_WRITEFILE = re.compile(r"%%(?:writefile|file)\b([^\n]*)")


def written_module_name(source: str) -> str | None:
    """The `.py` file a `%%writefile x.py` (`%%writefile -a x.py`, `%%file x.py`) cell writes, or None."""
    magic = _WRITEFILE.match(source.lstrip(" \t"))
    arguments = magic.group(1).split() if magic else []
    name = arguments[-1].strip("'\"") if arguments else ""
    return name if name.endswith(".py") else None


@kept_by_text(max_entries=1024)
def parse_written_module(source: str) -> ParsedCell:
    """The Python module a `%%writefile x.py` cell writes, parsed with the cell's line numbers. It is not
    notebook code (nothing of it runs in the kernel), so the cell's own parse stays empty."""
    if len(source) > MAX_PARSED_CHARS or written_module_name(source) is None:
        return ParsedCell(_EMPTY_TREE, "", collect_names(_EMPTY_TREE))
    first, _, rest = source.partition("\n")
    try:
        tree = parse_code(f"#{first}\n{rest}")
        return ParsedCell(tree, f"#{first}\n{rest}", collect_names(tree))
    except SyntaxError as error:
        return _recovered(f"#{first}\n{rest}", error, uses_magics=False)
    except (ValueError, RecursionError, MemoryError) as error:
        return _unreadable(source, SyntaxError(str(error) or type(error).__name__))


def magic_calls(tree: ast.Module) -> list[tuple[str, str, ast.Call]]:
    """The `%magic` and `!shell` lines of a transformed cell, as (kind, argument text, call node).

    kind is the magic's name (`pip`, `run`...) for line magics and `!` for shell escapes.
    """
    return [found for node in breadth_first(tree) if isinstance(node, ast.Call) and (found := _magic_call(node))]


def magic_calls_in(parsed: ParsedCell) -> list[tuple[str, str, ast.Call]]:
    """:func:`magic_calls` of a cell's whole tree in source order, from the calls of its shared node index
    (no walk of its own)."""
    return [found for node in parsed.nodes(ast.Call) if (found := _magic_call(node))]


def _magic_call(node: ast.Call) -> tuple[str, str, ast.Call] | None:
    """(kind, argument text, call) when the call is IPython's `get_ipython().run_line_magic(...)`,
    `.system(...)` or `.getoutput(...)`."""
    if not isinstance(node.func, ast.Attribute):
        return None
    owner = node.func.value
    if not (isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name)) or owner.func.id != "get_ipython":
        return None
    args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    if node.func.attr == "run_line_magic" and len(args) >= 2:
        return args[0], args[1], node
    if node.func.attr in ("system", "getoutput") and args:
        return "!", args[0], node
    return None


def has_magic_calls(python: str) -> bool:
    """Cheap pre-check before walking a tree for magic calls."""
    return bool(_LINE_MAGIC_CALL.search(python))
