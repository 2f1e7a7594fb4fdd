"""text: what the engine knows about plain text, on the ground floor beside files/.

It owns the patterns of secrets looked for in code and outputs (secret_patterns.py: credential names,
URLs and the checks shared by every rule; vendor_tokens.py: the known token formats, after gitleaks' and
detect-secrets' lists; token_kinds.py: which formats a name hints at; token_hints.py: which hints a text
holds; secret_values.py: whether a value under a credential name is a real one or a placeholder), the
patterns of personal data (personal_data.py), the finder of many substrings in one pass (substrings.py),
and the wording shared by messages (wording.py: counts and their plurals, summaries cut between words).
It imports nothing from the rest of the engine. (Control characters are made visible by
jupyterlab_promote/visible.py, at the package top: the CLI builds its parser without importing the engine.)
"""
