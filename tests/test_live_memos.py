"""The speed memos of the live path (each keeps an answer and updates it for the cells an edit changed)
give what a cold analysis gives, on edits that make a finding appear, change and disappear again."""

import pytest
from factories import notebook_json
from test_live_equivalence import _cold, _Editor

BASE = [
    "import pandas as pd\nimport warnings\ndf = pd.DataFrame({'a': [1, 2]})",
    "total = 0",
    "def add(x):\n    return x + 1",
    "print(add(1))",
    "results = []",
    "print(total)",
]

EDITS = {
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


def _run(edits: list[tuple[int, str]]) -> None:
    editor = _Editor(notebook_json(*BASE))
    editor.analyse()
    editor.analyse()
    for position, source in edits:
        editor.set_source(position, source)
        live, assembled = editor.analyse()
        assert live == _cold(assembled), source
        # A second look without an edit keeps the answer.
        assert editor.analyse()[0] == live, source


@pytest.mark.parametrize("name", sorted(EDITS))
def test_live_equals_cold(name):
    _run(EDITS[name])
