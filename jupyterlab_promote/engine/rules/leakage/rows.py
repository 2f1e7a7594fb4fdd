"""Which rows a value holds and what it learnt from which rows: the values of the row-provenance analysis.

A set of rows is a small tuple that says where the rows come from, so that two sets can be compared
without knowing any data:

- `("source", key)`: rows read or made somewhere (a `read_csv` call, a name bound outside the notebook);
- `("part", rows, side, split)`: the training or test side (`"train"`, `"test"`, `"head"`, `"tail"`) of a
  split of `rows`, made by the split at `split` (a :class:`Site`);
- `("resampled", rows, site)`: `rows` with synthetic rows added or rows dropped by a resampler;
- `("union", (rows, ...))`: rows put together (`pd.concat([train, test])`);
- `("symbol", name)`: inside a function's summary, the rows of its parameter or free name `name`.

A :class:`Learned` is something fitted or computed from a set of rows (a scaler's means, `df.mean()`),
and a :class:`Value` carries its rows and everything it learnt from: leakage is a value that learnt
from rows that include those a later split puts on the test side.
"""

from dataclasses import dataclass, field

Rows = tuple


# The interpreters make a Site for most calls and a Value for most expressions they read. Slotted, their
# fields are read about three times faster than from an instance dict and no dict is made per instance;
# each __init__ writes the slots through their descriptors (what a frozen dataclass's own __init__ does
# through object.__setattr__, at twice the cost). Still frozen: setting a field afterwards raises.


@dataclass(frozen=True, init=False, slots=True)
class Site:
    """Where something happens: a node of a cell (`cell` is None inside a local module's function).

    Two sites are the same when they name the same place (cell id and number, the node's span), not only
    when they are the same object: after an edit elsewhere in a cell, what the cell made compares equal
    to what it made before, and the cells after it keep their results.
    """

    cell: object = field(compare=False)
    node: object = field(compare=False)
    label: str = ""
    """For a split: how to name it (`train_test_split`, `KFold.split`)."""
    place: tuple = field(init=False)

    def __init__(self, cell: object, node: object, label: str = "") -> None:
        _SITE_CELL(self, cell)
        _SITE_NODE(self, node)
        _SITE_LABEL(self, label)
        _SITE_PLACE(self, (id(node),) if cell is None else _place(cell, node))


_SITE_CELL, _SITE_NODE, _SITE_LABEL, _SITE_PLACE = (Site.__dict__[name].__set__ for name in ("cell", "node", "label",
                                                                                              "place"))


def _place(cell: object, node: object) -> tuple:
    """The cell's id and number and the node's span (None for what a cell or node does not have)."""
    try:
        span = (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)
    except AttributeError:  # a node without a position of its own (a comprehension's clause)
        span = node_span(node)
    return (getattr(cell, "id", None), getattr(cell, "index", None), *span)


@dataclass(frozen=True, slots=True)
class Learned:
    """What a fit or a statistic learnt, from which rows, and where."""

    core: str
    """The estimator's or statistic's call: `StandardScaler.fit_transform()`, `df.mean()`."""
    rows: Rows
    data: str
    """The source text of what it learnt from, for the message."""
    site: Site
    overlap: bool = False
    """A resampler: synthetic copies of rows, rather than statistics of them."""
    via: str = ""
    """The notebook or module function whose call made it, when it happened inside one."""

    @property
    def label(self) -> str:
        if not self.via:
            return self.core
        does = "fits" if "fit" in self.core or "resample" in self.core else "computes"
        caller = "a lambda" if self.via == "lambda" else f"{self.via}()"
        return f"{caller} (which {does} {self.core})"


@dataclass(frozen=True, init=False, slots=True)
class Value:
    """What the analysis knows of a value: its rows (None: not row-aligned data) and what it learnt from."""

    rows: Rows | None = None
    learned: frozenset = frozenset()
    kind: str = "data"
    """data, object (an estimator), learner, splitter, search, folds, function, class, module, tuple."""
    label: str = ""
    """The class of an object (`StandardScaler`, `Pipeline(StandardScaler, PCA)`), a function's name."""
    parts: tuple = ()
    """Elements of a tuple, or the (train, test) indices a splitter's folds give."""
    node: object = field(default=None, compare=False)
    """A function's or class's definition, a lambda."""
    key: object = None
    """What identifies `node` in comparisons (its id while it lives, or a module file's key)."""

    def __init__(self, rows: Rows | None = None, learned: frozenset = frozenset(), kind: str = "data", label: str = "",
                 parts: tuple = (), node: object = None, key: object = None) -> None:
        _ROWS(self, rows)
        _LEARNED(self, learned)
        _KIND(self, kind)
        _LABEL(self, label)
        _PARTS(self, parts)
        _NODE(self, node)
        _KEY(self, key)


_ROWS, _LEARNED, _KIND, _LABEL, _PARTS, _NODE, _KEY = (Value.__dict__[name].__set__ for name in (
    "rows", "learned", "kind", "label", "parts", "node", "key"))
UNKNOWN = Value(rows=None)
SIDES = ("train", "test")


