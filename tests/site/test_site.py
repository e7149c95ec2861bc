"""Properties every built page must have, read from the HTML of one strict build."""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin, urlsplit

import pytest

from macros import _data, page_meta
from macros.crisis import banner_context
from tests.conftest import ROOT, Page

BANNER = banner_context(_data.load())


def _source(page: Page) -> str:
    """The page's Markdown path inside docs/, read from its "Edit this page" link."""
    edit = page.soup.select_one('a[rel="edit"]')
    assert edit, f"{page.url}: no 'Edit this page' link"
    return edit["href"].split("/docs/", 1)[1]


def _front_matter(page: Page) -> dict:
    front = page_meta.read((ROOT / "docs" / _source(page)).read_text(encoding="utf-8"))
    return {key: found.value for key, found in front.fields.items()}


def test_every_page_has_crisis_banner(pages: list[Page]) -> None:
    missing = []
    for page in pages:
        banner = page.soup.select_one(".md-banner .trd-crisis")
        hrefs = {a.get("href") for a in banner.select("a")} if banner else set()
        if not banner or not {BANNER["call_href"], BANNER["text_href"], BANNER["emergency_href"]} <= hrefs:
            missing.append(page.url or "(home)")
        elif not any(
            urljoin(f"http://hub/{page.url}", h or "").split("#")[0] == "http://hub/get-help-now/" for h in hrefs
        ):
            missing.append(f"{page.url}: no link to the crisis page")
    assert not missing, f"crisis banner missing or incomplete on: {missing}"


def test_banner_numbers_come_from_crisis_data(pages: list[Page]) -> None:
    home = next(p for p in pages if p.url == "")
    text = " ".join(home.soup.select_one(".trd-crisis").get_text(" ").split())
    assert (
        f"Call {BANNER['call']}" in text
        and f"Text {BANNER['text']}" in text
        and f"Emergency {BANNER['emergency']}" in text
    )


def test_banner_is_not_dismissible(pages: list[Page]) -> None:
    assert not [p.url for p in pages if p.soup.select_one(".md-banner__button")]


def test_every_page_has_header_help_link(pages: list[Page]) -> None:
    missing = [p.url for p in pages if not p.soup.select_one("header.md-header a.trd-help-link[href]")]
    assert not missing, f"'Get help now' header link missing on: {missing}"


def test_search_dialog_has_accessible_name(pages: list[Page]) -> None:
    unnamed = [p.url for p in pages if not p.soup.select_one('.md-search[role="dialog"][aria-label]')]
    assert not unnamed, f"search dialog without an accessible name on: {unnamed}"


def test_every_page_has_footer_disclaimer(pages: list[Page]) -> None:
    missing = [
        p.url
        for p in pages
        if "not medical advice" not in (p.soup.select_one("footer .trd-disclaimer") or p.soup.new_tag("x")).get_text()
    ]
    assert not missing, f"footer disclaimer missing on: {missing}"


def test_not_found_page_has_banner_and_help(pages: list[Page]) -> None:
    not_found = next(p for p in pages if p.url == "404.html")
    assert not_found.soup.select_one(".md-banner .trd-crisis")
    assert not_found.soup.select_one("article a[href$='get-help-now/']")


def test_no_unrendered_macro_or_template_syntax(content_pages: list[Page]) -> None:
    leaks = []
    for page in content_pages:
        article = page.soup.select_one("article")
        for code in article.select("code, pre"):
            code.decompose()
        text = article.get_text(" ")
        if re.search(r"\{\{|\}\}|\{%|%\}|_Macro Rendering Error_|UndefinedError", text):
            leaks.append(page.url)
    assert not leaks, f"macro syntax or a macro error landed in the text of: {leaks}"


ASSET_SELECTORS = {
    "link[href]": "href",
    "script[src]": "src",
    "img[src]": "src",
    "iframe[src]": "src",
    "source[src]": "src",
}


