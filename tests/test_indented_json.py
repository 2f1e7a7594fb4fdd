"""indented_json writes exactly what json.dumps(indent=2) writes, lines indented by a few spaces more."""

import json
import math
import random

import pytest

from jupyterlab_promote.engine.report.reporters.indented_json import indented_json


def _expected(document, spaces):
    return "\n".join(" " * spaces + line for line in json.dumps(document, indent=2).split("\n"))


def _random_value(rng, depth):
    scalars = [None, True, False, 0, -7, 2**70, 0.1, -2.5e-300, 1e300, math.inf, -math.inf, math.nan,
               "", "plain", "quote \" and \\ backslash", "line\nbreak\ttab", "é ü 中 😀", "\x00\x1f"]
    if depth > 3 or rng.random() < 0.4:
        return rng.choice(scalars)
    if rng.random() < 0.5:
        return [_random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    keys = ["a", "score", "é", 3, 1.5, True, False, None]
    return {rng.choice(keys): _random_value(rng, depth + 1) for _ in range(rng.randrange(4))}


@pytest.mark.parametrize("spaces", [0, 4, 8])
def test_random_documents_read_as_json_dumps_writes_them(spaces):
    rng = random.Random(spaces)
    for _ in range(500):
        document = _random_value(rng, 0)
        assert indented_json(document, spaces) == _expected(document, spaces)


def test_a_report_entry_with_tuples_and_empty_containers():
    entry = {"path": "a.ipynb", "score": 87, "findings": [{"cell": 2, "fixes": (), "lines": (1, 3), "extra": {}}],
             "checklist": [], "error": None}
    assert indented_json(entry, 4) == _expected(entry, 4)


def test_what_json_cannot_encode_raises_as_json_dumps_does():
    with pytest.raises(TypeError, match="not JSON serializable"):
        indented_json({"when": object()}, 4)
    with pytest.raises(TypeError, match="keys must be"):
        indented_json({(1, 2): "tuple key"}, 4)


def test_a_cycle_is_reported_as_json_dumps_reports_it():
    cycle: list = []
    cycle.append(cycle)
    with pytest.raises(ValueError, match="Circular reference"):
        indented_json(cycle, 4)


def test_values_of_subclasses_and_bools_in_containers_take_the_general_path():
    import enum

    class Level(enum.IntEnum):
        HIGH = 3

    class Name(str):
        pass

    document = {"int": Level.HIGH, "str": Name("x"), "bool": True, "none": None, "count": 2,
                Name("key"): [Level.HIGH, Name("y"), False, None, 7, "z"]}
    assert indented_json(document, 4) == _expected(document, 4)
