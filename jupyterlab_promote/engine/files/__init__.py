"""files: the ground floor, how the engine touches the file system.

It owns bounded reading (bounded.py: regular files only, never blocking, never past a size limit nor, in
the server, outside the folder the analysis may see; the folders up to that boundary; a project file's
parse cached until the file changes) and atomic writing (atomic.py: a notebook or module is replaced
whole or not at all). It imports nothing from the rest of the engine.
"""
