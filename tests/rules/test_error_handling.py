import ast

from jupyterlab_promote.engine.fixes.edits import apply_edits
from jupyterlab_promote.engine.rules import error_handling as eh

from factories import cell, notebook_json, violations


def fixed(found, *cells: str | dict, fix_id: str, finding: int = 0) -> list[str]:
    """Cell sources after applying one fix; every code cell must still parse."""
    fix = next(f for f in found[finding].fixes if f.id == fix_id)
    result, _ = apply_edits(notebook_json(*cells), list(fix.edits))
    new = [c["source"] for c in result["cells"]]
    for source in new:
        ast.parse(source)
    return new


class TestBroadExcept:
    def test_bare_except_that_passes_is_an_error(self):
        found = violations(eh.broad_except, "try:\n    x = load()\nexcept:\n    pass")
        assert [(v.line, v.column, v.severity) for v in found] == [(3, 0, "error")]
        assert "Ctrl-C" in found[0].message and "only passes" in found[0].message

    def test_bare_except_that_handles_is_a_warning(self):
        found = violations(eh.broad_except, "try:\n    x = float(s)\nexcept:\n    x = 0.0")
        assert [v.severity for v in found] == [None]

    def test_broad_exception_that_prints_and_returns(self):
        found = violations(eh.broad_except, "def get():\n    try:\n        return fetch()\n"
                           "    except Exception as e:\n        print(e)\n        return None")
        assert len(found) == 1 and "only prints it and returns None" in found[0].message

    def test_broad_exception_in_a_tuple(self):
        assert len(violations(eh.broad_except, "try:\n    f()\nexcept (ValueError, Exception):\n    pass")) == 1

    def test_handled_logged_reraised_or_specific_exceptions_are_fine(self):
        assert violations(eh.broad_except,
                          "try:\n    f()\nexcept Exception:\n    logging.exception('f failed')\n",
                          "try:\n    f()\nexcept Exception:\n    cleanup()\n    raise\n",
                          "try:\n    f()\nexcept ValueError:\n    pass\n",
                          "try:\n    f()\nexcept:\n    rollback()\n    raise\n",
                          "try:\n    f()\nexcept Exception as e:\n    errors.append(e)") == []

    def test_catch_exception_fix_is_safe_and_keeps_the_body(self):
        source = "for p in paths:\n    try:\n        read(p)\n    except:\n        continue"
        found = violations(eh.broad_except, source)
        fix = next(f for f in found[0].fixes if f.id == "catch-exception")
        assert fix.applicability == "safe"
        assert fixed(found, source, fix_id="catch-exception") == [source.replace("except:", "except Exception:")]

    def test_log_and_raise_fix_replaces_the_body_and_imports_logging(self):
        source = "import os\nfor p in paths:\n    try:\n        read(p)\n    except Exception:\n        pass"
        found = violations(eh.broad_except, source)
        expected = ("import logging\nimport os\nfor p in paths:\n    try:\n        read(p)\n    except Exception:\n"
                    "        logging.exception('read failed')\n        raise")
        assert fixed(found, source, fix_id="log-and-raise") == [expected]

    def test_log_and_continue_keeps_the_control_flow(self):
        source = "import logging\nfor p in paths:\n    try:\n        read(p)\n    except:\n        print(p)\n        continue"
        found = violations(eh.broad_except, source)
        expected = ("import logging\nfor p in paths:\n    try:\n        read(p)\n    except Exception:\n"
                    "        logging.exception('read failed')\n        continue")
        assert fixed(found, source, fix_id="log-and-continue") == [expected]

    def test_one_line_handler_gets_an_indented_block(self):
        source = "import logging\nif ok:\n    try: f()\n    except: pass"
        found = violations(eh.broad_except, source)
        assert fixed(found, source, fix_id="log-and-raise") == [
            "import logging\nif ok:\n    try: f()\n    except Exception:\n        logging.exception('f failed')\n        raise"
        ]

    def test_cells_that_do_not_parse_are_skipped(self):
        assert violations(eh.broad_except, "try:\nexcept:") == []


class TestCodeWrittenToAModule:
    MODULE = ("%%writefile helpers.py\nimport json, warnings\nwarnings.filterwarnings('ignore')\n\ndef load(path):\n"
              "    try:\n        return json.load(open(path))\n    except Exception:\n        pass\n")

    def test_broad_except_points_into_the_writefile_cell(self):
        (found,) = violations(eh.broad_except, "x = 1", self.MODULE)
        assert (found.cell.index, found.cell.id, found.line, found.column) == (1, "c1", 8, 4)
        # Logging fixes would import logging in the notebook, which the module does not run.
        assert found.fixes == ()

    def test_the_other_error_handling_rules_read_it_too(self):
        (ignored,) = violations(eh.warnings_ignored, self.MODULE)
        assert ignored.line == 3 and ignored.cell.index == 0
        module = "%%writefile -a tools.py\ndef f():\n    try:\n        g()\n    except ValueError as e:\n        print(e)\n"
        (printed,) = violations(eh.print_for_errors, module)
        assert printed.line == 6 and printed.fixes == ()
        (aliased,) = violations(eh.broad_except, "%%file tools.py\ntry:\n    g()\nexcept:\n    pass\n")
        assert aliased.line == 4

    def test_other_files_and_notebook_code_are_not_double_counted(self):
        assert violations(eh.broad_except, "%%writefile notes.txt\ntry:\n    x\nexcept:\n    pass") == []
        assert violations(eh.broad_except, "%%bash\ntry:\n    x\nexcept:\n    pass") == []
        assert len(violations(eh.broad_except, "try:\n    x = 1\nexcept:\n    pass")) == 1

    def test_the_module_is_not_notebook_code(self):
        from factories import notebook

        nb = notebook(self.MODULE, "print(load)")
        writefile, module = nb.python_code[0], nb.python_code[1]
        assert writefile is nb.cells[0] and module not in nb.cells and module.index == 0
        assert writefile.parsed.names.defined_names == frozenset()
        assert {"load", "json"} <= module.parsed.names.defined_names


