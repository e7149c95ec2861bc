"""The mkdocs-macros adapter, through the real strict build (``site_dir``) and one planted fault.

The core is tested directly in the other files here; these tests check only what the
adapter adds: a fresh page context per page, links from the page's own URL, search tags
written where Material's search reads them, and a page-end error that fails the build.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macros import _data
from macros.search import aliases_for
from tests.conftest import Page
from tools.site import build


def test_each_page_numbers_its_citations_from_1(content_pages: list[Page]) -> None:
    citing = [p for p in content_pages if p.soup.select_one("article sup.cite a")]
    assert len(citing) > 10, "most pages cite sources"
    wrong = [p.url for p in citing if p.soup.select_one("article sup.cite a").get_text() != "1"]
    assert not wrong, f"first citation not numbered 1 (state leaked from another page) on: {wrong}"


def test_phq9_alert_links_to_the_crisis_page_from_its_own_url(pages: list[Page]) -> None:
    page = next(p for p in pages if p.url == "tracking/measurement-based-care/")
    assert page.soup.select_one('[data-phq9-alert] a[href="../../get-help-now/"]')


def test_search_aliases_reach_the_index_as_tags(site_dir: Path) -> None:
    index = json.loads((site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    tags = {doc["location"]: doc.get("tags", []) for doc in index["docs"] if "#" not in doc["location"]}
    data = _data.load()
    for treatment in data.treatments.values():
        url = treatment.page.removesuffix(".md") + "/"
        assert set(aliases_for(data, treatment.page)) <= set(tags[url]), f"{url}: aliases missing from search tags"


@pytest.mark.slow
def test_citing_without_references_fails_the_build_naming_page_and_fix(project_copy, tmp_path: Path) -> None:
    project = project_copy()
    privacy = project / "docs/about/privacy.md"
    privacy.write_text(privacy.read_text(encoding="utf-8") + '\nSee {{ cite("rush-2006") }}.\n', encoding="utf-8")
    result = build(project, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    last_line = len(privacy.read_text(encoding="utf-8").rstrip("\n").split("\n"))
    assert (
        f"docs/about/privacy.md:{last_line}: MACRO001: cites 1 source(s) but has no reference list. "
        "Fix: Add {{ references() }} at the end of the page." in output
    ), output[-2000:]
    assert "Traceback" not in output, "a contributor error is one message, not a Python traceback"
