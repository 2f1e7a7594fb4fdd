"""IPython syntax to Python: the line-by-line transform gives IPython's text, or steps aside."""

import pytest
from IPython.core.inputtransformer2 import TransformerManager

from jupyterlab_promote.engine.notebook.source import parse_cell
from jupyterlab_promote.engine.python.magics import plain_escape, transform_lines, transform_magics

IPYTHON = TransformerManager()

SAME_AS_IPYTHON = [
    "%matplotlib inline\nimport numpy as np\n",
    "!pip install pandas\nimport pandas as pd",
    "files = !ls {folder}\nprint(files)\n",
    "result = %time fit(model)\n",
    "df.head?\nx = 1\n",
    "?len\n",
    "for path in paths:\n    !wc -l {path}\n    %time load(path)\n",
    "try:\n    import torch\nexcept ImportError:\n    !pip install torch\n",
    "%load_ext autoreload\n%autoreload 2\n  \t\nimport model\n",
    "x = 1\ny = 2\n" * 100 + "!echo done\n",
    "total = (a\n         / b)\n!ls\n",  # a line that only looks like an escape is left alone
]


@pytest.mark.parametrize("cell", SAME_AS_IPYTHON)
def test_line_by_line_gives_ipythons_text(cell):
    found = transform_lines(cell)
    assert found is not None
    python, tree = found
    assert python == IPYTHON.transform_cell(cell)
    assert tree.body


STEPS_ASIDE = {
    "a % inside a string": 'query = """\n%s\n"""\n!ls\n',
    "a line ending in ? inside a string": 'text = """is it\nreally?\n"""\n!ls\n',
    "an escape inside brackets": "total = (a,\n    ,b c)\n!ls\n",
    "prompts": ">>> x = 1\n>>> !ls\n",
    "a cell magic below the first line": "x = 1\n%%time\nf()\n",
    "nothing IPython would rewrite": "print 'python 2'\n",
    "a shell continuation that is not Python": "!A=$(date)\necho $A\n",
}


@pytest.mark.parametrize("cell", STEPS_ASIDE.values(), ids=STEPS_ASIDE.keys())
def test_line_by_line_steps_aside_when_it_cannot_vouch_for_the_result(cell):
    assert transform_lines(cell) is None


def test_the_whole_cell_path_still_transforms_what_the_lines_cannot():
    python, tree = transform_magics('query = """\n%s\n"""\n!ls\n')
    assert tree is None
    assert python == 'query = """\n%s\n"""\nget_ipython().system(\'ls\')\n'


def test_continuation_lines_are_kept_as_empty_lines():
    python, _ = transform_magics("!pip install numpy \\\n    pandas\nundefined_name\n")
    first, second, third = python.split("\n")[:3]
    assert first.startswith("get_ipython().system('pip install numpy") and first.endswith("pandas')")
    assert (second, third) == ("", "undefined_name")


@pytest.mark.parametrize("cell", [
    "\n\n!ls\nprint(undefined_thing)\n",
    '\n  \n!ls\ns = """\n%s\n"""\nprint(undefined_thing)\n',  # whole-cell path: IPython drops the blank lines
])
def test_leading_blank_lines_keep_the_line_numbers_of_the_cell(cell):
    parsed = parse_cell(cell)
    line = cell.split("\n").index("print(undefined_thing)") + 1
    assert parsed.uses_magics
    assert [(ref.name, ref.line) for ref in parsed.names.used if ref.name == "undefined_thing"] == [
        ("undefined_thing", line)
    ]


PLAIN_ESCAPES = [
    "%matplotlib inline", "!pip install -q pandas==2.1", "%time model.fit(X, y)  ", "% matplotlib inline",
    "!\tls", "!", "%", "!echo 'it''s", "!echo \"unclosed", "%config Backend.format='retina'", "%run -i x.py # note",
    "!ls *.csv | wc -l", "!echo (", "%timeit -r1 for x in y: pass", "!echo a = !b", "%time a = %who",
    "!ls é", "%pip install 'torch>=2'",
]


@pytest.mark.parametrize("line", PLAIN_ESCAPES)
def test_a_plain_escape_is_rewritten_as_ipython_does(line):
    assert plain_escape(line) == IPYTHON.transform_cell(line)


@pytest.mark.parametrize("line", ["!!ls", "!=x", "%=x", "%%time", "%who?", "!ls ?", "?x", "!ls \\",
                                  "!ls\x0cx", "!ls\u2028x", "%time\nx", "!ls\xa0x"])
def test_other_escapes_are_left_to_ipython(line):
    assert plain_escape(line) is None
