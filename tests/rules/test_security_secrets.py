"""hardcoded-secret and secret-in-output on the shapes a credential takes besides `name = "token"`: short
and plain values, environment fallbacks, tuples, comparisons, Basic auth, vendor prefixes, comments, cells
that do not parse, and a value printed from the environment. Each has a clean twin."""

import pytest

from jupyterlab_promote.engine.rules import security as sc

from factories import cell, violations

SECRET_CELLS = {
    "short password": 'password="kqze"',
    "plain new password": 'new_password = "tulip"',
    "short token": 'token = "w7rmq02xa"',
    "session token in a dict": "creds = {'SessionToken': '9c7f2e81ab34d0e6'}",
    "capitals only": 'AWS_ACCESS_KEY = "QWERTZUIOPASDFGHJKLY"',
    "getenv fallback": 'import os\npw = os.getenv("DB_PASSWORD", "plmo7731")',
    "environ.get or fallback": 'import os\nx = os.environ.get("API_TOKEN") or "r2d2c3po88x"',
    "tuple under a dict key": "files = {'password': (None, 'hunter2x')}",
    "comparison": 'if password == "opensesame1":\n    pass',
    "reversed comparison": 'ok = "opensesame1" != user_password',
    "bytes to base64": 'import base64\nh = base64.b64encode(b"admin:s3cr3tpw")',
    "str encoded to base64": 'import base64\nh = base64.b64encode("admin:s3cr3tpw".encode())',
    "encoded basic header": 'h = {"Authorization": "Basic YWRtaW46czNjcjN0cHc="}',
    "login call": 'server.login("me@acme.io", "tulip42")',
    "wandb login key": 'wandb.login(key="3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a")',
    "kaggle account dict": 'kaggle = {"username": "jdoe", "key": "3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c"}',
    "perplexity prefix": 'PPLX = "pplx-' + "a1B2c3D4e5" * 4 + 'a1B2c3D4"',
    "gitlab prefix": 'gl = "glpat-' + "a1B2c3D4e5" * 2 + '"',
    "commented out": 'import os\n# api_key = "f3KqLm2Rt9Zk4Wn8Ya"\napi_key = os.environ["API_KEY"]',
    "python 2 cell": 'print "connecting"\napi_key = "f3KqLm2Rt9Zk4Wn8Ya"',
    "unfinished cell": 'client = Client(\ntoken = "f3KqLm2Rt9Zk4Wn8Ya"',
    "bash cell": "%%bash\nexport API_TOKEN=f3KqLm2Rt9Zk4Wn8Ya",
    "password of symbols and brackets": 'db_password = "q{[tr}o)w$(k]ula"',
    "api secret typed with symbols": 'api_secret = "Tr{a]ve(l$er#Mo)on!"',
    "compared with symbols": 'if client_secret != "Tr{a]ve(l$er#Mo)on!":\n    pass',
    "passphrase": 'password = "correct horse battery staple"',
    "yaml line with a quoted value": "api_key: 'Tr{a]ve(l$er#Mo)on!'",
    "yaml password with a hash sign": "password: 'b8#Lx!q2'",
    "discord bot token": 'client.run("NDEyMzQ1Njc4OTAxMjM0NTY3.Gx7kQa.p9Zr2LmQw8XvT4bN6sK1yHc3JdF")',
    "unsigned jwt": 'headers = {"X-Session": "eyJhbGciOiAibm9uZSIsICJ0eXAiOiAiSldUIn0.'
                    'eyJzdWIiOiAiNDIiLCAicm9sZSI6ICJhZG1pbiJ9"}',
    "gitlab trigger token": 'trigger = "glptt-' + "a1B2c3D4e5" * 4 + '"',
    "concatenated header": 'headers = {"Authorization": "Bearer " + "x7Kp2Rm9Qw4ZbN8vT3"}',
    "f-string header": 'requests.get(url, headers={"X-Api-Key": f"x7Kp2Rm9Qw4ZbN8vT3"})',
    "concatenated assignment": 'api_token = "x7Kp2Rm9" + "Qw4ZbN8vT3"',
    "configparser setter": 'cfg.set("db", "password", "Spr1ngT1de9")',
    "setattr": 'setattr(client, "api_key", "x7Kp2Rm9Qw4ZbN8vT3")',
    "keyring setter": 'keyring.set_password("warehouse", "etl", "Spr1ngT1de9")',
    "wget password option": "!wget --user=etl --password=Spr1ngT1de9 https://files.acme.io/x.csv",
    "sshpass": "!sshpass -p 'Spr1ngT1de9' ssh etl@db.acme.io",
    "shell export": "!export API_TOKEN=f3KqLm2Rt9Zk4Wn8Ya",
    "libpq connection string": 'conn = psycopg2.connect("dbname=sales user=etl password=Spr1ngT1de9 host=db.acme.io")',
    "name and value pairs": 'r = requests.get(url, params=[("q", "rain"), ("api_key", "x7Kp2Rm9Qw4ZbN8vT3")])',
    "walrus": 'if (api_token := "x7Kp2Rm9Qw4ZbN8vT3"):\n    pass',
    "conditional fallback": 'import os\npw = os.getenv("DB_PASSWORD") if os.getenv("DB_PASSWORD") else "Spr1ngT1de9"',
    "bytes literal": 'app.secret_key = b"x7Kp2Rm9Qw4ZbN8vT3"',
    "string method": 'api_key = "x7Kp2Rm9Qw4ZbN8vT3 ".strip()',
}
CLEAN_CELLS = {
    "placeholder password": 'password = "changeme"',
    "template": 'password = "${PASSWORD}"',
    "angle placeholder": 'token = "<token>"',
    "masked": 'password = "xxx"',
    "empty": 'password = ""',
    "file name": 'token_file = "token.json"\ncredentials = "credentials.json"',
    "hash algorithm": 'password_hash = "sha256"\nPASSWORD_HASHER = "argon2"',
    "word with a number": 'token = "word2vec"',
    "model name": 'token = "bert-base-uncased"',
    "getenv without fallback": 'import os\npw = os.getenv("DB_PASSWORD")\nk = os.environ.get("API_KEY", "")',
    "nlp comparison": 'if token == "[CLS]" or token == "the":\n    pass',
    "base64 placeholder pair": 'import base64\nh = base64.b64encode(b"user:password")',
    "base64 of data": 'import base64\nh = base64.b64encode(b"hello world")',
    "commented lookup": '# api_key = os.environ["API_KEY"]\n# password = "<your password>"',
    "comment prose": "# set the api_key before running: see the README",
    "uuid under a plain key": 'uuid_key = "123e4567-e89b-12d3-a456-426614174000"',
    "sort key dict": 'algo = {"key": "sort", "user": "x"}',
    "bash placeholder": "%%bash\nexport API_TOKEN=$MY_TOKEN\necho $API_TOKEN",
    "python 2 print of a token name": 'print "token:", token',
    "template with paired brackets": 'password = "{db_password}"\napi_secret = "${{ secrets.API_SECRET }}"',
    "json under a credential name": 'credentials = \'{"type":"svc","id":7,"scope":"read"}\'',
    "pattern under a token name": 'token = r"(?:[A-Za-z]+)\\d{2,}[._-]"',
    "sentence under a password name": 'password = "same as the admin account"\nlogin_password = "see config file"',
    "prompt under a password name": 'password = "Enter the password."',
    "forward references": 'token: "Token"\npassword: "Optional[SecretStr]"',
    "dotted attribute path": 'f = "NetworkConfigurationItem.params.get_best_estimator_from_search"',
    "f-string header from a variable": 'headers = {"Authorization": f"Bearer {token}"}\n'
                                       'url = f"{base}?api_key={api_key}"',
    "built special token": 'eos_token = tokens[0] + "</s>"\ntoken = "<" + tag + ">"',
    "setters of other things": 'ax.set_xlabel("token count")\npd.set_option("display.width", "120")\n'
                               'cfg.set("auth", "token", "abc")\nkeyring.set_password("svc", "etl", password)',
    "password options without a value": '!docker login -u etl --password-stdin\n!wget --password=$PW u\n'
                                        '!wget --password "$(cat pw.txt)" u\n!sshpass -f pw.txt ssh x',
    "shell lines without secrets": "!pip install token-bucket==0.3\n!export API_KEY=$MY_KEY\n!echo $API_TOKEN",
    "connection string with placeholders": 'dsn = "dbname=sales user=etl password={} host=db".format(pw)\n'
                                           'dsn2 = "host=db user=%s password=%s" % (u, p)',
    "labels of form fields": 'CHOICES = [("password", "Password"), ("token", "Token"), ("password", "Password:")]\n'
                             'pair = ("api_key", api_key)',
    "conditional fallback to nothing": 'import os\npw = os.getenv("DB_PASSWORD") if os.getenv("DB_PASSWORD") else ""',
    "bytes and methods of plain text": 'secret_key = b"dev"\napi_key = "YOUR_API_KEY".strip()\ntoken = raw.strip()',
    "two dotted parts that are not json": 'x = "eyJhbGciOiAibm9uZSIsICJ0eXAiOiAiSldU.eyJzdWIiOiAiNDIiLCAicm9sZSI6ICJhZG1pbiJ9"',
}


