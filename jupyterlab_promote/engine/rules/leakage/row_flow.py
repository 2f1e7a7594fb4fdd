"""The notebook's rows followed cell by cell in execution order, and the leaks they show.

Each cell is run by the interpreter over the values of the names it reads (and of the free names of the
functions and classes it calls). What a cell does depends only on its text and those values, so its last
run is kept with the cell and reused while it is handed the very same values: after a one-cell edit only
the edited cell runs again, and the cells after it only if a name they need now holds a different value
(equal values are replaced by the objects bound before, so the comparison stays an identity check; the
names that differ from the previous analysis are followed cell by cell, :class:`_Since`, so that a cell
needing none of them is not even handed its inputs).

Which events show a leak is judged in judge.py.
"""

import weakref
from collections import Counter
from dataclasses import replace
from operator import is_

from ...notebook.cell_memo import per_text
from ...notebook.dataflow import cell_reads
from ...notebook.model import Cell, Notebook
from .execution_order import execution_order
from .interpret import Interpreter
from .judge import Leak, judge
from .local_modules import imported_modules, imported_stamps, may_be_local, project_listings
from .rows import Site
from .summaries import names_used


def leaks(nb: Notebook) -> tuple[Leak, ...]:
    """The notebook's leaks, found once per analysis for the rules that report them."""
    return nb.shared("row_leaks", lambda notebook: _rebound(judge(row_events(notebook)), notebook))


def row_events(nb: Notebook) -> tuple:
    """What the notebook's cells do to rows, in execution order (the events of interpret.py), once per
    analysis. Their sites may name an earlier version of a cell: :func:`site_in` names the current one."""
    return nb.shared("row_events", _events)


def _events(nb: Notebook) -> tuple:
    project = nb.project if nb.path is not None else None
    local = project_listings(project)
    env: dict = {}
    functions: set[str] = set()
    events: list = []
    state = _START
    since = _Since()
    for cell in execution_order(nb.python_cells):
        modules = imported_modules(cell)
        local_import = bool(modules) and may_be_local(modules, local)
        step = cell.summaries.get(_LAST_STEP)
        if step is not None and step[0] is state and not local_import:
            # The cell ran last time on this very state (every cell before it handed the same values) and
            # reads no local module: its last run stands, without looking up what it reads.
            _, state, result = step
            since.same(state)
        else:
            reads = _reads(cell)
            needed = _needed_for(cell, reads, env, functions) if not functions.isdisjoint(reads) else reads
            if not local_import and since.unchanged_for(step, needed):
                # Only names the cell does not need differ from the state it ran on last time (the cell
                # edited above bound a new name): its last run stands.
                result = step[2]
                state = _next_state(cell, step, state, result)
            else:
                if step is None:
                    step = _earlier_step(cell)  # the edited cell's previous version, to compare with
                inputs = tuple(map(env.get, needed))  # None for a name nothing bound yet
                stamps = imported_stamps(project, modules) if local_import else ()
                result = _cell_result(cell, needed, inputs, stamps, project if stamps else None)
                state = _next_state(cell, cell.summaries.get(_LAST_STEP), state, result)
            since.ran(step, result)
        bound, made, defined = result
        env.update(bound)
        functions.update(defined)
        events.extend(made)
    return tuple(events)


def _earlier_step(cell: Cell):
    """The last step of the previous version of the cell (by id), which an edit replaced."""
    earlier = _LATEST_CELL.get(cell.id) if cell.id else None
    return earlier.summaries.get(_LAST_STEP) if earlier is not None and earlier is not cell else None


