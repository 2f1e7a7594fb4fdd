"""`jupyter-promote`: the engine for CI, pre-commit and bulk scans.

Exit codes: 0 pass, 1 below the bar (or findings at the --fail-on severity, or a notebook that could not
be read while others could), 2 bad usage or nothing readable. The engine is imported only once the
arguments are known, so `--help` stays fast.
"""

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import cli_batch, cli_extract, cli_report, cli_sharing
from .visible import visible

SKIPPED_DIRS = frozenset({".ipynb_checkpoints", "node_modules", "__pycache__", "site-packages"})
SEVERITY_ORDER = {"info": 0, "warning": 1, "error": 2}
SUMMARY_WIDTH = 100
"""Characters of a rule's summary in the `rules` listing; `rules CODE` prints all of it."""


class UsageError(Exception):
    """Bad arguments: reported as one line on stderr, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not argparse's usage dump
        raise UsageError(message)


def _codes(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="jupyter-promote", description="How ready are these notebooks for production?")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    check = commands.add_parser("check", help="analyse notebooks and folders", description="Analyse notebooks.")
    check.add_argument("paths", nargs="+", metavar="PATH", help="notebooks, or folders searched recursively")
    check.add_argument("--format", choices=("text", "json", "sarif", "github"), default="text",
                       help="github: workflow annotations for GitHub Actions")
    check.add_argument("--min-score", type=int, metavar="N", help="fail when a notebook scores below N")
    check.add_argument("--select", type=_codes, metavar="CODES", help="only these codes or prefixes (HS,PD001)")
    check.add_argument("--ignore", type=_codes, default=(), metavar="CODES", help="skip these codes or prefixes")
    check.add_argument("--fail-on", choices=("error", "warning", "info", "never"), default="never",
                       help="fail when a finding of this severity or worse remains (default: never)")
    check.add_argument("--jobs", type=int, metavar="N",
                       help="analyse N notebooks at a time (default: one per core for more than a few notebooks; "
                            "1 with --fix)")
    check.add_argument("--fix", action="store_true", help="apply the safe fixes to the files, then report")
    check.add_argument("--checklist", action="store_true",
                       help="print each notebook's path-to-production checklist (text format; JSON always has it)")

    rules = commands.add_parser("rules", help="list the rule catalogue, or describe one rule",
                                description="List every rule, or print one rule's full description.")
    rules.add_argument("rule", nargs="?", metavar="CODE", help="a rule's code or name (SC003, eval-exec)")
    cli_extract.add_parser(commands)
    cli_sharing.add_parsers(commands)
    return parser


def find_notebooks(paths: list[str]) -> list[Path]:
    """Expand folders to the notebooks below them (sorted); anything else named is taken as given.

    Links to folders are not followed while walking (a link back up would loop); a `*.ipynb` that is a
    link loop, a dangling link or a FIFO is kept, to be reported as a notebook that cannot be read.
    """
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        try:
            exists, is_folder = os.path.lexists(path), path.is_dir()
        except (OSError, ValueError) as error:  # a name too long for the file system, a NUL byte
            raise UsageError(f"{name[:80]}: not a usable file name ({getattr(error, 'strerror', None) or error})") from None
        if not exists:
            raise UsageError(f"{name}: no such file or folder")
        if not is_folder:
            found.append(path)
            continue
        for folder, subfolders, files in os.walk(path, followlinks=False):
            subfolders[:] = sorted(d for d in subfolders if d not in SKIPPED_DIRS and not d.startswith("."))
            found.extend(Path(folder, f) for f in sorted(files) if f.endswith(".ipynb"))
    return found


def _config(path: Path, select: tuple[str, ...] | None, ignore: tuple[str, ...]):
    """A notebook's settings in a check run: its project's, with --select and --ignore."""
    from .engine import load_config

    return load_config(path).with_overrides(select, ignore)


def _check_one(job: tuple[Path, tuple[str, ...] | None, tuple[str, ...], bool]):
    from .engine import ConfigError, check_file, fix_file
    from .engine.report.analysis import error_entry, forget_kept

    path, select, ignore, fix = job
    try:
        config = _config(path, select, ignore)
        return fix_file(path, str(path), config) if fix else check_file(path, str(path), config)
    except ConfigError as error:
        return error_entry(str(path), str(error))
    finally:
        # Each notebook is analysed once: what the engine keeps for live re-analysis (trees, cells, cell
        # findings) would never be asked again, only grow the heap (linearly: 45 MB a 100 notebooks).
        forget_kept()


def _reported(stream, job) -> tuple:
    """Analyse one notebook and render its piece of the report, where it was analysed."""
    from .engine.report.reporters.streamed import summary

    entry = _check_one(job)
    return summary(entry), stream.piece(entry)


def _failed(stream, job, reason: str) -> tuple:
    from .engine.report.analysis import error_entry
    from .engine.report.reporters.streamed import summary

    entry = error_entry(str(job[0]), reason)
    return summary(entry), stream.piece(entry)


def _load_before_fork() -> None:
    from .engine.project.import_names import generated_table
    from .engine.project.installed import installed_distributions
    from .engine.python.magics import load_ipython
    from .engine.report import analysis
    from .engine.rules import ALL_RULES  # noqa: F401 (every rule module, imported)

    analysis.forget_kept()  # what a notebook's check imports
    installed_distributions()  # a scan of site-packages
    generated_table()  # the 14,000 lines of the shipped import table, read in 7 ms
    load_ipython()  # a run of many notebooks meets magics IPython alone rewrites


class _Once:
    """Call `function` (when there is one) the first time this is called, and never again."""

    def __init__(self, function: Callable[[], Any] | None) -> None:
        self.function = function

    def __call__(self) -> None:
        function, self.function = self.function, None
        if function is not None:
            function()


def run_check(args: argparse.Namespace) -> int:
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.min_score is not None and not 0 <= args.min_score <= 100:
        raise UsageError("--min-score must be between 0 and 100")
    if args.checklist and args.format in ("sarif", "github"):
        raise UsageError(f"--checklist is printed in the text report (and is always in JSON), not in {args.format}")
    notebooks = find_notebooks(args.paths)
    if not notebooks:
        raise UsageError("no notebooks (*.ipynb) found in " + ", ".join(args.paths))
    jobs = [(path, args.select, args.ignore, args.fix) for path in notebooks]
    # Fixes may write files several notebooks share (requirements.txt): one at a time unless asked.
    workers = args.jobs or (1 if args.fix else cli_batch.default_jobs(len(jobs)))
    from contextlib import nullcontext
    from functools import partial

    from .engine.rules.folder_prebuild import index_large_folders  # before the fork
    from .engine.rules.sibling_notebooks import folder_scans_shared

    # Made once before the workers fork instead of once in each, while the large folders' readers read
    # when there are any (the two do not need it).
    warm = _Once(_load_before_fork if workers > 1 else None)
    stream = cli_report.stream_for(args.format, args.checklist)
    outcome = cli_report.Outcome(args.min_score, SEVERITY_ORDER.get(args.fail_on))
    writer = cli_report.Writer(sys.stdout, stream)
    # Fixes change notebooks during the run: each must see its siblings as they are at its turn.
    with writer.interruptible(), cli_batch.batch_gc(), nullcontext() if args.fix else folder_scans_shared():
        run = None
        try:
            # Analyses forked after the readers would shape the cells again: the readers hand the shapes over.
            index = partial(index_large_folders, notebooks, partial(_config, select=args.select, ignore=args.ignore),
                            cli_batch.mapped_in_order(workers, warm), workers > 1 and len(jobs) > 1)
            run = cli_batch.run_jobs(partial(_reported, stream), partial(_failed, stream), jobs, workers,
                                     lambda: (index(), warm()))
            for done in run.results():
                writer.write(*done)
                outcome.add(done[0])
        except KeyboardInterrupt:
            writer.stopping = True  # a second Ctrl-C no longer cuts the report short
            if run is not None:
                run.close()
                for done in run.finished():
                    writer.write(*done)
            writer.end(interrupted=True)
            print(f"jupyter-promote: interrupted: {writer.totals.notebooks} of {len(jobs)} notebooks reported",
                  file=sys.stderr)
            return 130
        finally:
            if run is not None:
                run.close()
    writer.end(interrupted=False)
    return outcome.code()


def run_rules(args: argparse.Namespace) -> int:
    from .engine.rules import ALL_RULES
    from .engine.text.wording import shortened

    if args.rule is not None:
        return _describe_rule(args.rule, ALL_RULES)
    width = max(len(rule.name) for rule in ALL_RULES)
    # Every severity a rule's findings may carry (warning/error), as --fail-on will meet them.
    severity_width = max(len(_severities(rule)) for rule in ALL_RULES)
    for rule in ALL_RULES:
        fixable = "fix" if rule.fixable else "   "
        print(f"{rule.code}  {rule.name:<{width}}  {rule.category:<24} {_severities(rule):<{severity_width}} "
              f"{fixable}  {shortened(rule.summary, SUMMARY_WIDTH)}")
    return 0


def _severities(rule) -> str:
    return "/".join(rule.severities)


def _describe_rule(wanted: str, rules) -> int:
    key = wanted.strip().lower()
    rule = next((r for r in rules if key in (r.code.lower(), r.name.lower())), None)
    if rule is None:
        raise UsageError(f"no rule {wanted[:40]!r}: `jupyter-promote rules` lists the codes and names")
    fixable = "has a fix" if rule.fixable else "no automatic fix"
    others = [s for s in rule.severities if s != rule.severity]
    severity = rule.severity + (f" ({' or '.join(others)} for some findings)" if others else "")
    print(f"{rule.code}  {rule.name}\ncategory {rule.category}, severity {severity}, {fixable}\n\n{rule.doc}")
    return 0


def _end_program(code: int) -> None:
    """End a `check` program as soon as its report is out. Freeing what the analyses left (millions of
    objects, one by one, at interpreter exit) took 0.1–0.2 s after the last line was written; the
    process's memory goes back to the system at once instead. Only for a program run (main() without
    arguments): called with arguments, from tests or another program, main returns."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = 0 if code != 130 else code
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.version:
            from . import __version__

            print(f"jupyterlab_promote {__version__}")
            return 0
        if args.command is None:
            parser.print_help()
            return 2
        if args.command == "extract":
            return cli_extract.run(args, UsageError)
        if args.command in cli_sharing.COMMANDS:
            return cli_sharing.run(args, UsageError)
        if args.command == "check" and argv is None:
            _end_program(run_check(args))
        return {"check": run_check, "rules": run_rules}[args.command](args)
    except UsageError as error:
        print(f"jupyter-promote: error: {visible(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("jupyter-promote: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
