"""Counts agree with their nouns; long summaries are cut between words and outside code spans."""

import pytest

from jupyterlab_promote.engine.text.wording import counted, shortened


@pytest.mark.parametrize("count, expected", [(0, "0 findings"), (1, "1 finding"), (2, "2 findings")])
def test_counted_agrees_with_the_count(count, expected):
    assert counted(count, "finding") == expected


def test_counted_takes_an_irregular_plural():
    assert counted(1, "copy", "copies") == "1 copy" and counted(3, "copy", "copies") == "3 copies"


def test_short_text_is_kept_whole():
    assert shortened("Cells ran out of order.", 30) == "Cells ran out of order."


def test_cut_at_the_last_space_that_fits_with_an_ellipsis():
    assert shortened("one two three four", 12) == "one two…"
    assert len(shortened("one two three four", 12)) <= 12


def test_never_cut_inside_a_code_span():
    text = "Checks are off: `verify=False`, `!wget --no-check-certificate`, `!curl -k`"
    cut = shortened(text, 50)
    assert cut == "Checks are off: `verify=False`…"
    assert cut.count("`") % 2 == 0


def test_no_space_outside_code_early_enough_keeps_the_text_whole():
    text = "`a very long code span that never ends before the width`"
    assert shortened(text, 20) == text
