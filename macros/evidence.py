"""What the studies found, and what those who grade evidence say about it.

The hub does not count its own table into a strength label. For each treatment the data
(macros/data/evidence/<id>.yml) holds what major guidelines say, the certainty the best
systematic review gives, and absolute figures from a named source, each with its source;
the page prints them as the source has them. Any grading word a reader sees is the
source's own, in quotation marks, next to its citation. Where no guideline or review
speaks, the reader is told so, with the date of the search. The study table stays as the
reader's window on key trials.

``at_a_glance`` opens each treatment page with a summary from the same data: one short line
per guideline body (its ``in_short`` and its own grading word), so the box stays short on a
phone. The full positions, with where each guideline says them, follow the study table.
"""

from __future__ import annotations

from macros import models
from macros._data import Data
from macros._render import attr, text
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


def _date(day) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _quoted(data: Data, page: PageContext, label: str, source_id: str) -> str:
    """A grading word from a source, quoted and cited: the only way a label reaches readers."""
    return f'<q class="trd-label" data-source="{attr(source_id)}">{text(label)}</q> {cite_html(data, page, source_id)}'


# ── What guidelines and reviews say ─────────────────────────────────────────────
def _label(data: Data, page: PageContext, g: models.GuidelinePosition) -> str:
    return _quoted(data, page, g.label, g.source) if g.label else cite_html(data, page, g.source)


def _guideline(data: Data, page: PageContext, g: models.GuidelinePosition) -> str:
    label = f". In its words: {_label(data, page, g)}." if g.label else f". {_label(data, page, g)}"
    return f"<li><strong>{text(g.body)}</strong>, {text(g.where)}: {text(g.says)}{label}</li>"


def _not_found(evidence: models.EvidenceFile) -> str:
    return f"<p>No major guideline position found (searched {_date(evidence.search.date)}).</p>"


def guideline_lines(data: Data, page: PageContext, evidence: models.EvidenceFile) -> list[str]:
    """Each guideline's full position, where it says it, and its own words: under the study table."""
    if not evidence.guidelines:
        return [_not_found(evidence)]
    return ['<ul class="trd-guidelines">', *(_guideline(data, page, g) for g in evidence.guidelines), "</ul>"]


def guideline_summary(data: Data, page: PageContext, evidence: models.EvidenceFile) -> str:
    """One short line per guideline body for the At a glance box: who, in a few words, and the
    guideline's own grading word (quoted) or its citation. The full position is under the table."""
    if not evidence.guidelines:
        return _not_found(evidence)
    items = "".join(
        f"<li><strong>{text(g.body)}:</strong> {text(g.in_short)}. {_label(data, page, g)}</li>"
        for g in evidence.guidelines
    )
    return f'<ul class="trd-glance__guidelines">{items}</ul>'


def certainty_line(data: Data, page: PageContext, evidence: models.EvidenceFile) -> str:
    c = evidence.certainty
    if c is None:
        return (
            "No systematic review we found grades how certain the evidence is "
            f"(searched {_date(evidence.search.date)})."
        )
    return f"{text(c.says)} The review calls it {_quoted(data, page, c.label, c.source)}."


def benefit_line(data: Data, page: PageContext, evidence: models.EvidenceFile) -> str:
    b = evidence.benefit
    if b is None:
        return f"No absolute figures we could check (searched {_date(evidence.search.date)})."
    return f"{text(b.says)} {cite_html(data, page, b.source)}"


def _search(evidence: models.EvidenceFile) -> list[str]:
    s = evidence.search
    excluded = "".join(f"<li>{text(x.study)}: {text(x.why)}</li>" for x in s.excluded) or "<li>None.</li>"
    return [
        '<details class="trd-search">',
        f"<summary>How we searched ({_date(s.date)})</summary>",
        f"<p><strong>Where:</strong> {text('; '.join(s.where))}.</p>",
        f"<p><strong>Which studies are in the table:</strong> {text(s.inclusion)}</p>",
        f"<p><strong>Left out, and why:</strong></p><ul>{excluded}</ul>",
        "</details>",
        "",
    ]


# ── The study table ──────────────────────────────────────────────────────────────
def _kind(kinds: models.StudyDesignsFile, study: models.Study) -> str:
    kind = kinds.pooled_label(study.pools) if study.pools else kinds.design(study.design).label
    caveats = [kinds.caveats.general_depression] * study.general_depression
    caveats += [kinds.caveats.not_peer_reviewed] * (not study.peer_reviewed)
    return text(kind + "".join(f"; {c}" for c in caveats))


def _met(study: models.Study) -> str:
    return {True: "Yes", False: "No", None: "Not applicable"}[study.primary_met]


def cell(label: str, value: str) -> str:
    """A table cell that names its column, so a phone can show it as a labelled line (hub.css)."""
    return f'<td data-label="{attr(label.rstrip("?"))}">{value}</td>'


def _row(data: Data, page: PageContext, study: models.Study) -> str:
    name = study.name or f"{data.sources[study.source].authors} ({data.sources[study.source].year})"
    values = (
        _kind(data.study_designs, study),
        f"{study.people:,}",
        text(study.comparison),
        text(study.outcome),
        _met(study),
        text(study.funder),
    )
    head = f'<th scope="row">{text(name)} {cite_html(data, page, study.source)}</th>'
    return "<tr>" + head + "".join(cell(c, v) for c, v in zip(COLUMNS[1:], values, strict=True)) + "</tr>"


