"""Evidence as data: the table a treatment page shows, the At a glance box, and what readers
are told about strength. No label is derived from the table: every grading word shown is a
source's own, quoted and cited, and every field that changes what readers are told is
required (issue 22)."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup

from macros import evidence, models
from macros._data import Data
from macros.context import PageContext
from macros.errors import MacroError

SEARCH = {
    "date": "2026-12-06",
    "where": ["NICE NG222 recommendations"],
    "inclusion": "Randomized trials in treatment-resistant depression.",
    "excluded": [],
}


def study(design: str, **fields) -> dict:
    """A valid study of ``design``; ``fields`` override the defaults."""
    base = {
        "id": f"s{next(_ids)}",
        "source": "rush-2005",
        "design": design,
        "people": 200,
        "comparison": "It vs the other",
        "outcome": "What happened",
        "primary_met": True if design in ("randomised-sham", "randomised-placebo") else None,
        "funder": "A funder",
        "general_depression": False,
        "peer_reviewed": True,
    }
    if design == "meta-analysis":
        base["pools"] = "randomised-placebo"
    return {**base, **fields}


_ids = itertools.count()


def evidence_of(*studies: dict, **fields) -> models.EvidenceFile:
    controlled = [s for s in studies if models.Study(**s).randomised and not s.get("general_depression")]
    base = {"search": SEARCH, "guidelines": [], "certainty": None, "benefit": None, "note": None}
    return models.EvidenceFile(
        treatment="vns", no_controlled_evidence=not controlled, studies=list(studies), **{**base, **fields}
    )


# ── No silent defaults ───────────────────────────────────────────────────────────
LABEL_BEARING = ("search", "guidelines", "certainty", "benefit", "note", "studies", "no_controlled_evidence")


@pytest.mark.parametrize("field", LABEL_BEARING)
def test_every_field_that_changes_what_readers_are_told_is_required(field: str) -> None:
    assert models.EvidenceFile.model_fields[field].is_required(), f"{field} has a default"


@pytest.mark.parametrize("field", ["general_depression", "peer_reviewed", "primary_met"])
def test_study_caveats_have_no_default(field: str) -> None:
    assert models.Study.model_fields[field].is_required(), f"{field} has a default"


@pytest.mark.parametrize("model", [models.GuidelinePosition, models.Certainty, models.Benefit, models.Search])
def test_guideline_certainty_benefit_and_search_fields_have_no_default(model) -> None:
    assert all(f.is_required() for f in model.model_fields.values()), model.__name__


GUIDELINE = {
    "body": "CANMAT (Canada)",
    "source": "lam-2024",
    "where": "Q.8.d",
    "in_short": "a first choice",
    "says": "Ranks it first",
    "label": "first-line protocol",
}


@pytest.mark.parametrize("field", ["source", "label", "in_short", "where"])
def test_a_guideline_position_without_its_source_label_or_place_is_refused(field: str) -> None:
    """label may be null on purpose (the guideline uses no grading word), but never left out."""
    models.GuidelinePosition(**GUIDELINE)
    with pytest.raises(ValueError, match=rf"{field}\s+Field required"):
        models.GuidelinePosition(**{k: v for k, v in GUIDELINE.items() if k != field})


def test_a_guideline_short_form_that_would_not_fit_the_box_on_a_phone_is_refused() -> None:
    with pytest.raises(ValueError, match="at most 70 characters"):
        models.GuidelinePosition(**{**GUIDELINE, "in_short": "x" * (models.SHORT_POSITION + 1)})


def test_a_file_without_a_recorded_search_is_refused() -> None:
    with pytest.raises(ValueError, match=r"search\s+Field required"):
        models.EvidenceFile(
            treatment="vns", guidelines=[], certainty=None, benefit=None, note=None, studies=[],
            no_controlled_evidence=True,
        )  # fmt: skip


def test_no_strength_rule_is_left_in_the_code() -> None:
    assert not hasattr(evidence, "strength") and not hasattr(evidence, "Tally")
    assert not hasattr(models, "StrengthLevel") and not hasattr(models, "EvidenceRulesFile")


# ── The table ─────────────────────────────────────────────────────────────────
def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_table_lists_every_study_in_order_with_plain_columns(data: Data, new_page: Callable[..., PageContext]) -> None:
    page = new_page("treatments/vns.md")
    soup = _soup(evidence.evidence_table(data, page, "vns"))
    table = soup.table
    assert table.caption.get_text() == "Studies of Vagus nerve stimulation (VNS)"
    assert [th.get_text() for th in table.thead.find_all("th")] == list(evidence.COLUMNS)
    assert all(th["scope"] == "col" for th in table.thead.find_all("th"))
    rows = table.tbody.find_all("tr")
    studies = data.evidence["vns"].studies
    assert len(rows) == len(studies)
    for row, s in zip(rows, studies, strict=True):
        head, *cells = row.find_all(["th", "td"])
        assert head["scope"] == "row" and head.get_text().startswith(s.name)
        assert head.find("a")["href"] == f"#ref-{s.source}", "the study cites its source, numbered on this page"
        assert cells[1].get_text() == f"{s.people:,}"
        assert cells[4].get_text() == {True: "Yes", False: "No", None: "Not applicable"}[s.primary_met]
        assert cells[5].get_text() == s.funder
        assert [c["data-label"] for c in cells] == [c.rstrip("?") for c in evidence.COLUMNS[1:]], (
            "each cell names its column for phones"
        )
    assert page.citations.order[: len(studies)] == list(dict.fromkeys(s.source for s in studies))


def test_under_the_table_full_guideline_positions_a_pointer_to_the_box_the_note_the_search_and_the_kinds(
    data: Data, new_page: Callable[..., PageContext]
) -> None:
    markdown = evidence.evidence_table(data, new_page("treatments/vns.md"), "vns")
    assert '<div class="trd-evidence" data-search-exclude markdown>' in markdown
    assert "Strength of evidence" not in markdown
    quoted = _soup(markdown).select("q.trd-label")
    assert [q.get_text() for q in quoted] == [g.label for g in data.evidence["vns"].guidelines if g.label], (
        "the only grading words under the table are the guidelines' own, quoted"
    )
    assert "[At a glance](#trd-glance-title)" in markdown
    assert data.evidence["vns"].note in markdown
    search = _soup(markdown).select_one("details.trd-search")
    assert "How we searched (December 6, 2026)" in search.summary.get_text()
    assert data.evidence["vns"].search.inclusion in search.get_text()
    kinds = re.findall(r"^- \*\*(.+?):\*\*", markdown, re.MULTILINE)
    assert kinds == ["Randomized vs sham", "Registry"]
    assert "No controlled trial yet" not in markdown


def test_a_treatment_without_controlled_evidence_says_so(data: Data, new_page: Callable[..., PageContext]) -> None:
    assert data.evidence["exercise"].no_controlled_evidence
    markdown = evidence.evidence_table(data, new_page("treatments/whole-person-care.md"), "exercise")
    assert "**No controlled trial yet.** We found no randomized controlled trial of Exercise" in markdown
    assert "in depression in general" in _soup(markdown).table.get_text()


def test_caveats_follow_the_kind_of_study(data: Data, new_page: Callable[..., PageContext]) -> None:
    table = _soup(evidence.evidence_table(data, new_page("treatments/emerging.md"), "psilocybin")).table
    kinds = [row.find_all("td")[0].get_text() for row in table.tbody.find_all("tr")]
    assert kinds == ["Randomized vs placebo; results not yet peer-reviewed"] * 2


def test_data_is_escaped(data: Data, new_page: Callable[..., PageContext]) -> None:
    odd = evidence_of(study("randomised-sham", name="<b>[x]</b>", funder="A | B <script>"))
    doubled = dataclasses.replace(data, evidence={**data.evidence, "vns": odd})
    html = evidence.evidence_table(doubled, new_page("treatments/vns.md"), "vns")
    assert "<b>" not in html and "<script>" not in html and "&lt;b&gt;&#91;x&#93;" in html


def test_unknown_treatment_names_the_page_and_the_close_id(data: Data, new_page: Callable[..., PageContext]) -> None:
    with pytest.raises(MacroError, match=r"docs/treatments/vns.md: unknown treatment 'vsn'.*Did you mean 'vns'"):
        evidence.evidence_table(data, new_page("treatments/vns.md"), "vsn")


# ── What readers are told about strength ─────────────────────────────────────────
def test_a_guideline_label_is_the_sources_word_quoted_and_cited(
    data: Data, new_page: Callable[..., PageContext]
) -> None:
    page = new_page("treatments/vns.md")
    soup = _soup(evidence.at_a_glance(data, page, "vns"))
    positions = data.evidence["vns"].guidelines
    quoted = soup.select("q.trd-label")
    assert [q.get_text() for q in quoted] == [g.label for g in positions if g.label]
    for q, g in zip(quoted, [g for g in positions if g.label], strict=True):
        assert q["data-source"] == g.source
        assert q.find_next_sibling("sup").a["href"] == f"#ref-{g.source}"


def test_the_box_gives_each_guideline_body_one_short_line(data: Data, new_page: Callable[..., PageContext]) -> None:
    """ECT: NICE and CANMAT each get a line, in the data's order, with the short form and the
    guideline's own word (or its citation when it grades with none); the long text is under the table."""
    page = new_page("treatments/ect.md")
    soup = _soup(evidence.at_a_glance(data, page, "ect"))
    items = soup.select("ul.trd-glance__guidelines > li")
    positions = data.evidence["ect"].guidelines
    assert len(positions) >= 2 and len(items) == len(positions)
    for li, g in zip(items, positions, strict=True):
        assert li.strong.get_text() == f"{g.body}:"
        assert g.in_short in li.get_text() and g.says not in li.get_text()
        q = li.select_one("q.trd-label")
        assert (q.get_text() if q else None) == g.label
        assert li.select_one("sup a")["href"] == f"#ref-{g.source}"


def test_ect_is_never_shown_below_rtms_without_saying_where_it_comes_first(data: Data) -> None:
    """The clinical reviewer's balance rule: where one guideline speaks to both, and advises rTMS
    before ECT, ECT's line says where ECT comes first, in the box and in the full text."""
    ect = {g.source: g for g in data.evidence["ect"].guidelines}
    shared = [g.source for g in data.evidence["rtms"].guidelines if g.source in ect]
    assert shared, "no guideline speaks to both ECT and rTMS"
    for source in shared:
        assert "first choice" in ect[source].in_short and "first choice" in ect[source].says, source
