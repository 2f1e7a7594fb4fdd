"""version_control's git hygiene: the notebook in a repository, tracked, and its outputs kept out of commits
(read from the repository's files without running git)."""

from collections.abc import Iterator

from ..fixes.edits import file_edit
from ..notebook.model import Cell, Notebook
from ..project.git import OutputStripping, Repository, is_tracked, output_stripping, relative_path
from .base import Fix, Violation

STRIPPING_LINE = "*.ipynb filter=nbstripout\n"


def _repository(nb: Notebook) -> Repository | None:
    return nb.project.git_repository if nb.path is not None else None


def _stripping(nb: Notebook) -> OutputStripping | None:
    repo = _repository(nb)
    return output_stripping(repo, nb.path) if repo is not None and nb.path is not None else None


def strips_outputs(nb: Notebook) -> bool:
    """Whether commits of this notebook lose their outputs anyway (a filter or pre-commit hook)."""
    stripping = _stripping(nb)
    return stripping is not None and stripping.strips_outputs


def stateful_cells(nb: Notebook) -> list[Cell]:
    """The code cells a run left something in: outputs or an execution count."""
    return [cell for cell in nb.code_cells if cell.outputs or cell.execution_count is not None]


def notebook_not_in_git(nb: Notebook) -> Iterator[Violation]:
    """The notebook is not inside a git repository.

    Why: nobody can review its changes, see what changed since the results were last right, or go back.
    Example: `~/Downloads/churn_final_v3.ipynb`.
    Instead: keep it in the project's repository (`git init`, `git add`, commit).
    """
    if nb.path is None or nb.project.folder is None or _repository(nb) is not None:
        return
    if nb.project.repository_beyond_boundary:  # a repository above the server's root, not read
        return
    yield Violation(
        f"'{nb.path.name}' is not in a git repository: its changes cannot be reviewed, compared or undone",
        fixes=(Fix("git-init", "Put the folder under git: `git init`, `git add` the notebook, commit", "manual"),),
    )


def untracked_notebook(nb: Notebook) -> Iterator[Violation]:
    """The notebook is inside a git repository but git does not track it.

    Why: it is not in any commit, so colleagues and CI do not have it and none of its history is kept.
    Example: a new `analysis.ipynb` never `git add`-ed.
    Instead: `git add` it and commit (or move scratch work out of the project).
    """
    repo = _repository(nb)
    if repo is None or nb.path is None or is_tracked(repo, nb.path) is not False:
        return
    name = relative_path(repo, nb.path) or nb.path.name
    yield Violation(
        f"'{name}' is not tracked by git: it is in no commit, so nobody else has it",
        fixes=(Fix("git-add", f"Run `git add {name}` and commit", "manual"),),
    )


def _paired_with_text(nb: Notebook) -> bool:
    jupytext = nb.metadata.get("jupytext")
    formats = jupytext.get("formats") if isinstance(jupytext, dict) else None
    return isinstance(formats, str) and any(part.strip() not in ("", "ipynb") for part in formats.split(","))


def no_output_stripping(nb: Notebook) -> Iterator[Violation]:
    """The repository has nothing that keeps notebook outputs out of commits.

    Why: sooner or later someone commits a notebook with its outputs: unreadable diffs, conflicts on
    execution counts, data and secrets shown in outputs kept in history.
    Example: a repository with no nbstripout filter, no pre-commit hook and no jupytext pairing.
    Instead: `pip install nbstripout`, add `*.ipynb filter=nbstripout` to `.gitattributes` and run
    `nbstripout --install` in each clone (or a pre-commit hook, or jupytext pairing).
    """
    stripping = _stripping(nb)
    if stripping is None or stripping.configured or stripping.filter is not None or _paired_with_text(nb):
        return
    clean = not stateful_cells(nb)
    message = ("Outputs are cleared now, but nothing in this repository keeps them out of commits"
               if clean else "Nothing in this repository strips notebook outputs before they are committed")
    fixes = (
        Fix("add-nbstripout-attribute",
            "Add `*.ipynb filter=nbstripout` to .gitattributes here (then run `nbstripout --install` in each clone)",
            "unsafe", (file_edit(".gitattributes", STRIPPING_LINE),)),
        Fix("install-nbstripout", "Run `pip install nbstripout` and `nbstripout --install --attributes .gitattributes`",
            "manual"),
    )
    yield Violation(f"{message} (nbstripout filter, pre-commit hook or jupytext pairing)", fixes=fixes,
                    weight=0.5 if clean else 1.0)


def stripping_filter_not_installed(nb: Notebook) -> Iterator[Violation]:
    """The repository asks for an output-stripping filter that this clone has not installed.

    Why: git silently skips a filter its config does not define, so outputs get committed while
    everybody believes they are stripped.
    Example: `.gitattributes` says `*.ipynb filter=nbstripout`, but `nbstripout --install` never ran here.
    Instead: run `nbstripout --install` (or define the filter as the project's setup notes say).
    """
    stripping = _stripping(nb)
    if stripping is None or stripping.filter is None or stripping.strips_outputs or nb.path is None:
        return
    repo = _repository(nb)
    source = stripping.filter_source
    where = (relative_path(repo, source) if repo else None) or (str(source) if source else ".gitattributes")
    step = "nbstripout --install" if stripping.filter == "nbstripout" else f"git config filter.{stripping.filter}.clean ..."
    yield Violation(
        f"{where} sets filter={stripping.filter} on notebooks, but this clone's git config does not define it: "
        "outputs are committed unstripped",
        fixes=(Fix("install-filter", f"Run `{step}` in this clone", "manual"),),
        weight=0.5 if not stateful_cells(nb) else 1.0,
    )
