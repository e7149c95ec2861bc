"""Review dates: how the checker reads a front matter date, and the one rule for "a year later"
(both are the page contract's, macros/page_meta.py)."""

from macros.page_meta import a_year_later
from macros.page_meta import iso_date as parse_date

__all__ = ["a_year_later", "parse_date"]
