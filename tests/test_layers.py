"""The engine's wings import downwards only, in the order their __init__ docstrings give.

Every import counts, at module level, inside functions or under TYPE_CHECKING: a lazy import that
climbs is still a climb. Wings on one floor never import each other; the doors (engine/__init__.py and
the package's own modules: routes, promote_handler, cli...) stand above every wing.
"""

import ast
from pathlib import Path

import jupyterlab_promote

PACKAGE = Path(jupyterlab_promote.__file__).parent
ENGINE = PACKAGE / "engine"

# Lowest floor first.
FLOORS = (
    ("files", "text", "python"),
    ("project",),
    ("notebook",),
    ("fixes",),
    ("rules",),
    ("extract", "report"),
    ("sharing",),
)
FLOOR_OF = {wing: floor for floor, wings in enumerate(FLOORS) for wing in wings}
DOORS = len(FLOORS)
# Package-top modules that import nothing of the package, so any wing may use them: visible.py stays
# at the top because the CLI builds its parser without importing the engine.
SHARED_FROM_THE_TOP = {"jupyterlab_promote.visible"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py") if "labextension" not in path.parts}


def imported_modules(path: Path) -> set[str]:
    """The package's modules this file imports, wherever the import statement stands."""
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join([*package[: len(package) - node.level + 1], *([node.module] if node.module else [])]) \
                if node.level else node.module or ""
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:  # `import a.b.c` names a, a.b and a.b.c: keep the module
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def wing_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[:2] == ["jupyterlab_promote", "engine"] and len(parts) > 2 and parts[2] in FLOOR_OF:
        return parts[2]
    return None


def floor_of(module: str) -> int:
    if module in SHARED_FROM_THE_TOP:
        return -1
    wing = wing_of(module)
    return DOORS if wing is None else FLOOR_OF[wing]


def test_every_engine_module_lives_in_a_wing():
    loose = sorted(name for name, path in MODULES.items()
                   if path.is_relative_to(ENGINE) and path != ENGINE / "__init__.py" and wing_of(name) is None)
    assert loose == [], f"engine modules outside the wings {sorted(FLOOR_OF)}: {loose}"


def test_every_wing_has_a_folder_with_a_docstring():
    for wing in FLOOR_OF:
        init = ENGINE / wing / "__init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), f"{init} says nothing"


def test_wings_import_only_wings_below_them():
    climbs = []
    for name, path in sorted(MODULES.items()):
        wing = wing_of(name)
        if wing is None:
            continue
        for target in sorted(imported_modules(path)):
            if wing_of(target) != wing and floor_of(target) >= FLOOR_OF[wing]:
                climbs.append(f"{name} ({wing}) imports {target}")
    assert climbs == [], "\n".join(climbs)


def test_modules_shared_from_the_top_import_nothing_of_the_package():
    for name in SHARED_FROM_THE_TOP:
        assert imported_modules(MODULES[name]) == set()


def test_no_two_modules_import_each_other():
    graph = {name: imported_modules(path) for name, path in MODULES.items()}
    circles = sorted(f"{a} <-> {b}" for a, targets in graph.items() for b in targets if a < b and a in graph[b])
    assert circles == [], "\n".join(circles)


def test_the_check_sees_imports_inside_functions_and_relative_ones():
    # The parser itself: a relative import two levels up, and a lazy one inside a function, are found.
    rule = ENGINE / "rules" / "reproducibility.py"
    assert "jupyterlab_promote.engine.notebook.stamp" in imported_modules(rule)
    assert "jupyterlab_promote.engine.report.analysis" in imported_modules(ENGINE / "sharing" / "badge.py")
