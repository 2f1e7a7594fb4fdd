"""report: running the rules over a notebook and writing down what they found; above rules/.

It owns the analysis (analysis.py: every rule over the model, into a report entry; cell_scope.py:
cell-scoped rules run only on the cells that changed; live.py: the documents a live editor keeps
sending), the scores and the ten categories (score.py, categories.py), and the report's other formats
(reporters/: text, GitHub annotations, SARIF). It may import rules/ and every wing below it; it never
imports extract/, sharing/ or the doors.
"""
