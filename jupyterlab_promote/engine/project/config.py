"""Configuration shared by the CLI and the server: `[tool.jupyterlab_promote]` in the nearest pyproject.toml.

    [tool.jupyterlab_promote]
    select = ["HS", "PD001"]          # codes or code prefixes to run (default: all)
    ignore = ["PF001"]                # codes or prefixes to skip
    min_score = 75                    # the CLI's default --min-score
    blocking = ["SC", "LK001"]        # findings that hold the grade at needs_work (default: BLOCKING)
    max_notebook_mb = 50              # larger notebooks are refused with a clear reason
    [tool.jupyterlab_promote.thresholds]
    long_cell_lines = 60
    [tool.jupyterlab_promote.per_path_ignores]
    "drafts/*.ipynb" = ["MD"]
"""

import fnmatch
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..files.bounded import read_bounded_text, within

DEFAULT_MAX_NOTEBOOK_MB = 200

# What a reviewer would not promote, whatever the score: a secret, leaked rows, a notebook that fails or
# changes on a clean re-run, names no cell defines, a path that exists on one machine only. Check Before
# Sharing lists the same findings.
BLOCKING = (
    "hardcoded-secret",
    "secret-in-output",
    "preprocessing-before-split",
    "fit-on-test-data",
    "inconsistent-test-transform",
    "multi-test-leakage",
    "resampling-before-split",
    "failed-clean-run",
    "differs-on-clean-run",
    "undefined-name",
    "absolute-path",
)


class ConfigError(ValueError):
    """The configuration file exists but says something we cannot use."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    min_score: int | None = None
    max_notebook_mb: float = DEFAULT_MAX_NOTEBOOK_MB
    thresholds: dict[str, Any] = field(default_factory=dict)
    per_path_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    blocking: tuple[str, ...] = BLOCKING
    """Codes, code prefixes, rule names or category ids whose findings hold the grade at needs_work."""
    root: Path | None = None
    """The folder of the pyproject.toml the configuration came from."""
    boundary: Path | None = None
    """The resolved folder the analysis reads nothing outside of (the server's root); None in the CLI."""

    def threshold(self, name: str, default: Any) -> Any:
        return self.thresholds.get(name, default)

    def enabled(self, code: str, name: str, path: Path | None = None) -> bool:
        ignored = self.ignore + self._path_ignores(path)
        if any(_matches(code, name, pattern) for pattern in ignored):
            return False
        return not self.select or any(_matches(code, name, pattern) for pattern in self.select)

    def blocks(self, code: str, name: str, category: str) -> bool:
        return any(_matches(code, name, pattern) or pattern == category for pattern in self.blocking)

    def with_overrides(self, select: tuple[str, ...] | None = None, ignore: tuple[str, ...] = ()) -> "Config":
        return replace(self, select=select if select is not None else self.select, ignore=self.ignore + ignore)

    def _path_ignores(self, path: Path | None) -> tuple[str, ...]:
        if path is None or not self.per_path_ignores:
            return ()
        relative = path.as_posix()
        if self.root is not None:
            try:
                relative = path.resolve().relative_to(self.root.resolve()).as_posix()
            except ValueError:
                pass
        return tuple(
            code for pattern, codes in self.per_path_ignores.items() if fnmatch.fnmatch(relative, pattern) for code in codes
        )


def _matches(code: str, name: str, pattern: str) -> bool:
    pattern = pattern.strip()
    return bool(pattern) and (code.startswith(pattern.upper()) or name == pattern.lower())


def find_pyproject(start: Path, boundary: Path | None = None) -> Path | None:
    """The nearest pyproject.toml from `start` upwards; with a boundary, only inside it (links followed)."""
    try:
        folder = start if start.is_dir() else start.parent
    except OSError:  # a name too long for the file system: what is above it still counts
        folder = start.parent
    for candidate in (folder, *folder.parents):
        if not within(candidate, boundary):
            return None
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and within(pyproject, boundary):
            return pyproject
        if candidate == boundary:
            return None
    return None


def load_config(start: Path | None, boundary: Path | None = None) -> Config:
    """The configuration that applies to a notebook or folder (defaults when there is none).

    `boundary` (the server's root, resolved) keeps the search, and the whole analysis, inside it.
    """
    if start is None:
        return Config(boundary=boundary)
    try:
        # resolved, as absolute() keeps `..` (its parents are not the folders above); a link loop is left
        # as it is, for the reading of the notebook to report
        resolved = Path(os.path.realpath(start))
    except (OSError, ValueError) as error:
        raise ConfigError(f"{start.name}: cannot find its folder ({error})") from None
    pyproject = find_pyproject(resolved, boundary)
    if pyproject is None:
        return Config(boundary=boundary)
    data = _read_toml(pyproject)
    section = data.get("tool", {}).get("jupyterlab_promote") if isinstance(data.get("tool"), dict) else None
    if section is None:
        return Config(root=pyproject.parent, boundary=boundary)
    return replace(_config_from_table(section, pyproject), boundary=boundary)


def _read_toml(pyproject: Path) -> dict[str, Any]:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(read_bounded_text(pyproject))
    except UnicodeDecodeError as error:
        raise ConfigError(f"{pyproject.name}: not UTF-8 text (byte at offset {error.start})") from None
    except RecursionError:
        raise ConfigError(f"{pyproject.name}: nested too deeply to read") from None
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{pyproject.name}: cannot read it ({error})") from None


def _config_from_table(section: Any, pyproject: Path) -> Config:
    where = f"{pyproject.name} [tool.jupyterlab_promote]"
    if not isinstance(section, dict):
        raise ConfigError(f"{where} must be a table")

    def codes(key: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: '{key}' must be a list of rule codes, e.g. [\"HS001\"]")
        return tuple(value)

    min_score = section.get("min_score")
    if min_score is not None and not (isinstance(min_score, int) and 0 <= min_score <= 100):
        raise ConfigError(f"{where}: 'min_score' must be an integer from 0 to 100")
    max_mb = section.get("max_notebook_mb", DEFAULT_MAX_NOTEBOOK_MB)
    if not isinstance(max_mb, (int, float)) or max_mb <= 0:
        raise ConfigError(f"{where}: 'max_notebook_mb' must be a positive number")
    thresholds = section.get("thresholds", {})
    if not isinstance(thresholds, dict):
        raise ConfigError(f"{where}: 'thresholds' must be a table")
    per_path = section.get("per_path_ignores", {})
    if not isinstance(per_path, dict):
        raise ConfigError(f"{where}: 'per_path_ignores' must be a table of glob = [codes]")
    unknown = set(section) - {"select", "ignore", "blocking", "min_score", "max_notebook_mb", "thresholds",
                              "per_path_ignores"}
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    return Config(
        select=codes("select", section.get("select", [])),
        ignore=codes("ignore", section.get("ignore", [])),
        blocking=codes("blocking", section.get("blocking", list(BLOCKING))),
        min_score=min_score,
        max_notebook_mb=float(max_mb),
        thresholds=dict(thresholds),
        per_path_ignores={glob: codes(f"per_path_ignores.{glob}", value) for glob, value in per_path.items()},
        root=pyproject.parent,
    )
