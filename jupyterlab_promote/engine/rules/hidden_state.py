"""hidden_state: a notebook whose stored results do not follow from running it top to bottom."""

from collections.abc import Iterator

from ..fixes.edits import move_cell, run_command
from ..notebook.cell_memo import cells_where, per_cell
from ..notebook.model import PYTHON2_BUILTINS, Cell, Notebook
from ..text.wording import counted
from .base import Fix, Rule, Violation, at_node
from .cell_syntax import cell_label, invalid_syntax, python2_notebook
from .name_readers import readers
from .namespace import (
    SESSION_NAMES,
    all_read_names,
    call_positions,
    first_reads,
    function_globals,
    kernel_definitions,
)
from .seed_fixes import argument_fix, seed_cell_fix
from .seeding import SEED_CALLS, RandomUse, random_uses, seeded

RESTART_RUN_ALL = Fix(
    "restart-run-all", "Restart the kernel and run all cells", "unsafe",
    (run_command("notebook:restart-run-all", "Restart the kernel and run all cells"),),
)


def out_of_order_execution(nb: Notebook) -> Iterator[Violation]:
    """Cells ran in a different order than they appear.

    Why: the stored outputs come from an order nobody can see; a colleague or a scheduler runs the
    notebook top to bottom and gets different results, or an error.
    Example: cell 3 shows `[7]`, the cell below it `[5]`.
    Instead: restart the kernel and run all cells, then save.
    """
    ran = cells_where(_ran_code, nb.code_cells)
    # Report where the order breaks, not every cell after an early cell that was re-run last.
    for previous, cell in zip(ran, ran[1:]):
        if cell.execution_count < (previous.execution_count or 0):
            yield Violation(
                f"Ran as [{cell.execution_count}] after {cell_label(previous)} above ran as "
                f"[{previous.execution_count}]: top-to-bottom order is not the order it ran",
                cell,
                fixes=(RESTART_RUN_ALL,),
            )


@per_cell
def _ran_code(cell: Cell) -> bool:
    """Whether the cell has an execution count and holds code: the cells whose order is compared (kept per
    cell, and filtered once per edit for the changed cells only)."""
    return _number(cell) is not None and not _holds_no_code(cell)


def skipped_execution_counts(nb: Notebook) -> Iterator[Violation]:
    """Execution counts skip numbers: code ran that is no longer in the notebook, or ran repeatedly.

    Why: the skipped runs may have defined names or changed data that the saved notebook relies on.
    Example: counts `[1] [2] [6]`: three executions left no trace.
    Instead: restart the kernel and run all cells, then save.
    """
    counts = sorted({count for c in nb.code_cells if (count := _number(c)) is not None})
    if len(counts) < 2:
        return
    missing = (counts[-1] - counts[0] + 1) - len(counts)
    if missing <= 0:
        return
    previous = None
    for cell in nb.code_cells:
        count = _number(cell)
        if count is None:
            continue
        if previous is not None and count > previous + 1:
            here = count - previous - 1
            elsewhere = "" if here == missing else f", {missing} in the whole notebook"
            yield Violation(
                f"Execution counts jump from [{previous}] to [{count}] ({counted(here, 'number')} skipped"
                f"{elsewhere}): code ran that the notebook no longer shows",
                cell,
                fixes=(RESTART_RUN_ALL,),
            )
            return
        previous = count


def unexecuted_cell(nb: Notebook) -> Iterator[Violation]:
    """A code cell was never run while cells above and below it were.

    Why: its code and the stored results disagree; whatever it would change is missing from them.
    Example: a cell without `[n]` between executed cells.
    Instead: run it (or delete it), ideally with restart-and-run-all.
    """
    code = nb.code_cells
    ran = [position for position, cell in enumerate(code) if cell.execution_count is not None]
    # Only between the first and the last cell that ran: an unrun tail is work not reached yet.
    for cell in code[ran[0] + 1:ran[-1]] if ran else ():
        if cell.execution_count is None and cell.source.strip():
            yield Violation("Code cell never ran, although cells above and below it did", cell,
                            fixes=(RESTART_RUN_ALL,))