def test_no_asset_from_another_host(pages: list[Page]) -> None:
    external = []
    for page in pages:
        for selector, attr in ASSET_SELECTORS.items():
            for node in page.soup.select(selector):
                if node.name == "link" and not set(node.get("rel", [])) & {
                    "stylesheet",
                    "preload",
                    "modulepreload",
                    "icon",
                    "manifest",
                    "prefetch",
                    "preconnect",
                    "dns-prefetch",
                }:
                    continue  # canonical and alternate links are not requests
                url = node[attr]
                if urlsplit(url).netloc:
                    external.append(f"{page.url}: {url}")
        for style in page.soup.select("style"):
            external += [
                f"{page.url}: {u}" for u in re.findall(r"url\((?:['\"])?(https?:)?//[^)]+\)", style.get_text())
            ]
    assert not external, "assets requested from other hosts:\n" + "\n".join(external)


def test_no_google_fonts_anywhere(pages: list[Page]) -> None:
    assert not [p.url for p in pages if "fonts.googleapis" in p.html or "fonts.gstatic" in p.html]


def test_pages_set_language(pages: list[Page]) -> None:
    assert not [p.url for p in pages if p.soup.html.get("lang") != "en"]


def test_every_page_has_exactly_one_h1(content_pages: list[Page]) -> None:
    wrong = {p.url: len(p.soup.select("article h1")) for p in content_pages if len(p.soup.select("article h1")) != 1}
    assert not wrong, f"pages without exactly one h1: {wrong}"


def test_meta_description_matches_front_matter(content_pages: list[Page]) -> None:
    wrong = []
    for page in content_pages:
        meta = page.soup.select_one('meta[name="description"]')
        expected = _front_matter(page).get("description")
        if not meta or meta.get("content") != expected:
            wrong.append(page.url)
    assert not wrong, f"meta description missing or not from front matter on: {wrong}"


def test_content_pages_show_review_status_and_report_link(content_pages: list[Page]) -> None:
    """Next to its dates, every page says no clinician has reviewed it, and links to how review works."""
    wrong = []
    for page in content_pages:
        meta = page.soup.select_one(".trd-page-meta")
        fm = _front_matter(page)
        text = " ".join(meta.get_text().split()) if meta else ""
        report = meta.select_one("a[href*='content-correction']") if meta else None
        how = meta.find("a", string="How review works") if meta else None
        if (
            "Sources last checked:" not in text
            or "Clinical review: not yet reviewed by a clinician." not in text
            or meta.select_one("time")["datetime"] != str(fm["sources_checked"])
            or not how
            or urljoin(f"http://hub/{page.url}", how["href"]) != "http://hub/about/#review"
            or not report
            or not report["href"].endswith("page=" + quote(_source(page)))
        ):
            wrong.append(page.url)
    assert not wrong, f"review status, how-review-works link or report link wrong on: {wrong}"


def test_no_page_claims_a_review_that_did_not_happen(pages: list[Page]) -> None:
    """ "Last reviewed" read as a clinical review; no page says it of itself (a source in a
    reference list may give its own review date), and every page is pending."""

    def own_text(page: Page) -> str:
        return " ".join(t for t in page.soup.find_all(string=True) if not t.find_parent("ol", class_="references"))

    claims = [p.url for p in pages if "last reviewed" in own_text(p).casefold()]
    assert not claims, f"pages that still say 'Last reviewed': {claims}"
    approved = [p.url for p in pages if "Clinical review: reviewed by" in p.soup.get_text()]
    assert not approved, f"pages showing a clinical review although reviewers.yml is empty: {approved}"


def test_no_page_says_verified(pages: list[Page]) -> None:
    """Crisis lines record the day an editor compared them with named pages; the site says
    "Checked <date> against", never "verified", which would promise more."""
    found = [p.url for p in pages if re.search(r"\bverif", p.soup.get_text(" "), re.IGNORECASE)]
    assert not found, f"pages that say 'verified': {found}"


@pytest.mark.parametrize("page_url", ["treatments/esketamine/", "treatments/ect/", "get-help-now/"])
def test_key_pages_exist(pages: list[Page], page_url: str) -> None:
    assert any(p.url == page_url for p in pages)
