import ast
import json
import random
import string
from pathlib import Path

from jupyterlab_promote.engine.fixes.edits import apply_edits
from jupyterlab_promote.engine.notebook.model import notebook_from_dict
from jupyterlab_promote.engine.rules import security as sc

from factories import cell, notebook_json, report, violations

RNG = random.Random(3)
GITHUB = "ghp_" + "".join(RNG.choice(string.ascii_letters + string.digits) for _ in range(36))
KEY = "QX7RB2ZK9TM4WP1N"
GOLDEN_NOTEBOOKS = Path(__file__).resolve().parent.parent / "golden" / "notebooks"


def applied(found, *cells: str | dict, fix_id: str) -> dict:
    """The notebook after applying the fix with this id of the first finding."""
    fix = next(f for f in found[0].fixes if f.id == fix_id)
    result, files = apply_edits(notebook_json(*cells), list(fix.edits))
    assert files == []
    return result


def sources(nb: dict) -> list[str]:
    return [c["source"] for c in nb["cells"]]


class TestHardcodedSecret:
    def test_known_token_in_a_string_is_an_error_at_the_token(self):
        found = violations(sc.hardcoded_secret, f'headers = {{"Authorization": "token {GITHUB}"}}')
        assert len(found) == 1
        v = found[0]
        assert "GitHub token" in v.message and GITHUB not in v.message
        assert (v.line, v.column, v.end_column) == (1, 35, 35 + len(GITHUB))
        assert v.severity is None  # the rule's default: error

    def test_fix_reads_the_token_from_the_environment_and_imports_os(self):
        source = f'import pandas as pd\ngh = "{GITHUB}"'
        found = violations(sc.hardcoded_secret, source)
        fix = found[0].fixes[0]
        assert fix.applicability == "unsafe" and "rotate" in fix.title
        new = sources(applied(found, source, fix_id="env-lookup"))
        assert new == ['import os\nimport pandas as pd\ngh = os.environ["GH"]']
        ast.parse(new[0])

    def test_partial_literal_keeps_the_rest_of_the_string(self):
        source = f'import os\nh = {{"Authorization": "token {GITHUB}"}}'
        found = violations(sc.hardcoded_secret, source)
        new = sources(applied(found, source, fix_id="env-lookup"))
        assert new == ['import os\nh = {"Authorization": \'token \' + os.environ["GITHUB_TOKEN"]}']

    def test_credential_named_literal_in_keyword_argument(self):
        source = f'df = web.DataReader("AAPL", "av-daily", api_key="{KEY}")'
        found = violations(sc.hardcoded_secret, "import os", source)
        assert [(v.cell.index, v.line) for v in found] == [(1, 1)]
        assert "'api_key'" in found[0].message and KEY not in found[0].message
        new = sources(applied(found, "import os", source, fix_id="env-lookup"))
        assert new[1] == 'df = web.DataReader("AAPL", "av-daily", api_key=os.environ["API_KEY"])'

    def test_attribute_target_names_the_variable_after_the_module(self):
        source = f"import quandl\nquandl.ApiConfig.api_key = '{KEY}'"
        found = violations(sc.hardcoded_secret, source)
        new = sources(applied(found, source, fix_id="env-lookup"))
        assert new == ['import os\nimport quandl\nquandl.ApiConfig.api_key = os.environ["QUANDL_API_KEY"]']

    def test_subscript_and_dict_targets(self):
        found = violations(sc.hardcoded_secret, f'cfg["api_key"] = "{KEY}"\nopts = {{"secret": "{KEY}x9"}}')
        assert [v.line for v in found] == [1, 2]

    def test_environ_assignment_is_deleted_instead(self):
        source = f'import os\nos.environ["ALPHA_TOKEN"] = "{KEY}"\nprint(1)'
        found = violations(sc.hardcoded_secret, source)
        assert [f.id for f in found[0].fixes] == ["env-outside"]
        assert sources(applied(found, source, fix_id="env-outside")) == ["import os\nprint(1)"]

    def test_import_goes_into_a_new_cell_when_the_first_cell_is_a_cell_magic(self):
        cells = ("%%time\nx = 1", f'token = "{KEY}"')
        found = violations(sc.hardcoded_secret, *cells)
        new = sources(applied(found, *cells, fix_id="env-lookup"))
        assert new == ["import os", "%%time\nx = 1", 'token = os.environ["TOKEN"]']

    def test_env_magic_with_a_secret_value(self):
        found = violations(sc.hardcoded_secret, f"%env ALPHAVANTAGE_KEY={KEY}\n%env API_KEY=YOUR_KEY\nx = 1",
                           f"%env GITHUB_TOKEN={GITHUB}")
        assert [(v.cell.index, v.line, v.column) for v in found] == [(0, 1, 0), (1, 1, 18)]

    def test_default_password_is_info(self):
        found = violations(sc.hardcoded_secret, 'password = "postgres"')
        assert [v.severity for v in found] == ["info"]

    def test_password_in_url_in_a_comment_and_a_raw_cell(self):
        found = violations(sc.hardcoded_secret, "# db: postgresql://etl:Tr0ub4dor3@db.acme.io/sales",
                           cell(f"Use `{GITHUB}`", cell_type="raw"), cell(f"Not `{GITHUB}`", cell_type="markdown"))
        assert [(v.cell.index, v.fixes) for v in found] == [(0, ()), (1, ())]
        assert "comment" in found[0].message

    def test_a_raw_cell_is_scanned_without_being_parsed(self):
        nb = notebook_from_dict(notebook_json(cell(f"%%oops\n!{{ {GITHUB}", cell_type="raw")))
        assert [v.cell.index for v in sc.hardcoded_secret(nb)] == [0]
        assert "parsed" not in vars(nb.cells[0])  # the raw text is no Python: parsing it would be waste

    def test_values_read_at_run_time_are_fine(self):
        assert violations(sc.hardcoded_secret, 'import os, getpass\napi_key = os.environ["API_KEY"]\n'
                          'password = getpass.getpass()\ntoken = input("token: ")\nsecret = config["secret"]') == []

    def test_placeholders_hashes_and_ordinary_keys_are_fine(self):
        assert violations(sc.hardcoded_secret, 'api_key = "YOUR_API_KEY"\ntoken = "<token>"\npassword = ""\n'
                          'API_KEY_ENV = "OPENAI_API_KEY"\nsort_key = "customer_id_2020"\n'
                          'checksum = "d41d8cd98f00b204e9800998ecf8427e"\npad_token = "[PAD]"\n'
                          'url = "postgresql://user:password@localhost/db"') == []

    def test_cells_that_do_not_parse_are_still_scanned_for_tokens(self):
        found = violations(sc.hardcoded_secret, f'key = "{GITHUB}"\nprint "x"')
        assert len(found) == 1 and found[0].fixes == ()

    def test_real_notebooks_with_fake_keys_are_caught(self):
        name = "guipsamora__pandas_exercises__09_Time_Series__Getting_Financial_Data__Exercises_solutions.ipynb"
        nb = notebook_from_dict(json.loads((GOLDEN_NOTEBOOKS / name).read_text()))
        assert len(list(sc.hardcoded_secret(nb))) == 4

    def test_a_key_set_on_a_client_attribute_inside_a_method_is_caught(self):
        # The shape of a corpus notebook's stock explorer class (its key is fake, as this one).
        source = ("class Stocker:\n    def __init__(self, ticker):\n        import quandl\n"
                  "        quandl.ApiConfig.api_key = 'xQ7pLm2Rt9Zk4Wn8Ya3c'\n        self.ticker = ticker")
        [found] = violations(sc.hardcoded_secret, source)
        assert found.line == 4 and "api_key" in found.message


