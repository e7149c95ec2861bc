"""Citations: numbered per page render, listed at the end, and every misuse named."""

from __future__ import annotations

import pytest

from macros import citations
from macros.errors import MacroError
from tests.macros.conftest import page_at


def test_cite_numbers_sources_per_page_in_first_use_order(data, page) -> None:
    assert "[1](#ref-rush-2006" in citations.cite(data, page, "rush-2006")
    second = citations.cite(data, page, "pigott-2023", "rush-2006")
    assert "[1](#ref-rush-2006" in second and "[2](#ref-pigott-2023" in second
    refs = citations.references(data, page)
    assert refs.index('id="ref-rush-2006"') < refs.index('id="ref-pigott-2023"')
    assert "https://doi.org/10.1176/ajp.2006.163.11.1905" in refs
    citations.check_listed(page)  # cited and listed: the page is complete


def test_a_new_page_render_starts_again_at_1(data, page) -> None:
    citations.cite(data, page, "rush-2006", "pigott-2023")
    other = page_at("faq.md")
    assert "[1](#ref-pigott-2023" in citations.cite(data, other, "pigott-2023")
    assert "[2](#ref-pigott-2023" in citations.cite(data, page, "pigott-2023")


def test_cite_unknown_source_names_page_and_close_ids(data, page) -> None:
    with pytest.raises(MacroError, match=r"docs/treatments/esketamine.md: unknown source 'rush-2007'.*'rush-2006'"):
        citations.cite(data, page, "rush-2007")


def test_cite_errors(data, page) -> None:
    with pytest.raises(MacroError, match="needs at least one source id"):
        citations.cite(data, page)
    with pytest.raises(MacroError, match="expects a source id as text"):
        citations.cite(data, page, 2006)


def test_references_without_citations_fails(data, page) -> None:
    with pytest.raises(MacroError, match="cites nothing"):
        citations.references(data, page)


def test_citing_without_a_reference_list_fails_at_page_end(data, page) -> None:
    citations.cite(data, page, "rush-2006")
    with pytest.raises(
        MacroError,
        match=r"docs/treatments/esketamine.md: cites 1 source\(s\) but has no reference list.*references\(\)",
    ):
        citations.check_listed(page)


def test_a_page_that_cites_nothing_needs_no_list(page) -> None:
    citations.check_listed(page)


def test_cite_after_references_fails(data, page) -> None:
    citations.cite(data, page, "rush-2006")
    citations.references(data, page)
    with pytest.raises(MacroError, match="after references"):
        citations.cite(data, page, "pigott-2023")


def test_reference_list_is_left_out_of_search(data, page) -> None:
    citations.cite(data, page, "rush-2006")
    assert '<ol class="references" data-search-exclude>' in citations.references(data, page)
