"""Treatment pages on the built site: the evidence table of each treatment, with its
strength label from the data, and the eight DISCERN sections in order. The checker's
EV001 and EV002 warn on the source; this is the promise readers get."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from macros import _data, evidence
from tests.conftest import Page
from tools.checker.rules.evidence import SECTIONS, heading_text

DATA = _data.load()
BY_PAGE: dict[str, list[str]] = {}
for _id, _treatment in DATA.treatments.items():
    BY_PAGE.setdefault(_treatment.page.removesuffix(".md") + "/", []).append(_id)


def _page(pages: list[Page], url: str) -> Page:
    return next(p for p in pages if p.url == url)


@pytest.mark.parametrize("url", sorted(BY_PAGE))
def test_treatment_page_shows_each_evidence_table_with_its_strength_label(pages: list[Page], url: str) -> None:
    page = _page(pages, url)
    blocks = page.soup.select("div.trd-evidence")
    captions = [b.table.caption.get_text() for b in blocks if b.table]
    for treatment_id in BY_PAGE[url]:
        treatment = DATA.treatments[treatment_id]
        caption = f"Studies of {treatment.name}"
        assert caption in captions, f"{url}: no evidence table for {treatment_id} (captions: {captions})"
        block = blocks[captions.index(caption)]
        rows = block.table.tbody.find_all("tr")
        assert len(rows) == len(DATA.evidence[treatment_id].studies)
        label = evidence.strength(DATA, treatment_id).level.label
        strength = block.select_one(".trd-evidence__strength")
        assert strength and f"Strength of evidence: {label}." in strength.get_text(), f"{url}: {treatment_id}"
        link = strength.find("a", string="How we describe the evidence")
        assert link and urljoin(f"http://hub/{url}", link["href"]) == "http://hub/about/evidence/"
        if DATA.evidence[treatment_id].no_controlled_evidence:
            assert "No controlled trial yet." in block.get_text()


@pytest.mark.parametrize("url", sorted(BY_PAGE))
def test_treatment_page_has_the_discern_sections_in_order(pages: list[Page], url: str) -> None:
    page = _page(pages, url)
    h2s = [heading_text(h.get_text().replace("¶", "")) for h in page.soup.select("article h2")]
    required = [s.heading for s in SECTIONS]
    found = [h for h in h2s if h in required]
    assert found == required, f"{url}: DISCERN sections {found}, expected {required}"


def test_evidence_table_is_the_first_thing_under_what_the_studies_found(pages: list[Page]) -> None:
    wrong = []
    for url in BY_PAGE:
        heading = next(
            h for h in _page(pages, url).soup.select("article h2") if h.get_text().startswith("What the studies found")
        )
        following = heading.find_next_sibling(lambda tag: tag.name in ("div", "p", "h3"))
        while following is not None and following.name == "h3":  # one table per treatment, under its h3
            following = following.find_next_sibling(lambda tag: tag.name in ("div", "p", "h3"))
        if following is None or "trd-evidence" not in (following.get("class") or []):
            wrong.append(url)
    assert not wrong, f"the section does not start with an evidence table on: {wrong}"


def test_evidence_tables_stay_out_of_the_search_index(site_dir) -> None:
    import json

    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "Strength of evidence" not in text and "Met its main goal?" not in text


def test_rules_page_lists_every_treatment_under_its_derived_label(pages: list[Page]) -> None:
    page = _page(pages, "about/evidence/")
    for treatment_id, treatment in DATA.treatments.items():
        level = evidence.strength(DATA, treatment_id).level
        heading = page.soup.find(id=level.id)
        listed = heading.find_next_sibling(lambda tag: tag.name == "p" and tag.get_text().startswith("Treatments with"))
        assert treatment.name in listed.get_text(), f"{treatment_id} not under {level.label}"
