"""Writing an extraction: new files are created exclusively, appends are atomic, nothing is overwritten.

A file that appears between planning and writing makes the write fail instead of being clobbered, and
files created before a failure are removed again, so a refused or failed extraction leaves every file
as it was.
"""

from pathlib import Path

from .atomic import write_text_atomic
from .extract import ExtractPlan
from .extract_analysis import ExtractRefused


def create_exclusively(target: Path, content: str) -> None:
    """Write a new file atomically; refuse if it exists by now."""
    try:
        write_text_atomic(target, content, exclusive=True)
    except FileExistsError:
        raise ExtractRefused(f"{target.name} appeared meanwhile; nothing was written") from None


def write_files(plan: ExtractPlan, folder: Path) -> list[Path]:
    """Write the test file, then the module (created, or appended to); return the paths written.

    The module goes last: if the test file cannot be created, the module is untouched; if the module
    cannot be written, the new test file is removed again.
    """
    module = folder / plan.module_path
    test = folder / plan.test_path if plan.test_path and plan.test_source is not None else None
    if test is not None:
        create_exclusively(test, plan.test_source)
    try:
        if plan.appends:
            write_text_atomic(module, plan.module_source)
        else:
            create_exclusively(module, plan.module_source)
    except BaseException:
        if test is not None:
            test.unlink(missing_ok=True)
        raise
    return [module, *([test] if test is not None else [])]
