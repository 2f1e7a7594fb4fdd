"""python: code read as Python, before any notebook is involved; on the ground floor beside files/ and text/.

It owns parsing without compiler warnings on stderr and the small facts about syntax trees (syntax.py),
the names a block of code binds and reads under Python's scoping rules (names.py, function_scope.py), and
IPython's syntax turned into the Python IPython runs (magics.py). Notebook cells and a project's Python
files are both read with it. It imports nothing from the rest of the engine.
"""
