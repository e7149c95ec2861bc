"""The engine canary's page comparison (tools/pagetext.py) on small hand-made sites.

It must see what readers see (text of the body, banner, help link, disclaimer, tab title),
treat two spellings of one link target as the same (Zensical writes ``./x/`` where MkDocs
writes ``x/``), and catch a link that reads right but leads elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from tools.pagetext import compare, page_text, report, site_pages

PAGE = """<!doctype html><html><head><title>{title}</title></head><body>
<div class="trd-crisis"><a href="tel:988">Call 988</a> <a href="{crisis}">More lines</a></div>
<header><a class="trd-help-link" href="{crisis}">Get help now</a><nav>{chrome}</nav></header>
<article><h1>ECT</h1><p>{body}</p><a href="{glossary}">remission</a></article>
<footer><p class="trd-disclaimer">Not medical advice.</p></footer></body></html>"""


def _page(**changes: str) -> str:
    values = {
        "title": "ECT - TRD Hub",
        "crisis": "../../get-help-now/",
        "chrome": "Table of contents",
        "body": "ECT   works\n for many.",
        "glossary": "../../glossary/#remission",
    }
    return PAGE.format(**(values | changes))


def _site(root: Path, pages: dict[str, str]) -> Path:
    for url, html in pages.items():
        path = root / (url if url.endswith(".html") else url + "index.html")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return root


def test_parts_are_whitespace_normalised_and_links_resolved_against_the_page() -> None:
    parts = page_text(_page(), "treatments/ect/")
    assert parts["title"] == "ECT - TRD Hub"
    assert parts["article"] == "ECT ECT works for many. remission"
    assert parts["help"] == "Get help now"
    assert parts["disclaimer"] == "Not medical advice."
    assert parts["links"].split() == [
        "tel:988",
        "http://site/get-help-now/",
        "http://site/get-help-now/",
        "http://site/glossary/#remission",
    ]


def test_same_target_spelled_differently_is_no_difference() -> None:
    mkdocs = page_text(_page(), "treatments/ect/")
    zensical = page_text(
        _page(crisis=".././../get-help-now/", glossary="./../../glossary/#remission"), "treatments/ect/"
    )
    assert mkdocs == zensical


def test_a_link_that_climbs_above_the_site_root_is_a_difference() -> None:
    """At the root of a host the browser clamps ../../../get-help-now/ on treatments/ect/ to
    /get-help-now/; on a site served from a folder it leaves the site (Zensical's PHQ-9
    crisis link did this before macros wrote raw-HTML links as Markdown links for it)."""
    climbing = page_text(_page(crisis="../../../get-help-now/"), "treatments/ect/")
    assert "above-the-site-root:http://site/get-help-now/" in climbing["links"].split()
    assert page_text(_page(), "treatments/ect/") != climbing
    assert (
        page_text(_page(crisis="/get-help-now/"), "treatments/ect/")["links"].split()[1] == "http://site/get-help-now/"
    )


def test_theme_chrome_outside_the_compared_parts_is_ignored() -> None:
    assert page_text(_page(), "x/") == page_text(_page(chrome="On this page"), "x/")


def test_site_pages_by_url(tmp_path: Path) -> None:
    site = _site(tmp_path, {"": _page(), "treatments/ect/": _page(), "404.html": _page()})
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "other.html").write_text("not a page", encoding="utf-8")
    assert sorted(site_pages(site)) == ["", "404.html", "treatments/ect/"]


def test_wrong_relative_link_and_changed_text_are_differences(tmp_path: Path) -> None:
    a = _site(tmp_path / "a", {"": _page(), "treatments/ect/": _page(), "faq/": _page()})
    # A link computed from the wrong page path: same text, wrong target (the Zensical bug
    # the canary exists for), and a changed sentence on another page.
    b = _site(
        tmp_path / "b",
        {"": _page(), "treatments/ect/": _page(glossary="../glossary/#remission"), "faq/": _page(body="ECT helps.")},
    )
    result = compare(a, b)
    assert not result.ok
    assert [(d.url, d.parts) for d in result.differing] == [("faq/", ["article"]), ("treatments/ect/", ["links"])]
    text = report(result, "MkDocs", "Zensical", show=5)
    assert "-http://site/glossary/#remission" in text and "+http://site/treatments/glossary/#remission" in text
    assert text.endswith(
        "Zensical vs MkDocs: 2 of 3 pages differ in visible text or link targets; 0 only in A, 0 only in B"
    )


def test_a_page_in_one_build_only_is_reported(tmp_path: Path) -> None:
    a = _site(tmp_path / "a", {"": _page(), "faq/": _page()})
    b = _site(tmp_path / "b", {"": _page(), "help/": _page()})
    result = compare(a, b)
    assert (result.only_a, result.only_b, result.differing, result.ok) == (["faq/"], ["help/"], [], False)


def test_identical_sites_pass(tmp_path: Path) -> None:
    pages = {"": _page(), "treatments/ect/": _page(), "404.html": _page()}
    result = compare(_site(tmp_path / "a", pages), _site(tmp_path / "b", pages))
    assert result.ok and result.summary().startswith("0 of 3 pages differ")
