import base64
import hashlib
import random
import string

import pytest

from jupyterlab_promote.engine.rules.security import credential_names
from jupyterlab_promote.engine.text import secret_patterns as sp
from jupyterlab_promote.engine.text import secret_values as sv
from jupyterlab_promote.engine.text import token_hints as th
from jupyterlab_promote.engine.text.personal_data import find_emails
from jupyterlab_promote.engine.text.token_kinds import TOKEN_KINDS
from jupyterlab_promote.engine.text.vendor_tokens import VENDOR_TOKENS

# Fake keys of real shape, assembled so this file itself does not look like it holds live keys.
RNG = random.Random(7)


def fake(alphabet: str, length: int) -> str:
    return "".join(RNG.choice(alphabet) for _ in range(length))


ALNUM = string.ascii_letters + string.digits
UPPER_DIGITS = string.ascii_uppercase + string.digits
TOKENS = {
    "aws_key_id": "AKIA" + fake(UPPER_DIGITS, 16),
    "github": "ghp_" + fake(ALNUM, 36),
    "slack": "xoxb-" + fake(string.digits, 11) + "-" + fake(ALNUM, 24),
    "google": "AIza" + fake(ALNUM, 35),
    "openai": "sk-proj-" + fake(ALNUM, 48),
    "stripe": "sk_live_" + fake(ALNUM, 24),
    "huggingface": "hf_" + fake(ALNUM, 34),
    "jwt": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0." + fake(ALNUM, 43),
    "facebook_app": "1" + fake(string.digits, 14) + "|" + fake(ALNUM + "_-", 27),
}


class TestFindTokens:
    @pytest.mark.parametrize("kind", sorted(TOKENS))
    def test_known_formats_are_found_with_their_kind(self, kind):
        text = f'client = make(key="{TOKENS[kind]}")'
        hits = sp.find_tokens(text)
        assert [(h.kind, h.value) for h in hits] == [(kind, TOKENS[kind])]
        assert text[hits[0].start:hits[0].end] == TOKENS[kind]

    def test_a_fine_grained_github_token_is_found_in_a_text_without_gh(self):
        token = "github_pat_" + fake(ALNUM.replace("g", "").replace("h", ""), 82)
        text = f'client = make(key="{token}")'
        assert "gh" not in text
        assert [(h.kind, h.value) for h in sp.find_tokens(text)] == [("github", token)]

    def test_aws_secret_needs_its_label(self):
        secret = fake(ALNUM + "/+", 40)
        assert [h.kind for h in sp.find_tokens(f"aws_secret_access_key = {secret}")] == ["aws_secret"]
        assert sp.find_tokens(secret) == []

    def test_private_key_block_with_a_body(self):
        pem = "-----BEGIN RSA PRIVATE KEY-----\n" + fake(ALNUM, 64) + "\n-----END RSA PRIVATE KEY-----"
        assert [h.kind for h in sp.find_tokens(pem)] == ["private_key"]

    def test_private_key_header_in_documentation_is_not_a_key(self):
        assert sp.find_tokens("-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----") == []

    def test_password_in_url(self):
        hits = sp.find_tokens("postgresql://admin:Tr0ub4dor3@db.acme.io:5432/sales")
        assert [(h.kind, h.local) for h in hits] == [("url_password", False)]

    def test_password_in_url_to_localhost_is_local(self):
        assert [h.local for h in sp.find_tokens("mysql://root:s3cr3t@localhost/db")] == [True]

    @pytest.mark.parametrize("text", [
        "postgresql://user:password@host/db",
        "mongodb+srv://user:<password>@cluster0.mongodb.net",
        "postgresql://%s:%s@%s/db",
        "redis://:{password}@cache:6379",
        "ssh git@github.com:org/repo.git",
        "https://user@example.org/path",
        "http://localhost:8888/tree",
    ])
    def test_url_templates_and_users_without_password_are_not_secrets(self, text):
        assert sp.find_tokens(text) == []

    def test_token_in_a_url_query(self):
        hits = sp.find_tokens("http://localhost:8888/?token=" + fake("0123456789abcdef", 48))
        assert [(h.kind, h.local) for h in hits] == [("url_token", True)]

    @pytest.mark.parametrize("text", [
        "AKIAIOSFODNN7EXAMPLE",  # AWS's documented example key
        "sk-" + "x" * 48,
        "ghp_" + "X" * 36,
        "scikit-learn sk-learn-compatible-estimator-implementation-details",
        hashlib.sha256(b"data").hexdigest(),
        hashlib.md5(b"data").hexdigest(),
        "123e4567-e89b-12d3-a456-426614174000",
    ])
    def test_examples_hashes_and_words_are_not_tokens(self, text):
        assert sp.find_tokens(text) == []

    def test_random_base64_is_not_a_token(self):
        blob = base64.b64encode(random.Random(1).randbytes(200_000)).decode()
        assert sp.find_tokens(sp.scannable_output_text(f'<img src="data:image/png;base64,{blob}">', 10**7)) == []


