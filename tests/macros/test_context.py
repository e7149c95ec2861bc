"""PageContext: links and URLs computed from the page's own path, settings from mkdocs.yml."""

from __future__ import annotations

import pytest
from mkdocs.utils import get_relative_url  # the reference the core's url_to must agree with

from macros.context import PageContext, SiteSettings
from macros.errors import DataError
from tests.macros.conftest import EXTRA, SITE
from tools.site import ROOT


@pytest.mark.parametrize(
    ("src_uri", "target", "expected"),
    [
        ("treatments/ect.md", "glossary.md#remission", "../glossary.md#remission"),
        ("faq.md", "glossary.md", "glossary.md"),
        ("treatments/ect.md", "treatments/rtms.md", "rtms.md"),
        ("index.md", "treatments/ect.md", "treatments/ect.md"),
        ("about/index.md", "get-help-now.md", "../get-help-now.md"),
        ("faq.md", "#top", "#top"),
    ],
)
def test_link_to_is_relative_to_the_page_file(src_uri: str, target: str, expected: str) -> None:
    assert PageContext(SITE, src_uri=src_uri).link_to(target) == expected


URLS = ["", "faq/", "treatments/ect/", "about/", "404.html", "a/b/c/", "a/b/page.html"]
TARGETS = ["get-help-now/", "", "treatments/ect/", "javascripts/phq9.js", "a/b/"]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("target", TARGETS)
def test_url_to_matches_mkdocs_relative_urls(url: str, target: str) -> None:
    assert PageContext(SITE, url=url).url_to(target) == get_relative_url(target, url)


PAGES = [
    ("index.md", ""),
    ("faq.md", "faq/"),
    ("about/index.md", "about/"),
    ("about/evidence.md", "about/evidence/"),
    ("treatments/ect.md", "treatments/ect/"),
]


@pytest.mark.parametrize(("src_uri", "url"), PAGES)
@pytest.mark.parametrize(("target", "target_url"), [(doc + "#review", url + "#review") for doc, url in PAGES])
def test_href_to_is_the_target_url_relative_to_the_page_url_under_mkdocs(
    src_uri: str, url: str, target: str, target_url: str
) -> None:
    """MkDocs publishes raw HTML as written: the address is the URL, as MkDocs would compute it."""
    page = PageContext(SITE, src_uri=src_uri, url=url)
    path, _, anchor = target_url.partition("#")
    assert page.href_to(target) == get_relative_url(path, url) + "#" + anchor


@pytest.mark.parametrize(("src_uri", "url"), PAGES)
def test_href_to_is_the_markdown_link_when_the_engine_resolves_raw_html(src_uri: str, url: str) -> None:
    """Zensical rewrites raw-HTML addresses like Markdown links (a URL would gain a "../" on
    every page not named index.md: "../#review" became "../../#review" on about/evidence/)."""
    page = PageContext(SITE, src_uri=src_uri, url=url, engine_resolves_html=True)
    assert page.href_to("about/index.md#review") == page.link_to("about/index.md#review")
    assert page.href_to("get-help-now.md") == page.link_to("get-help-now.md")


def test_url_to_outside_a_page_returns_the_target() -> None:
    assert PageContext(SITE).url_to("get-help-now/") == "get-help-now/"


def test_unknown_page_is_named_in_messages() -> None:
    assert PageContext(SITE).source == "<unknown page>"
    assert PageContext(SITE, src_uri="faq.md").source == "docs/faq.md"


def test_site_settings_come_from_mkdocs_extra() -> None:
    assert SITE.crisis_page == EXTRA["crisis_page"] == "get-help-now/"
    assert SITE.report_url == EXTRA["report_url"]
    assert (ROOT / "docs" / SITE.crisis_doc).is_file(), "extra.crisis_page must be the URL of a page in docs/"


@pytest.mark.parametrize("extra", [None, {}, {"crisis_page": ""}, {"crisis_page": 3}])
def test_a_missing_crisis_page_setting_says_where_to_set_it(extra) -> None:
    with pytest.raises(DataError, match=r"mkdocs\.yml: extra\.crisis_page is missing"):
        SiteSettings.from_extra(extra)


def test_each_page_context_starts_its_own_citations() -> None:
    first, second = PageContext(SITE, src_uri="a.md"), PageContext(SITE, src_uri="b.md")
    assert first.citations.number_for("x") == 1 and first.citations.number_for("y") == 2
    assert second.citations.number_for("y") == 1


def test_spanish_crisis_page_comes_from_mkdocs_yml() -> None:
    assert SITE.crisis_page_es == EXTRA["crisis_page_es"]
    assert (ROOT / "docs" / SITE.crisis_doc_es).is_file(), "extra.crisis_page_es must be the URL of a page in docs/"
    assert SiteSettings.from_extra({"crisis_page": "x/"}).crisis_doc_es == ""
