"""extract: cells into a module, planned then written; beside report/, above rules/.

It owns what selected cells hold and whether they can move (selection.py), planning a module and a test
file from selected cells (cells.py, tests.py) or from a block copied between notebooks
(duplicates.py), the plan itself (plan.py), and writing it all or nothing (files.py). It may import
rules/ and every wing below it; it never imports report/, sharing/ or the doors.
"""