@pytest.mark.parametrize("kind", list(SECRET_CELLS))
def test_a_secret_written_this_way_is_found(kind):
    found = [v for v in violations(sc.hardcoded_secret, SECRET_CELLS[kind]) if v.severity != "info"]
    assert len(found) == 1, [v.message for v in found]


@pytest.mark.parametrize("kind", list(CLEAN_CELLS))
def test_its_clean_twin_is_not(kind):
    assert [v.message for v in violations(sc.hardcoded_secret, CLEAN_CELLS[kind]) if v.severity != "info"] == []


def test_a_commented_secret_is_located_in_its_comment():
    [found] = violations(sc.hardcoded_secret, SECRET_CELLS["commented out"])
    assert (found.line, found.column, found.end_column) == (2, 12, 32)
    assert "in a comment" in found.message and found.fixes == ()


def test_fallbacks_and_comparisons_get_no_lookup_fix():
    for kind in ("getenv fallback", "comparison"):
        [found] = violations(sc.hardcoded_secret, SECRET_CELLS[kind])
        assert found.fixes == ()


def test_a_short_password_keeps_its_env_fix():
    [found] = violations(sc.hardcoded_secret, SECRET_CELLS["short password"])
    assert [f.id for f in found.fixes] == ["env-lookup"]


def stream(text: str) -> dict:
    return {"output_type": "stream", "name": "stdout", "text": text}


