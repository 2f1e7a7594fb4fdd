"""The speed memos of the live path (each keeps an answer and updates it for the cells an edit changed)
give what a cold analysis gives, on edits that make a finding appear, change and disappear again."""

import pytest
from test_live_equivalence import NOTEBOOKS, _cold, _Editor, _edits

from jupyterlab_promote.engine.notebook.reading import read_notebook_file
from jupyterlab_promote.engine.report.analysis import analyze_dict, forget_kept

from factories import notebook_json

BASE = [
    "import pandas as pd\nimport warnings\ndf = pd.DataFrame({'a': [1, 2]})",
    "total = 0",
    "def add(x):\n    return x + 1",
    "print(add(1))",
    "results = []",
    "print(total)",
    "factor = 2",
    "def scaled(x):\n    y = x * factor\n    return y",
    "value = 1",
    "assert value > 0",
]

EDITS = {
    "a cell written in Python 2, then one that does not parse": [
        (3, 'print "hello"'),
        (5, "print(xrange(3))"),
        (3, "def broken(:\n    pass"),
        (3, "print(add(1))"),
        (5, "print(total)"),
    ],
    "an exception swallowed, in a cell and in a written module": [
        (3, "try:\n    print(add(1))\nexcept:\n    pass"),
        (2, "%%writefile helpers.py\ndef add(x):\n    try:\n        return x + 1\n    except Exception:\n        pass"),
        (3, "print(add(1))"),
        (2, "def add(x):\n    return x + 1"),
    ],
    "random draws, the import renamed, then seeded": [
        (4, "results = np.random.rand(3)"),
        (0, "import pandas as pd\nimport numpy as np\nimport warnings\ndf = pd.DataFrame({'a': [1, 2]})"),
        (0, "import pandas as pd\nimport numpy as npy\nimport warnings\ndf = pd.DataFrame({'a': [1, 2]})"),
        (4, "results = npy.random.rand(3)"),
        (1, "total = 0\nnpy.random.seed(0)"),
        (1, "total = 0"),
    ],
    "a name used above its definition, then defined above, then read again": [
        (1, "total = late + 1"),
        (1, "total = late + 2"),
        (4, "late = 3\nresults = []"),
        (4, "results = []"),
        (5, "print(total, late)"),
        (6, "late = 1\nfactor = 2"),
        (1, "total = 0"),
        (5, "def f():\n    return factor\nf()"),
    ],
    "outputs stored, one cleared, one added": [
        (0, {"execution_count": 1, "outputs": [{"output_type": "stream", "name": "stdout", "text": "1"}]}),
        (3, {"execution_count": 2}),
        (0, {"outputs": []}),
        (0, {"outputs": [{"output_type": "stream", "name": "stdout", "text": "2"}]}),
        (0, {"execution_count": None, "outputs": []}),
        (3, {"execution_count": None}),
    ],
    "a function defined again, its caller edited": [
        (5, "def add(x):\n    return x + 2"),
        (3, "print(1)"),
        (4, "results = [add]"),
        (5, "print(total)"),
        (3, "print(add(1))"),
    ],
    "warnings silenced, then the alias changes": [
        (1, "warnings.filterwarnings('ignore')"),
        (0, "import pandas as pd\nimport warnings as w\ndf = pd.DataFrame({'a': [1, 2]})"),
        (1, "w.simplefilter('ignore')"),
        (1, "total = 0"),
    ],
    "what an assert reaches through a variable, kept then changed": [
        (8, "value = scaled(2)"),
        (8, "value = scaled(2)\nother = 1"),
        (8, "value = 2\nother = 1"),
        (8, "value = scaled(3)"),
    ],
    "execution counts out of order, then in order": [
        (0, {"execution_count": 1}), (1, {"execution_count": 2}), (3, {"execution_count": 3}),
        (1, {"execution_count": 7}),
        (2, {"execution_count": 4}),
        (1, {"execution_count": 2}),
        (3, "# only a comment"),
        (3, "print(add(1))"),
    ],
    "a global a function reads assigned again, imported, then not": [
        (5, "factor = 3"),
        (1, "total = 0\nfactor = 4"),
        (5, "import factor"),
        (1, "total = 0"),
        (5, "factor = 5"),
        (5, "print(total)"),
    ],
    "cell-scoped finding added then removed": [
        (3, "for i, row in df.iterrows():\n    print(row)"),
        (3, "for i, row in df.iterrows():\n    print(row, i)"),
        (3, "print(add(2))"),
    ],
    "ignore comment added then removed": [
        (3, "# promote: ignore\nfor i, row in df.iterrows():\n    print(row)"),
        (3, "# promote: ignore[PF]\nfor i, row in df.iterrows():\n    print(row)"),
        (3, "for i, row in df.iterrows():\n    print(row)  # promote: ignore"),
        (3, "for i, row in df.iterrows():\n    print(row)"),
    ],
}

