"""Every regular expression in the package stays linear on text crafted from its own characters.

A notebook cell is hostile input: a pattern with two quantifiers that can share characters (`\\s*[(]?\\s*`,
`.*` before a closing bracket, `\\bcurl\\b.*?` scanning on from every `curl`) backtracks quadratically, and a
20 KB cell then holds the server for seconds. The patterns are collected from the modules themselves, so a
new one is covered without touching this file. Each is run the way the package runs it (`match`,
`fullmatch`, or the whole `finditer` scan) on runs of every character and word it names, with a
non-matching tail. Time is judged by growth, not by seconds: text four times longer may take about four times
as long (linear), never sixteen (quadratic); a loaded machine slows both sizes alike.
"""

import ast
import importlib
import pkgutil
import re
import time
from pathlib import Path

import pytest

import jupyterlab_promote
from jupyterlab_promote.engine.text.secret_patterns import token_pattern
from jupyterlab_promote.engine.text.token_kinds import TOKEN_KINDS

PACKAGE = Path(jupyterlab_promote.__file__).parent
SOURCES = {path: path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py")}
SEARCHING = {"search", "finditer", "findall", "sub", "subn", "split"}
ANCHORED = ("match", "fullmatch")

# Runs known to trip common shapes: option clusters, template openers, words with spaces, mixed pairs.
UNITS = ("-k", "<{[$%", "a ", " a", "a.", "a-", "a=", "a:", "a/", "a@", "a1", "=a", "\\a", "'a", '"a', " \t",
         "%s", "${", "{{", "a_", "_a", "A_", "aA", "A1", "1.", "-1", " -", "//", "a\n", ". ")
TAILS = ("x", "\x01")
SMALL, MEDIUM, LARGE = 2_500, 10_000, 40_000


def _patterns_in(value, depth=0):
    if isinstance(value, re.Pattern):
        yield value
    elif depth < 2 and isinstance(value, (tuple, list, frozenset, set, dict)):
        for item in value.values() if isinstance(value, dict) else value:
            yield from _patterns_in(item, depth + 1)


def _usage(module_file: Path, name: str) -> str:
    """How the package calls the pattern bound to `name` (in its module and where it is imported): a full
    scan unless it is only ever anchored."""
    call = re.compile(rf"\b{re.escape(name)}\.(\w+)\(")
    imported = re.compile(rf"^\s*from [\w.]+ import [^\n]*\b{re.escape(name)}\b", re.MULTILINE)
    users = [source for path, source in SOURCES.items() if path == module_file or imported.search(source)]
    used = {method for source in users for method in call.findall(source)}
    if used and not used & SEARCHING and used & set(ANCHORED):
        return "match" if "match" in used else "fullmatch"
    return "finditer"


def _module_patterns():
    found = {}
    for info in pkgutil.walk_packages(jupyterlab_promote.__path__, "jupyterlab_promote."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            for pattern in _patterns_in(value):
                found.setdefault((pattern.pattern, pattern.flags),
                                 (f"{info.name}.{name}", pattern, _usage(Path(module.__file__), name)))
    return found


def _inline_patterns():
    """`re.match(r"...", text)` written in place, compiled here the way the module would (a `re.compile`
    is found among the module's values)."""
    found = {}
    for path, source in SOURCES.items():
        for node in ast.walk(ast.parse(source)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.func.attr != "compile"
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                usage = node.func.attr if node.func.attr in ANCHORED else "finditer"
                where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
                pattern = re.compile(node.args[0].value)
                found.setdefault((pattern.pattern, pattern.flags), (where, pattern, usage))
    return found


def _compiled_on_first_use():
    """The token kinds' patterns, which secret_patterns compiles when a text first holds a kind's hints:
    every one of them, not only those an earlier test happened to compile."""
    found = {}
    for kind in TOKEN_KINDS:
        pattern = token_pattern(kind)
        found[(pattern.pattern, pattern.flags)] = (f"{token_pattern.__module__}.token_pattern({kind!r})", pattern,
                                                   "finditer")
    return found


PATTERNS = sorted({**_inline_patterns(), **_module_patterns(), **_compiled_on_first_use()}.values(),
                  key=lambda item: item[0])


def _baits(pattern: re.Pattern):
    """(prefix, repeated unit, tail) triples built from the pattern's own characters and words."""
    characters = sorted(set(pattern.pattern) | set(" \taA0\n"))
    words = sorted(set(re.findall(r"[A-Za-z_]{3,}", pattern.pattern)))[:40]
    lead = " ".join(words) + " "
    units = characters + list(UNITS) + [word + " " for word in words]
    for unit in units:
        for prefix in ("", lead, lead + "-"):
            for tail in TAILS:
                yield prefix, unit, tail


def _text(prefix: str, unit: str, tail: str, size: int) -> str:
    return prefix + unit * (size // len(unit)) + tail


def _seconds(pattern: re.Pattern, usage: str, text: str, repeats: int = 1) -> float:
    """CPU seconds of this process (other processes on a busy machine do not count), best of `repeats`."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        if usage == "finditer":
            for _match in pattern.finditer(text):
                pass
        else:
            getattr(pattern, usage)(text)
        best = min(best, time.process_time() - start)
    return best


def _linear_floor(size: int) -> float:
    """Twice the time of one Python step per character: a pattern this fast cannot be quadratic."""
    text = "x" * size
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        for _character in text:
            pass
        best = min(best, time.process_time() - start)
    return 2 * best


def _growth(pattern, usage, texts: tuple[str, str], enough: float) -> float:
    """The least time ratio, longer text to shorter, over up to three measures (stops once `enough`)."""
    growth = float("inf")
    for _attempt in range(3):
        shorter = _seconds(pattern, usage, texts[0], repeats=3)
        longer = _seconds(pattern, usage, texts[1], repeats=2)
        growth = min(growth, longer / max(shorter, 1e-9))
        if growth <= enough:
            break
    return growth


def _grows_linearly(pattern, usage, prefix, unit, tail) -> tuple[bool, float]:
    """Cheap screen first; only the few baits slow at 2.5 KB are timed again, longer, and compared.

    Text four times longer takes about 4 times as long with a linear pattern, about 16 with a quadratic
    one: clearly quadratic from 2.5 to 10 KB fails at once, in between is settled from 10 to 40 KB.
    """
    small = _seconds(pattern, usage, _text(prefix, unit, tail, SMALL))
    if small <= _linear_floor(SMALL):
        return True, 1.0
    medium = _seconds(pattern, usage, _text(prefix, unit, tail, MEDIUM))
    if medium <= 6 * small:
        return True, medium / small
    texts = [_text(prefix, unit, tail, size) for size in (SMALL, MEDIUM, LARGE)]
    growth = _growth(pattern, usage, (texts[0], texts[1]), enough=6)
    if growth <= 6 or growth > 12:
        return growth <= 6, growth
    growth = _growth(pattern, usage, (texts[1], texts[2]), enough=10)
    return growth <= 10, growth


def test_the_package_patterns_were_found():
    names = {name for name, _pattern, _usage in PATTERNS}
    assert len(PATTERNS) > 100
    assert {"jupyterlab_promote.engine.python.magics._MAGIC_LINE",
            "jupyterlab_promote.engine.text.secret_patterns._TEMPLATE"} <= names
    compiled = {(pattern.pattern, pattern.flags) for _name, pattern, _usage in PATTERNS}
    assert {(token_pattern(kind).pattern, token_pattern(kind).flags) for kind in TOKEN_KINDS} <= compiled


@pytest.mark.parametrize("name,pattern,usage", PATTERNS, ids=[name for name, _p, _u in PATTERNS])
def test_pattern_is_linear_on_its_own_bait(name, pattern, usage):
    for prefix, unit, tail in _baits(pattern):
        linear, growth = _grows_linearly(pattern, usage, prefix, unit, tail)
        assert linear, f"{name} ({usage}) grows {growth:.0f}x on 4x as much {prefix[-12:]!r}+{unit!r}*n+{tail!r}"


# Whole cells built to trip the patterns the rules run on cell text, each CELL_SIZE characters long.
CELL_SIZE = 20_000
CRAFTED_CELLS = {
    "curl option cluster": "!curl -" + "k" * CELL_SIZE + "!\n",
    "curl repeated": "!" + "curl " * (CELL_SIZE // 5) + "\n",
    "template-like secret": 'api_key = "' + "<{[$%" * (CELL_SIZE // 5) + '"\n',
    "spaces in a printed message": 'print("' + " " * CELL_SIZE + 'x")\n',
    "indent after a magic": "%time x = 1\n" + " " * CELL_SIZE + "y = 2\n",
    "blank lines in a chore function": "def download_data():\n    x = 1\n" + "\n" * CELL_SIZE + "    print(x)\n",
    "tabs": "\t" * CELL_SIZE + "x\n",
}
# An ordinary cell of the same size: assignments, one a line.
PLAIN_CELL = "".join(f"value_{i} = total * {i} + 1\n" for i in range(CELL_SIZE // 26))


def _analysis_seconds(source: str) -> float:
    """CPU seconds, best of three cold analyses (nothing kept from the run before), of a one-cell notebook."""
    from jupyterlab_promote.engine import check_json
    from jupyterlab_promote.engine.report.analysis import forget_kept

    from factories import notebook_json

    best = float("inf")
    for _ in range(3):
        forget_kept()
        start = time.process_time()
        check_json(notebook_json(source), "crafted.ipynb")
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("kind", list(CRAFTED_CELLS))
def test_a_crafted_cell_costs_about_what_an_ordinary_cell_does(kind):
    crafted = _analysis_seconds(CRAFTED_CELLS[kind])
    plain = _analysis_seconds(PLAIN_CELL)
    if crafted > 4 * plain:  # once more, in case the machine was busy during the first measure
        crafted, plain = _analysis_seconds(CRAFTED_CELLS[kind]), _analysis_seconds(PLAIN_CELL)
    assert crafted <= 4 * plain, f"{kind}: {crafted:.2f} s, an ordinary cell of its size {plain:.2f} s"
