"""Treatment pages on the built site: an At a glance box from the data, the evidence table
of each treatment, the eight DISCERN sections in order, and no strength label that is not a
cited source's own word (issue 22). The checker's EV001 and EV002 warn on the source; this
is the promise readers get."""

from __future__ import annotations

import json
import re

import pytest

from macros import _data
from tests.conftest import Page
from tools.checker.rules.evidence import SECTIONS, heading_text

DATA = _data.load()
BY_PAGE: dict[str, list[str]] = {}
for _id, _treatment in DATA.treatments.items():
    BY_PAGE.setdefault(_treatment.page.removesuffix(".md") + "/", []).append(_id)

# The labels the hub used to compute from its own table (until December 2026). None may
# come back on any page: a grading word readers see must be a cited source's own.
DERIVED_LABELS = (
    "Strength of evidence",
    "Stronger evidence",
    "Moderate evidence",
    "Mixed evidence",
    "Limited evidence",
    "Not shown in controlled trials",
    "No studies yet",
)


def _page(pages: list[Page], url: str) -> Page:
    return next(p for p in pages if p.url == url)


@pytest.mark.parametrize("url", sorted(BY_PAGE))
def test_treatment_page_opens_with_at_a_glance_from_the_data(pages: list[Page], url: str) -> None:
    page = _page(pages, url)
    article = page.soup.select_one("article")
    box = article.select_one("aside.trd-glance")
    assert box is not None, f"{url}: no At a glance box"
    first_h2 = article.find("h2")
    assert first_h2 is not None and first_h2.get("id") == "trd-glance-title", f"{url}: the box is not the first section"
    text = box.get_text(" ", strip=True)
    for treatment_id in BY_PAGE[url]:
        treatment, evidence = DATA.treatments[treatment_id], DATA.evidence[treatment_id]
        assert treatment.access in text, f"{url}: {treatment_id} access and cost missing"
        for phrase in treatment.not_for:
            assert phrase in text, f"{url}: {treatment_id} 'who it may not suit' missing"
        assert (evidence.benefit.says if evidence.benefit else "No absolute figures we could check") in text
        if not evidence.guidelines:
            assert "No major guideline position found (searched" in text
        for position in evidence.guidelines:
            assert f"{position.body}: {position.in_short}" in text, f"{url}: {treatment_id} guideline line missing"
    dts = [dt.get_text() for dt in box.select("dt")]
    assert dts.count("Who it may not suit") == len(BY_PAGE[url]) and dts.count("Access and cost") == len(BY_PAGE[url])


def test_no_page_shows_a_label_that_is_not_a_cited_sources_own(pages: list[Page]) -> None:
    """Every grading word on the site is a <q class="trd-label"> equal to the data's quote of a
    source, followed by a citation to that same source; the old computed labels are gone."""
    known = {(p.label, p.source) for e in DATA.evidence.values() for p in e.guidelines if p.label} | {
        (e.certainty.label, e.certainty.source) for e in DATA.evidence.values() if e.certainty
    }
    problems = []
    shown = 0
    for page in pages:
        article = page.soup.select_one("article") or page.soup
        words = article.get_text(" ", strip=True)
        for label in DERIVED_LABELS:
            if re.search(rf"\b{re.escape(label)}\b", words):
                problems.append(f"{page.url}: shows the computed label {label!r}")
        for q in article.select("q.trd-label"):
            shown += 1
            source = q.get("data-source")
            if (q.get_text(), source) not in known:
                problems.append(f"{page.url}: label {q.get_text()!r} is not a quote of {source!r} in the data")
            cite = q.find_next_sibling("sup")
            if not cite or not cite.a or cite.a.get("href") != f"#ref-{source}":
                problems.append(f"{page.url}: label {q.get_text()!r} is not followed by its citation")
            elif not page.soup.find(id=f"ref-{source}"):
                problems.append(f"{page.url}: label {q.get_text()!r} cites {source!r}, missing from the references")
    assert shown >= len(known), f"only {shown} quoted labels on the whole site for {len(known)} in the data"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("url", sorted(BY_PAGE))
