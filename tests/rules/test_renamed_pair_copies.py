"""Two statements pasted three times, once per name they make (DU001, info)."""

from jupyterlab_promote.engine.notebook.fingerprints import Block, Occurrence
from jupyterlab_promote.engine.notebook.renamed_pairs import heavy
from jupyterlab_promote.engine.rules import duplication as du
from jupyterlab_promote.engine.rules.renamed_pair_copies import renamed_pair_copies

from factories import notebook

PAIR = 'df_{n} = web.DataReader("{t}", "av-daily", start=start_dt, api_key=key)\ndf_{n}["stock"] = "{t}"'
TICKERS = (("tesla", "TSLA"), ("ibm", "IBM"), ("msft", "MSFT"))


def _pasted(pair=PAIR, tickers=TICKERS):
    return "\n\n".join(pair.format(n=name, t=ticker) for name, ticker in tickers)


def test_a_pair_pasted_for_three_names_is_information():
    found = list(renamed_pair_copies(notebook("import pandas_datareader.data as web", _pasted()), []))
    assert len(found) == 1 and found[0].severity == "info"
    assert (found[0].cell.index, found[0].line, found[0].end_line) == (1, 1, 2)
    assert found[0].message.startswith("Lines 1–2 are pasted 3 times, once per name they make (also this cell "
                                       "lines 4–5, this cell lines 7–8)")


def test_duplicated_block_reports_it():
    assert any("once per name" in v.message for v in du.duplicated_block(notebook(_pasted())))


def test_copies_in_several_cells_count():
    cells = [PAIR.format(n=name, t=ticker) for name, ticker in TICKERS]
    found = list(renamed_pair_copies(notebook(*cells), []))
    assert len(found) == 1 and "cell #2 lines 1–2, cell #3 lines 1–2" in found[0].message


def test_a_pair_pasted_twice_is_not_reported():
    assert list(renamed_pair_copies(notebook(_pasted(tickers=TICKERS[:2])), [])) == []


def test_the_same_name_made_again_in_each_copy_is_not_reported():
    same = _pasted(tickers=(("all", "TSLA"), ("all", "IBM"), ("all", "MSFT")))
    assert list(renamed_pair_copies(notebook(same), [])) == []
    fits = "\n".join("model = make_model(layers=3, width=64, dropout=0.1)\nmodel.fit(X, y)" for _ in range(3))
    assert list(renamed_pair_copies(notebook(fits), [])) == []


def test_light_or_unlinked_pairs_are_not_reported():
    light = 'df_{n} = frames["{t}"]\ndf_{n}["stock"] = "{t}"'
    assert list(renamed_pair_copies(notebook(_pasted(light)), [])) == []
    unlinked = 'df_{n} = web.DataReader("{t}", "av-daily", start=start_dt, api_key=key)\nseen["stock"] = "{t}"'
    assert list(renamed_pair_copies(notebook(_pasted(unlinked)), [])) == []


def test_copies_inside_a_reported_block_are_left_to_it():
    nb = notebook(_pasted())
    taken = [Block(2, (Occurrence("", 0, "c0", 1, 2), Occurrence("", 0, "c0", 4, 5)))]
    assert list(renamed_pair_copies(nb, taken)) == []


def test_heavy_statements_give_several_arguments_or_chain_calls():
    assert heavy('x=x.DataReader($,$,x=x,x=$)') and heavy("x=x.groupby(x).sum()")
    assert not heavy("x[$]=$") and not heavy("x.fit(x,x)") and not heavy("x=x(x(x,x,x))")


def test_only_texts_with_a_candidate_found_three_times_are_read():
    from jupyterlab_promote.engine.notebook.renamed_pairs import pasted_pairs, renamed_pairs

    cells = [PAIR.format(n=name, t=ticker) for name, ticker in TICKERS]
    other = 'model = make(layers=3, width=64, dropout=0.1)\nmodel.fit(X_train, y_train, epochs=10)'
    assert pasted_pairs([*cells, other]) == [*map(renamed_pairs, cells), ()]
    assert renamed_pairs(other) and pasted_pairs(cells[:2]) == [(), ()]