class TestWarningsIgnored:
    def test_filterwarnings_and_imported_simplefilter(self):
        found = violations(eh.warnings_ignored, "import warnings\nwarnings.filterwarnings('ignore')",
                           "from warnings import simplefilter\nsimplefilter(action='ignore')")
        assert [(v.cell.index, v.line) for v in found] == [(0, 2), (1, 2)]

    def test_fix_deletes_the_line(self):
        source = "import warnings\nwarnings.filterwarnings('ignore')\nimport pandas as pd"
        found = violations(eh.warnings_ignored, source)
        assert fixed(found, source, fix_id="delete") == ["import warnings\nimport pandas as pd"]

    def test_fix_on_the_last_line_and_in_a_block(self):
        cells = ("import warnings\nwarnings.simplefilter('ignore')", "if quiet:\n    warnings.simplefilter('ignore')")
        found = violations(eh.warnings_ignored, *cells)
        assert fixed(found, *cells, fix_id="delete")[0] == "import warnings"
        assert fixed(found, *cells, fix_id="delete", finding=1)[1] == "if quiet:\n    pass"

    def test_narrowed_or_scoped_filters_are_fine(self):
        assert violations(eh.warnings_ignored, "import warnings\n"
                          "warnings.filterwarnings('ignore', category=FutureWarning)\n"
                          "warnings.filterwarnings('ignore', module='sklearn')\n"
                          "warnings.simplefilter('ignore', DeprecationWarning)\n"
                          "warnings.filterwarnings('default')\n"
                          "with warnings.catch_warnings():\n    warnings.simplefilter('ignore')\n    f()") == []

    def test_category_warning_does_not_narrow(self):
        assert len(violations(eh.warnings_ignored, "import warnings\nwarnings.simplefilter('ignore', Warning)")) == 1


class TestTracebackInOutput:
    def test_error_output_names_the_exception(self):
        error = {"output_type": "error", "ename": "KeyError", "evalue": "'price'", "traceback": []}
        found = violations(eh.traceback_in_output, cell("df['price']", execution_count=3, outputs=[error]))
        assert len(found) == 1 and "KeyError" in found[0].message
        result, _ = apply_edits(notebook_json(cell("df['price']", execution_count=3, outputs=[error])),
                                list(found[0].fixes[0].edits))
        assert result["cells"][0]["outputs"] == []

    def test_normal_outputs_are_fine(self):
        out = {"output_type": "stream", "name": "stderr", "text": "Traceback is mentioned here"}
        assert violations(eh.traceback_in_output, cell("f()", execution_count=1, outputs=[out])) == []


class TestPrintForErrors:
    def test_print_in_a_handler_with_the_exception(self):
        found = violations(eh.print_for_errors, "try:\n    f()\nexcept ValueError as e:\n    print('bad value', e)")
        assert [(v.line, "logging.exception" in v.message) for v in found] == [(4, True)]

    def test_print_with_an_error_message(self):
        source = "import logging\nif df.empty:\n    print('ERROR: no rows loaded')"
        found = violations(eh.print_for_errors, source)
        assert len(found) == 1
        assert fixed(found, source, fix_id="use-logging") == [
            "import logging\nif df.empty:\n    logging.error('ERROR: no rows loaded')"]

    def test_metrics_success_messages_and_swallowing_handlers_are_not_reported(self):
        assert violations(eh.print_for_errors,
                          "print('Error:', mse)\nprint('Error rate', 0.1)\nprint('Loaded 10 rows')",
                          "try:\n    f()\nexcept ValueError:\n    print('Loaded the fallback instead')",
                          "try:\n    f()\nexcept Exception as e:\n    print('failed', e)") == []

    def test_a_print_before_raising_again_only_adds_context(self):
        reraise = "try:\n    load(path)\nexcept OSError as e:\n    print('Unable to read', path, e)\n    raise"
        assert violations(eh.print_for_errors, reraise) == []


def test_no_rule_raises_on_odd_notebooks():
    from jupyterlab_promote.engine.notebook.model import notebook_from_dict

    odd = [{"output_type": "error"}, {"output_type": "error", "ename": None}, {}]
    for shape in [(), ("",), ("try:",), (cell("x", outputs=odd),), ("%%bash\nexit 1",)]:
        for rule in eh.RULES:
            list(rule.check(notebook_from_dict(notebook_json(*shape))))