def test_treatment_page_shows_each_evidence_table_and_its_search(pages: list[Page], url: str) -> None:
    page = _page(pages, url)
    blocks = page.soup.select("div.trd-evidence")
    captions = [b.table.caption.get_text() if b.table else "" for b in blocks]
    for treatment_id in BY_PAGE[url]:
        treatment, evidence = DATA.treatments[treatment_id], DATA.evidence[treatment_id]
        caption = f"Studies of {treatment.name}"
        assert caption in captions, f"{url}: no evidence table for {treatment_id} (captions: {captions})"
        block = blocks[captions.index(caption)]
        assert len(block.table.tbody.find_all("tr")) == len(evidence.studies)
        search = block.select_one("details.trd-search")
        assert search and evidence.search.inclusion in search.get_text(), f"{url}: {treatment_id} search not shown"
        if evidence.no_controlled_evidence:
            assert "No controlled trial yet." in block.get_text()
        full = block.get_text(" ", strip=True)
        for position in evidence.guidelines:
            assert position.says in full, f"{url}: {treatment_id} full guideline position missing under the table"


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


def test_evidence_tables_and_boxes_stay_out_of_the_search_index(site_dir) -> None:
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("treatments/"))
    assert "Met its main goal?" not in text and "How we searched" not in text and "Access and cost" not in text


def test_comparison_table_has_how_well_it_works_for_every_treatment(pages: list[Page]) -> None:
    page = _page(pages, "treatments/interventional/")
    table = next(t for t in page.soup.select("table.trd-compare") if t.find("th", string="How well it works"))
    rows = table.tbody.find_all("tr")
    interventional = [t for t in DATA.treatments.values() if t.category == "interventional"]
    assert len(rows) == len(interventional)
    for row, treatment in zip(rows, interventional, strict=True):
        cell = row.select_one("td[data-label='How well it works']").get_text(" ", strip=True)
        benefit = DATA.evidence[treatment.id].benefit
        assert (benefit.says if benefit else "No absolute figures we could check") in cell, treatment.id


CANMAT = [(t, g) for t, e in DATA.evidence.items() for g in e.guidelines if g.body.startswith("CANMAT")]


def _box_of(page: Page, treatment_id: str):
    """The At a glance list for one treatment: the box's only list, or the one under its name."""
    box = page.soup.select_one("aside.trd-glance")
    if len(BY_PAGE[page.url]) == 1:
        return box.select_one("dl")
    name = DATA.treatments[treatment_id].name
    return next(h for h in box.find_all("h3") if h.get_text() == name).find_next_sibling("dl")


def _block_of(page: Page, treatment_id: str):
    caption = f"Studies of {DATA.treatments[treatment_id].name}"
    return next(b for b in page.soup.select("div.trd-evidence") if b.table and b.table.caption.get_text() == caption)


@pytest.mark.parametrize(("treatment_id", "position"), CANMAT, ids=[t for t, _ in CANMAT])
def test_canmat_words_on_the_built_page_are_the_datas(pages: list[Page], treatment_id: str, position) -> None:
    """What readers see for CANMAT, in the box and under the table, is the data: the short form,
    the full position, and the guideline's own words quoted and cited, on the treatment's page."""
    url = DATA.treatments[treatment_id].page.removesuffix(".md") + "/"
    page = _page(pages, url)
    line = next(
        li for li in _box_of(page, treatment_id).select("ul.trd-glance__guidelines > li")
        if li.strong.get_text() == f"{position.body}:"
    )  # fmt: skip
    assert position.in_short in line.get_text()
    shown = [q.get_text() for q in line.select("q.trd-label")]
    assert shown == ([position.label] if position.label else []), f"{url}: CANMAT label in the box differs"
    assert line.select_one("sup a")["href"] == f"#ref-{position.source}"
    block = _block_of(page, treatment_id)
    full = next(li for li in block.select("ul.trd-guidelines > li") if li.strong.get_text() == position.body)
    assert position.says in full.get_text(" ", strip=True)
    under = [q.get_text() for q in full.select("q.trd-label")]
    assert under == ([position.label] if position.label else []), f"{url}: CANMAT label under the table differs"
    assert page.soup.find(id=f"ref-{position.source}"), f"{url}: {position.source} missing from the references"


def test_every_treatment_has_a_canmat_position() -> None:
    """CANMAT 2023 speaks to every treatment the hub has an evidence file for (checked December 2026)."""
    assert {t for t, _ in CANMAT} == set(DATA.evidence)