def result(text: str) -> dict:
    return {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/plain": text}}


class TestPrintedFromTheEnvironment:
    def test_a_credential_printed_from_the_environment(self):
        printed = cell('import os\nprint(os.environ["SERVICE_TOKEN"])', execution_count=1,
                       outputs=[stream("q8ZrT2mW9xK4pL7v\n")])
        [found] = violations(sc.secret_in_output, printed)
        assert "SERVICE_TOKEN" in found.message and "q8Zr" in found.message and "q8ZrT2mW9x" not in found.message

    def test_through_a_variable_an_f_string_or_as_the_result(self):
        shapes = [('import os\ntok = os.getenv("GH_TOKEN")\nprint(f"token is {tok}")', stream("token is x7Kp2Rm9Qw4Z\n")),
                  ('import os\nos.environ.get("DB_PASSWORD")', result("'tulip42'"))]
        for source, output in shapes:
            assert len(violations(sc.secret_in_output, cell(source, execution_count=1, outputs=[output]))) == 1

    def test_other_variables_placeholders_and_clean_outputs_are_not(self):
        shapes = [('import os\nprint(os.environ["HOME"])', stream("/home/q8ZrT2mW9xK4pL7v\n")),
                  ('import os\nprint(os.environ["SERVICE_TOKEN"])', stream("<unset>\n")),
                  ('import os\nprint(os.environ.get("API_KEY") is not None)', stream("True\n")),
                  ('import os\nprint(len(os.environ["API_TOKEN"]))', stream("40\n")),
                  ('token = "x"\nprint(token)', stream("q8ZrT2mW9xK4pL7v\n"))]
        for source, output in shapes:
            assert violations(sc.secret_in_output, cell(source, execution_count=1, outputs=[output])) == [], source


def test_settings_readers_with_a_literal_default():
    found = violations(sc.hardcoded_secret, 'from decouple import config\nSECRET_KEY = config("SECRET_KEY", '
                       'default="dj4ng0-k3y-9f8a7c6d5e4b3a21")\nDEBUG = config("DEBUG", default=False)')
    assert [v.line for v in found] == [2] and found[0].fixes == ()
    assert violations(sc.hardcoded_secret, 'import environ\nenv = environ.Env()\nSECRET_KEY = env("SECRET_KEY")') == []


def test_a_bare_value_in_a_line_that_does_not_parse_must_look_generated():
    # `password = x` parses (a variable); these lines do not, so their bare values are read as text.
    found = violations(sc.hardcoded_secret, 'print "setup"\nexport DB_PASSWORD=s3cr3tXk9Lm2Qw7\n'
                                            'export PASSWORD=user_password\nDB_PASSWORD = s3cr3tXk9Lm2Qw7')
    assert [(v.line, "s3cr" in v.message) for v in found] == [(2, True)]


def test_host_names_under_credential_names_are_not_secrets():
    assert violations(sc.hardcoded_secret, 'auth_host = "sm02915.int.contoso.com"\n'
                                           'token_server = "auth01.acme-corp.com"') == []


def test_values_pasted_without_quotes_count_when_they_look_generated():
    found = violations(sc.hardcoded_secret, "api_key: x7Kp2Rm9Qw4ZbN8vT3", "OPENAI_API_KEY=k8Zr2Tm9Wx4Kp7Lv3Nb6Yq",
                       "password: str\ntoken: Optional[str] = None\nsecret = mySecretValue2023\n"
                       "engine = connect(user=user, password=db_password)")
    assert [(v.cell.index, v.fixes) for v in found] == [(0, ()), (1, ())]


def test_a_password_in_a_connection_string():
    [found] = violations(sc.hardcoded_secret, 'conn = pyodbc.connect("Driver={ODBC};Server=db.acme.io;UID=etl;'
                                              'PWD=Spr1ngT1de;")')
    assert "connection string" in found.message
    assert violations(sc.hardcoded_secret, 'conn = pyodbc.connect(f"Server={server};UID={user};PWD={pwd};")\n'
                                           'odbc = "Server=db;UID=sa;Password=password;"') == []


def test_a_hash_sign_inside_a_multiline_string_is_not_a_comment():
    source = 'doc = """\nSet it like this: # api_key = "f3KqLm2Rt9Zk4Wn8Ya"\n"""\n# token = "w7rmq02xa9"'
    found = violations(sc.hardcoded_secret, source)
    assert [(v.line, "in a comment" in v.message) for v in found] == [(4, True)]


def test_a_config_text_kept_in_a_string_is_read_line_by_line():
    source = ('cfg = """\ndb:\n  user: etl\n  api_key: "Tr{a]ve(l$er#Mo)on!"\n"""\nopen("c.yaml", "w").write(cfg)\n'
              'env = """\nAPI_TOKEN=k8Zr2Tm9Wx4Kp7Lv3Nb6Yq\nDEBUG=1\n"""')
    assert [(v.line, v.column) for v in violations(sc.hardcoded_secret, source)] == [(4, 11), (8, 10)]


def test_placeholders_in_a_config_string_and_docstrings_are_not():
    assert violations(sc.hardcoded_secret, 'cfg = """\npassword: ${DB_PASSWORD}\ntoken: <your token>\n'
                                           'secret: changeme\n"""') == []
    assert violations(sc.hardcoded_secret, 'def connect():\n    """\n    password: the password\n'
                                           '    token: Q8zR2mW9xK4pL7vT3n\n    """\n') == []


def test_a_typed_password_without_quotes_in_a_config_cell():
    [found] = violations(sc.hardcoded_secret, "%%writefile config.yaml\ndb:\n  password: q{[tr}o)w$(k]ula\n  user: etl\n")
    assert (found.line, found.column) == (3, 12)
    assert violations(sc.hardcoded_secret, "%%writefile config.yaml\ndb:\n  password: ${DB_PASSWORD}\n"
                                           "  password2: $(cat pw.txt)\n  token: {{ vault_token }}\n") == []
    assert violations(sc.hardcoded_secret, '%%bash\nmysql -u root --password=$(cat pw.txt) -e "select 1"\n'
                                           "export PASSWORD=%PW%\n") == []


def test_tokens_found_by_their_shape_in_a_stored_output():
    discord = "NDEyMzQ1Njc4OTAxMjM0NTY3.Gx7kQa.p9Zr2LmQw8XvT4bN6sK1yHc3JdF"
    shown = cell("print(bot.token)", execution_count=1, outputs=[stream(f"{discord}\n")])
    [found] = violations(sc.secret_in_output, shown)
    assert "Discord" in found.message
    dotted = cell("print(model)", execution_count=1,
                  outputs=[stream("NetworkConfigurationItem.params.get_best_estimator_from_search\n")])
    assert violations(sc.secret_in_output, dotted) == []
