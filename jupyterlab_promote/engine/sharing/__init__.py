"""sharing: what a notebook carries when it is shared; the top wing, just under the doors.

It owns the clean re-run in a fresh kernel and its comparison of outputs (verify.py, output_compare.py),
stamping a notebook file with what that re-run found (verify_file.py), and the README badge drawn from
the stamp and the score (badge.py). It may import report/ and every wing below it (the stamp itself is
notebook metadata and lives in notebook/stamp.py, because rules read it).
"""
