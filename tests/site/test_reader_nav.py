"""The readers' menu and search are for readers (issue 23): maintainers' pages (macro
reference, performance, build engines) stay built at their published URLs but appear in
neither the navigation of any page nor the search index; the About section keeps what a
reader needs."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Page
from tools.site import mkdocs_config
from tools.urls import nav_pages, url_of
from tools.weight import SEARCH_INDEX

MAINTAINER_PAGES = ("about/macros/", "about/performance/", "about/engines/")
READER_ABOUT = {"about/index.md", "about/evidence.md", "about/privacy.md", "about/contributing.md"}


def test_maintainer_pages_are_built_but_in_no_menu(pages: list[Page]) -> None:
    built = {p.url for p in pages}
    assert set(MAINTAINER_PAGES) <= built, "a maintainers' page is no longer built: its published URL would break"
    listed = {
        p.url or "(home)": sorted(
            href for a in p.soup.select("nav.md-nav--primary a[href]") if any(m in (href := a["href"]) for m in MAINTAINER_PAGES)
        )
        for p in pages
    }
    assert not {url: hrefs for url, hrefs in listed.items() if hrefs}, "maintainers' pages in the readers' menu"
    nav = {url_of(src) for src in nav_pages(mkdocs_config())}
    assert not {f"/{m}" for m in MAINTAINER_PAGES} & nav


def test_maintainer_pages_are_not_in_the_search_index(site_dir: Path) -> None:
    index = json.loads((site_dir / SEARCH_INDEX).read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert locations, "empty search index"
    assert not locations & set(MAINTAINER_PAGES), sorted(locations & set(MAINTAINER_PAGES))


def test_the_about_section_keeps_what_readers_need() -> None:
    assert READER_ABOUT <= set(nav_pages(mkdocs_config()))
