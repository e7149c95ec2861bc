"""Search aliases from the data and front matter become the page's search tags."""

from __future__ import annotations

import pytest

from macros.errors import MacroError
from macros.search import search_tags
from tests.macros.conftest import page_at


def test_search_tags_carry_brand_generic_and_lay_names(data) -> None:
    assert "shock therapy" in search_tags(data, page_at("treatments/ect.md"))
    assert {"Spravato", "esketamine"} <= set(search_tags(data, page_at("treatments/esketamine.md")))


def test_search_terms_from_front_matter_join_the_tags_once(data) -> None:
    page = page_at("faq.md", meta={"tags": ["a"], "search_terms": ["thyroid", "a"]})
    assert search_tags(data, page) == ["a", "thyroid"]


def test_a_page_with_nothing_to_add_gets_no_tags(data) -> None:
    assert search_tags(data, page_at("about/privacy.md", meta={"tags": ["kept"]})) == []


@pytest.mark.parametrize("terms", ["thyroid", [1, 2], {"a": 1}])
def test_search_terms_front_matter_must_be_a_list_of_words(data, terms) -> None:
    with pytest.raises(MacroError, match=r"docs/faq.md: front matter 'search_terms' must be a list"):
        search_tags(data, page_at("faq.md", meta={"search_terms": terms}))
