"""Reproducible environment: nothing near the notebook says how to rebuild the runtime it ran in."""

from collections.abc import Iterator

from ...notebook.model import Notebook
from ...project.dependencies import declared_dependencies
from ...project.runtime_files import runtime_description
from ..base import Violation
from .dockerfile import add_dockerfile


def no_reproducible_environment(nb: Notebook) -> Iterator[Violation]:
    """Nothing near the notebook describes its runtime: no Dockerfile, devcontainer, lock file or conda environment.

    Why: requirements with ranges (or none) resolve to other versions every month, and nothing records
    the Python version or the system libraries; "it ran on my machine" cannot be checked a year later
    or on a server. This is a hint (one point): most notebooks shared as a single file have none.
    Example: a folder holding `analysis.ipynb` and a `requirements.txt` that says `pandas>=1.5`.
    Instead: add a Dockerfile (the fix writes one: the kernel's Python image, the project's requirements,
    the notebook run headless with papermill and its parameters), or a lock file (poetry.lock, uv.lock,
    Pipfile.lock, conda-lock.yml), an environment.yml, a `.devcontainer/`, a `binder/` folder, or a
    requirements file that pins every package with `==`. The notebook's folder and those above it, up to
    the repository root, are searched.
    """
    project = nb.project
    if nb.path is None or project.folder is None or not nb.python_cells:
        return
    if runtime_description(project) is not None:
        return
    fix = add_dockerfile(nb, declared_dependencies(project))
    yield Violation("Nothing near this notebook describes its runtime (no Dockerfile, devcontainer, lock file, "
                    "conda environment or fully pinned requirements)", fixes=(fix,) if fix else ())