def _holds_no_code(cell: Cell) -> bool:
    """Only comments or blank lines: running it changed nothing, so when it ran says nothing about the
    order of the others (a `# Go to the next notebook` cell run in another session)."""
    tree = cell.parsed.tree
    return tree is not None and not tree.body and cell.parsed.syntax_error is None


def _number(cell: Cell) -> int | None:
    """The cell's execution count, None when unknown: Jupyter numbers runs from 1, and the 0 that Colab
    saves on cells it did not number says nothing about when they ran."""
    count = cell.execution_count
    return count if count is not None and count > 0 else None


def use_before_definition(nb: Notebook) -> Iterator[Violation]:
    """A cell uses a name that only a cell further down defines.

    Why: it worked because the lower cell ran first; a restart-and-run-all fails with NameError here.
    Example: cell 4 calls `scale(df)`; `def scale` is in cell 7.
    Instead: move the defining cell above its first use.
    """
    first, _ = kernel_definitions(nb)
    found = []
    first_use: dict[str, int] = {}
    python2 = nb.written_in_python2
    cells, read = nb.python_cells, readers(nb).positions
    # Most cells read nothing defined below them: only the names both read and defined are looked at,
    # each for the cells reading it above its first definition.
    early = sorted({position for name in read.keys() & first.keys() for position in read[name]
                    if cells[position].index < first[name]})
    for cell in map(cells.__getitem__, early):
        for ref, _ in first_reads(cell)[0]:
            if python2 and ref.name in PYTHON2_BUILTINS:
                continue
            defining = first.get(ref.name)
            if defining is None or defining <= cell.index:
                continue
            first_use.setdefault(ref.name, cell.index)
            found.append((cell, ref, defining))
    for cell, ref, defining in found:
        fix = _move_above(nb, nb.cells[defining], nb.cells[first_use[ref.name]])
        yield at_node(
            f"'{ref.name}' is used here but defined only further down (cell #{defining + 1}): "
            "a restart-and-run-all fails here",
            cell,
            ref,
            fixes=(fix,) if fix else (),
        )
    yield from _calls_before_globals(nb, first)


def _calls_before_globals(nb: Notebook, first: dict[str, int]) -> Iterator[Violation]:
    """A function is called in a cell above the one that defines a name its body reads: `def score(x):
    return x > threshold`, `flags = score(0.7)`, and `threshold = 0.5` below."""
    # Only a function reading a name first defined below its own cell can be called too early.
    early = {function for cell in cells_where(_defines_functions, nb.python_cells)
             for function, reads in function_globals(cell).items()
             if any(first.get(name, -1) > cell.index for name in reads)}
    functions: dict[str, frozenset[str]] = {}
    reported: set[tuple[str, str]] = set()
    for cell in nb.python_cells if early else ():
        functions.update(function_globals(cell))
        for ref, _ in first_reads(cell)[0]:
            if ref.name not in early:
                continue
            late = [n for n in sorted(functions.get(ref.name, ())) if first.get(n, -1) > cell.index]
            # Handing a function on (`cb = score`) does not run it yet: only a call counts.
            if not late or (ref.line, ref.col) not in call_positions(cell):
                continue
            for name in late:
                if (ref.name, name) not in reported:
                    reported.add((ref.name, name))
                    yield at_node(f"'{ref.name}' reads '{name}', which is defined only further down (cell "
                                  f"#{first[name] + 1}): run from here, a restart-and-run-all fails", cell, ref)


@per_cell
def _defines_functions(cell: Cell) -> bool:
    return bool(function_globals(cell))


def _move_above(nb: Notebook, defining: Cell, using: Cell) -> Fix | None:
    """Move the defining cell just above the first cell that uses its name, when that cannot change it.

    Refused when the defining cell reads or rebinds a name that the cells it would jump over bind.
    """
    if defining.parsed.tree is None or defining.id is None or using.id is None:
        return None
    between = [c for c in nb.code_cells if using.index <= c.index < defining.index]
    bound_between: set[str] = set()
    for cell in between:
        if cell.parsed.tree is None:
            return None
        bound_between |= cell.parsed.names.defined_names
    names = defining.parsed.names
    if {ref.name for ref in names.used} & bound_between or names.defined_names & bound_between:
        return None
    after = nb.cells[using.index - 1] if using.index > 0 else None
    if after is not None and after.id is None:
        return None
    return Fix("move-definition", f"Move the defining cell ({cell_label(defining)}) above {cell_label(using)}",
               "unsafe", (move_cell(defining, after),))


