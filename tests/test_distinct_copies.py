"""The scale benchmark's copies (benchmarks/distinct_copies.py) share no block of line shapes across
copies, in cells that parse and in cells that do not, and a cell parses after it is varied exactly when
it parsed before."""

import sys
from pathlib import Path

from jupyterlab_promote.engine.notebook.fingerprints import window_length
from jupyterlab_promote.engine.rules.sibling_files import fingerprinted

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from distinct_copies import parses, varied  # noqa: E402

DECORATED = """@pm.deterministic
@cached
def rate(tau=tau, early=early, late=late):
    out = np.zeros(count)
    out[:tau] = early
    out[tau:] = late
    out *= scale
    return out
"""
CLAUSES = """for i in range(epochs):
    i = np.random.randint(len(x))
    if (y[i] * (xs[i] @ w)) < 1:
        w = w - rate * (-2 * (1 / epoch) * w - y[i] * xs[i])
    else:
        w = w - rate * w * (-2 * (1 / epoch))
    try:
        loss.append(cost(w))
    except ValueError:
        pass
"""
PYTHON2 = """%matplotlib inline
def describe(frame):
    print "rows", len(frame)
    total = frame.sum()
    mean = frame.mean()
    spread = frame.std()
    print "mean", mean
    return total, mean, spread
values = [1, 2,
          3, 4]
"""
SIZE = window_length(6)


def windows(source: str) -> set:
    cells = fingerprinted([{"cell_type": "code", "source": source}], 6)
    return {cell.shapes[i:i + SIZE] for cell in cells for i in range(len(cell.shapes) - SIZE + 1)}


def test_copies_share_no_window_of_line_shapes():
    for source in (DECORATED, CLAUSES, PYTHON2):
        assert windows(source)  # the original has windows to share
        assert windows(varied(source, 3)).isdisjoint(windows(varied(source, 17)))


def test_a_cell_parses_after_it_is_varied_exactly_when_it_parsed_before():
    for source in (DECORATED, CLAUSES, PYTHON2):
        assert parses(varied(source, 3)) == parses(source)


def test_every_copy_of_a_cell_has_its_own_text():
    assert varied("x = 1", 3) != varied("x = 1", 4) and "len.copy3" in varied("x = 1", 3)
