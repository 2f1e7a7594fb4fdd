"""Cells that do not parse are still read: Python 2 forms rewritten, unreadable lines left out, positions kept."""

import ast

import pytest

from jupyterlab_promote.engine import check_json
from jupyterlab_promote.engine.notebook.source import parse_cell
from jupyterlab_promote.engine.python.python2 import normalise
from jupyterlab_promote.engine.rules import hidden_state as hs
from jupyterlab_promote.engine.rules.error_handling import broad_except
from jupyterlab_promote.engine.rules.leakage import RULES as LEAKAGE_RULES

from factories import notebook, notebook_json, violations


def _names(source: str) -> dict[str, tuple[int, int]]:
    """Where each name is first read or bound in the recovered tree: (line, column)."""
    tree = parse_cell(source).tree
    found: dict[str, tuple[int, int]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.setdefault(node.id, (node.lineno, node.col_offset))
    return found


class TestPython2Forms:
    @pytest.mark.parametrize("source", [
        'print "total", total',
        "print >>sys.stderr, 'warning', total\nprint 'done'",
        "print total,",
        "try:\n    run()\nexcept ValueError, error:\n    log(error)",
        "try:\n    run()\nexcept (ValueError, KeyError), error:\n    log(error)",
        "raise ValueError, 'bad value'",
        "text = `total`",
        "if total <> 0: run()",
        "mode = 0777",
        "big = 10L",
        "pattern = ur'\\d+'",
        'exec "x = 1" in namespace',
        "for i in xrange(3): print i",
    ])
    def test_each_form_is_read_as_the_python_3_it_means(self, source):
        parsed = parse_cell(source)
        assert parsed.syntax_error is not None, "the cell still does not run"
        assert parsed.tree is not None and parsed.python2 and parsed.unparsed_lines == ()

    def test_the_print_statement_becomes_a_call_with_its_arguments(self):
        # Alone, `print >>log, 'a', value` is a valid Python 3 tuple; the cell fails on the next line.
        tree = parse_cell("print >>log, 'a', value,\nprint 'b'").tree
        call = tree.body[0].value
        assert isinstance(call, ast.Call) and call.func.id == "print"
        assert [ast.unparse(a) for a in call.args] == ["log", "'a'", "value"]

    def test_columns_are_those_of_the_original_line(self):
        source = "try:\n    mode = 0777 + offset\nexcept IOError, e: report(e, u)"
        names = _names(source)
        assert names["offset"] == (2, source.split("\n")[1].index("offset"))
        assert names["report"] == (3, source.split("\n")[2].index("report"))
        assert names["u"] == (3, source.split("\n")[2].index("u)"))

    def test_columns_count_bytes_after_non_ascii_text(self):
        source = "étiquette = 0777 + décalage\nprint étiquette"
        tree = parse_cell(source).tree
        name = next(n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == "décalage")
        line = source.split("\n")[0]
        assert name.col_offset == len(line[:line.index("décalage")].encode())

    def test_python_3_calls_in_a_failing_cell_are_left_alone(self):
        text, edits = normalise("print(x)\nexec(code)\nprint (a), b\nprint = 3\nx = <YOUR CODE>")
        assert edits == () and text.startswith("print(x)\nexec(code)\nprint (a), b\nprint = 3")

    def test_a_python_3_cell_is_not_rewritten(self):
        parsed = parse_cell("print('ok')\nvalue = 0o777")
        assert parsed.syntax_error is None and not parsed.python2


class TestUnreadableLines:
    def test_a_placeholder_line_is_left_out_and_the_rest_kept(self):
        source = "import pandas as pd\ndf = pd.read_csv('a.csv')\nX = <YOUR CODE>\nmodel = fit(df, X)"
        parsed = parse_cell(source)
        assert parsed.recovered and parsed.unparsed_lines == ((3, 3),)
        assert parsed.unparsed_code == "X = <YOUR CODE>"
        assert [type(s).__name__ for s in parsed.tree.body] == ["Import", "Assign", "Assign"]
        assert parsed.tree.body[2].lineno == 4
        assert len(parsed.python.split("\n")) == len(source.split("\n"))

    def test_an_unfinished_call_leaves_out_its_lines_only(self):
        parsed = parse_cell("a = 1\nmodel = fit(a,\nb = 2\n")
        assert parsed.recovered and {s.targets[0].id for s in parsed.tree.body} == {"a", "b"}

    def test_a_block_left_empty_keeps_its_header(self):
        parsed = parse_cell("for i in range(3):\n    x = <YOUR CODE>\nif ready:\n    y = <CODE>\nelse:\n    z = 1")
        assert parsed.recovered and [type(s).__name__ for s in parsed.tree.body] == ["For", "If"]
        assert isinstance(parsed.tree.body[0].body[0], ast.Pass)

    def test_an_except_block_left_empty_swallows_nothing(self):
        source = "try:\n    load()\nexcept Exception:\n    <YOUR HANDLER>\n"
        assert parse_cell(source).recovered
        assert violations(broad_except, source) == []

    def test_a_function_without_a_body_is_left_out(self):
        parsed = parse_cell("def f(x):\n    # TODO: write it\n\ny = 2")
        assert parsed.unparsed_lines == ((1, 1),) and [s.lineno for s in parsed.tree.body] == [4]

    @pytest.mark.parametrize("source", [
        "aws s3 ls\naws s3 cp a b\nls",
        "SELECT * FROM t;",
        "CREATE TABLE part (\n  key integer not null,\n  name varchar(22)\n);",
    ])
    def test_cells_that_are_not_python_stay_unread(self, source):
        parsed = parse_cell(source)
        assert parsed.tree is None and parsed.syntax_error is not None
        assert parsed.unparsed_code.rstrip("\n") == source

    def test_magics_are_still_transformed(self):
        parsed = parse_cell("!pip install x\nprint 'a'\ny = 2")
        assert parsed.recovered and parsed.uses_magics
        assert "get_ipython" in ast.unparse(parsed.tree)


class TestRulesSeeRecoveredCells:
    def test_invalid_syntax_is_still_reported(self):
        (found,) = violations(hs.invalid_syntax, "x = 1\ny = <YOUR CODE>")
        assert found.line == 2

    def test_a_recovered_cell_is_a_python_cell(self):
        nb = notebook("x = 1", "print 'x'\ny = <YOUR CODE>\nz = 2")
        assert [cell.index for cell in nb.python_cells] == [0, 1]

    def test_broad_except_in_a_python_2_cell(self):
        (found,) = violations(broad_except, "try:\n    load()\nexcept Exception, e:\n    print 'failed', e")
        assert found.line == 3

    def test_leakage_in_a_cell_with_a_placeholder(self):
        source = ("from sklearn.preprocessing import StandardScaler\nfrom sklearn.model_selection import train_test_split\n"
                  "X = StandardScaler().fit_transform(X_raw)\nX_train, X_test = train_test_split(X)\n"
                  "model = <YOUR MODEL>")
        nb = notebook("X_raw = load()", source)
        found = [v for rule in LEAKAGE_RULES for v in rule.check(nb)]
        assert any(v.cell.index == 1 and v.line == 3 for v in found)

    def test_names_bound_on_unreadable_lines_are_not_undefined(self):
        cells = ("X = <YOUR CODE>\nmodel = fit(X)", "predict(model, X)", "def fit(a):\n    return a\npredict = fit")
        assert [v.message for v in violations(hs.undefined_name, *cells)] == []

    def test_names_read_on_kept_lines_are_still_checked(self):
        found = violations(hs.undefined_name, "X = <YOUR CODE>\nmodel = fit(X)")
        assert [v.message.split("'")[1] for v in found] == ["fit"]


def test_a_python_2_notebook_end_to_end():
    py2 = {"kernelspec": {"name": "python2", "display_name": "Python 2", "language": "python"},
           "language_info": {"name": "python", "version": "2.7.10"}}
    data = notebook_json("import os\nname = raw_input()", "try:\n    data = open(name).read()\nexcept Exception, e:\n    pass",
                         "print 'read', len(data)\nsummary = <YOUR CODE>", metadata=py2)
    found = {(f["code"], f["cell_id"], f["line"]) for f in check_json(data, "old.ipynb")["findings"]}
    assert ("HS014", "c1", 3) in found and ("EH001", "c1", 3) in found and ("HS006", "c2", 2) in found
    assert not {code for code, _, _ in found} & {"HS005", "HS004"}
