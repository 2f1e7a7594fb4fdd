"""Bad input gets one clear line, never a traceback."""

import json

import pytest

from jupyterlab_promote.engine import check_file
from jupyterlab_promote.engine.notebook.reading import NotebookError, parse_notebook_bytes

from factories import notebook_json


def reason(raw: bytes | str) -> str:
    with pytest.raises(NotebookError) as caught:
        parse_notebook_bytes(raw)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_valid_notebook_parses():
    data = parse_notebook_bytes(json.dumps(notebook_json("x = 1")))
    assert data["cells"][0]["source"] == "x = 1"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "empty"),
        (b'{"cells": [', "truncated"),
        (b"not json at all", "not valid JSON"),
        (b"\xff\xfe\x00garbage\x80", "not UTF-8 text"),
        (b"[1, 2]", "is a list, not an object"),
        (b'{"nbformat": 3, "worksheets": []}', "nbformat 3"),
        (b'{"nbformat": 5, "cells": []}', "newer"),
        (b'{"nbformat": "4", "cells": []}', "'nbformat' must be an integer"),
        (b'{"nbformat": 4, "cells": {}}', "'cells' must be a list"),
        (b'{"nbformat": 4}', "'cells' must be a list, got null"),
        (b'{"nbformat": 4, "cells": [1]}', "cell 0 must be an object"),
        (b'{"nbformat": 4, "cells": [{"cell_type": "code", "source": 5}]}', "cell 0: 'source'"),
        (b'{"nbformat": 4, "cells": [{"cell_type": "python"}]}', "cell 0: 'cell_type'"),
        (b'{"nbformat": 4, "cells": [{"cell_type": "code", "outputs": {}}]}', "cell 0: 'outputs' must be a list"),
        (b'{"nbformat": 4, "cells": [{"cell_type": "code", "execution_count": "1"}]}', "execution_count"),
        (b'{"nbformat": 4, "metadata": [], "cells": []}', "'metadata' must be an object"),
        (b'{"hello": "world"}', "no 'nbformat' or 'cells'"),
    ],
)
def test_bad_input_gets_a_clear_reason(raw, expected):
    assert expected in reason(raw)


def test_non_utf8_bytes_name_the_offset():
    raw = b'{"nbformat": 4, "cells": [], "x": "caf\xe9"}'
    assert "not UTF-8" in reason(raw) and "0xe9" in reason(raw)


def test_deeply_nested_json_is_refused_not_crashed():
    assert "nested too deeply" in reason(b"[" * 100_000 + b"]" * 100_000)


def test_check_file_reports_errors_in_the_entry(tmp_path):
    broken = tmp_path / "broken.ipynb"
    broken.write_text('{"cells": [', encoding="utf-8")
    entry = check_file(broken)
    assert entry["score"] is None and entry["grade"] is None
    assert "truncated" in entry["error"]
    assert set(entry["categories"]) and entry["findings"] == []


def test_missing_file_and_directory(tmp_path):
    assert check_file(tmp_path / "nope.ipynb")["error"] == "no such file"
    folder = tmp_path / "dir.ipynb"
    folder.mkdir()
    assert "directory" in check_file(folder)["error"]


def test_notebooks_over_the_size_limit_are_refused(tmp_path):
    big = tmp_path / "big.ipynb"
    big.write_text(json.dumps(notebook_json("x = 1")) + " " * 2_000_000, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.jupyterlab_promote]\nmax_notebook_mb = 1\n", encoding="utf-8")
    entry = check_file(big)
    assert "over the 1 MB limit" in entry["error"]


def test_a_ten_thousand_cell_notebook_is_analysed():
    cells = [f"x{i} = {i}" for i in range(10_000)]
    data = notebook_json(*cells)
    from jupyterlab_promote.engine import check_json

    entry = check_json(data, "many.ipynb")
    assert entry["error"] is None and 0 <= entry["score"] <= 100


def test_cells_without_ids_or_metadata_are_accepted():
    data = {"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": [{"cell_type": "code", "source": ["a = 1\n", "b = a"]}]}
    from jupyterlab_promote.engine import check_json

    assert check_json(data, "old.ipynb")["error"] is None


def test_a_100_mb_notebook_of_outputs_is_analysed(tmp_path):
    image = "iVBORw0KGgo" * 95_000  # about 1 MB of base64 image data per output
    cells = [{"cell_type": "code", "id": f"c{i}", "metadata": {}, "execution_count": i + 1, "source": f"plot({i})",
              "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"image/png": image}}]}
             for i in range(100)]
    path = tmp_path / "big.ipynb"
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}), encoding="utf-8")
    assert path.stat().st_size > 100_000_000
    entry = check_file(path)
    assert entry["error"] is None
    assert any(f["name"] == "large-output" for f in entry["findings"])
