"""Evidence as data: the strength rule (exactly one label fits any studies), the table a
treatment page shows, and the rules page generated from the same data."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup

from macros import evidence, models
from macros._data import Data
from macros._render import text
from macros.context import PageContext
from macros.errors import MacroError

LARGE = 100


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
    }
    if design == "meta-analysis":
        base["pools"] = "randomised-placebo"
    if design == "randomised-active" or (design == "meta-analysis" and fields.get("pools", "x") != "observational"):
        base["finding"] = "better"
    return {**base, **fields}


_ids = itertools.count()


def evidence_of(*studies: dict, **fields) -> models.EvidenceFile:
    controlled = [s for s in studies if models.Study(**s).randomised and not s.get("general_depression")]
    return models.EvidenceFile(treatment="vns", no_controlled_evidence=not controlled, studies=list(studies), **fields)


def label(data: Data, ev: models.EvidenceFile) -> str:
    return evidence.strength(dataclasses.replace(data, evidence={**data.evidence, "vns": ev}), "vns").level.id


# ── The rule ──────────────────────────────────────────────────────────────────
EXAMPLES: dict[str, tuple[str, list[dict]]] = {
    "two large sham trials met": ("stronger", [study("randomised-sham"), study("randomised-sham", people=150)]),
    "two large met, one missed": (
        "stronger",
        [study("randomised-sham"), study("randomised-placebo"), study("randomised-sham", primary_met=False)],
    ),
    "pooled placebo trials with a benefit": ("stronger", [study("meta-analysis")]),
    "two small sham trials met": (
        "moderate",
        [study("randomised-sham", people=40), study("randomised-sham", people=30)],
    ),
    "one large placebo trial met": ("moderate", [study("randomised-placebo")]),
    "better than another treatment": ("moderate", [study("randomised-active")]),
    "no worse than another treatment": ("moderate", [study("randomised-active", finding="not-worse")]),
    "pooled sham trials, depression in general": (
        "moderate",
        [
            study("randomised-active", finding="no-clear-difference"),
            study("meta-analysis", pools="randomised-sham", general_depression=True),
        ],
    ),
    "one of three placebo trials met": (
        "mixed",
        [
            study("randomised-placebo"),
            study("randomised-placebo", primary_met=False),
            study("randomised-placebo", primary_met=False),
        ],
    ),
    "two large met, two missed": (
        "mixed",
        [
            study("randomised-sham"),
            study("randomised-sham"),
            study("randomised-sham", primary_met=False),
            study("randomised-sham", primary_met=False),
        ],
    ),
    "both sham trials missed, registry positive": (
        "not-shown",
        [study("randomised-sham", primary_met=False), study("randomised-sham", primary_met=False), study("registry")],
    ),
    "pooled placebo trials without a clear benefit": (
        "not-shown",
        [study("meta-analysis", finding="no-clear-difference")],
    ),
    "active comparison, no clear difference": ("limited", [study("randomised-active", finding="no-clear-difference")]),
    "only open-label and registry": ("limited", [study("open-label"), study("registry")]),
    "trials not yet peer-reviewed": (
        "limited",
        [study("randomised-placebo", peer_reviewed=False), study("randomised-placebo", peer_reviewed=False)],
    ),
    "pooled trials against usual care, depression in general": (
        "limited",
        [study("meta-analysis", pools="randomised-active", general_depression=True)],
    ),
    "nothing listed": ("none", []),
}


@pytest.mark.parametrize("name", EXAMPLES, ids=list(EXAMPLES))
def test_strength_label_follows_the_rule(data: Data, name: str) -> None:
    expected, studies = EXAMPLES[name]
    assert label(data, evidence_of(*studies)) == expected


def test_every_level_has_an_example() -> None:
    assert {level for level, _ in EXAMPLES.values()} == set(models.StrengthId.__args__)


def test_exactly_one_level_fits_any_tally() -> None:
    """Every combination of counts gets one label: the rules exclude each other and leave no gap."""
    ranges = dict(
        studies=(0, 1, 3),
        met=(0, 1, 2, 3),
        missed=(0, 1, 2),
        large_met=(0, 1, 2, 3),
        pooled_benefit=(0, 1),
        supports=(0, 1),
        general_pooled_benefit=(0, 1),
    )
    for values in itertools.product(*ranges.values()):
        counts = dict(zip(ranges, values, strict=True))
        if counts["large_met"] > counts["met"] or (
            counts["studies"] == 0 and any(v for k, v in counts.items() if k != "studies")
        ):
            continue  # impossible tallies
        tally = evidence.Tally(
            **counts, not_peer_reviewed=0, other_comparisons=0, general_randomised=0, uncontrolled=0, large=LARGE
        )
        fits = [name for name, rule in evidence.RULES.items() if rule(tally) is not None]
        assert len(fits) == 1, f"{counts}: {fits}"


def test_the_large_trial_threshold_comes_from_the_data(data: Data) -> None:
    two = evidence_of(study("randomised-sham", people=60), study("randomised-sham", people=60))
    assert label(data, two) == "moderate"
    lower = dataclasses.replace(data, evidence_rules=data.evidence_rules.model_copy(update={"large_trial_people": 50}))
    assert label(lower, two) == "stronger"


def test_every_treatment_gets_a_label_with_a_reason(data: Data) -> None:
    for treatment_id in data.treatments:
        found = evidence.strength(data, treatment_id)
        assert found.level.label and found.why.endswith("."), treatment_id


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
    assert page.citations.order[: len(studies)] == list(dict.fromkeys(s.source for s in studies))


def test_under_the_table_label_reason_link_note_and_only_the_kinds_present(
    data: Data, new_page: Callable[..., PageContext]
) -> None:
    markdown = evidence.evidence_table(data, new_page("treatments/vns.md"), "vns")
    assert '<div class="trd-evidence" data-search-exclude markdown>' in markdown
    assert "**Strength of evidence: Not shown in controlled trials.** Both trials against a sham or placebo" in markdown
    assert "[How we describe the evidence](../about/evidence.md)" in markdown
    assert data.evidence["vns"].note in markdown
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


# ── The rules page ────────────────────────────────────────────────────────────
def test_rules_page_prints_each_rule_from_the_data_and_lists_every_treatment_once(
    data: Data, new_page: Callable[..., PageContext]
) -> None:
    markdown = evidence.evidence_rules(data, new_page("about/evidence.md"))
    rules = data.evidence_rules
    for level in rules.strength_levels:
        assert f"### {level.label} {{#{level.id}}}" in markdown
        assert text(rules.rule_text(level.id)) in markdown
    assert f"{rules.large_trial_people} people or more" in markdown and "{large_trial_people}" not in markdown
    for treatment in data.treatments.values():
        link = f"[{treatment.name}](../{treatment.page})"
        assert markdown.count(link) >= 1, treatment.id
    listed = re.findall(r"^Treatments with this label now: (.*)\.$", markdown, re.MULTILINE)
    assert sum(len(re.findall(r"\]\(", line)) for line in listed) == len(data.treatments)
    for design in rules.study_designs:
        assert f"**{design.label}**" in markdown and text(design.definition) in markdown