def undefined_name(nb: Notebook) -> Iterator[Violation]:
    """A name is used that no cell, import or builtin defines: probably from a deleted cell.

    Why: the kernel still remembers it, so the notebook seems to work; nobody else can run it.
    Example: `model.predict(X)` where the cell defining `model` was deleted.
    Instead: restore the definition (the kernel's history has it) or remove the use.
    """
    first, opaque = kernel_definitions(nb)
    if opaque:
        return
    # Python 2's builtins are defined in a notebook written for it: python2-notebook (or invalid-syntax) says so.
    python2 = nb.written_in_python2
    for cell in nb.python_cells:
        if first.keys() >= all_read_names(cell):
            continue  # every name it reads is defined somewhere: one set comparison in C
        for ref, deferred in first_reads(cell)[1]:
            if ref.name in first or (python2 and ref.name in PYTHON2_BUILTINS):
                continue
            where = " inside a function" if deferred else ""
            why = "a deleted cell?" if ref.name not in SESSION_NAMES else (
                "a Spark kernel or a Jupyter started by pyspark provides it; this notebook's kernel does not")
            yield at_node(
                f"'{ref.name}' is used{where} but no cell defines or imports it ({why})",
                cell,
                ref,
                severity="warning" if deferred else None,
            )


def unseeded_randomness(nb: Notebook) -> Iterator[Violation]:
    """Random numbers are drawn with no seed set: each run gives different results.

    Why: models, splits and samples change on every run, so results cannot be reproduced, compared or
    debugged, and a rerun in production does not match the notebook.
    Example: `np.random.shuffle(idx)` or `RandomForestClassifier()` with no `np.random.seed(...)` before.
    Instead: seed every library once after the imports (`random.seed(0)`, `np.random.seed(0)`,
    `torch.manual_seed(0)`), pass `random_state=` to estimators, use `np.random.default_rng(0)`.
    """
    uses, seeds = random_uses(nb)
    first: dict[str, RandomUse] = {}
    for use in uses:
        if use.library not in first and not seeded(use, seeds):
            first[use.library] = use
    if not first:
        return
    seed_fix = seed_cell_fix(nb, set(first) - {"generator"}, min(u.cell.index for u in first.values()))
    for library, use in first.items():
        if library == "generator":
            message = f"{use.what} without a seed gives different numbers on every run"
            fixes = argument_fix(use, "0", "Seed the generator")
        else:
            drawn = "has no random_state" if library == "sklearn" else "draws random numbers"
            message = f"{use.what} {drawn} and no {SEED_CALLS[library]} runs before it: every run differs"
            fixes = argument_fix(use, "random_state=0", "Pass random_state=0") if library == "sklearn" else ()
            fixes += (seed_fix,) if seed_fix else ()
        yield at_node(message, use.cell, use.node, fixes=fixes)


RULES = (
    Rule("HS001", "out-of-order-execution", "hidden_state", "warning", out_of_order_execution, points=4, fixable=True),
    Rule("HS002", "skipped-execution-count", "hidden_state", "info", skipped_execution_counts, points=2, fixable=True),
    Rule("HS003", "unexecuted-cell", "hidden_state", "info", unexecuted_cell, points=1, fixable=True),
    Rule("HS004", "use-before-definition", "hidden_state", "error", use_before_definition, points=6, fixable=True),
    Rule("HS005", "undefined-name", "hidden_state", "error", undefined_name, points=6,
         other_severities=("warning",)),
    Rule("HS006", "invalid-syntax", "hidden_state", "error", invalid_syntax, points=6),
    Rule("HS007", "unseeded-randomness", "hidden_state", "warning", unseeded_randomness, points=3, fixable=True),
    Rule("HS014", "python2-notebook", "hidden_state", "error", python2_notebook, points=6),
)
