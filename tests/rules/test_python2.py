"""Python 2 notebooks: one python2-notebook finding, not a syntax error per cell and undefined `xrange`s."""

from jupyterlab_promote.engine.rules import hidden_state as hs
from jupyterlab_promote.engine.rules.cell_syntax import python2_notebook

from factories import notebook, violations

PY2 = {"kernelspec": {"name": "python2", "display_name": "Python 2", "language": "python"},
       "language_info": {"name": "python", "version": "2.7.10"}}
CONDA_PY2 = {"kernelspec": {"name": "conda-root-py", "display_name": "Python [conda root]", "language": "python"},
             "language_info": {"name": "python", "version": "2.7.12"}}


class TestPython2Notebook:
    def test_one_finding_at_the_first_python_2_cell(self):
        nb = notebook("x = 1", "print 'a'", "print x", metadata=PY2)
        (found,) = python2_notebook(nb)
        assert found.cell.index == 1 and found.line == 1
        assert found.message.startswith("Written for Python 2 (Python 2.7.10): 2 cells use Python 2 syntax")

    def test_a_python_2_kernel_without_python_2_syntax_is_reported_once_for_the_notebook(self):
        (found,) = python2_notebook(notebook("x = 1", "y = x", metadata=CONDA_PY2))
        assert found.cell is None and "Python 2.7.12" in found.message

    def test_the_kernel_name_alone_is_enough(self):
        spec = {"kernelspec": {"name": "python2", "display_name": "Python 2", "language": "python"}}
        (found,) = python2_notebook(notebook("x = 1", metadata=spec))
        assert "kernel 'python2'" in found.message

    def test_python_3_notebooks_are_not_reported(self):
        assert list(python2_notebook(notebook("print 'a'"))) == []
        py3 = {"language_info": {"name": "python", "version": "3.11.4"}}
        assert list(python2_notebook(notebook("x = 1", metadata=py3))) == []

    def test_other_languages_are_not_reported(self):
        r = {"kernelspec": {"name": "ir", "language": "R"}, "language_info": {"name": "R", "version": "2.15"}}
        assert list(python2_notebook(notebook("x <- 1", metadata=r))) == []


class TestNoCascade:
    def test_python_2_syntax_is_not_also_a_syntax_error_per_cell(self):
        nb = notebook("print 'a'", "x = 1", "print x", "print 'c'", metadata=PY2)
        assert list(hs.invalid_syntax(nb)) == []

    def test_other_syntax_errors_in_a_python_2_notebook_are_still_reported(self):
        nb = notebook("print 'a'", "SELECT * FROM t;", "print 'b'\ny = <YOUR CODE>", metadata=PY2)
        found = list(hs.invalid_syntax(nb))
        assert [(v.cell.index, v.line) for v in found] == [(1, 1), (2, 2)]

    def test_python_2_builtins_are_defined_in_a_python_2_notebook(self):
        nb = notebook("name = raw_input()\nfor i in xrange(3):\n    s = unicode(i)", "total = reduce(add, [1])",
                      metadata=PY2)
        assert [v.message.split("'")[1] for v in hs.undefined_name(nb)] == ["add"]

    def test_python_2_builtins_are_defined_in_a_cell_written_in_python_2(self):
        assert violations(hs.undefined_name, "for i in xrange(3):\n    print i") == []

    def test_python_2_builtins_are_defined_beside_a_cell_written_in_python_2(self):
        assert violations(hs.undefined_name, "print 'start'", "name = raw_input()") == []

    def test_python_2_builtins_are_undefined_in_python_3_code(self):
        found = violations(hs.undefined_name, "for i in xrange(3):\n    print(i)")
        assert [v.message.split("'")[1] for v in found] == ["xrange"]

    def test_names_a_python_2_cell_binds_are_defined(self):
        nb = notebook("try:\n    x = load()\nexcept IOError, error:\n    print error", "print(x, error)", metadata=PY2)
        assert [v.message.split("'")[1] for v in hs.undefined_name(nb)] == ["load"]
