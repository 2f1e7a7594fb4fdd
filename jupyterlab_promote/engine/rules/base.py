"""What a rule is and what it returns.

A rule is a pure function from the analysed notebook to violations. It says *what* is wrong and
*where*; the engine attaches the rule's code, name, category and severity, and the score turns
violations into points. Rules are listed explicitly in one table per category module.
"""

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..notebook.model import Cell, Notebook

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Fix:
    """A machine-applicable change, in the shape of DESIGN §3 `fixes[]`."""

    id: str
    title: str
    applicability: str  # "safe" | "unsafe" | "manual"
    edits: tuple[dict[str, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "applicability": self.applicability, "edits": list(self.edits)}


@dataclass(frozen=True)
class Violation:
    message: str
    cell: Cell | None = None
    """None for findings about the whole notebook or its project."""
    line: int | None = None
    """1-based line in the cell's source, as in ast."""
    column: int | None = None
    """0-based column in characters (at_node converts ast's byte offsets)."""
    end_line: int | None = None
    end_column: int | None = None
    fixes: tuple[Fix, ...] = ()
    severity: str | None = None
    """Overrides the rule's default severity for this occurrence."""
    weight: float = 1.0
    """Scales the rule's points for this occurrence (e.g. a huge output weighs more)."""


def char_column(cell: Cell, line: int | None, byte_column: int | None) -> int | None:
    """ast's column (a UTF-8 byte offset) as a character offset in the cell's line."""
    if line is None or byte_column is None:
        return byte_column
    lines = _lines(cell.source)
    if not 0 < line <= len(lines) or lines[line - 1].isascii():
        return byte_column
    return len(lines[line - 1].encode("utf-8")[:byte_column].decode("utf-8", errors="ignore"))


@lru_cache(maxsize=8)
def _lines(source: str) -> tuple[str, ...]:
    """A cell's lines, split once however many findings it has (a crafted cell can have thousands: one split
    each made them quadratic). A string keeps its hash, so asking again costs an identity look-up."""
    return tuple(source.split("\n"))


def at_node(message: str, cell: Cell, node: Any, **extra: Any) -> Violation:
    """A violation located on an AST node of a cell (or anything with lineno/col_offset/end_*)."""
    line = getattr(node, "lineno", None) or getattr(node, "line", None)
    end_line = getattr(node, "end_lineno", None) or getattr(node, "end_line", None) or line
    column = getattr(node, "col_offset", getattr(node, "col", None))
    end_column = getattr(node, "end_col_offset", getattr(node, "end_col", None))
    return Violation(
        message,
        cell,
        line,
        char_column(cell, line, column),
        end_line,
        char_column(cell, end_line, end_column),
        **extra,
    )


Check = Callable[[Notebook], Iterable[Violation]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    category: str
    severity: str
    check: Check = field(repr=False)
    points: int = 0
    """Points one occurrence costs before the category budget; 0 means the severity's default."""
    fixable: bool = False
    scope: str = "notebook"
    """"cell" when the rule's findings in a cell depend on that cell alone (and the notebook's language,
    file and thresholds): the engine then runs it per cell and keeps each cell's findings (cell_scope.py)."""
    other_severities: tuple[str, ...] = ()
    """Severities some of its findings carry instead of `severity` (Violation.severity): every one a rule
    may give is declared here, so the catalogue (`jupyter-promote rules`) shows what `--fail-on` will meet."""

    @property
    def severities(self) -> tuple[str, ...]:
        """Every severity its findings may carry, mildest first."""
        order = ("info", "warning", "error")
        return tuple(s for s in order if s == self.severity or s in self.other_severities)

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        """The docstring's first paragraph on one line (its first sentence may wrap in the source)."""
        return " ".join(self.doc.split("\n\n", 1)[0].split())

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "summary": self.summary,
            "description": self.doc,
            "fixable": self.fixable,
        }