class TestValues:
    @pytest.mark.parametrize("value", ["", "xxx", "***", "YOUR_API_KEY", "<token>", "changeme", "OPENAI_API_KEY",
                                       "your-key-here", "${API_KEY}", "{api_key}", "sk-...", "REDACTED", "aaaaaaaaaaaa"])
    def test_placeholders(self, value):
        assert sp.is_placeholder(value)

    @pytest.mark.parametrize("value", ["QX7RB2ZK9TM4WP1N", "xQ7pLm2Rt9Zk4Wn8Ya3c", "hunter22"])
    def test_real_looking_values_are_not_placeholders(self, value):
        assert not sp.is_placeholder(value)

    def test_entropy_orders_random_above_words(self):
        assert sp.entropy("xQ7pLm2Rt9Zk4Wn8Ya3c") > 4 > sp.entropy("aaaabbbb")

    def test_secret_value_kinds(self):
        assert sv.secret_value_kind("QX7RB2ZK9TM4WP1N", "secret") == "secret"
        assert sv.secret_value_kind("Bearer QX7RB2ZK9TM4WP1N", "secret") == "secret"
        assert sv.secret_value_kind("customer_id_2020", "secret") is None
        assert sv.secret_value_kind("not a key at all 1", "secret") is None
        assert sv.secret_value_kind("/home/me/key.json", "secret") is None
        assert sv.secret_value_kind("hunter22", "password") == "secret"
        assert sv.secret_value_kind("postgres", "password") == "default"
        assert sv.secret_value_kind("xQ7pLm2Rt9Zk4Wn8Ya3c", "key") == "secret"
        assert sv.secret_value_kind("d41d8cd98f00b204e9800998ecf8427e", "key") is None

    @pytest.mark.parametrize("value,kind", [("kqze", "password"), ("tulip", "password"), ("w7rmq02xa", "secret"),
                                            ("QWERTZUIOPASDFGHJKLY", "secret"), ("9c7f2e81ab34d", "secret"),
                                            ("slk_3c6669a93b14fbd6061e00fb40876b32", "secret")])
    def test_short_and_plain_values_under_credential_names(self, value, kind):
        assert sv.secret_value_kind(value, kind) == "secret"

    @pytest.mark.parametrize("value,kind", [
        ("changeme", "password"), ("<token>", "secret"), ("${PASSWORD}", "password"), ("xxx", "password"),
        ("", "password"), ("sha256", "password"), ("argon2id", "password"), ("token.json", "secret"),
        ("creds.p12", "password"), ("word2vec", "secret"), ("hello", "secret"), ("bert-base-uncased", "secret"),
        ("api_key", "secret"), ("abc", "password"), ("DB_PASSWORD_ENV", "secret"), ("db01.int.acme.com", "secret"),
    ])
    def test_placeholders_defaults_files_algorithms_and_words_are_not_secrets(self, value, kind):
        assert sv.secret_value_kind(value, kind) is None


class TestVendorTokens:
    SAMPLES = {
        "perplexity": "pplx-" + fake(ALNUM, 48),
        "anthropic": "sk-ant-api03-" + fake(ALNUM, 93) + "AA",
        "gitlab": "glpat-" + fake(ALNUM, 20),
        "groq": "gsk_" + fake(ALNUM, 52),
        "npm": "npm_" + fake(ALNUM, 36),
        "huggingface_org": "api_org_" + fake(string.ascii_letters, 34),
        "databricks": "dapi" + fake("0123456789abcdef", 32),
        "digitalocean": "dop_v1_" + fake("0123456789abcdef", 64),
        "telegram": "1234567890:AA" + fake(ALNUM, 33),
        "shopify": "shpat_" + fake("0123456789abcdef", 32),
        "linear": "lin_api_" + fake(ALNUM, 40),
        "google_oauth": "GOCSPX-" + fake(ALNUM, 28),
    }

    @pytest.mark.parametrize("kind", sorted(SAMPLES))
    def test_vendor_formats_are_found(self, kind):
        token = self.SAMPLES[kind]
        assert [(h.kind, h.value) for h in sp.find_tokens(f'KEY = "{token}"')] == [(kind, token)]

    def test_every_vendor_kind_is_a_token_kind_with_hints(self):
        for name, (label, env, _pattern, hints, *_word_start) in VENDOR_TOKENS.items():
            assert name in sp.TOKEN_KINDS and hints and label[:2] in ("a ", "an") and env.isupper()

    @pytest.mark.parametrize("text", [
        "pplx-" + "x" * 48, "glpat-" + "YOUR_TOKEN_HERE_XXXX", "npm_install_all_the_dependencies_now_xx",
        "the sk-ant- prefix", "dapi" + "0" * 32, "mailing key-value store",
    ])
    def test_vendor_prefixes_without_a_token_are_not_found(self, text):
        assert sp.find_tokens(text) == []