# Each series makes the finding its memo keeps appear at some step.
EXPECTED = {
    "execution counts out of order, then in order": {"HS001"},
    "a cell written in Python 2, then one that does not parse": {"HS006"},
    "an exception swallowed, in a cell and in a written module": {"EH001"},
    "random draws, the import renamed, then seeded": {"HS007"},
    "a name used above its definition, then defined above, then read again": {"HS004"},
    "outputs stored, one cleared, one added": {"VC001"},
    "a function defined again, its caller edited": {"HS013"},
    "warnings silenced, then the alias changes": {"EH002"},
    "what an assert reaches through a variable, kept then changed": {"TS001"},
    "a global a function reads assigned again, imported, then not": {"MD004"},
    "cell-scoped finding added then removed": {"PF001"},
    "ignore comment added then removed": {"PF001"},
}


def _run(edits: list[tuple[int, str | dict]]) -> set[str]:
    """The codes found along the way. The whole series runs live first: a cold analysis forgets what the
    engine kept, so one between two live analyses would make the second a cold start too."""
    forget_kept()
    editor = _Editor(notebook_json(*BASE))
    editor.analyse()
    editor.analyse()
    steps = []
    for position, source in edits:
        if isinstance(source, dict):
            changed = dict(editor.cells[position], **source)
            editor.cells[position] = dict(changed, hash=f"{changed['hash']}:{sorted(source.items())}")
        else:
            editor.set_source(position, source)
        live, assembled = editor.analyse()
        # A second look without an edit keeps the answer.
        assert editor.analyse()[0] == live, source
        steps.append((source, live, assembled))
    for source, live, assembled in steps:
        assert live == _cold(assembled), source
    return {finding["code"] for _, live, _ in steps for finding in live["findings"]}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_live_equals_cold(name):
    assert EXPECTED[name] <= _run(EDITS[name])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_live_chain_on_real_notebooks_equals_cold(path):
    """test_live_equivalence's edits, with no cold analysis between the live ones: each live analysis
    reuses what the one before it kept."""
    forget_kept()
    editor = _Editor(read_notebook_file(path, 100))
    editor.analyse()
    editor.analyse()
    steps = []
    for what, edit in _edits(editor):
        edit()
        steps.append((what, *editor.analyse()))
    for what, live, assembled in steps:
        assert live == _cold(assembled), what


def test_json_cells_changed_in_place_are_read_again():
    """Cells handed back as the very same dicts are recognised by identity (RecentCells.cells); a dict
    whose fields were replaced since is read again."""
    forget_kept()
    data = notebook_json(*BASE)
    analyze_dict(data, "live.ipynb")
    changes = [("source", "total = undefined_name"), ("execution_count", 3),
               ("outputs", [{"output_type": "stream", "name": "stdout", "text": "1"}]),
               ("metadata", {"tags": ["promote-ignore"]}), ("id", "renamed"), ("cell_type", "markdown")]
    for field, value in changes:
        data["cells"][1][field] = value
        live = analyze_dict(data, "live.ipynb")
        assert live == _cold(data), field
        analyze_dict(data, "live.ipynb")  # kept again for the next change


def test_cell_scoped_answers_are_not_kept_for_a_notebook_over_the_source_budget(monkeypatch):
    """What the cell-scoped findings keep for the next analysis holds the notebook's cells (and their
    parses): not when those are over the budget of kept source."""
    from jupyterlab_promote.engine.report import cell_scope

    forget_kept()
    analyze_dict(notebook_json(*BASE), "live.ipynb")
    assert cell_scope.CELL_SCOPED_FINDINGS._last[0]
    monkeypatch.setattr(cell_scope, "KEPT_SOURCE_CHARS", 10)
    analyze_dict(notebook_json(*BASE), "live.ipynb")
    assert cell_scope.CELL_SCOPED_FINDINGS._last == ([], {})
