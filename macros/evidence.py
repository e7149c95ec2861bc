"""What the studies found: a table per treatment, and a strength label derived from its studies.

The label is never typed. ``strength`` applies the rules below to a treatment's studies
(macros/data/evidence/<id>.yml); the wording of each rule, the thresholds and the plain
names of each kind of study are data (macros/data/evidence_rules.yml), printed for readers
by ``evidence_rules()`` on docs/about/evidence.md. One function per level; exactly one
fits any set of studies (tests/macros/test_evidence.py tries every combination).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from macros import models
from macros._data import Data
from macros._render import text
from macros.citations import cite_html
from macros.context import PageContext
from macros.errors import require_known

EVIDENCE_PAGE = "about/evidence.md"
COLUMNS = (
    "Study",
    "What kind of study",
    "People",
    "What was compared",
    "What they found",
    "Met its main goal?",
    "Paid for by",
)
SUPPORTS = ("better", "not-worse")  # a trial against another treatment that counts in this one's favor


@dataclass(frozen=True)
class Tally:
    """The counts the strength rules read, from the studies that count (see ``counted`` in the data)."""

    studies: int  # every study listed
    met: int  # trials against a sham or placebo that met their main goal
    missed: int  # ... that missed it, and pooled analyses of them without a clear benefit
    large_met: int  # met trials with at least ``large_trial_people`` people
    pooled_benefit: int  # pooled analyses of trials against a sham or placebo with a clear benefit
    supports: int  # randomized comparisons with another treatment that found this one better or no worse
    general_pooled_benefit: int  # pooled sham/placebo analyses in depression in general with a clear benefit
    not_peer_reviewed: int  # studies shown but not counted: results not yet peer-reviewed
    other_comparisons: int  # randomized comparisons with another treatment that did not find this one better
    general_randomised: int  # randomized studies in depression in general
    uncontrolled: int  # open-label studies, registries and pooled observational studies
    large: int  # the threshold, from the data

    @classmethod
    def of(cls, evidence: models.EvidenceFile, large: int) -> Tally:
        counted = [s for s in evidence.studies if s.peer_reviewed and not s.general_depression]
        other = [s for s in counted if s.randomised and not s.against_sham_or_placebo]
        trials = [s for s in counted if s.design in models.AGAINST_SHAM_OR_PLACEBO]
        pooled = [s for s in counted if s.design == "meta-analysis" and s.against_sham_or_placebo]
        general = [s for s in evidence.studies if s.peer_reviewed and s.general_depression]
        return cls(
            studies=len(evidence.studies),
            met=sum(s.primary_met is True for s in trials),
            missed=sum(s.primary_met is False for s in trials) + sum(s.finding != "better" for s in pooled),
            large_met=sum(s.primary_met is True and s.people >= large for s in trials),
            pooled_benefit=sum(s.finding == "better" for s in pooled),
            supports=sum(s.finding in SUPPORTS for s in other),
            other_comparisons=sum(s.finding not in SUPPORTS for s in other),
            general_randomised=sum(s.randomised for s in general),
            uncontrolled=sum(not s.randomised for s in evidence.studies),
            general_pooled_benefit=sum(
                s.design == "meta-analysis" and s.against_sham_or_placebo and s.finding == "better" for s in general
            ),
            not_peer_reviewed=sum(not s.peer_reviewed for s in evidence.studies),
            large=large,
        )

    @property
    def trials(self) -> int:
        return self.met + self.missed


def _trials(n: int) -> str:
    return "1 trial" if n == 1 else f"{n} trials"


def _goal(n: int) -> str:
    return "its main goal" if n == 1 else "their main goal"


# ── The rules: each returns why the level fits, or None when it does not ──────────
def _stronger(t: Tally) -> str | None:
    if t.pooled_benefit:
        return "A pooled analysis of randomized trials against a sham or placebo found a clear benefit."
    if t.large_met >= 2 and t.met > t.missed:
        missed = f"; {t.missed} missed it" if t.missed else ""
        return (
            f"{t.met} of {_trials(t.trials)} against a sham or placebo met {_goal(t.met)}, "
            f"{t.large_met} of them with {t.large} people or more{missed}."
        )
    return None


def _moderate(t: Tally) -> str | None:
    if _stronger(t) or t.missed:
        return None
    if t.met:
        return (
            f"{_trials(t.met)} against a sham or placebo met {_goal(t.met)} and none missed it. "
            f'"Stronger" needs at least 2 such trials with {t.large} people or more.'
        )
    if t.supports:
        return "A randomized trial against another treatment or usual care found it better, or at least as good."
    if t.general_pooled_benefit:
        return (
            "A pooled analysis of trials against a sham or placebo found a clear benefit, but in depression in general."
        )
    return None


def _mixed(t: Tally) -> str | None:
    if _stronger(t) or not (t.met and t.missed):
        return None
    return f"{t.met} of {_trials(t.trials)} against a sham or placebo met {_goal(t.met)}; {t.missed} missed it."


def _limited(t: Tally) -> str | None:
    if not t.studies or t.met or t.missed or t.pooled_benefit or t.supports or t.general_pooled_benefit:
        return None
    reasons = []
    if t.other_comparisons:
        reasons.append(
            "the randomized trials compared it with other treatments and did not show it was better or as good"
        )
    if t.general_randomised:
        reasons.append("the randomized trials listed were in depression in general")
    if t.not_peer_reviewed:
        reasons.append(f"the results of {_trials(t.not_peer_reviewed)} are not yet peer-reviewed")
    if t.uncontrolled and not reasons:
        reasons.append("the studies listed had no group assigned by chance")
    why = "No trial against a sham or placebo in treatment-resistant depression counts yet"
    return why + (": " + "; ".join(reasons) if reasons else "") + "."


def _not_shown(t: Tally) -> str | None:
    if _stronger(t) or t.met or not t.missed:
        return None
    if t.missed == 1:
        return "The one trial against a sham or placebo missed its main goal."
    return f"{'Both' if t.missed == 2 else f'All {t.missed}'} trials against a sham or placebo missed their main goal."


def _none(t: Tally) -> str | None:
    return None if t.studies else "No study is listed yet."


RULES: dict[str, Callable[[Tally], str | None]] = {
    "stronger": _stronger,
    "moderate": _moderate,
    "mixed": _mixed,
    "limited": _limited,
    "not-shown": _not_shown,
    "none": _none,
}
assert set(RULES) == set(models.StrengthId.__args__), "one rule function per strength level in models.StrengthId"


@dataclass(frozen=True)
class Strength:
    level: models.StrengthLevel
    why: str


def strength(data: Data, treatment_id: str) -> Strength:
    """The strength label of one treatment's evidence, with the reason, by the rules above."""
    rules = data.evidence_rules
    tally = Tally.of(data.evidence[treatment_id], rules.large_trial_people)
    fits = [(level_id, why) for level_id, rule in RULES.items() if (why := rule(tally)) is not None]
    if len(fits) != 1:  # the rules are written to exclude each other; this is a bug, not a data error
        raise AssertionError(f"{treatment_id}: {len(fits)} strength levels fit ({fits}); fix macros/evidence.py")
    level_id, why = fits[0]
    return Strength(rules.level(level_id), why)


