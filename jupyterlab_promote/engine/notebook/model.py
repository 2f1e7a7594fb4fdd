"""The analysed notebook that every rule reads: cells with their parsed code, and the project around it.

Built once per analysis from an nbformat dict. Everything costly (parsing, name analysis) is cached per
cell source in :mod:`.source`; everything about the folder (requirements, git, tests) is computed only
when a rule first asks for it, in :mod:`..project.folder`.
"""

import builtins
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress, repeat
from operator import is_not
from pathlib import Path
from typing import Any

from ..project.config import Config
from .kept import KEPT_SOURCE_CHARS, KeptByCell
from .source import ParsedCell, parse_cell, parse_written_module, written_module_name

# Names IPython puts in every user namespace, on top of Python's builtins.
IPYTHON_NAMES = frozenset(
    {"get_ipython", "display", "In", "Out", "exit", "quit", "_", "__", "___", "_i", "_ii", "_iii", "_oh",
     "_ih", "_dh", "__file__", "__builtins__"}
)
BUILTIN_NAMES = frozenset(dir(builtins)) | IPYTHON_NAMES
# Builtins of Python 2 that Python 3 removed: defined in a Python 2 notebook, and in a cell written in it.
PYTHON2_BUILTINS = frozenset(
    {"raw_input", "unicode", "xrange", "basestring", "long", "file", "reduce", "unichr", "execfile", "cmp",
     "apply", "buffer", "coerce", "intern", "reload", "StandardError"}
)


@dataclass(eq=False)
class Cell:
    """One cell of the notebook; compared by identity, as the same cell is reused while unchanged."""

    index: int
    """0-based position among all cells, markdown included."""
    id: str | None
    cell_type: str
    source: str
    execution_count: int | None
    outputs: list[dict[str, Any]]
    metadata: dict[str, Any]
    summaries: dict[Any, Any] = field(default_factory=dict, repr=False)
    """What notebook-level rules derived from this cell alone, kept while the cell is reused (cell_memo.py)."""

    @property
    def is_code(self) -> bool:
        return self.cell_type == "code"

    @property
    def tags(self) -> list[str]:
        tags = self.metadata.get("tags")
        return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []

    @cached_property
    def parsed(self) -> ParsedCell:
        return parse_cell(self.source)


@dataclass(eq=False)
class WrittenModule(Cell):
    """The Python module a `%%writefile x.py` cell writes, as a cell of its own: same position, id and
    source, so findings point into the writefile cell, but `parsed` is the module's code. It is not in
    Notebook.cells: no rule about the notebook's own run (names, data flow) reads it."""

    @cached_property
    def parsed(self) -> ParsedCell:
        return parse_written_module(self.source)


def _kept_filter(test: Callable[[Cell], bool], cells: list[Cell]) -> list[Cell]:
    """The cells that pass the test, in order. The answer is kept with the last cell (as merge_memo does),
    and for a list of the same length only the cells that are other objects than last time are tested
    again: the notebook-wide lists are asked for on every analysis, and a one-cell edit changes one cell."""
    if len(cells) <= 1:
        return [cell for cell in cells if test(cell)]
    key = ("kept-filter", test)
    last = cells[-1].summaries.get(key)
    if last is not None and len(last[0]) == len(cells):
        passed = last[1]
        changed = list(compress(range(len(cells)), map(is_not, last[0], cells)))
        if changed:
            passed = list(passed)
            for position in changed:
                passed[position] = test(cells[position])
    else:
        passed = [test(cell) for cell in cells]
    cells[-1].summaries[key] = (tuple(cells), passed)
    return list(compress(cells, passed))


def _has_tree(cell: Cell) -> bool:
    return cell.parsed.tree is not None


def _written_in_python2(cell: Cell) -> bool:
    return cell.parsed.python2