def output_cell(source: str, *outputs: dict) -> dict:
    return cell(source, execution_count=1, outputs=list(outputs))


def stream(text: str) -> dict:
    return {"output_type": "stream", "name": "stdout", "text": text}


class TestSecretInOutput:
    def test_token_in_stream_output_is_an_error_with_a_safe_clear_fix(self):
        cells = (output_cell("print(cfg)", stream(f"{{'token': '{GITHUB}'}}\n")),)
        found = violations(sc.secret_in_output, *cells)
        assert len(found) == 1 and found[0].severity is None and GITHUB not in found[0].message
        assert found[0].fixes[0].applicability == "safe"
        new = applied(found, *cells, fix_id="clear-outputs")
        assert new["cells"][0]["outputs"] == [] and new["cells"][0]["execution_count"] is None

    def test_a_value_printed_under_a_credentials_name(self):
        shown = output_cell("print(config)", stream("FRED_API_KEY: 9d734c55b1e94c7bd0a8f7b1e3b6ad0c\n"))
        quiet = output_cell("print(settings)", stream("FRED_API_KEY: 9d734c55... (configured)\nsort_key: "
                                                       "9d734c55b1e94c7bd0a8f7b1e3b6ad0c\napi_key=YOUR_API_KEY_HERE\n"))
        found = violations(sc.secret_in_output, shown, quiet)
        assert [v.cell.index for v in found] == [0]
        assert "a credential shown under its name (9d73…)" in found[0].message

    def test_email_addresses_in_html_are_one_warning(self):
        html = {"output_type": "execute_result", "execution_count": 1, "metadata": {},
                "data": {"text/html": "<td>jane.doe@acme-corp.com</td><td>li.wei@contoso.net</td>",
                         "text/plain": "jane.doe@acme-corp.com li.wei@contoso.net"}}
        found = violations(sc.secret_in_output, output_cell("df.head()", html))
        assert [(v.severity, "2 e-mail addresses" in v.message) for v in found] == [("warning", True)]

    def test_tokens_in_tracebacks_are_found(self):
        error = {"output_type": "error", "ename": "HTTPError", "evalue": "401",
                 "traceback": [f"\x1b[0;31mHTTPError\x1b[0m: 401 for url https://x.io/?api_key={KEY}abc123"]}
        assert len(violations(sc.secret_in_output, output_cell("get()", error))) == 1

    def test_images_and_hashes_are_not_scanned_or_flagged(self):
        image = {"output_type": "display_data", "metadata": {},
                 "data": {"image/png": "AKIA" + "A1B2C3D4E5F6G7H8", "text/plain": "<Figure size 640x480>"}}
        digest = stream("sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n")
        assert violations(sc.secret_in_output, output_cell("plot()", image, digest)) == []

    def test_html_is_read_when_the_plain_text_is_only_an_object_repr(self):
        shown = {"output_type": "display_data", "metadata": {},
                 "data": {"text/plain": "<IPython.core.display.HTML object>", "text/html": f"<b>{GITHUB}</b>"}}
        table = {"output_type": "execute_result", "execution_count": 1, "metadata": {},
                 "data": {"text/plain": "   id  name\n" + "0   1  a\n" * 20, "text/html": f"<td>{GITHUB}</td>"}}
        assert len(violations(sc.secret_in_output, output_cell("HTML(x)", shown))) == 1
        assert violations(sc.secret_in_output, output_cell("df", table)) == []

    def test_only_the_first_part_of_a_huge_output_is_read(self):
        big = stream("x" * 200_000 + GITHUB)
        assert violations(sc.secret_in_output, output_cell("print(big)", big)) == []