# ── Rendering ─────────────────────────────────────────────────────────────────
def _kind(rules: models.EvidenceRulesFile, study: models.Study) -> str:
    kind = rules.pooled_label(study.pools) if study.pools else rules.design(study.design).label
    caveats = [rules.caveats.general_depression] * study.general_depression
    caveats += [rules.caveats.not_peer_reviewed] * (not study.peer_reviewed)
    return text(kind + "".join(f"; {c}" for c in caveats))


def _met(study: models.Study) -> str:
    return {True: "Yes", False: "No", None: "Not applicable"}[study.primary_met]


def _row(data: Data, page: PageContext, study: models.Study) -> str:
    name = study.name or f"{data.sources[study.source].authors} ({data.sources[study.source].year})"
    cells = [
        f"<td>{_kind(data.evidence_rules, study)}</td>",
        f"<td>{study.people:,}</td>",
        f"<td>{text(study.comparison)}</td>",
        f"<td>{text(study.outcome)}</td>",
        f"<td>{_met(study)}</td>",
        f"<td>{text(study.funder)}</td>",
    ]
    head = f'<th scope="row">{text(name)} {cite_html(data, page, study.source)}</th>'
    return "<tr>" + head + "".join(cells) + "</tr>"


def _table(data: Data, page: PageContext, treatment: models.Treatment, evidence: models.EvidenceFile) -> list[str]:
    if not evidence.studies:
        return []
    header = "".join(f'<th scope="col">{c}</th>' for c in COLUMNS)
    return [
        "<table>",
        f"<caption>Studies of {text(treatment.name)}</caption>",
        f"<thead><tr>{header}</tr></thead>",
        "<tbody>",
        *(_row(data, page, s) for s in evidence.studies),
        "</tbody>",
        "</table>",
        "",
    ]


