"""What a live IPython kernel knows that the notebook does not show: the pure half of the comparison.

The server (kernel_query.py) asks the notebook's running kernel, without adding to its history or
outputs, for the user names in its namespace and the code it executed this session. Here that is set
against the notebook's current cells:

- names in the namespace whose last defining code is in no current cell (a deleted cell), when a
  current cell uses them: the notebook only works with that kernel;
- cells whose source differs from what the kernel ran under their execution count (edited since).

Rules (rules/kernel_history.py) read the facts attached to the analysed notebook; without facts
(no kernel, or not asked) they find nothing.
"""

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from .model import Cell, Notebook
from .source import parse_cell

FACTS_KEY = "kernel_state"

# Evaluated in the user's namespace as a user expression (silent, no history): the user's names, one a
# line in a string (IPython's display of a list stops at 1,000 items; a string's is never cut). Every
# name it uses is its own: the builtins come from a generator's frame (`f_builtins`), never from a name
# the user can rebind, so a user's `sorted = None`, `str = ...` or `get_ipython = ...` changes nothing.
NAMES_EXPRESSION = (
    "(lambda b: (lambda shell: '\\n'.join(b['sorted']("
    "n for n in b['list'](shell.user_ns) if b['isinstance'](n, b['str']) and n.isidentifier() "
    "and not n.startswith('_') and n not in shell.user_ns_hidden)))"
    "(b['__import__']('IPython').get_ipython()))((_ for _ in ()).gi_frame.f_builtins)"
)


@dataclass(frozen=True)
class KernelFacts:
    names: frozenset[str]
    """User names in the kernel's namespace (IPython's own and `_`-names left out)."""
    history: tuple[tuple[int, str], ...]
    """(execution count, raw source) of what the kernel ran this session, in order."""
    packages: tuple[tuple[str, str], ...] = ()
    """(distribution, version) of the notebook's imports the kernel has loaded, and ("python", version)
    (kernel_versions.py); empty when not asked or not answered."""


@dataclass(frozen=True)
class DeletedDefinition:
    name: str
    count: int
    """The execution count of the code that last defined the name."""
    source: str
    cell: Cell
    """The first current cell that uses the name."""
    node: object


def parse_names_reply(text: object) -> frozenset[str]:
    """The names from the `text/plain` repr of NAMES_EXPRESSION's value (a string of lines, or a list of
    names); ValueError for anything else."""
    if not isinstance(text, str):
        raise ValueError("the kernel's answer is not text")
    try:
        value = ast.literal_eval(text)
    except (SyntaxError, TypeError, MemoryError, RecursionError) as error:
        raise ValueError(f"the kernel's answer is not a Python literal ({type(error).__name__})") from None
    if isinstance(value, str):
        value = [name for name in value.split("\n") if name]
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise ValueError("the kernel's answer is not a list of names")
    return frozenset(value)


def attach_facts(nb: Notebook, facts: KernelFacts) -> None:
    """Give the analysed notebook what its kernel said (before the analysis runs)."""
    from .kernel_versions import attach_kernel_packages

    nb.shared(FACTS_KEY, lambda _: facts)
    if facts.packages:
        attach_kernel_packages(nb, dict(facts.packages))


def facts_of(nb: Notebook) -> KernelFacts | None:
    return nb.shared(FACTS_KEY, lambda _: None)


def _same_code(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def deleted_definitions(nb: Notebook, facts: KernelFacts) -> Iterator[DeletedDefinition]:
    """Names the kernel holds and a current cell uses, whose defining code no current cell has."""
    defined_now: set[str] = set()
    for cell in nb.python_cells:
        defined_now |= cell.parsed.names.defined_names
    current = {_same_code(cell.source) for cell in nb.code_cells}
    last_definition: dict[str, tuple[int, str]] = {}
    for count, source in facts.history:
        parsed = parse_cell(source)
        if parsed.tree is not None:
            for name in parsed.names.defined_names:
                last_definition[name] = (count, source)
    wanted = {
        name: found for name, found in last_definition.items()
        if name in facts.names and name not in defined_now and _same_code(found[1]) not in current
    }
    for cell in nb.python_cells:
        names = cell.parsed.names
        for ref in (*names.used, *names.deferred):
            found = wanted.pop(ref.name, None)
            if found is not None:
                yield DeletedDefinition(ref.name, found[0], found[1], cell, ref)


def edited_since_run(nb: Notebook, facts: KernelFacts) -> Iterator[tuple[Cell, str]]:
    """Code cells whose source is not what the kernel ran under their execution count.

    A count the kernel ran for another current cell (counts from an earlier session) is not evidence.
    """
    ran = {count: _same_code(source) for count, source in facts.history}
    current = [_same_code(cell.source) for cell in nb.code_cells]
    for cell, text in zip(nb.code_cells, current):
        before = ran.get(cell.execution_count) if cell.execution_count is not None else None
        if before is None or before == text or before in current:
            continue
        yield cell, before