class TestTlsVerificationDisabled:
    def test_verify_false_and_unverified_context(self):
        found = violations(sc.tls_verification_disabled, "import requests, ssl, urllib3\n"
                           "r = requests.get(url, verify=False)\n"
                           "ssl._create_default_https_context = ssl._create_unverified_context\n"
                           "urllib3.disable_warnings()")
        assert [v.line for v in found] == [2, 4, 3]

    def test_verification_on_or_unrelated_verify_is_fine(self):
        assert violations(sc.tls_verification_disabled, "import requests\nrequests.get(url, verify=True)\n"
                          "requests.get(url, verify='/etc/ca.pem')\nmodel.fit(X, verify=False)") == []

    def test_shell_downloads_without_certificate_checks(self):
        found = violations(sc.tls_verification_disabled,
                           "!wget --no-check-certificate https://example.org/weights.pt",
                           "!curl -sSLk https://example.org/data.csv -o data.csv\n!pip install --trusted-host pypi.org x",
                           "!curl -o k-means.csv https://example.org/k-means.csv\n!pytest -k slow")
        assert [(v.cell.index, v.line) for v in found] == [(0, 1), (1, 1), (1, 2)]
        assert found[1].message == "`curl -sSLk` in a shell command turns off TLS certificate checks"


class TestEvalExec:
    def test_eval_of_a_variable_and_exec_of_a_file(self):
        found = violations(sc.eval_exec, "x = eval(expr)\nexec(open('setup.py').read())")
        assert [v.line for v in found] == [1, 2] and "`expr`" in found[0].message

    def test_literals_and_methods_are_fine(self):
        assert violations(sc.eval_exec, "eval('1 + 2')\ndf.eval('a + b')\nmodel.eval()") == []


