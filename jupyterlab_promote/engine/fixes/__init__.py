"""fixes: what a fix changes, and changing it; on the floor above notebook/, below rules/.

It owns the edits a fix is made of, as the JSON the frontend also applies, and applying them to
notebook JSON and project files (edits.py), and choosing and applying the safe fixes to a notebook file
for `check --fix` (applying.py). The rules build their fixes from these edits, so this wing sits under
them. It may import notebook/, project/, files/, text/ and python/.
"""
