"""performance: row-by-row pandas and other slow patterns with fast equivalents."""

from ..base import Rule
from .loops import dataframe_grown_in_loop, read_in_loop
from .rows import dataframe_row_loop, positional_element_loop

RULES: tuple[Rule, ...] = (
    Rule("PF001", "dataframe-row-loop", "performance", "warning", dataframe_row_loop, scope="cell"),
    Rule("PF002", "dataframe-grown-in-loop", "performance", "warning", dataframe_grown_in_loop, scope="cell"),
    Rule("PF003", "read-in-loop", "performance", "info", read_in_loop, scope="cell"),
    Rule("PF004", "positional-element-loop", "performance", "info", positional_element_loop),
)

__all__ = ["RULES", "dataframe_grown_in_loop", "dataframe_row_loop", "positional_element_loop", "read_in_loop"]
