"""The "Pin what ran" fix: the versions the notebook ran with, written into the project's dependency file.

Offered on undeclared-dependency, unpinned-requirement and environment-drift. The versions are those
the notebook's running kernel has loaded (when JupyterLab asked it) or its verification stamp recorded;
with neither there is no fix: the server's own environment is not the notebook's, and pinning to it
would record versions that never ran. The file is the one the project already uses, in this order:
its requirements file, pyproject.toml's `[project] dependencies`, environment.yml. The new text comes
from project/pinning.py (declarations pinned in place, the rest appended, nothing reordered or dropped)
and goes in as a `replace` edit that is refused if the file changed after the preview.
"""

from collections.abc import Iterable
from pathlib import Path

from ...files.bounded import parse_file_cached
from ...fixes.edits import replace_file_edit
from ...notebook.kernel_versions import versions_that_ran
from ...notebook.model import Notebook
from ...project.dependencies import Declared, declared_dependencies, distributions_for, relative_to_notebook
from ...project.pinning import pinned_file_text
from ...project.requirement_files import normalize
from ..base import Fix

FIX_ID = "pin-what-ran"
_SHARED_KEY = "pin-what-ran-fix"


def _text(text: str) -> str:
    return text


def _candidate_files(declared: Declared) -> list[Path]:
    """The files pins may go to, the one the project uses most first. A pip-tools `requirements.in`
    is left out: its pins belong in the compiled lock, which pip-compile writes."""
    files = []
    if declared.requirements_file is not None and not declared.locked:
        files.append(declared.requirements_file)
    by_name = {path.name: path for path in declared.files if path.parent == declared.root}
    files += [by_name[name] for name in ("pyproject.toml", "environment.yml", "environment.yaml") if name in by_name]
    return files


def ran_pins(nb: Notebook, imports: Iterable[str]) -> dict[str, str]:
    """{distribution: version} for each of the notebook's third-party imports known to have run; {} when
    no versions are known (no kernel asked, no stamp)."""
    ran, _ = versions_that_ran(nb)
    by_key = {normalize(name): (name, version) for name, version in ran.items() if name != "python"}
    if not by_key:
        return {}
    pins = {}
    for top in imports:
        found = next((by_key[normalize(d)] for d in distributions_for(top) if normalize(d) in by_key), None)
        if found is not None:
            pins[found[0]] = found[1]
    return dict(sorted(pins.items(), key=lambda item: item[0].lower()))


def _pin_fix(nb: Notebook, imports: Iterable[str]) -> Fix | None:
    declared = declared_dependencies(nb.project)
    if declared is None:
        return None
    pins = ran_pins(nb, imports)
    if not pins:
        return None
    for path in _candidate_files(declared):
        before = parse_file_cached(path, _text, boundary=nb.project.boundary)
        if before is None:
            continue
        after = pinned_file_text(path.name, before, pins)
        if after is None or after == before:
            continue
        target = relative_to_notebook(nb.project, path)
        _, source = versions_that_ran(nb)
        return Fix(FIX_ID, f"Pin what ran ({source}) in {target}", "unsafe", (replace_file_edit(target, before, after),))
    return None


def pin_what_ran(nb: Notebook, imports: Iterable[str]) -> Fix | None:
    """The fix for this notebook and its third-party top-level imports (declared.py's
    `project_third_party_imports`), computed once per analysis: three rules offer it."""
    if nb.path is None or nb.project.folder is None:
        return None
    tops = tuple(imports)
    return nb.shared(f"{_SHARED_KEY}:{','.join(tops)}", lambda _: _pin_fix(nb, tops))
