"""notebook: the analysed notebook, on the floor above project/.

It owns reading notebook JSON and writing it back as Jupyter does (reading.py), the model the rules read
(model.py: cells, their parses, the project around them), a cell's source as Python and what is kept of
it between analyses (source.py, kept.py, cell_memo.py), what flows between cells (dataflow.py,
statement_shapes.py), the blocks of code shared by cells (fingerprints.py, block_extent.py), and what
the notebook carries from outside: the verification stamp in its metadata (stamp.py) and the facts a
running kernel gave about it (kernel_state.py). It may import project/, files/, text/ and python/.
"""