class TestNames:
    @pytest.mark.parametrize("name,kind", [
        ("api_key", "secret"), ("apiKey", "secret"), ("OPENAI_API_KEY", "secret"), ("client_secret", "secret"),
        ("Authorization", "secret"), ("token", "secret"), ("db_password", "password"), ("PASSWD", "password"),
        ("db_pass", "password"), ("QUANDL_KEY", "key"),
    ])
    def test_credential_names(self, name, kind):
        assert credential_names.credential_name(name) == kind

    @pytest.mark.parametrize("name", ["key", "sort_key", "api_key_name", "token_pattern", "pad_token", "max_tokens",
                                      "pass_rate", "tokenizer", "password_field", "secret_arn", "primary_key",
                                      "password_hash", "hash_algorithm", "token_file", "password_help_text",
                                      "uuid_key", "public_key", "publishable_key", "AuthSource"])
    def test_names_about_something_else(self, name):
        assert credential_names.credential_name(name) is None

    def test_env_var_name(self):
        assert credential_names.env_var_name("apiKey") == "API_KEY"
        assert credential_names.env_var_name("db_password") == "DB_PASSWORD"


class TestEmails:
    def test_a_persons_address(self):
        assert find_emails("contact: jane.doe@acme-corp.com, thanks") == ["jane.doe@acme-corp.com"]

    @pytest.mark.parametrize("text", [
        "someone@example.com", "a@b.com", "icon@2x.png", "Author-email: dev@numpy.org",
        "list-unsubscribe@egroups.com", "support@acme.io", "@decorator", "user@localhost",
    ])
    def test_documentation_roles_and_files_are_not_personal(self, text):
        assert find_emails(text) == []

    def test_redact_keeps_little(self):
        assert sp.redact("jane.doe@acme.com") == "j…@acme.com"
        assert sp.redact("QX7RB2ZK9TM4WP1N") == "QX7R…"
        assert sp.redact("short") == "…"


class TestShellCredentials:
    def test_authorization_headers_in_shell_commands(self):
        bearer = fake(ALNUM, 32)
        basic = base64.b64encode(b"etl:Spr1ngT1de").decode()
        hits = sp.find_tokens(f'!curl -H "Authorization: Bearer {bearer}" https://api.acme.io')
        assert [(h.kind, h.value) for h in hits] == [("auth_header", bearer)]
        assert [h.kind for h in sp.find_tokens(f"!curl -H 'Authorization: Basic {basic}' {{url}}")] == ["auth_header"]

    @pytest.mark.parametrize("text", [
        '!curl -H "Authorization: Bearer $TOKEN" https://api.acme.io',
        '!curl -H "Authorization: Bearer ${API_TOKEN}"',
        '!curl -H "Authorization: Basic ' + base64.b64encode(b"user:password").decode() + '"',
        '!curl -H "Authorization: Basic eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"',
        "Authorization: Bearer YOUR_TOKEN_HERE",
    ])
    def test_headers_with_variables_placeholders_or_no_pair_are_not_found(self, text):
        assert sp.find_tokens(text) == []

    def test_curl_user_and_password(self):
        assert [h.kind for h in sp.find_tokens("!curl -u elastic:P4ssw0rd-9z https://localhost:9200")] == ["curl_user"]
        for text in ("!curl -u user:pass https://x.io", '!curl -u "$USER:$PASSWORD" x', "!curl -u <user:password> x",
                     "!git push -u origin main", "!curl -u 'test:test' x"):
            assert sp.find_tokens(text) == [], text

    def test_a_telegram_token_inside_a_bot_url(self):
        token = "110201543:AA" + fake(ALNUM, 33)
        assert [h.kind for h in sp.find_tokens(f"https://api.telegram.org/bot{token}/sendMessage")] == ["telegram"]

    def test_placeholder_words_count_only_as_a_person_writes_them(self):
        assert sp.is_placeholder("YOUR_FAKE_KEY") and sp.is_placeholder("my-fake-token")
        assert not sp.is_placeholder("xoxb-123456789012-Xw937qtWSXJss1lFaKe")  # "FaKe" inside random letters


def test_a_vendor_prefix_followed_by_a_typed_sequence_is_an_example():
    assert sp.find_tokens("DATABRICKS_TOKEN=dapi123456789012345678a9bc01234def") == []
    assert sp.has_sequence("x12345678y") and not sp.has_sequence("x1234y5678")


