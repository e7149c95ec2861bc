"""Markdown tables stack into labelled cards on a phone without a script (macros/table_labels.py)."""

from __future__ import annotations

import markdown
from bs4 import BeautifulSoup


def _table(source: str) -> BeautifulSoup:
    html = markdown.markdown(source, extensions=["tables", "macros.table_labels"])
    return BeautifulSoup(html, "html.parser").table


def test_each_cell_after_the_first_is_labelled_with_its_column_heading() -> None:
    table = _table("| Option | How *long* | Cost `$` |\n|---|---|---|\n| ECT | weeks | varies |\n| rTMS | 6 weeks | <b>high</b> |\n")
    assert "trd-stack" in table["class"]
    rows = [[td.get("data-label") for td in tr.find_all("td")] for tr in table.tbody.find_all("tr")]
    assert rows == [[None, "How long", "Cost $"], [None, "How long", "Cost $"]]


def test_a_table_without_headings_is_left_alone() -> None:
    html = markdown.markdown("<table><tr><td>a</td></tr></table>", extensions=["tables", "macros.table_labels"])
    assert "trd-stack" not in html and "data-label" not in html
