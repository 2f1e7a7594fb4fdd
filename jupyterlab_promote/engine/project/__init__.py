"""project: the folder around a notebook, on the floor above files/ and python/.

It owns where a notebook's project is and what it holds (folder.py: the folder, its tests, the boundary
nothing outside of which is read), the tool's settings from pyproject.toml (config.py), the git work
tree read without running git (git.py, git_index.py, ewah_bitmap.py), and the declared requirements
against the imports (dependencies.py, requirement_files.py, import_names.py). It may import files/,
text/ and python/, never a notebook wing or anything above.
"""