class TestTemplatesPairTheirBrackets:
    def test_paired_references_are_templates(self):
        for value in ("<token>", "${PASSWORD}", "{user}:{password}", "%(pw)s", "[CLS]", "{{ vault_secret }}"):
            assert sp.is_placeholder(value), value

    def test_brackets_that_do_not_pair_are_typed_noise(self):
        for value in ("q{[tr}o)w$(k]ula", "Tr{a]ve(l$er#Mo)on!", "ab}c{d", "qz(rt7"):
            assert not sp.brackets_pair(value) and not sp.is_placeholder(value), value
        assert sp.brackets_pair("f(a[1], {b})") and sp.brackets_pair("no brackets")


class TestDottedTokens:
    HEADER, CLAIMS = "eyJhbGciOiAibm9uZSIsICJ0eXAiOiAiSldUIn0", "eyJzdWIiOiAiNDIiLCAicm9sZSI6ICJhZG1pbiJ9"

    def test_a_jwt_without_signature_whose_parts_are_json(self):
        token = f"{self.HEADER}.{self.CLAIMS}"
        assert [(h.kind, h.value) for h in sp.find_tokens(f'auth = "{token}"')] == [("jwt", token)]

    def test_two_parts_that_do_not_decode_to_json_objects_are_not_a_token(self):
        for first in (self.HEADER[:-3], "eyJhbasdGciOiJIUadd" + fake(ALNUM, 20), "eyJbMSwgMiwgM10"):
            assert sp.find_tokens(f"{first}.{self.CLAIMS}") == [], first

    def test_a_run_of_jwt_openers_is_scanned_once(self):
        assert sp.find_tokens("eyJ" * 5000 + ".") == []

    def test_a_discord_bot_token_inside_a_word_run_too(self):
        token = "NDEyMzQ1Njc4OTAxMjM0NTY3." + fake(ALNUM, 6) + "." + fake(ALNUM, 27)
        assert [h.kind for h in sp.find_tokens(f'TOKEN = "{token}"')] == ["discord"]
        assert [h.value for h in sp.find_tokens(f"=A{token}!")] == [token]

    def test_a_dotted_name_is_not_a_discord_token(self):
        assert sp.find_tokens("NetworkConfigurationItem.params.get_best_estimator_from_search") == []
        assert sp.find_tokens("MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ." + "a" * 27) == []


class TestValuesPeopleType:
    def test_a_passphrase_under_a_password_name(self):
        assert sv.secret_value_kind("correct horse battery staple", "password") == "secret"
        assert sv.secret_value_kind("correct horse battery staple", "secret") is None  # an API secret has no spaces

    def test_sentences_about_a_password_are_not_one(self):
        for value in ("same as above", "not set yet", "Enter your password", "see the config file", "one two."):
            assert sv.secret_value_kind(value, "password") is None, value

    def test_symbols_and_letters_under_a_secret_name(self):
        assert sv.secret_value_kind("Tr{a]ve(l$er#Mo)on!", "secret") == "secret"
        for value in ('{"type":"svc","id":7}', "(?:[A-Za-z]+)\\d{2,}[._-]", "a-b_c.d/e", "<|endoftext|>"):
            assert sv.secret_value_kind(value, "secret") is None, value


def test_a_bar_between_numbers_and_words_is_not_an_app_token():
    for text in ("mask = (df.a > 123456789012345) | (df.b < 2)", "123456789012345|" + "a" * 27,
                 "1234567890123456|some_long_column_name_here"):
        assert sp.find_tokens(text) == [], text


def test_a_cell_is_searched_for_the_kinds_its_own_hints_name():
    assert th.kinds_of_hints(th.hints_in("x = 1")) == ()
    text = f'a = "{TOKENS["github"]}"; b = "{TOKENS["jwt"]}"'
    assert th.kinds_of_hints(th.hints_in(text)) == th.hinted_kinds(text)
    assert {"github", "jwt"} <= set(th.hinted_kinds(text))


def test_an_app_token_and_a_connection_password_are_found_past_their_signs():
    app = "123456789012345|Zq8vR2mX7tLp4Wn9Yc3Kd6Hs1Jf5Gb0E"
    assert [hit.kind for hit in sp.find_tokens(f"url = 'https://graph.example/?t={app}'")] == ["facebook_app"]
    conn = sp.find_tokens('"Server=db;UID=sa;PWD=Kq9zTr2w;"', ("conn_password",))
    assert [hit.value for hit in conn] == ["Kq9zTr2w"]


def test_token_patterns_are_compiled_once_each_on_first_use():
    for kind, spec in TOKEN_KINDS.items():
        assert sp.token_pattern(kind).pattern == spec.pattern
        assert sp.token_pattern(kind) is sp.token_pattern(kind)
