"""The "About this page" aside: review dates formatted in the core, a report link per page."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from macros.context import PageContext, SiteSettings
from macros.errors import MacroError
from macros.page_meta import about_this_page

SITE = SiteSettings(crisis_page="get-help-now/", report_url="https://example.org/issues/new?template=x.yml&page=")
DATES = {"reviewed": dt.date(2026, 11, 1), "review_due": dt.date(2027, 5, 21)}


def test_aside_shows_both_dates_and_the_report_link_for_this_page() -> None:
    html = about_this_page(PageContext(src_uri="treatments/ect.md", meta=DATES, site=SITE))
    aside = BeautifulSoup(html, "html.parser").aside
    assert aside["class"] == ["trd-page-meta"] and aside["aria-label"] == "About this page"
    assert aside.has_attr("data-search-exclude"), "review dates stay out of the search index"
    times = aside.select("time")
    assert [t["datetime"] for t in times] == ["2026-11-01", "2027-05-21"]
    assert [t.get_text() for t in times] == ["1 November 2026", "21 May 2027"]
    text = aside.get_text(" ")
    assert "Last reviewed:" in text and "Next review due:" in text
    assert aside.a["href"] == "https://example.org/issues/new?template=x.yml&page=treatments/ect.md"
    assert "&amp;page=" in html, "the & in the link is escaped in the attribute"


def test_report_link_path_is_url_encoded() -> None:
    html = about_this_page(PageContext(src_uri='a b/"x".md', meta=DATES, site=SITE))
    assert BeautifulSoup(html, "html.parser").a["href"].endswith("page=a%20b/%22x%22.md")


def test_no_aside_without_a_reviewed_date() -> None:
    assert about_this_page(PageContext(src_uri="404.md", site=SITE)) == ""


@pytest.mark.parametrize("meta", [{"reviewed": dt.date(2026, 1, 1)}, {**DATES, "review_due": "soon"}])
def test_a_missing_or_malformed_date_names_the_page_and_the_fix(meta: dict) -> None:
    with pytest.raises(MacroError, match=r"docs/faq.md: front matter 'review_due' should be a date like 2026-11-21"):
        about_this_page(PageContext(src_uri="faq.md", meta=meta, site=SITE))


def test_dates_given_as_iso_text_read_the_same() -> None:
    """Zensical hands front matter over as JSON, so its dates arrive as text."""
    as_text = {key: day.isoformat() for key, day in DATES.items()}
    page = PageContext(src_uri="treatments/ect.md", meta=as_text, site=SITE)
    assert about_this_page(page) == about_this_page(PageContext(src_uri="treatments/ect.md", meta=DATES, site=SITE))
