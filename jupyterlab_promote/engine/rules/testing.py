"""testing: functions nothing tests, and no tests near the notebook."""

from collections.abc import Iterator
from dataclasses import dataclass

from ..files.bounded import parse_file_cached
from ..notebook.model import Cell, Notebook
from .assert_reach import assigned_from, identifiers, reached
from .base import Fix, Rule, Violation, at_node
from .function_facts import FunctionNode, merged_facts

# Files and folders that show a project runs checks automatically, from the notebook up to the repo root.
CI_CONFIGS = (".github/workflows", ".gitlab-ci.yml", ".circleci", "azure-pipelines.yml", ".travis.yml",
              "Jenkinsfile", "bitbucket-pipelines.yml", ".drone.yml", "tox.ini", "noxfile.py", "pytest.ini",
              "conftest.py", "ci/promote.sh")


@dataclass(frozen=True)
class _Span:
    """Where a function's name is in its `def` line, in ast's terms (byte columns)."""

    lineno: int
    col_offset: int
    end_lineno: int
    end_col_offset: int


def _project_test_names(nb: Notebook) -> set[str]:
    """Every identifier in the project's test files (read through the file cache)."""
    names: set[str] = set()
    for path in nb.project.test_files:
        names |= parse_file_cached(path, identifiers) or frozenset()
    return names


def _name_span(cell: Cell, node: FunctionNode) -> _Span:
    """The function's name after `def` (ast gives the position of the whole statement)."""
    lines = cell.parsed.python.split("\n")
    line = lines[node.lineno - 1].encode("utf-8") if node.lineno <= len(lines) else b""
    name = node.name.encode("utf-8")
    start = line.find(b"def", node.col_offset) + len(b"def")
    while start < len(line) and line[start] in b" \t":
        start += 1
    if line[start: start + len(name)] != name:
        return _Span(node.lineno, node.col_offset, node.lineno, node.col_offset)
    return _Span(node.lineno, start, node.lineno, start + len(name))


def untested_function(nb: Notebook) -> Iterator[Violation]:
    """A function the notebook defines that no test, assert or doctest exercises.

    Why: notebook functions carry the logic that goes to production; untested, a change that breaks
    them shows up only as wrong numbers downstream.
    Example: `def clean(df): ...` and nothing ever checks what `clean` returns.
    Instead: add a `test_clean` in `tests/` (or an `assert` on its result), or extract it to a module
    with tests.
    """
    notebook = merged_facts(nb)
    definitions, candidates, calls, exercised = notebook.definitions, notebook.candidates, notebook.calls, notebook.exercised
    if not candidates:
        return
    checked: set[str] | frozenset[str] = notebook.checked
    if nb.path is not None and any(name not in checked for name in candidates):
        checked = checked | _project_test_names(nb)
        exercised = reached(checked, calls, {})
    if any(name not in exercised for name in candidates) and any(name not in definitions for name in checked):
        exercised = notebook.reach_through(checked, assigned_from(nb))
    where = "no assert, test, doctest or test file" if nb.path is not None else "no assert, test or doctest"
    for name in candidates:
        if name not in exercised:
            cell, function = definitions[name]
            yield at_node(f"Function '{name}' is never tested: {where} exercises it", cell, _name_span(cell, function.node))


def no_tests_near_notebook(nb: Notebook) -> Iterator[Violation]:
    """The notebook defines functions but has no tests folder, test files or CI configuration near it.

    Why: without a place for tests and something that runs them, nothing catches a change that breaks
    the notebook's logic before it reaches production.
    Example: `analysis/churn.ipynb` with five functions; no `tests/`, no `.github/workflows` up to the repo root.
    Instead: extract the functions to a module with tests (Extract to module writes them) and run them in CI
    (Add CI writes a GitHub Actions workflow, or `ci/promote.sh` for other CI, with the readiness check, a
    clean re-run and the tests).
    """
    if nb.path is None or nb.project.folder is None:
        return
    notebook = merged_facts(nb)
    count = len(notebook.candidates)
    if not count or notebook.has_tests:
        return
    project = nb.project
    if project.tests_folder is not None or project.test_files or project.nearest(*CI_CONFIGS) is not None:
        return
    from .add_ci import add_ci  # only when the rule fires: it reads the repository's config

    ci = add_ci(nb)
    yield Violation(
        f"No tests folder, test files or CI configuration near this notebook, which defines "
        f"{count} function{'s' if count > 1 else ''} worth testing",
        fixes=(Fix("extract-with-tests", "Extract the functions to a module with tests (Extract to module)", "manual"),
               *((ci,) if ci else ())),
    )


RULES = (
    Rule("TS001", "untested-function", "testing", "info", untested_function, points=1),
    Rule("TS002", "no-tests-near-notebook", "testing", "warning", no_tests_near_notebook, points=3, fixable=True),
)
