"""`jupyter-promote extract`: the panel's "Extract to module", headless.

Exit codes: 0 done (or previewed with --dry-run), 1 refused with nothing written, 2 bad usage.
"""

import argparse
from pathlib import Path

from .visible import visible, visible_lines


def add_parser(commands) -> None:
    extract = commands.add_parser(
        "extract", help="move cells into a Python module with tests",
        description="Move cells into a module (and a test file); the notebook then imports and calls it.",
    )
    extract.add_argument("notebook", metavar="NB", help="the notebook")
    which = extract.add_mutually_exclusive_group(required=True)
    which.add_argument("--cells", metavar="CELLS",
                       help="cells by 0-based index among all cells, or by id, comma-separated (3,4,7)")
    which.add_argument("--duplicate", metavar="CELL:LINE",
                       help="a repeated block (cell id or index, and a line in it): one function called at every copy")
    extract.add_argument("--module", required=True, metavar="PATH",
                         help="the module to write, relative to the notebook's folder (pkg/features.py)")
    extract.add_argument("--function", metavar="NAME", help="name of the function made from top-level code")
    extract.add_argument("--no-tests", action="store_true", help="do not write a test file")
    extract.add_argument("--append", action="store_true", help="append to the module if it exists (no name clashes)")
    extract.add_argument("--dry-run", action="store_true", help="show what would be written; change nothing")


def _refs(text: str) -> list[str | int]:
    refs: list[str | int] = []
    for part in (p.strip() for p in text.split(",")):
        if part:
            refs.append(int(part) if part.isdigit() else part)
    return refs


def run(args: argparse.Namespace, usage_error: type[Exception]) -> int:
    from .engine import ConfigError, NotebookError, load_config
    from .engine.extract.cells import plan_extract
    from .engine.extract.files import write_files
    from .engine.extract.selection import ExtractRefused, UnusableFileName
    from .engine.files.atomic import write_text_atomic
    from .engine.fixes.applying import with_cell_ids
    from .engine.fixes.edits import apply_edits
    from .engine.notebook.reading import notebook_text, read_notebook_file

    path = Path(args.notebook)
    refs = _refs(args.cells) if args.cells is not None else []
    if args.cells is not None and not refs:
        raise usage_error("--cells needs at least one cell index or id")
    if args.duplicate is not None and (":" not in args.duplicate or not args.duplicate.rsplit(":", 1)[1].isdigit()):
        raise usage_error("--duplicate takes CELL:LINE, e.g. 4:2 or a1b2c3:2")
    try:
        data = with_cell_ids(read_notebook_file(path, load_config(path).max_notebook_mb))
    except (NotebookError, ConfigError) as error:
        raise usage_error(f"{path}: {error}") from None
    try:
        if args.duplicate is not None:
            plan = _plan_duplicate(data, path, args)
        else:
            plan = plan_extract(data, path.absolute(), refs, args.module, args.function, not args.no_tests, args.append)
    except UnusableFileName as error:
        raise usage_error(str(error)) from None
    except ExtractRefused as error:
        print(f"jupyter-promote: refused, nothing written: {visible(error)}")
        return 1
    updated, _ = apply_edits(data, plan.edits)
    if args.dry_run:
        _preview(plan, data, updated)
        return 0
    try:
        # The notebook is written last, inside write_files: if it fails, the new files are undone too.
        written = write_files(plan, path.absolute().parent, then=lambda: write_text_atomic(path, notebook_text(updated)))
    except ExtractRefused as error:
        print(f"jupyter-promote: refused, nothing written: {visible(error)}")
        return 1
    for file in written:
        print(f"wrote {visible(file)}")
    print(f"changed {visible(path)}: {'the cells now import' if plan.function is None else 'the cells now call'} "
          f"{visible(plan.import_name)}")
    for note in plan.notes:
        print(f"note: {visible(note)}")
    return 0


def _plan_duplicate(data: dict, path: Path, args: argparse.Namespace):
    from .engine.extract.duplicates import plan_duplicate_extract
    from .engine.extract.selection import ExtractRefused

    cell, line = args.duplicate.rsplit(":", 1)
    if cell.isdigit():
        if not 0 <= int(cell) < len(data["cells"]):
            raise ExtractRefused(f"there is no cell {cell}")
        cell = data["cells"][int(cell)]["id"]
    return plan_duplicate_extract(data, path.absolute(), cell, int(line), args.module,
                                  args.function or "repeated_block", not args.no_tests)


def _preview(plan, before: dict, after: dict) -> None:
    print(f"# {visible(plan.module_path)} ({'appended' if plan.appends else 'new'}, {plan.applicability})")
    print(visible_lines(plan.module_source))
    if plan.test_path:
        print(f"# {visible(plan.test_path)}")
        print(visible_lines(plan.test_source))
    changed = {cell["id"]: "".join(cell["source"]) for cell in after["cells"]}
    for index, cell in enumerate(before["cells"]):
        source = "".join(cell["source"])
        if cell["id"] not in changed:
            print(f"# the notebook's cell #{index + 1} (index {index}) is deleted")
        elif changed[cell["id"]] != source:
            print(f"# the notebook's cell #{index + 1} (index {index}) becomes:")
            print(visible_lines(changed[cell["id"]]))
    for note in plan.notes:
        print(f"note: {visible(note)}")