def _kinds_present(rules: models.EvidenceRulesFile, evidence: models.EvidenceFile, page: PageContext) -> list[str]:
    """A plain definition of each kind of study in the table, once per page: a page of
    several treatments explains a kind under the first table that has it."""
    present = {s.design for s in evidence.studies}
    new = [d for d in rules.study_designs if d.id in present and d.id not in page.explained]
    seen_before = bool(present & page.explained)
    page.explained.update(present)
    lines = [f"- **{text(d.label)}:** {text(d.definition)}" for d in new]
    if not lines:
        return (
            ["The kinds of study in this table are explained under an earlier table on this page.", ""]
            if present
            else []
        )
    intro = "Other kinds of study in this table:" if seen_before else "Kinds of study in this table:"
    return [intro, "", *lines, ""]


def evidence_table(data: Data, page: PageContext, treatment_id: str) -> str:
    """The studies of one treatment in plain words, with its strength label: {{ evidence_table("vns") }}"""
    require_known(page, "treatment", treatment_id, data.evidence, f"evidence_table({treatment_id!r})")
    treatment, evidence = data.treatments[treatment_id], data.evidence[treatment_id]
    found = strength(data, treatment_id)
    how = f"[How we describe the evidence]({page.link_to(EVIDENCE_PAGE)})"
    lines = ['<div class="trd-evidence" data-search-exclude markdown>', "", *_table(data, page, treatment, evidence)]
    lines += [
        f"**Strength of evidence: {text(found.level.label)}.** {text(found.why)} {how}",
        "{: .trd-evidence__strength }",
        "",
    ]
    if evidence.no_controlled_evidence:
        lines += [
            f"**No controlled trial yet.** We found no randomized controlled trial of {text(treatment.name)} "
            "in people with treatment-resistant depression.",
            "",
        ]
    if evidence.note:
        lines += [text(evidence.note), ""]
    lines += [*_kinds_present(data.evidence_rules, evidence, page), "</div>", ""]
    return "\n".join(lines)


def evidence_rules(data: Data, page: PageContext) -> str:
    """The strength rules and kinds of study, from the data, with each treatment's label now: {{ evidence_rules() }}"""
    rules = data.evidence_rules
    labels: dict[str, list[str]] = {level.id: [] for level in rules.strength_levels}
    for treatment_id, treatment in data.treatments.items():
        level = strength(data, treatment_id).level.id
        labels[level].append(f"[{text(treatment.name)}]({page.link_to(treatment.page)})")
    # Generated from data that the tables already show: kept out of the search index (its
    # size budget); the page's title, introduction and search_terms lead readers here.
    lines = ["<div data-search-exclude markdown>", "", "## The strength labels {#labels}", "", text(rules.counted), ""]
    for level in rules.strength_levels:
        now = "; ".join(labels[level.id]) or "none at the moment"
        lines += [
            f"### {text(level.label)} {{#{level.id}}}",
            "",
            text(rules.rule_text(level.id)),
            "",
            f"Treatments with this label now: {now}.",
            "",
        ]
    lines += ["## Kinds of study {#kinds}", ""]
    for design in rules.study_designs:
        lines += [f"**{text(design.label)}**", f":   {text(design.definition)}", ""]
    return "\n".join([*lines, "</div>", ""])


__all__ = ["Strength", "Tally", "evidence_rules", "evidence_table", "strength"]
