"""assert_reach.top_level: the statements a notebook runs at module level, under every kind of block."""

import ast

from jupyterlab_promote.engine.rules.assert_reach import top_level


def assigned(source: str) -> set[str]:
    return {node.targets[0].id for node in top_level(ast.parse(source).body) if isinstance(node, ast.Assign)}


def test_statements_under_blocks_and_clauses_are_module_level():
    source = (
        "a = 1\n"
        "if a:\n    b = 2\nelse:\n    c = 3\n"
        "try:\n    d = 4\nexcept ValueError:\n    e = 5\nfinally:\n    f = 6\n"
        "for _ in []:\n    g = 7\n"
        "with open('x') as handle:\n    h = 8\n"
        "match a:\n    case 1:\n        i = 9\n    case _:\n        j = 10\n"
    )
    assert assigned(source) == set("abcdefghij")


def test_statements_inside_functions_and_classes_are_not():
    source = "def fit():\n    k = 1\nclass Model:\n    m = 2\nn = 3\n"
    assert assigned(source) == {"n"}
