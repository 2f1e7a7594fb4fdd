"""What an extraction will do, planned before anything is written: the module's (and test's) path and
text, the function made of top-level code, and the notebook's edits.

Planners (cells.py for selected cells, duplicates.py for copied blocks) make it; files.py writes it,
all or nothing.
"""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ExtractPlan:
    module_path: str
    """Relative to the notebook's folder, with forward slashes."""
    import_name: str
    module_source: str
    appends: bool
    """True when the module exists and the code is appended to it."""
    test_path: str | None
    test_source: str | None
    function: str | None
    parameters: list[str]
    returns: list[str]
    exports: list[str]
    applicability: str
    edits: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)
