"""text: what the engine knows about plain text, on the ground floor beside files/.

It owns the patterns of secrets (secret_patterns.py) and of personal data (personal_data.py) looked for
in code and outputs, and the wording shared by messages (wording.py: counts and their plurals, summaries
cut between words). It imports nothing from the rest of the engine. (Control characters are made visible by
jupyterlab_promote/visible.py, at the package top: the CLI builds its parser without importing the engine.)
"""
