"""error_handling: errors swallowed, hidden or reported with print."""

from ..base import Rule
from .handlers import broad_except
from .hidden_failures import print_for_errors, traceback_in_output, warnings_ignored

RULES = (
    Rule("EH001", "broad-except", "error_handling", "warning", broad_except, fixable=True,
         other_severities=("error",)),
    Rule("EH002", "warnings-ignored", "error_handling", "warning", warnings_ignored, fixable=True),
    Rule("EH003", "traceback-in-output", "error_handling", "warning", traceback_in_output, fixable=True,
         scope="cell"),
    Rule("EH004", "print-for-errors", "error_handling", "info", print_for_errors, fixable=True),
)

__all__ = ["RULES", "broad_except", "print_for_errors", "traceback_in_output", "warnings_ignored"]
