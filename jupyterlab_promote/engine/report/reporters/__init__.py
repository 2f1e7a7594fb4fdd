"""Output formats of `jupyter-promote check`: text for people, JSON for tools, SARIF for code scanning."""