def _written_module(cell: Cell) -> WrittenModule | None:
    """The cell's WrittenModule, kept with the cell (so a live re-analysis reuses it and what rules kept)."""
    if "written_module" not in cell.summaries:
        module = None
        if cell.parsed.cell_magic in ("writefile", "file") and written_module_name(cell.source) is not None:
            module = WrittenModule(cell.index, cell.id, cell.cell_type, cell.source, cell.execution_count,
                                   cell.outputs, cell.metadata)
        cell.summaries["written_module"] = module
    return cell.summaries["written_module"]


@dataclass
class Notebook:
    cells: list[Cell]
    metadata: dict[str, Any]
    path: Path | None = None
    """The notebook's file, when it has one; rules that look at the project need it."""
    config: Config = field(default_factory=Config)
    _shared: dict[str, Any] = field(default_factory=dict, repr=False)

    def shared(self, key: str, compute: Callable[["Notebook"], Any]) -> Any:
        """A value several rules derive from the whole notebook (a data flow), computed once per analysis."""
        if key not in self._shared:
            self._shared[key] = compute(self)
        return self._shared[key]

    @cached_property
    def code_cells(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.is_code]

    @cached_property
    def language(self) -> str:
        info = self.metadata.get("language_info")
        spec = self.metadata.get("kernelspec")
        for source, key in ((info, "name"), (spec, "language")):
            if isinstance(source, dict) and isinstance(source.get(key), str):
                return source[key].lower()
        return "python"

    @property
    def is_python(self) -> bool:
        return self.language in ("python", "python2", "python3", "ipython", "ipython2", "ipython3")

    @cached_property
    def python2_kernel(self) -> str | None:
        """How the metadata says the notebook runs Python 2 (`Python 2.7.10`, kernel `python2`), or None."""
        info, spec = self.metadata.get("language_info"), self.metadata.get("kernelspec")
        info = info if isinstance(info, dict) else {}
        spec = spec if isinstance(spec, dict) else {}
        version = info.get("version")
        if isinstance(version, str) and version.startswith("2.") and self.is_python:
            return f"Python {version}"
        name = spec.get("name")
        if isinstance(name, str) and name.lower() in ("python2", "python27", "py27", "ipython2"):
            return f"kernel '{name}'"
        mode = info.get("codemirror_mode")
        if isinstance(mode, dict) and mode.get("name") == "ipython" and mode.get("version") == 2 and not version:
            return "IPython 2 syntax"
        return None

    @cached_property
    def python_cells(self) -> list[Cell]:
        """Code cells with a syntax tree (none for notebooks in other languages). A cell with a syntax error
        is among them when most of it could still be read (ParsedCell.recovered)."""
        if not self.is_python:
            return []
        return _kept_filter(_has_tree, self.code_cells)

    @cached_property
    def written_in_python2(self) -> bool:
        """The kernel says Python 2, or a cell is written in it (`print "x"`): Python 2's builtins exist."""
        return self.python2_kernel is not None or bool(_kept_filter(_written_in_python2, self.code_cells))

    @cached_property
    def written_modules(self) -> list[WrittenModule]:
        """The `.py` files `%%writefile` cells write, whose code parsed: code of the project, checked by the
        rules about how code is written (error handling), not by those about the notebook's run."""
        if not self.is_python:
            return []
        modules = [_written_module(cell) for cell in self.code_cells if cell.source.lstrip().startswith(("%%writefile",
                                                                                                      "%%file"))]
        return [module for module in modules if module is not None and module.parsed.tree is not None]

    @cached_property
    def python_code(self) -> list[Cell]:
        """python_cells and written_modules, in notebook order."""
        if not self.written_modules:
            return self.python_cells
        return sorted([*self.python_cells, *self.written_modules], key=lambda cell: cell.index)

    @cached_property
    def project(self):
        from ..project.folder import Project

        return Project.around(self.path, self.config.boundary)


def _outputs(raw: dict[str, Any]) -> list[dict[str, Any]]:
    outputs = raw.get("outputs")
    if raw.get("cell_type") != "code" or not isinstance(outputs, list):
        return []
    # Keep the very list when it is well-formed: OutputsMemo recognises it on the next analysis.
    return outputs if all(map(isinstance, outputs, repeat(dict))) else [o for o in outputs if isinstance(o, dict)]


