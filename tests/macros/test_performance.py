"""The Performance page states the budgets from macros/data/budgets.yml, never typed again."""

from __future__ import annotations

import pytest

from macros import performance
from macros.errors import MacroError
from tests.conftest import Page


def test_byte_budgets_and_scores_read_from_the_data(data, page) -> None:
    assert performance.budget(data, page, "first_view") == f"{data.budgets.bytes.first_view_kb:g} kB"
    assert performance.budget(data, page, "first_search") == f"{data.budgets.bytes.first_search_kb:g} kB"
    assert (
        performance.budget(data, page, "performance") == f"{data.budgets.lighthouse.min_scores['performance']} or more"
    )
    assert performance.budget(data, page, "accessibility") == "100"


def test_unknown_budget_names_the_known_ones(data, page) -> None:
    with pytest.raises(MacroError, match=r"unknown budget 'first_veiw'.*first_view"):
        performance.budget(data, page, "first_veiw")


def test_performance_page_shows_every_byte_budget_from_the_data(pages: list[Page], data) -> None:
    table = next(p for p in pages if p.url == "about/performance/").soup.select_one("article table").get_text(" ")
    for name in performance.BYTE_BUDGETS:
        if name != "html":  # the page names the budgets readers feel: first view, later pages, first search
            assert f"{getattr(data.budgets.bytes, f'{name}_kb'):g} kB" in table, name
