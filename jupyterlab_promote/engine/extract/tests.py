"""The pytest file written with an extracted module: tests that run and pass as generated.

Each extracted function gets a signature test. When the notebook itself called the function with
literal arguments as the last line of a cell and stored the shown result, that call and result become
an example test. Otherwise an empty, clearly named list of examples waits for the user to fill it.
"""

import ast
import os
from pathlib import Path

from ..notebook.model import Notebook
from .selection import Selection


def test_file_path(nb: Notebook, module_file: Path, boundary: Path | None = None) -> Path:
    """`tests/test_<module>.py` in the project's tests folder, or beside the module; never an existing file.

    With a `boundary`, the tests folder is looked for from the notebook's folder up to the boundary only.
    """
    from .files import check_file_name

    tests = nb.project.find_upwards("tests") if boundary is None else _tests_folder_within(nb, boundary)
    folder = tests if tests is not None and tests.is_dir() else module_file.parent
    candidate = folder / f"test_{module_file.stem}.py"
    check_file_name(candidate, "the test file")
    number = 2
    while candidate.exists():
        candidate = folder / f"test_{module_file.stem}_{number}.py"
        check_file_name(candidate, "the test file")
        number += 1
    return candidate


def _tests_folder_within(nb: Notebook, boundary: Path) -> Path | None:
    """The nearest `tests/` folder from the notebook's folder up to `boundary` (and the repository root)."""
    root, start = Path(os.path.realpath(boundary)), nb.project.folder
    if start is None or (start != root and root not in start.parents):
        return None
    for candidate in (start, *start.parents):
        if (candidate / "tests").is_dir():
            return candidate / "tests"
        if candidate == root or (candidate / ".git").exists():
            return None
    return None


def _literal_result(cell_outputs: list[dict]) -> str | None:
    for output in cell_outputs:
        if output.get("output_type") == "execute_result":
            text = output.get("data", {}).get("text/plain")
            text = "".join(text) if isinstance(text, list) else text
            try:
                ast.literal_eval(text)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                return None
            return text
    return None


def _examples(nb: Notebook, name: str) -> list[tuple[str, str]]:
    """(call text, shown result) for cells ending in `name(<literals>)` with a literal stored result."""
    found = []
    for cell in nb.python_cells:
        body = cell.parsed.tree.body
        last = body[-1] if body else None
        if not (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)):
            continue
        call = last.value
        if not (isinstance(call.func, ast.Name) and call.func.id == name):
            continue
        try:
            for argument in [*call.args, *(k.value for k in call.keywords)]:
                ast.literal_eval(argument)
        except ValueError:
            continue
        result = _literal_result(cell.outputs)
        if result is not None:
            found.append((ast.unparse(call), result))
    return found


def test_source(nb: Notebook, selection: Selection, import_name: str, function: str | None,
                test_file: Path, notebook_folder: Path) -> str:
    to_notebook = os.path.relpath(notebook_folder, test_file.parent).replace(os.sep, "/")
    lines: list[str] = []
    functions = [function] if function else []
    functions += [n for n in selection.exports if _is_function(selection, n)]
    for name in functions:
        parameters = _parameters(selection, name, function)
        lines += ["", "", f"def test_{name}_signature():",
                  f"    assert list(inspect.signature(extracted.{name}).parameters) == {parameters!r}"]
        examples = _examples(nb, name)
        if examples:
            for number, (call, result) in enumerate(examples, start=1):
                lines += ["", "", f"def test_{name}_example_{number}():",
                          f"    assert extracted.{call} == {result}"]
        else:
            constant = f"{name.upper()}_EXAMPLES"
            lines += ["", "", f"# Fill in (keyword arguments, expected result) pairs for {name}; "
                              "pytest reports the test as skipped while the list is empty.",
                      f"{constant} = []", "", "",
                      f'@pytest.mark.parametrize(("kwargs", "expected"), {constant})',
                      f"def test_{name}_examples(kwargs, expected):",
                      f"    assert extracted.{name}(**kwargs) == expected"]
    for name in selection.exports:
        if _is_class(selection, name):
            lines += ["", "", f"def test_{name}_is_a_class():", f"    assert inspect.isclass(extracted.{name})"]
        elif not _is_function(selection, name):
            lines += ["", "", f"def test_{name}_is_defined():", f"    assert hasattr(extracted, {name!r})"]
    needs_pytest = any(line.startswith("@pytest") for line in lines)
    header = [
        f'"""Tests for {import_name}, written by jupyterlab_promote when the code left the notebook."""',
        "",
        "import inspect",
        "import sys",
        "from pathlib import Path",
        "",
        *(["import pytest", ""] if needs_pytest else []),
        "# The module is imported the way the notebook imports it: from the notebook's folder.",
        f'sys.path.insert(0, str((Path(__file__).parent / "{to_notebook}").resolve()))',
        "",
        f"import {import_name} as extracted  # noqa: E402",
    ]
    return "\n".join(header + lines) + "\n"


def _definition(selection: Selection, name: str) -> ast.stmt | None:
    for cell in selection.cells:
        for statement in cell.parsed.tree.body:
            if getattr(statement, "name", None) == name:
                return statement
    return None


def _is_function(selection: Selection, name: str) -> bool:
    return isinstance(_definition(selection, name), (ast.FunctionDef, ast.AsyncFunctionDef))


def _is_class(selection: Selection, name: str) -> bool:
    return isinstance(_definition(selection, name), ast.ClassDef)


def _parameters(selection: Selection, name: str, function: str | None) -> list[str]:
    if name == function:
        return list(selection.parameters)
    definition = _definition(selection, name)
    arguments = definition.args
    every = [*arguments.posonlyargs, *arguments.args, *([arguments.vararg] if arguments.vararg else []),
             *arguments.kwonlyargs, *([arguments.kwarg] if arguments.kwarg else [])]
    return [a.arg for a in every]
