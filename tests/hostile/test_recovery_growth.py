"""Reading a cell that does not parse stays linear in its size, however many errors it holds.

Recovery parses each top-level statement a bounded number of times (python/recovery.py). A cell crafted
with an error on every line, or one huge function with errors all through it, must not make that
quadratic: time is judged by growth (text four times longer may take about four times as long, never
sixteen), as in test_regex_bait.py. The bound leaves room for a loaded machine (measured: 4 to 5).
"""

import time

import pytest

from jupyterlab_promote.engine.notebook.source import parse_cell

SMALL, LARGE = 1_500, 6_000


def _placeholders(lines: int) -> str:
    return "\n".join(f"x{i} = <YOUR CODE>" if i % 2 else f"y{i} = {i}" for i in range(lines))


def _errors_in_one_function(lines: int) -> str:
    body = "\n".join(f"    z{i} = <YOUR CODE>" if i % 3 == 0 else f"    z{i} = z{i - 1} + 1" for i in range(lines))
    return "def train(data):\n" + body + "\n    return data"


def _unclosed_brackets(lines: int) -> str:
    return "\n".join(f"value{i} = compute({i}," for i in range(lines))


def _python2_and_errors(lines: int) -> str:
    return "\n".join(f"print 'step', {i}" if i % 2 else f"if x{i} = 1:\n    pass" for i in range(lines // 2))


def _nested_blocks(lines: int) -> str:
    return "\n".join(f"for a{i} in range(3):\n    if a{i}:\n        b{i} = <CODE>" for i in range(lines // 3))


def _seconds(source: str) -> float:
    """CPU seconds of one uncached parse (the best of three, so a busy machine weighs on both sizes alike)."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        parse_cell.__wrapped__(source)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("build", [_placeholders, _errors_in_one_function, _unclosed_brackets, _python2_and_errors,
                                   _nested_blocks])
def test_recovery_grows_linearly(build):
    small, large = build(SMALL), build(LARGE)
    assert parse_cell(small).syntax_error is not None
    growth = float("inf")
    for _attempt in range(3):
        growth = min(growth, _seconds(large) / max(_seconds(small), 1e-6))
        if growth <= 10:
            break
    assert growth <= 10, f"{build.__name__}: four times the lines took {growth:.1f} times as long"
