"""Environment drift: the notebook ran with other package versions than its project declares.

The versions that ran come from the notebook's running kernel when JupyterLab asked it
(notebook/kernel_versions.py), else from the verification stamp (sharing/verify.py records, for the packages the
notebook imports, the version its fresh kernel loaded, and the Python version); the versions allowed
come from the project's dependency files (project/declared_versions.py). Results computed with pandas
2.2 say nothing certain about a deployment that installs pandas 1.5 as requirements.txt asks.
"""

from collections.abc import Iterator

from ...notebook.kernel_versions import versions_expression, versions_that_ran
from ...notebook.model import Cell, Notebook
from ...project.declared_versions import DeclaredVersion, declared_versions
from ...project.dependencies import declared_dependencies, distributions_for, relative_to_notebook
from ...project.requirement_files import normalize
from ..base import Violation, at_node
from ..parameters_dependencies.declared import project_third_party_imports, third_party_imports
from ..parameters_dependencies.pin_what_ran import pin_what_ran


def allows(declaration: DeclaredVersion, version: str) -> bool:
    """Whether the declaration admits the version (pre-releases too: they ran, so they count); a
    version or specifier that is not PEP 440 is not judged."""
    # Imported here: packaging costs a fifth of the CLI's imports, and most notebooks declare no version.
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion, Version

    try:
        return SpecifierSet(declaration.specifier).contains(Version(version), prereleases=True)
    except (InvalidSpecifier, InvalidVersion):
        return True


def _declared_as(nb: Notebook, declaration: DeclaredVersion) -> str:
    where = relative_to_notebook(nb.project, declaration.file)
    line = f" line {declaration.line}" if declaration.line else ""
    verb = "pins" if declaration.exact else "allows only"
    return f"{where}{line} {verb} {declaration.name}{declaration.specifier}"


def _import_of(nb: Notebook, key: str) -> tuple[Cell, object] | None:
    """The first import that needs this distribution, to point the finding at."""
    for top, (cell, statement) in third_party_imports(nb, frozenset(), nb.project.boundary).items():
        if any(normalize(name) == key for name in distributions_for(top)):
            return cell, statement
    return None


def environment_drift(nb: Notebook) -> Iterator[Violation]:
    """The notebook ran with package versions its project's requirements do not allow.

    Why: its results (and its verification) come from one set of versions; a colleague, CI or a
    deployment installs what the requirements say, and gets other numbers or an error. This is the
    train/serve skew of the environment: the code was tried against versions it will never meet again.
    Example: the last `jupyter-promote verify` ran with pandas 2.2.2, requirements.txt pins pandas==1.5.3.
    Instead: install what the project declares and re-run, or pin what ran (the "Pin what ran" fix writes
    them into the requirements file). The versions that ran are those the notebook's running kernel has
    loaded (read in JupyterLab without importing anything in it), else those the verification stamp
    recorded (run `jupyter-promote verify` to record them); requirements files, pyproject
    `[project] dependencies`, Pipfile and environment.yml are read.
    """
    if nb.path is None or nb.project.folder is None:
        return
    ran, run = versions_that_ran(nb)
    if not ran:
        return
    declared = declared_dependencies(nb.project)
    if declared is None:
        return
    versions = declared_versions(declared, nb.project.boundary)
    for name, version in sorted(ran.items()):
        key = normalize(name)
        contradicted = [d for d in versions.get(key, ()) if not allows(d, version)]
        if not contradicted:
            continue
        message = (f"{name} {version} ran ({run}), but "
                   + "; ".join(_declared_as(nb, d) for d in contradicted))
        found = _import_of(nb, key) if key != "python" else None
        pin = pin_what_ran(nb, project_third_party_imports(nb, declared)) if key != "python" else None
        fixes = (pin,) if pin else ()
        yield at_node(message, found[0], found[1], fixes=fixes) if found else Violation(message, fixes=fixes)


def kernel_versions_question(data: dict, path, config) -> str:
    """The user expression that asks a kernel for the versions of this notebook's third-party imports
    (nbformat JSON already shape-checked; run in a worker process, as an analysis)."""
    from ...notebook.model import notebook_from_dict

    nb = notebook_from_dict(data, path, config)
    if nb.project.folder is None:
        return versions_expression({})
    imports = project_third_party_imports(nb, declared_dependencies(nb.project))
    return versions_expression({top: distributions_for(top) for top in imports})