def _table(data: Data, page: PageContext, treatment: models.Treatment, evidence: models.EvidenceFile) -> list[str]:
    if not evidence.studies:
        return []
    header = "".join(f'<th scope="col">{c}</th>' for c in COLUMNS)
    return [
        '<table class="trd-stack">',
        f"<caption>Studies of {text(treatment.name)}</caption>",
        f"<thead><tr>{header}</tr></thead>",
        "<tbody>",
        *(_row(data, page, s) for s in evidence.studies),
        "</tbody>",
        "</table>",
        "",
    ]


def _kinds_present(kinds: models.StudyDesignsFile, evidence: models.EvidenceFile, page: PageContext) -> list[str]:
    """A plain definition of each kind of study in the table, once per page: a page of
    several treatments explains a kind under the first table that has it."""
    present = {s.design for s in evidence.studies}
    new = [d for d in kinds.study_designs if d.id in present and d.id not in page.explained]
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
    """The key studies of one treatment, with what guidelines and reviews say: {{ evidence_table("vns") }}"""
    require_known(page, "treatment", treatment_id, data.evidence, f"evidence_table({treatment_id!r})")
    treatment, evidence = data.treatments[treatment_id], data.evidence[treatment_id]
    lines = ['<div class="trd-evidence" data-search-exclude markdown>', "", *_table(data, page, treatment, evidence)]
    if evidence.no_controlled_evidence:
        lines += [
            f"**No controlled trial yet.** We found no randomized controlled trial of {text(treatment.name)} "
            "in people with treatment-resistant depression.",
            "",
        ]
    if evidence.note:
        lines += [text(evidence.note), ""]
    lines += [
        f"**What guidelines say about {text(treatment.name)}**, in full and where each says it:",
        "",
        *guideline_lines(data, page, evidence),
        "",
        "How sure the evidence is and how much it helps are in [At a glance](#trd-glance-title) at the top of "
        "this page, each from its source.",
        "",
        *_kinds_present(data.study_designs, evidence, page),
        *_search(evidence),
        "</div>",
        "",
    ]
    return "\n".join(lines)


# ── At a glance ──────────────────────────────────────────────────────────────────
def _glance_one(data: Data, page: PageContext, treatment_id: str) -> list[str]:
    t, evidence = data.treatments[treatment_id], data.evidence[treatment_id]
    rows = [
        ("What it is", f"{text(t.how_given)}. {text(t.setting)}."),
        ("What guidelines say", guideline_summary(data, page, evidence)),
        ("How much it helps", benefit_line(data, page, evidence)),
        ("How sure the evidence is", certainty_line(data, page, evidence)),
        ("Main risks", text("; ".join(t.side_effects)) + "."),
        ("Who it may not suit", text("; ".join(t.not_for)) + "."),
        ("Access and cost", text(t.access)),
    ]
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return [f"<h3>{text(t.name)}</h3>", f"<dl>{body}</dl>"]


def at_a_glance(data: Data, page: PageContext, *treatment_ids: str) -> str:
    """The summary box that opens a treatment page, from the data: {{ at_a_glance("ect") }}"""
    for treatment_id in treatment_ids:
        require_known(page, "treatment", treatment_id, data.treatments, f"at_a_glance({treatment_id!r})")
    items = [line for tid in treatment_ids for line in _glance_one(data, page, tid)]
    if len(treatment_ids) == 1:
        items = items[1:]  # the page is about this one treatment: its name is the page title
    return "\n".join(
        [
            '<aside class="trd-glance" aria-labelledby="trd-glance-title" data-search-exclude>',
            '<h2 id="trd-glance-title">At a glance</h2>',
            *items,
            f'<p class="trd-glance__more">Guideline words in quotation marks are the guideline\'s own. '
            f'<a href="{attr(page.href_to(EVIDENCE_PAGE))}">What guideline positions and certainty mean</a>.</p>',
            "</aside>",
            "",
        ]
    )


def study_kinds(data: Data, page: PageContext) -> str:
    """The kinds of study the tables list, in plain words: {{ study_kinds() }}"""
    lines = ["<div data-search-exclude markdown>", ""]
    for design in data.study_designs.study_designs:
        lines += [f"**{text(design.label)}**", f":   {text(design.definition)}", ""]
    return "\n".join([*lines, "</div>", ""])


def feedback_link(data: Data, page: PageContext) -> str:
    """How to write to us without an account (mkdocs.yml extra.feedback_email): {{ feedback_link() }}

    With no address set, it says so: an address nobody reads (or a domain someone else could
    register) would send readers' health questions into the void, or to a stranger."""
    address = page.site.feedback_email
    if not address:
        return (
            "not open yet: we will list an email address here once a maintainer reads one every week. "
            "Until then, the GitHub form below is the way to reach us."
        )
    return f'write to <a href="mailto:{attr(address)}">{text(address)}</a>. Say which page you mean.'


__all__ = ["at_a_glance", "benefit_line", "cell", "evidence_table", "feedback_link", "study_kinds"]
