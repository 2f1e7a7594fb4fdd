"""`jupyter-promote verify` and `jupyter-promote badge`: readiness before sharing, headless.

verify exit codes: 0 every cell the same, 1 a cell differs or fails (or the run timed out), 2 could not
run (no such kernel, not a notebook, bad usage). badge: 0 written, 2 bad usage, unreadable notebook,
or an existing output file without --force.
"""

import argparse
import sys
from pathlib import Path

from .visible import visible

COMMANDS = ("verify", "badge")
SYMBOLS = {"same": "=", "ran": "+", "differs": "~", "error": "!", "skipped": "-"}
STATUS_PLURALS = {"same": "same", "ran": "ran", "differs": "differ", "error": "errors", "skipped": "skipped"}
"""How the summary line counts more than one cell of a status: "2 differ, 3 errors"."""


def add_parsers(commands) -> None:
    verify = commands.add_parser(
        "verify", help="re-run the notebook in a fresh kernel and compare with its outputs",
        description="Run the notebook top to bottom in a fresh kernel (its kernelspec, in its folder) and "
                    "compare each cell's outputs with the stored ones; stamps the result into its metadata.",
    )
    verify.add_argument("notebook", metavar="NB", help="the notebook")
    verify.add_argument("--timeout", type=float, default=600, metavar="S", help="for the whole run (default 600)")
    verify.add_argument("--cell-timeout", type=float, default=120, metavar="S", help="for each cell (default 120)")
    verify.add_argument("--no-stamp", action="store_true", help="do not write the result into the notebook")

    badge = commands.add_parser(
        "badge", help="the readiness badge (SVG) of a notebook",
        description="Write the notebook's readiness badge: score, grade colour, and a tick when verified.",
    )
    badge.add_argument("notebook", metavar="NB", help="the notebook")
    badge.add_argument("-o", "--output", metavar="FILE", help="write the SVG here (default: print it)")
    badge.add_argument("--markdown", action="store_true", help="print a Markdown snippet showing FILE (needs -o)")
    badge.add_argument("--force", action="store_true", help="replace FILE if it exists")


def run(args: argparse.Namespace, usage_error: type[Exception]) -> int:
    return run_verify(args, usage_error) if args.command == "verify" else run_badge(args, usage_error)


def _progress(done: int, total: int, cell) -> None:
    if cell is None:
        print(f"fresh kernel started: running {total} code cells", file=sys.stderr)
        return
    detail = f" {visible(cell.ename)}" if cell.ename else ""
    print(f"[{done}/{total}] cell #{cell.index + 1} {cell.status}{detail} ({cell.duration:.2f} s)", file=sys.stderr)


def run_verify(args: argparse.Namespace, usage_error: type[Exception]) -> int:
    from .engine import ConfigError, NotebookError
    from .engine.sharing.verify import VerifyError
    from .engine.sharing.verify_file import verify_file

    if args.timeout <= 0 or args.cell_timeout <= 0:
        raise usage_error("--timeout and --cell-timeout must be positive numbers of seconds")
    path = Path(args.notebook)
    try:
        done = verify_file(path, str(path), args.timeout, args.cell_timeout, not args.no_stamp, _progress)
    except (NotebookError, ConfigError, VerifyError) as error:
        raise usage_error(f"{path}: {error}") from None
    result = done.result
    if result.cancelled:
        print("jupyter-promote: interrupted: the run was cancelled, nothing stamped", file=sys.stderr)
        return 130
    for cell in result.cells:
        reason = f"  {cell.ename}: {cell.evalue}" if cell.ename else f"  ({cell.evalue})" if cell.evalue else ""
        print(f"{SYMBOLS[cell.status]} cell #{cell.index + 1:<4} {visible(cell.cell_id or ''):<10} {cell.status:<8} "
              f"{cell.duration:7.2f} s{visible(reason)}")
        if cell.diff:
            print("\n".join("      " + visible(line) for line in cell.diff.split("\n")))
    from .engine.text.wording import counted

    counts = {status: sum(c.status == status for c in result.cells) for status in SYMBOLS}
    summary = ", ".join(counted(n, status, STATUS_PLURALS[status]) for status, n in counts.items() if n)
    verdict = "passed" if result.passed else "FAILED"
    print(f"{verdict}: {summary or 'no code cells'} in {result.duration:.1f} s; score {done.entry['score']} "
          f"({done.entry['grade']}); " + ("stamp written" if done.written else "not stamped (--no-stamp)"))
    return 0 if result.passed else 1


def run_badge(args: argparse.Namespace, usage_error: type[Exception]) -> int:
    from .engine import ConfigError, NotebookError
    from .engine.sharing.badge import notebook_badge

    if args.markdown and not args.output:
        raise usage_error("--markdown needs -o FILE: the snippet shows the SVG file")
    output = Path(args.output) if args.output else None
    if output is not None and output.exists() and not args.force:
        raise usage_error(f"{output} exists; pass --force to replace it")
    path = Path(args.notebook)
    try:
        badge = notebook_badge(path, str(path))
    except (NotebookError, ConfigError) as error:
        raise usage_error(f"{path}: {error}") from None
    if output is None:
        sys.stdout.write(badge.svg())
        return 0
    from .engine.files.atomic import write_text_atomic

    write_text_atomic(output, badge.svg())
    print(visible(badge.markdown(output.as_posix()) if args.markdown else f"wrote {output}: {badge.title}"))
    return 0
