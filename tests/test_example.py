"""The bundled example is a file git tracks: opening and saving it in JupyterLab must leave it unchanged.

JupyterLab writes the kernel's `kernelspec` and `language_info` into the notebook's metadata as soon as the
kernel is ready, and marks the notebook changed when they differ from what the file holds; Jupyter's save
writes nbformat's canonical JSON. So the example ships with both written as they would be, in that layout.
(`language_info.version` is the kernel's Python version: it can only match one Python, the README's.)
"""

import json
import re
from pathlib import Path

import nbformat
import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE = EXAMPLES / "churn_analysis.ipynb"
CELL_ID = re.compile(r"^[a-zA-Z0-9-_]{1,64}$")  # nbformat 4.5's pattern


@pytest.fixture(scope="module")
def notebook() -> nbformat.NotebookNode:
    return nbformat.read(EXAMPLE, as_version=nbformat.NO_CONVERT)


def test_the_kernelspec_is_the_one_jupyterlab_writes(notebook):
    from ipykernel.kernelspec import KERNEL_NAME, get_kernel_dict

    spec = get_kernel_dict()  # the python3 kernel the environment's ipykernel provides
    # JupyterLab's NotebookPanel writes exactly these three keys from the running kernel's spec.
    assert notebook.metadata.kernelspec == {"name": KERNEL_NAME, "display_name": spec["display_name"],
                                            "language": spec["language"]}


def test_language_info_is_what_the_kernel_reports(notebook):
    from ipykernel.ipkernel import IPythonKernel

    reported = dict(IPythonKernel.language_info)  # what kernel_info_reply carries, and JupyterLab stores
    shipped = dict(notebook.metadata.language_info)
    assert shipped.keys() == reported.keys()
    assert {k: v for k, v in shipped.items() if k != "version"} == {k: v for k, v in reported.items() if k != "version"}
    assert re.fullmatch(r"3\.\d+\.\d+", shipped["version"])


def test_the_file_is_valid_with_unique_cell_ids(notebook):
    nbformat.validate(notebook)
    assert (notebook.nbformat, notebook.nbformat_minor) >= (4, 5)
    ids = [cell.id for cell in notebook.cells]
    assert all(CELL_ID.fullmatch(cell_id) for cell_id in ids)
    assert len(set(ids)) == len(ids)


def test_the_file_is_in_the_layout_jupyter_saves():
    text = EXAMPLE.read_text(encoding="utf-8")
    # nbformat.write: sorted keys, one-space indent, lines split, a final newline (what a save writes).
    assert text == nbformat.writes(nbformat.reads(text, as_version=nbformat.NO_CONVERT)) + "\n"


def test_the_requirements_declare_what_the_example_needs_to_run():
    declared = {re.split(r"[=<>!~;\[ ]", line, maxsplit=1)[0].lower()
                for line in (EXAMPLES / "requirements.txt").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")}
    # numpy comes with pandas; requests with JupyterLab; seaborn is what the example's `!pip install` cell
    # installs: those stay undeclared, as findings the demo shows.
    assert {"pandas", "scikit-learn", "matplotlib"} <= declared


def test_the_stored_outputs_are_what_a_clean_run_shows():
    """Stored outputs that a re-run reproduces: a clean re-run stops only where the notebook is wrong."""
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    head = next(cell for cell in data["cells"] if cell.get("id") == "af1ff714")
    shown = "".join(head["outputs"][0]["data"]["text/plain"]).split("\n")
    rows = (EXAMPLES / "data" / "customers.csv").read_text(encoding="utf-8").splitlines()
    assert shown[0].split() == rows[0].split(",")
    assert [line.split()[1:] for line in shown[1:]] == [row.split(",") for row in rows[1:6]]