class _Since:
    """How the values bound so far differ from those the previous analysis had at the same point: the
    state the previous analysis left there (None once the two runs no longer line up: cells moved, a cell
    new) and the names whose values are other objects than they were there."""

    def __init__(self) -> None:
        self.old: object = _START
        self.changed: set[str] = set()

    def same(self, state: object) -> None:
        """This run is at the very state the previous one was."""
        self.old = state
        self.changed = set()

    def unchanged_for(self, step, needed) -> bool:
        """Whether the cell's last run was on the previous analysis's state here and none of the names it
        needs has changed since."""
        return step is not None and self.old is not None and step[0] is self.old and self.changed.isdisjoint(needed)

    def ran(self, step, result: tuple) -> None:
        """The cell bound `result`; its last run had bound `step[2]` on the previous analysis's state."""
        if step is None or self.old is None or step[0] is not self.old:
            self.old = None
            return
        self.old = step[1]
        if step[2] is result:
            self.changed.difference_update(result[0])  # both runs bound the very same values
            return
        before, now = step[2][0], result[0]
        for name in before.keys() | now.keys():
            if name in before and name in now and before[name] is now[name]:
                self.changed.discard(name)
            else:
                self.changed.add(name)


def site_in(nb: Notebook, at: Site) -> Site:
    """`at` naming the notebook's cell: a run reused from an earlier version of a cell (the same text,
    renumbered or re-read) made sites that name that earlier Cell and its number."""
    if at.cell is None:
        return at
    now = cell_in(nb, at.cell)
    return at if now is at.cell else Site(now, at.node, at.label)


def cell_in(nb: Notebook, cell: Cell) -> Cell:
    """The notebook's Cell for `cell`: itself, or the cell with its id when it is an earlier version a
    reused run holds (an id held twice names no one cell, and the cell stays as it is)."""
    present, current = nb.shared("row_cells", _current_cells)
    return cell if id(cell) in present else current.get(cell.id, cell)


def _current_cells(nb: Notebook) -> tuple[set, dict]:
    cells = nb.python_cells
    ids = Counter(cell.id for cell in cells if cell.id)
    current = {cell.id: cell for cell in cells if ids[cell.id] == 1}  # an id held twice names no one cell
    return set(map(id, cells)), current


def _rebound(found: tuple[Leak, ...], nb: Notebook) -> tuple[Leak, ...]:
    """The leaks with their sites naming the notebook's cells (:func:`site_in`)."""
    rebound = []
    for leak in found:
        learned, split = site_in(nb, leak.learned.site), site_in(nb, leak.split)
        if learned is not leak.learned.site or split is not leak.split:
            leak = Leak(replace(leak.learned, site=learned), split, leak.applied)
        rebound.append(leak)
    return tuple(rebound)


# The state of the run (the values bound so far and the functions among them) before the first cell. Each
# cell keeps the state it ran on and the state it left (_LAST_STEP): a cell handed the very state it ran on
# last time binds the very same values again, so after a one-cell edit the cells above the edit are
# replayed without asking what they read.
_START = object()
_LAST_STEP = "leakage.row_flow.last_step"


def _next_state(cell: Cell, step, state: object, result: tuple) -> object:
    """The state after the cell: the one it left last time when it ran on the same state and its run was
    reused (the same result object), a new one otherwise."""
    if step is not None and step[0] is state and step[2] is result:
        return step[1]
    after = object()
    cell.summaries[_LAST_STEP] = (state, after, result)
    return after


def _same_run(last: tuple | None, needed: tuple, inputs: tuple, stamps: tuple) -> bool:
    """Whether a kept run was handed these very values (by identity, under the same names) and stamps."""
    return (last is not None and last[2] == stamps and (last[0] is needed or last[0] == needed)
            and all(map(is_, last[1], inputs)))