class TestUnsafeDeserialization:
    def test_pickle_aliases_torch_and_yaml(self):
        found = violations(sc.unsafe_deserialization,
                           "import pickle as pkl\nimport torch, yaml\nfrom joblib import load\n"
                           "a = pkl.load(f)\nb = torch.load('m.pt')\nc = yaml.load(f)\nd = load('m.joblib')\n"
                           "e = pd.read_pickle('x.pkl')")
        assert [v.line for v in found] == [4, 5, 6, 7, 8]
        assert "pickle.load" in found[0].message and "weights_only" in found[1].message

    def test_safe_forms_are_fine(self):
        assert violations(sc.unsafe_deserialization,
                          "import torch, yaml\nimport numpy as np\ntorch.load('m.pt', weights_only=True)\n"
                          "yaml.load(f, Loader=yaml.SafeLoader)\nyaml.safe_load(f)\nnp.load('a.npy')\n"
                          "pickle.dump(obj, f)\npd.read_csv('x.csv')") == []


    def test_a_notebook_reading_back_what_it_saved_with_the_same_library(self):
        found = violations(sc.unsafe_deserialization,
                           "import pickle, torch\nwith open('letters.pickle', 'wb') as f:\n    pickle.dump(data, f)",
                           "with open('letters.pickle', 'rb') as f:\n    letters = pickle.load(f)\n"
                           "weights = torch.load('downloaded.pt')")
        assert [(v.cell.index, v.line) for v in found] == [(1, 3)]


class TestShellInjection:
    def test_built_commands_with_a_shell(self):
        found = violations(sc.shell_injection, "import os, subprocess\nos.system(f'rm -r {folder}')\n"
                           "subprocess.run('ls ' + path, shell=True)\nos.popen('cat {}'.format(name))")
        assert [v.line for v in found] == [2, 3, 4]

    def test_shell_escape_interpolating_a_python_variable(self):
        found = violations(sc.shell_injection, "url = 'https://x.io/a.csv'\n!wget {url} -O data.csv")
        assert [(v.line, v.column) for v in found] == [(2, 0)] and "'url'" in found[0].message

    def test_literal_commands_lists_and_shell_variables_are_fine(self):
        assert violations(sc.shell_injection, "import os, subprocess\nos.system('ls -la')\n"
                          "subprocess.run(['ls', path])\nsubprocess.run(f'ls {path}')\n"
                          "!echo $HOME\n!awk '{print $1}' data.txt") == []


def test_a_hardcoded_secret_caps_the_score_below_50():
    entry = report(f'token = "{GITHUB}"')
    assert entry["score"] < 50
    assert [f["name"] for f in entry["findings"] if f["category"] == "security"] == ["hardcoded-secret"]


class TestOddNotebooks:
    def test_no_rule_raises_on_empty_odd_or_foreign_notebooks(self):
        odd_outputs = [{"output_type": "stream", "text": None}, {"output_type": "display_data", "data": "x"},
                       {"output_type": "error", "ename": 3, "traceback": [None, 1]},
                       {"output_type": "execute_result", "data": {"text/plain": ["a", 1]}}]
        shapes = [(), ("",), ("x = (",), (cell("y", outputs=odd_outputs),), ("%%bash\necho $HOME",)]
        for shape in shapes:
            for rule in sc.RULES:
                list(rule.check(notebook_from_dict(notebook_json(*shape))))
        r_kernel = notebook_json(f'key <- "{GITHUB}"', metadata={"kernelspec": {"name": "ir", "language": "R"},
                                                                  "language_info": {"name": "R"}})
        found = list(sc.hardcoded_secret(notebook_from_dict(r_kernel)))
        assert len(found) == 1 and found[0].fixes == ()

    def test_os_import_goes_below_future_imports_in_a_new_cell(self):
        cells = ("from __future__ import division", f'api_key = "{KEY}"')
        found = violations(sc.hardcoded_secret, *cells)
        new = sources(applied(found, *cells, fix_id="env-lookup"))
        assert new == ["import os", "from __future__ import division", 'api_key = os.environ["API_KEY"]']


def test_shell_magics_sx_and_captured_output_are_checked():
    found = violations(sc.shell_injection, "name = 'x'\nfiles = !ls {name}\n%sx cat $name")
    assert [v.line for v in found] == [2, 3]