def _text(value: Any) -> str:
    if isinstance(value, list):
        try:
            return "".join(value)  # a list of lines, the common case: joined without a generator
        except TypeError:
            return "".join(part for part in value if isinstance(part, str))
    return value if isinstance(value, str) else ""


class RecentCells:
    """The cells of recent analyses, handed out again while the JSON cell they came from is unchanged.

    A reused Cell keeps everything derived from it (its parse, its data-flow steps, its findings of
    cell-scoped rules), so a live re-analysis after a one-cell edit rebuilds one cell. A cell is
    unchanged when its position, id, type, source, execution count and metadata are equal and its
    outputs are the very same list: outputs are recognised like OutputsMemo does, by identity, with
    a reference kept so the identity is never a reused address. One version is kept per cell id
    (kept.KeptByCell).
    """

    def __init__(self, size: int = 8192) -> None:
        self._cells: KeptByCell[Cell] = KeptByCell(size, chars=lambda cell: len(cell.source))
        # The last notebook's JSON cells, by identity, with what each held and the Cell made of it: the live
        # server hands unchanged cells back as the very same dicts, which are then recognised by a few
        # identity checks instead of being read again. Only that notebook's cells, up to KEPT_SOURCE_CHARS.
        self._last: dict[int, tuple] = {}

    def __len__(self) -> int:
        return len(self._cells)

    def clear(self) -> None:
        """Forget every cell (benchmarks measure a cold analysis this way). Their summaries are emptied
        too: what they hold often refers back to its cell (a data-flow step, a leak's site), and these
        cycles would otherwise wait for the garbage collector, which a batch run calls after each
        notebook (cli_batch.collected: about 7 % of its CPU went into walking them)."""
        for cell in self._cells.values():
            cell.summaries.clear()
        self._cells.clear()
        self._last = {}

    def cells(self, raws: list) -> list[Cell]:
        """The cells of a notebook's JSON cells, in order (see :meth:`cell`)."""
        last, now, cells, chars = self._last, {}, [], 0
        for index, raw in enumerate(raws):
            seen = last.get(id(raw))
            if (seen is not None and seen[0] is raw and seen[1] == index and raw.get("source") is seen[2]
                    and raw.get("execution_count") is seen[3] and raw.get("outputs") is seen[4]
                    and raw.get("metadata") is seen[5] and raw.get("id") is seen[6] and raw.get("cell_type") is seen[7]):
                cell = seen[8]
            else:
                cell = self.cell(index, raw)
                seen = (raw, index, raw.get("source"), raw.get("execution_count"), raw.get("outputs"),
                        raw.get("metadata"), raw.get("id"), raw.get("cell_type"), cell)
            cells.append(cell)
            chars += len(cell.source)
            if chars <= KEPT_SOURCE_CHARS:
                now[id(raw)] = seen
        self._last = now
        return cells

    def cell(self, index: int, raw: dict[str, Any]) -> Cell:
        count = raw.get("execution_count")
        cell_id = raw.get("id")
        cell_id = cell_id if isinstance(cell_id, str) else None
        cell_type = raw.get("cell_type", "raw")
        source = _text(raw.get("source", ""))
        count = count if isinstance(count, int) and not isinstance(count, bool) else None
        outputs = _outputs(raw)
        metadata = raw.get("metadata")
        metadata = metadata if isinstance(metadata, dict) else {}
        key = (index, cell_id, cell_type, source, count, id(outputs) if outputs else 0)
        known = self._cells.get(key)
        if known is not None and (known.outputs is outputs or not outputs) and known.metadata == metadata:
            return known
        cell = Cell(index, cell_id, cell_type, source, count, outputs, metadata)
        self._cells.put(key, cell_id, cell)
        return cell


RECENT_CELLS = RecentCells()


def notebook_from_dict(data: dict[str, Any], path: Path | None = None, config: Config | None = None) -> Notebook:
    """Build the analysed notebook from nbformat 4 JSON that has already been validated for shape."""
    cells = RECENT_CELLS.cells(data.get("cells", []))
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    return Notebook(cells, metadata, path, config or Config())