def node_span(node) -> tuple:
    """Where a syntax node is: a cell re-read with the same text has new nodes in the same places."""
    return tuple(getattr(node, key, None) for key in ("lineno", "col_offset", "end_lineno", "end_col_offset"))


def symbol(name: str) -> Value:
    """A function's parameter or free name, inside its summary."""
    return Value(rows=("symbol", name), learned=frozenset({Learned("", ("symbol", name), "", None)}), kind="symbol")


def imported_name(value: Value) -> str:
    """The name an imported value was imported as (`train_test_split`, bound to `tts` or not): what a call of it
    is read by. A module's dotted name (`import a.b as c`) is read by its last part."""
    return value.label.rpartition(".")[2]


def is_symbol_marker(learned: Learned) -> bool:
    return learned.site is None


def covers(learned_rows: Rows | None, rows: Rows | None) -> bool:
    """Whether every row of `rows` was among `learned_rows`: they are the same rows, or part of them."""
    if learned_rows is None or rows is None:
        return False
    while True:
        if rows == learned_rows:
            return True
        if learned_rows[0] == "union" and any(covers(member, rows) for member in learned_rows[1]):
            return True
        if rows[0] == "union":
            return all(covers(learned_rows, member) for member in rows[1])
        if rows[0] in ("part", "resampled"):
            rows = rows[1]
            continue
        return False


def touches(learned_rows: Rows | None, rows: Rows | None) -> bool:
    """Whether some of `rows` were among `learned_rows` (copies made from part of the rows put together)."""
    if covers(learned_rows, rows):
        return True
    return rows is not None and rows[0] == "union" and any(touches(learned_rows, member) for member in rows[1])


def split_between(learned_rows: Rows | None, rows: Rows | None) -> Site | None:
    """The split that made `rows` a proper part of `learned_rows`, if it is one: a fit on all rows applied
    to one side of a split of them."""
    if learned_rows is None or rows is None or rows == learned_rows:
        return None
    split = None
    while rows[0] in ("part", "resampled"):
        if rows[0] == "part" and rows[2] in SIDES:  # head and tail slices may be a look at a few rows
            split = rows[3]
        rows = rows[1]
        if rows == learned_rows:
            return split
    return None


def remade(value: Value, rows: Rows | None, learned: frozenset) -> Value:
    """`value` with other rows and learnt set: dataclasses.replace without its walk of the fields (the
    interpreters remake values at every in-place change, join and call of a notebook function)."""
    return Value(rows, learned, value.kind, value.label, value.parts, value.node, value.key)


def join(first: Value, second: Value) -> Value:
    """Either value, as after a binding that may not run (inside an `if`, a loop, a `try`)."""
    if first == second:
        return first
    return remade(second, second.rows if second.rows is not None else first.rows, first.learned | second.learned)


def mixed(values, kind: str = "data") -> Value:
    """A value computed from several (`a - b`, `f(a, b)`): the rows of the first with rows, and
    everything any of them learnt from."""
    rows = None
    for value in values:
        if value.rows is not None and value.kind in ("data", "symbol"):
            rows = value.rows
            break
    return Value(rows=rows, learned=learned_by(values), kind=kind)


def learned_by(values) -> frozenset:
    """Everything the values learnt from (what :func:`mixed` learns, without making the value). Most values
    learnt nothing: the union is built only of those that did."""
    learned = [value.learned for value in values if value.learned]
    return learned[0] if len(learned) == 1 else frozenset().union(*learned)


def substitute_rows(rows: Rows | None, bound: dict) -> Rows | None:
    """`rows` with each symbol replaced by the rows of the value it is bound to at a call."""
    if rows is None:
        return None
    tag = rows[0]
    if tag == "symbol":
        value = bound.get(rows[1])
        return value.rows if value is not None else None
    if tag in ("part", "resampled"):
        inner = substitute_rows(rows[1], bound)
        return None if inner is None else (tag, inner, *rows[2:])
    if tag == "union":
        members = tuple(m for m in (substitute_rows(member, bound) for member in rows[1]) if m is not None)
        return ("union", members) if len(members) > 1 else (members[0] if members else None)
    return rows


def substitute(value: Value, bound: dict, call: Site, function: str, texts=None) -> Value:
    """A value of a function's summary as seen by the caller of `function` at `call`; `texts` gives the
    caller's source of each parameter, for what a fit learnt from."""
    learned: set = set()
    for item in value.learned:
        if is_symbol_marker(item):
            argument = bound.get(item.rows[1])
            if argument is not None:
                learned |= argument.learned
            continue
        data = texts.get(item.data, item.data) if texts else item.data
        learned.add(Learned(item.core, substitute_rows(item.rows, bound), data, call, item.overlap, function))
    parts = tuple(substitute(part, bound, call, function, texts) for part in value.parts)
    # The fields given at once, not through dataclasses.replace: a call of a notebook function remakes
    # every value its summary holds.
    return Value(substitute_rows(value.rows, bound), frozenset(learned), "data" if value.kind == "symbol" else value.kind,
                 value.label, parts, value.node, value.key)