def _cell_result(cell: Cell, needed: tuple, inputs: tuple, stamps: tuple, project) -> tuple[dict, tuple, tuple]:
    """The cell's run for these inputs. Unchanged cells before it hand over the very same values, so the
    last run is found by identity first, without hashing the values (a one-cell edit compares 300 cells)."""
    last = cell.summaries.get(_LAST_RUN)
    if _same_run(last, needed, inputs, stamps):
        return last[3]
    if last is None and cell.id:
        # The previous version of the cell by id: a cell renumbered by an insert or a delete above it is a
        # new Cell with the same text, and handed the very same values its last run stands (its sites name
        # the earlier Cell: the leaks found are rebound to the notebook's cells, _rebound).
        earlier = _LATEST_CELL.get(cell.id)
        last = earlier.summaries.get(_LAST_RUN) if earlier is not None else None
        if earlier is not None and earlier.source == cell.source and _same_run(last, needed, inputs, stamps):
            cell.summaries[_LAST_RUN] = last
            _LATEST_CELL[cell.id] = cell
            return last[3]
    bound, events, defined = _run_cell(cell, needed, inputs, project)
    # What the cell bound last time (this cell, or its previous version by id): each value equal to the one
    # it bound before is replaced by that object, so the cells after it find their own last run.
    previous = last[3][0] if last is not None else None
    if previous:
        bound = {name: previous[name] if previous.get(name) == value else value for name, value in bound.items()}
    result = (bound, events, defined)
    cell.summaries[_LAST_RUN] = (needed, inputs, stamps, result)
    if cell.id:
        _LATEST_CELL[cell.id] = cell
    return result


_LAST_RUN = "leakage.row_flow.last_run"
# The latest version run of each cell id, for its next version (an edit makes a new Cell). Weak: a cell the
# engine no longer keeps (the CLI forgets each notebook) is not kept alive here.
_LATEST_CELL: "weakref.WeakValueDictionary[str, Cell]" = weakref.WeakValueDictionary()


def _has_code(value) -> bool:
    """A notebook function, class or instance of one: its code reads the notebook's names when called."""
    return value is not None and isinstance(value.key, int) and value.node is not None


def _needed_for(cell: Cell, read: tuple[str, ...], env: dict, functions: set[str]) -> tuple[str, ...]:
    """:func:`_needed`, kept with the cell while the functions and classes it reaches are the same values
    and no other name it needs has become one (`functions`: the names bound to code so far)."""
    last = cell.summaries.get(_LAST_NEEDED)
    if (last is not None and all(env.get(name) is value for name, value in last[0])
            and functions.intersection(last[2]) == last[3]):
        return last[1]
    reached, needed = _needed(read, env)
    names = frozenset(needed)
    cell.summaries[_LAST_NEEDED] = (tuple((name, env.get(name)) for name in reached), needed, names,
                                    functions.intersection(names))
    return needed


_LAST_NEEDED = "leakage.row_flow.last_needed"


def _needed(read: tuple[str, ...], env: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names whose values the cell's run may read: those it reads, and the free names of the
    notebook functions among them (their bodies read the caller's values); and the names of the code it
    reached to find them."""
    names = set(read)
    pending = [n for n in names if _has_code(env.get(n))]
    reached = set(pending)
    seen = set()
    while pending:
        value = env.get(pending.pop())
        if value is None or id(value.node) in seen:
            continue
        seen.add(id(value.node))
        for free in names_used(value.node):
            if free not in names:
                names.add(free)
                if _has_code(env.get(free)):
                    pending.append(free)
                    reached.add(free)
    return tuple(sorted(reached)), tuple(sorted(names))


@per_text
def _reads(cell: Cell) -> tuple[str, ...]:
    """The names the cell reads, in order (kept alone: the set operations asked of them take any iterable).
    A fitted object or a frame changed in place is read as well (dataflow leaves refits out of reads)."""
    return tuple(sorted(cell_reads(cell)))


def _run_cell(cell: Cell, needed: tuple, inputs: tuple, project) -> tuple[dict, tuple, tuple]:
    """What running the cell binds (name → value), the events it makes and the functions it defines,
    for the values of the names it needs (None: not bound)."""
    given = {name: value for name, value in zip(needed, inputs) if value is not None}
    env = dict(given)
    interpreter = Interpreter(env, cell)
    interpreter.project = project
    interpreter.run(cell.parsed.tree.body)
    # Most inputs are still the very objects given: an identity test spares comparing their fields.
    bound = {name: value for name, value in env.items()
             if (before := given.get(name)) is not value and before != value}
    defined = tuple(name for name, value in bound.items() if _has_code(value))
    return bound, tuple(interpreter.events), defined
