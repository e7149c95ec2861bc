"""One test per checker rule: each fires on a small bad example, at the right line, and
stays quiet once the example is fixed. Pages are built in memory; the project rules
(theme, data, nav) get a few files in a temporary folder."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tools.checker import runner
from tools.checker.core import RULES, Problem
from tools.checker.pages import Page
from tools.checker.project import PACKAGE_DIR, ConfigError, Project, crisis_page, load_language

TODAY = dt.date(2026, 11, 21)
FRONT = {
    "title": "Example page",
    "description": "An example page for the checker's tests.",
    "sources_checked": "2026-11-21",
    "review_due": "2027-11-21",
    "clinical_review": "pending",
}
BODY = "# Example page\n\nSome plain words here. You can ask your care team about it.\n"
# A treatment page (docs/treatments/vns.md is the page of treatment 'vns' in treatments.yml)
# with the eight DISCERN sections; its lines start at 9, after the default front matter.
DISCERN = (
    "How it works",
    "What the studies found",
    "Risks and side effects",
    "If you do not have this treatment",
    "Effect on daily life",
    "Other choices",
    "What we do not know yet",
    "Questions to ask",
)
TABLE = '{{ evidence_table("vns") }}'


def treatment_body(
    sections: tuple[str, ...] = DISCERN, table: str | None = TABLE, table_in: str = "What the studies found"
) -> str:
    """# VNS, then each section as "## heading", a blank line, one line of text (the table in ``table_in``)."""
    parts = ["# VNS\n"]
    for heading in sections:
        first = table if heading == table_in and table is not None else "Plain words."
        parts.append(f"## {heading}\n\n{first}\n")
    return "\n".join(parts)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if needle in line)


def page(body: str = BODY, front: str | None = None, **fields: str | None) -> str:
    """A page: the default front matter with ``fields`` changed (None drops a field), then ``body``."""
    if front is None:
        values = {**FRONT, **fields}
        front = "".join(f"{k}: {v}\n" for k, v in values.items() if v is not None)
    return f"---\n{front}---\n\n{body}"


def problems(
    rule_id: str, text: str, uri: str = "treatments/example.md", others: dict[str, str] | None = None
) -> list[Problem]:
    project = Project.of_pages({uri: text, **(others or {})}, today=TODAY)
    rule = RULES[rule_id]
    if rule.scope == "project":
        return list(rule.run(project))
    return [p for pg in project.pages if pg.src_uri == uri for p in rule.run(pg, project)]


@dataclass(frozen=True)
class Case:
    rule: str
    bad: str
    line: int  # where the problem is reported in ``bad``
    good: str
    uri: str = "treatments/example.md"


# Front matter lines: 1 ---, 2 title, 3 description, 4 sources_checked, 5 review_due, 6 clinical_review, 7 ---,
# 8 blank, 9 "# Example page".
CASES: dict[str, Case] = {
    "FM001-no-front-matter": Case("FM001", BODY, 1, page()),
    "FM001-missing-description": Case("FM001", page(description=None), 1, page()),
    "FM001-broken-yaml": Case("FM001", page(front="title: Example: page: [\n"), 2, page()),
    # The strict YAML loader (macros/_yaml.py): a second title would win silently; a tag runs code.
    "FM001-field-written-twice": Case(
        "FM001", page(front="".join(f"{k}: {v}\n" for k, v in FRONT.items()) + "title: Another title\n"), 7, page()
    ),
    "FM001-yaml-tag": Case("FM001", page(title="!!python/name:os.system Example"), 2, page()),
    "FM002-description-too-long": Case("FM002", page(description="word " * 40), 3, page()),
    "FM003-date-with-slashes": Case("FM003", page(sources_checked="21/11/2026"), 4, page()),
    "FM003-impossible-date": Case("FM003", page(review_due="2027-13-01"), 5, page()),
    "FM003-quoted-date": Case("FM003", page(sources_checked='"2026-11-21"'), 4, page()),
    "FM004-review-due-before-sources-checked": Case(
        "FM004", page(sources_checked="2027-11-21", review_due="2026-11-21"), 5, page()
    ),
    "FM005-misspelt-field": Case("FM005", page(reviewd="2026-11-21"), 7, page()),
    "FM006-search-terms-not-a-list": Case(
        "FM006", page(search_terms="shock therapy"), 7, page(search_terms="[shock therapy, electroshock]")
    ),
    "ST001-missing-h1": Case("ST001", page("Some words with no heading.\n"), 8, page()),
    "ST001-second-h1": Case(
        "ST001", page(BODY + "\n# Another main heading\n"), 13, page(BODY + "\n## Another section\n")
    ),
    "ST001-setext-h1-counts": Case("ST001", page(BODY + "\nAnother main heading\n====\n"), 13, page()),
    "ST002-skipped-level": Case(
        "ST002", page(BODY + "\n## Section\n\n#### Too deep\n"), 15, page(BODY + "\n## Section\n\n### Just right\n")
    ),
    "ST003-markdown-image-no-alt": Case(
        "ST003", page(BODY + "\n![](coil.png)\n"), 13, page(BODY + "\n![A TMS coil](coil.png)\n")
    ),
    "ST003-html-image-no-alt": Case(
        "ST003", page(BODY + '\n<img src="coil.png">\n'), 13, page(BODY + '\n<img src="coil.png" alt="A TMS coil">\n')
    ),
    "LK001-http-link": Case(
        "LK001",
        page(BODY + "\nSee [the NHS](http://www.nhs.uk/).\n"),
        13,
        page(BODY + "\nSee [the NHS](https://www.nhs.uk/).\n"),
    ),
    "LK002-url-as-link-text": Case(
        "LK002",
        page(BODY + "\n[https://988lifeline.org](https://988lifeline.org)\n"),
        13,
        page(BODY + "\n[988 Lifeline website](https://988lifeline.org)\n"),
    ),
    "LK002-autolink": Case(
        "LK002",
        page(BODY + "\nSee <https://988lifeline.org>.\n"),
        13,
        page(BODY + "\nSee the [988 Lifeline website](https://988lifeline.org).\n"),
    ),
    "LK002-bare-url-in-text": Case(
        "LK002",
        page(BODY + "\nGo to https://988lifeline.org now.\n"),
        13,
        page(BODY + "\nGo to the [988 Lifeline website](https://988lifeline.org) now.\n"),
    ),
    "LK003-trailing-slash": Case(
        "LK003",
        page(BODY + "\n[Get help now](../get-help-now/)\n"),
        13,
        page(BODY + "\n[Get help now](../get-help-now.md)\n"),
    ),
    "LK003-html-file": Case(
        "LK003", page(BODY + "\n[ECT](ect.html#risks)\n"), 13, page(BODY + "\n[ECT](ect.md#risks)\n")
    ),
    "LK003-site-absolute": Case(
        "LK003",
        page(BODY + "\n[Get help now](/get-help-now/)\n"),
        13,
        page(BODY + "\n[Get help now](../get-help-now.md)\n"),
    ),
    "SEC001-script": Case("SEC001", page(BODY + "\n<script>track()</script>\n"), 13, page()),
    "SEC001-iframe": Case(
        "SEC001", page(BODY + '\n<iframe src="https://www.youtube.com/embed/x"></iframe>\n'), 13, page()
    ),
    "SEC002-onclick": Case(
        "SEC002", page(BODY + '\n<a href="x.md" onclick="go()">Go</a>\n'), 13, page(BODY + '\n<a href="x.md">Go</a>\n')
    ),
    "SEC002-attr-list-handler": Case(
        "SEC002", page(BODY + '\n[Go](x.md){ onmouseover="go()" }\n'), 13, page(BODY + "\n[Go](x.md){ .md-button }\n")
    ),
    "SEC003-javascript-url": Case(
        "SEC003", page(BODY + "\n[Call us](javascript:call())\n"), 13, page(BODY + "\n[Call us](tel:988)\n")
    ),
    "LANG001-committed-suicide": Case(
        "LANG001",
        page(BODY + "\nHer uncle committed suicide. [Help](../get-help-now.md)\n"),
        13,
        page(BODY + "\nHer uncle died by suicide. [Help](../get-help-now.md)\n"),
    ),
    "LANG001-in-description": Case("LANG001", page(description="A miracle treatment."), 3, page()),
    "LANG001-shock-therapy-needs-exception": Case(
        "LANG001",
        page(BODY + '\nIt was once called "shock therapy".\n'),
        13,
        page(
            BODY
            + '\nIt was once called "shock therapy". <!-- allow LANG001 shock-therapy: explaining the lay term -->\n'
        ),
    ),
    "LANG002-suicide-without-help-route": Case(
        "LANG002",
        page(BODY + "\nSome people have thoughts of suicide.\n"),
        13,
        page(BODY + "\nSome people have thoughts of suicide.\n\n{{ crisis_callout() }}\n"),
    ),
    "READ001-reading-grade": Case(
        "READ001",
        page(
            BODY
            + "\n"
            + "Notwithstanding considerable interindividual heterogeneity, electroconvulsive therapy demonstrates "
            "substantially superior antidepressant efficacy relative to pharmacological augmentation strategies, "
            "particularly regarding psychotic depression, catatonia and treatment-refractory presentations. " * 3 + "\n"
        ),
        9,
        page(),
    ),
    "REV001-review-overdue": Case("REV001", page(sources_checked="2025-01-10", review_due="2026-01-10"), 5, page()),
    "REV002-approved-without-reviewer": Case(
        "REV002", page(clinical_review="approved", clinical_review_date="2027-01-15"), 6, page()
    ),
    "REV002-unknown-reviewer": Case(
        "REV002", page(clinical_review="approved", reviewer="dr-nobody", clinical_review_date="2027-01-15"), 7, page()
    ),
    "REV002-status-not-known": Case("REV002", page(clinical_review="reviewed"), 6, page()),
    "REV002-reviewer-on-a-pending-page": Case("REV002", page(reviewer="dr-nobody"), 7, page()),
    "EV001-no-evidence-table": Case(
        "EV001",
        page(treatment_body(table=None)),
        line_of(page(treatment_body()), "## What the studies found"),
        page(treatment_body()),
        uri="treatments/vns.md",
    ),
    "EV001-placeholder-comment-only": Case(
        "EV001",
        page(treatment_body(table='<!-- evidence_table("vns") -->')),
        line_of(page(treatment_body()), "## What the studies found"),
        page(treatment_body()),
        uri="treatments/vns.md",
    ),
    "EV001-table-in-the-wrong-section": Case(
        "EV001",
        page(treatment_body(table_in="How it works")),
        line_of(page(treatment_body(table_in="How it works")), TABLE),
        page(treatment_body()),
        uri="treatments/vns.md",
    ),
    "EV002-missing-section": Case(
        "EV002",
        page(treatment_body(tuple(s for s in DISCERN if s != "Effect on daily life"))),
        line_of(page(treatment_body()), "## If you do not have this treatment"),
        page(treatment_body()),
        uri="treatments/vns.md",
    ),
    "EV002-sections-out-of-order": Case(
        "EV002",
        page(
            treatment_body(
                ("How it works", "What the studies found", "Effect on daily life", *DISCERN[2:4], *DISCERN[5:])
            )
        ),
        line_of(page(treatment_body()), "## What the studies found") + 4,
        page(treatment_body()),
        uri="treatments/vns.md",
    ),
    "ALLOW001-exception-without-reason": Case(
        "ALLOW001",
        page(BODY + '\nIt was once called "shock therapy". <!-- allow LANG001 shock-therapy -->\n'),
        13,
        page(
            BODY
            + '\nIt was once called "shock therapy". <!-- allow LANG001 shock-therapy: explaining the lay term -->\n'
        ),
    ),
    "ST002-skip-right-after-title": Case(
        "ST002", page("# Example page\n\n#### Too deep\n"), 11, page("# Example page\n\n## Just right\n")
    ),
    "TAB001-tab-nests-a-list": Case(
        "TAB001", page(BODY + "\n- One\n\t- Two\n"), 14, page(BODY + "\n- One\n    - Two\n")
    ),
    "CRISIS001-typed-number": Case(
        "CRISIS001",
        page(BODY + "\nIn a crisis, call 988 now.\n"),
        13,
        page(BODY + '\nIn a crisis, call {{ crisis_number("call") }} now.\n'),
    ),
    "CRISIS001-text-line-number": Case(
        "CRISIS001", page(BODY + "\nText HOME to 741741.\n"), 13, page(BODY + "\nText HOME to the crisis text line.\n")
    ),
    "CRISIS001-retired-number": Case(
        "CRISIS001",
        page(BODY + "\nThe old line, 1-800-273-8255, still rings.\n"),
        13,
        page(BODY + "\nThe old line still rings.\n"),
    ),
    "CRISIS001-spaced-number": Case(
        "CRISIS001", page(BODY + "\nCall 116 123 any time.\n"), 13, page(BODY + "\nIt costs $1,000 and 116 people.\n")
    ),
    "LANG003-uk-spelling": Case(
        "LANG003",
        page(BODY + "\nHer behaviour changed.\n"),
        13,
        page(BODY + "\nHer behavior changed.\n", search_terms="[behaviour, anaemia]"),
    ),
    "READ002-long-sentence": Case(
        "READ002",
        page(BODY + "\n" + " ".join(["word"] * 26) + ".\n"),
        13,
        page(BODY + "\n" + " ".join(["word"] * 12) + ". " + " ".join(["word"] * 12) + ".\n"),
    ),
    "READ003-run-of-hard-sentences": Case(
        "READ003",
        page(BODY + "\n" + ("Some " + " ".join(["word"] * 20) + ". ") * 3 + "\n"),
        13,
        page(BODY + "\n" + ("Some " + " ".join(["word"] * 20) + ". Short one. ") * 3 + "\n"),
    ),
    # Markdown that builds without a warning but shows readers something broken (lines: BODY ends on 11).
    "MD001-table-without-divider": Case(
        "MD001",
        page(BODY + "\n| Treatment | Sessions |\n| ECT | 6 to 12 |\n"),
        14,
        page(BODY + "\n| Treatment | Sessions |\n| --- | --- |\n| ECT | 6 to 12 |\n"),
    ),
    "MD001-table-glued-to-text": Case(
        "MD001",
        page(BODY + "\nThe sessions:\n| Treatment | Sessions |\n| --- | --- |\n| ECT | 6 to 12 |\n"),
        14,
        page(BODY + "\nThe sessions:\n\n| Treatment | Sessions |\n| --- | --- |\n| ECT | 6 to 12 |\n"),
    ),
    "MD002-admonition-indented-2": Case(
        "MD002",
        page(BODY + '\n!!! note "Before you start"\n  Ask your care team first.\n'),
        14,
        page(BODY + '\n!!! note "Before you start"\n    Ask your care team first.\n'),
    ),
    "MD003-list-nested-by-2": Case(
        "MD003",
        page(BODY + "\n- Medicines\n  - lithium\n"),
        14,
        page(BODY + "\n- Medicines\n    - lithium\n"),
    ),
    "MD004-unclosed-comment": Case(
        "MD004",
        page(BODY + "\n<!-- a note for editors\n\nMore words.\n"),
        13,
        page(BODY + "\n<!-- a note -->\n\nMore words.\n"),
    ),
    "MD005-footnote-without-text": Case(
        "MD005", page(BODY + "\nA fact.[^1]\n"), 13, page(BODY + "\nA fact.[^1]\n\n[^1]: The note.\n")
    ),
    "MD006-icon-shortcode": Case(
        "MD006", page(BODY + "\n:material-phone: Call now.\n"), 13, page(BODY + "\nCall now.\n")
    ),
    # Links and headings come from markdown-it-py's tokens: a link across a line break, link
    # text in bold and a heading in a quote are what Python-Markdown makes of them too.
    "LK001-link-across-two-lines": Case(
        "LK001",
        page(BODY + "\nSee [the NHS\npage](http://www.nhs.uk/).\n"),
        13,
        page(BODY + "\nSee [the NHS\npage](https://www.nhs.uk/).\n"),
    ),
    "MD007-vague-text-in-bold": Case(
        "MD007",
        page(BODY + "\nFor the list, [**click here**](faq.md).\n"),
        13,
        page(BODY + "\nSee [the FAQ](faq.md).\n"),
    ),
    "ST002-heading-in-a-quote": Case(
        "ST002", page(BODY + "\n> #### Too deep\n"), 13, page(BODY + "\n> ## Just right\n")
    ),
    "MD007-click-here": Case(
        "MD007",
        page(BODY + "\nFor ECT, [click here](ect.md).\n"),
        13,
        page(BODY + "\nRead [how ECT is given](ect.md).\n"),
    ),
    "FM009-sources-checked-in-future": Case(
        "FM009", page(sources_checked="2026-12-24", review_due="2027-12-24"), 4, page()
    ),
    "ALLOW002-unused-exception": Case(
        "ALLOW002",
        page(BODY + "\nPlain words. <!-- allow LANG001 shock-therapy: explaining the lay term -->\n"),
        13,
        page(BODY + "\nPlain words.\n"),
    ),
}


def _check(case: Case, text: str) -> list[Problem]:
    if case.rule.startswith("ALLOW") or case.rule == "LANG001":
        project = Project.of_pages({case.uri: text}, today=TODAY)
        return [p for p in runner.check(project, only={"LANG001", "ALLOW001", "ALLOW002"}) if p.rule == case.rule]
    return problems(case.rule, text, case.uri)


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_rule_fires_on_bad_example_and_not_on_fixed_one(name: str) -> None:
    case = CASES[name]
    found = _check(case, case.bad)
    assert [p.line for p in found] == [case.line], (
        f"{name}: expected one {case.rule} on line {case.line}, got:\n" + "\n".join(p.format() for p in found)
    )
    assert found[0].message and found[0].fix, "every problem says what is wrong and how to fix it"
    assert _check(case, case.good) == [], f"{name}: the fixed example still fails"


def test_every_rule_has_a_bad_and_good_example() -> None:
    tested = {case.rule for case in CASES.values()} | {"ST004", "ST005", "ST006", "ST007", "THEME001", "DATA001"}
    tested |= {"FILE001", "ENC001", "ST008", "ST009"}  # tests below, on files in a folder
    tested |= {"CRISIS002", "CRISIS003"}  # tests/macros/test_data_trust.py, on a copy of the data
    assert set(RULES) <= tested, f"rules without a test: {sorted(set(RULES) - tested)}"


def test_rules_collect_every_offender_not_just_the_first() -> None:
    text = page(BODY + "\n[a](http://a.org) and [b](http://b.org)\n\n[c](http://c.org)\n")
    assert [p.line for p in problems("LK001", text)] == [13, 13, 15]


def test_duplicate_title_names_both_pages() -> None:
    found = problems("ST004", page(), others={"faq.md": page()})
    assert sorted((p.path, p.line) for p in found) == [("docs/faq.md", 2), ("docs/treatments/example.md", 2)]
    assert "docs/faq.md" in found[1].message or "docs/faq.md" in found[0].message
    assert problems("ST004", page(), others={"faq.md": page(title="Questions people ask")}) == []


def test_page_not_in_nav_and_nav_entry_without_page() -> None:
    project = Project.of_pages({"faq.md": page(), "treatments/vns.md": page(title="VNS")}, today=TODAY)
    project.nav = {"faq.md": 40, "treatments/vsn.md": 41}
    assert [(p.path, p.line) for p in RULES["ST005"].run(project)] == [("docs/treatments/vns.md", 1)]
    assert [(p.path, p.line) for p in RULES["ST006"].run(project)] == [("mkdocs.yml", 41)]
    project.nav = {"faq.md": 40, "treatments/vns.md": 41}
    assert list(RULES["ST005"].run(project)) == [] and list(RULES["ST006"].run(project)) == []


def test_a_page_twice_in_nav_is_named_at_its_second_line(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "faq.md").write_text(page(), encoding="utf-8")
    head = "site_name: T\nextra:\n  crisis_page: faq.md\n"
    nav = "nav:\n  - FAQ: faq.md\n  - Questions:\n      - Again: faq.md\n"
    (tmp_path / "mkdocs.yml").write_text(head + nav, encoding="utf-8")
    project = Project.load(tmp_path, today=TODAY)
    [found] = RULES["ST008"].run(project)
    assert (found.path, found.line) == ("mkdocs.yml", 7) and "line 5" in found.message
    (tmp_path / "mkdocs.yml").write_text(head + "nav:\n  - FAQ: faq.md\n", encoding="utf-8")
    assert list(RULES["ST008"].run(Project.load(tmp_path, today=TODAY))) == []


def test_a_treatment_page_no_treatment_names_is_found() -> None:
    found = problems("ST009", page(), uri="treatments/new-thing.md")
    assert [(p.path, p.rule) for p in found] == [("docs/treatments/new-thing.md", "ST009")]
    assert "treatments.yml" in found[0].message
    assert problems("ST009", page(), uri="treatments/vns.md") == []  # the page of treatment 'vns'
    assert problems("ST009", page(), uri="treatments/interventional.md") == []  # a listed overview


def test_link_to_built_url_suggests_the_md_file() -> None:
    others = {"get-help-now.md": page(title="Get help now")}
    [found] = problems("LK003", page(BODY + "\n[Get help now](../get-help-now/#uk)\n"), others=others)
    assert "(../get-help-now.md#uk)" in found.fix


def test_language_rules_ignore_code_macros_links_and_search_terms() -> None:
    body = BODY + (
        "\n`committed suicide` is shown as code.\n\n```\nshock therapy\n```\n\n"
        '{{ term("ect", "shock therapy") }} [ECT](https://example.org/cure-guaranteed)\n\n'
        "There is no cure for everyone, and no result is guaranteed. A major depressive episode.\n"
    )
    text = page(body, search_terms="[shock therapy, electroshock]")
    assert problems("LANG001", text) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Scores fell from 20 to 12 over six weeks.",
        "Ketamine can be a bridge to longer-term treatment.",
        "Hanging out with a friend can help.",
        "Tricyclics can be dangerous in overdose, so your prescriber may give a few weeks at a time.",
        "Lithium may lower the risk of suicide.",
        "Jump from one idea to the next.",
    ],
)
def test_safe_messaging_patterns_allow_ordinary_sentences(sentence: str) -> None:
    assert problems("LANG001", page(BODY + f"\n{sentence} [Help](../get-help-now.md)\n")) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "He jumped off the bridge.",
        "She took a lethal dose.",
        "They overdosed on pills.",
        "It was a failed attempt.",
        "Depression is an epidemic.",
        "Rates are skyrocketing.",
        "ECT is 100% effective.",
        "This drug cured her.",
        "A sufferer of depression.",
        "Support for depressives.",
        "He is not crazy.",
    ],
)
def test_language_rules_catch_phrases_we_avoid(sentence: str) -> None:
    assert len(problems("LANG001", page(BODY + f"\n{sentence}\n"))) == 1


def test_help_route_may_be_a_link_to_the_crisis_page() -> None:
    text = page(BODY + "\nSome people have thoughts of suicide. [Get help now](../get-help-now.md#uk).\n")
    assert problems("LANG002", text) == []


def test_exception_covers_the_next_line_only() -> None:
    allow = "<!-- allow LANG001 shock-therapy: explaining the lay term -->\n"
    above = page(BODY + f"\n{allow}## Is ECT shock therapy?\n")
    two_below = page(BODY + f"\n{allow}\n## Is ECT shock therapy?\n")
    only = {"LANG001", "ALLOW001", "ALLOW002"}
    assert runner.check(Project.of_pages({"faq.md": above}, today=TODAY), only=only) == []
    assert {p.rule for p in runner.check(Project.of_pages({"faq.md": two_below}, today=TODAY), only=only)} == {
        "LANG001",
        "ALLOW002",
    }


def test_exception_must_name_a_known_rule_and_phrase() -> None:
    for comment in ("<!-- allow LANG999: because -->", "<!-- allow LANG001 shock-treatment: because -->"):
        text = page(BODY + f'\nOnce called "shock therapy". {comment}\n')
        rules = [
            p.rule for p in runner.check(Project.of_pages({"faq.md": text}, today=TODAY), only={"LANG001", "ALLOW001"})
        ]
        assert sorted(rules) == ["ALLOW001", "LANG001"], comment


def test_review_overdue_is_only_a_warning() -> None:
    [found] = problems("REV001", page(sources_checked="2025-01-10", review_due="2026-01-10"))
    assert found.severity == "WARNING"


def test_reading_grade_names_the_three_longest_sentences() -> None:
    long = "Notwithstanding considerable interindividual heterogeneity in therapeutic responsiveness, clinicians frequently recommend augmentation."
    text = page(BODY + f"\n{long} {long} Short one. {long}\n")
    [found] = problems("READ001", text)
    assert found.message.count("Notwithstanding") == 3 and "Short one" not in found.message


def test_generated_pages_are_not_graded() -> None:
    hard = page(BODY + "\n" + "Interindividual pharmacogenomic heterogeneity complicates augmentation. " * 5)
    assert problems("READ001", hard, uri="glossary.md") == []


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A project with the real theme overrides and data, and no pages."""
    for folder in ("overrides", "macros", "docs"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def _project(root: Path) -> Project:
    return Project(root=root, today=TODAY, language=load_language(PACKAGE_DIR / "language.yml"))


def test_theme_rule_fires_when_banner_include_is_removed(mini: Path) -> None:
    assert list(RULES["THEME001"].run(_project(mini))) == []
    main = mini / "overrides" / "main.html"
    text = main.read_text(encoding="utf-8")
    main.write_text(
        text.replace('{% include "partials/crisis-banner.html" %}', '{# include "partials/crisis-banner.html" #}'),
        encoding="utf-8",
    )
    [found] = RULES["THEME001"].run(_project(mini))
    block_line = text[: text.index("{% block announce %}")].count("\n") + 1
    assert (found.path, found.line) == ("overrides/main.html", block_line)


def test_data_rule_fires_on_a_crisis_number_with_letters(mini: Path) -> None:
    crisis = mini / "macros" / "data" / "crisis.yml"
    text = crisis.read_text(encoding="utf-8")
    project = _project(mini)
    assert list(RULES["DATA001"].run(project)) == []
    crisis.write_text(text.replace('call: "988"', 'call: "98B"', 1), encoding="utf-8")
    [found] = RULES["DATA001"].run(project)
    expected_line = text.splitlines().index('        call: "988"') + 1
    assert (found.path, found.line) == ("macros/data/crisis.yml", expected_line)
    assert "lifeline-988" in found.message and "field 'call'" in found.message


def test_language_file_is_validated(tmp_path: Path) -> None:
    bad = tmp_path / "language.yml"
    bad.write_text("phrases:\n  - {id: x, pattern: '(', prefer: y, reason: z}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a valid regular expression"):
        load_language(bad)


def test_page_views_keep_line_numbers() -> None:
    pg = Page("docs/x.md", "x.md", page(BODY + "\n```\n# not a heading\n```\n\n<!-- # nor this -->\n"))
    assert len(pg.lines) == len(pg.nocode) == len(pg.markup) == len(pg.visible) == len(pg.words)
    assert [h.line for h in pg.headings()] == [9]


def test_rules_option_prints_every_rule() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tools.checker", "--rules"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    for rule_id in RULES:
        assert f"| {rule_id} |" in result.stdout


# ── The contributor files stay in step with the checker and the site ────────────
def test_contributing_lists_every_rule() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    missing = [rule_id for rule_id in RULES if f"| {rule_id} |" not in text]
    assert not missing, (
        f"CONTRIBUTING.md's rule table lacks {missing}; copy them from `python -m tools.checker --rules`"
    )


def test_report_link_prefills_the_page_field_of_the_correction_form() -> None:
    import yaml

    from tools.site import mkdocs_config

    url = mkdocs_config()["extra"]["report_url"]
    template = url.split("template=", 1)[1].split("&", 1)[0]
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / template).read_text(encoding="utf-8"))
    assert url.endswith("&page=")
    assert any(item.get("id") == "page" and item["type"] == "input" for item in form["body"])


def test_page_template_passes_the_checker() -> None:
    text = (ROOT / ".github" / "PAGE_TEMPLATE.md").read_text(encoding="utf-8")
    project = Project.of_pages({"living/new-page.md": text}, today=TODAY)
    found = [p for p in runner.check(project) if p.rule not in ("DATA001", "THEME001")]
    assert found == [], "\n".join(p.format() for p in found)


def test_treatment_template_passes_the_checker_as_a_treatments_page() -> None:
    text = (ROOT / ".github" / "TREATMENT_TEMPLATE.md").read_text(encoding="utf-8").replace("treatment-id", "vns")
    project = Project.of_pages({"treatments/vns.md": text}, today=dt.date(2026, 12, 6))
    found = [p for p in runner.check(project) if p.rule not in ("DATA001", "THEME001")]
    assert found == [], "\n".join(p.format() for p in found)


# ── The crisis page is named once, in mkdocs.yml ────────────────────────────────
@pytest.mark.parametrize(
    ("value", "source"),
    [("get-help-now/", "get-help-now.md"), ("get-help-now.md", "get-help-now.md"), ("/help/crisis/", "help/crisis.md")],
)
def test_crisis_page_is_read_from_extra_crisis_page(value: str, source: str) -> None:
    assert crisis_page({"extra": {"crisis_page": value}}, ROOT / "mkdocs.yml") == source


def test_missing_crisis_page_is_a_setup_error() -> None:
    with pytest.raises(ConfigError, match=r"extra\.crisis_page"):
        crisis_page({"extra": {}}, ROOT / "mkdocs.yml")


def test_help_route_rule_follows_the_crisis_page_setting() -> None:
    text = page(BODY + "\nSome people have thoughts of suicide. [Help](../help.md).\n")
    project = Project.of_pages({"treatments/example.md": text}, today=TODAY)
    [found] = RULES["LANG002"].run(project.pages[0], project)
    assert f"(../{project.crisis_page})" in found.fix
    project.crisis_page = "help.md"
    assert list(RULES["LANG002"].run(project.pages[0], project)) == []


# ── Review status and treatment pages ──────────────────────────────────────────
def test_an_approval_by_a_listed_reviewer_passes(tmp_path: Path) -> None:
    (tmp_path / "macros" / "data").mkdir(parents=True)
    (tmp_path / "macros/data/reviewers.yml").write_text(
        "reviewers:\n  - id: a-lovelace\n    name: Dr Ada Lovelace\n    qualification: Psychiatrist\n"
        "    url: https://example.org/register/1\n    date: 2027-01-10\n",
        encoding="utf-8",
    )
    approved = page(clinical_review="approved", reviewer="a-lovelace", clinical_review_date="2027-01-15")
    project = Project.of_pages({"faq.md": approved}, today=TODAY, root=tmp_path)
    assert list(RULES["REV002"].run(project.pages[0], project)) == []
    typo = page(clinical_review="approved", reviewer="a-lovelase", clinical_review_date="2027-01-15")
    project = Project.of_pages({"faq.md": typo}, today=TODAY, root=tmp_path)
    [found] = RULES["REV002"].run(project.pages[0], project)
    assert "Did you mean 'a-lovelace'?" in found.fix and "(listed: a-lovelace)" in found.message


def test_unknown_reviewer_message_names_the_reviewers_file_and_the_fix() -> None:
    [found] = problems("REV002", page(clinical_review="approved", reviewer="dr-x", clinical_review_date="2027-01-15"))
    assert "macros/data/reviewers.yml" in found.message and "listed: none yet" in found.message
    assert "clinical_review: pending" in found.fix


def test_old_reviewed_field_points_to_sources_checked() -> None:
    found = problems("FM005", page(reviewed="2026-11-21"))
    assert [p.fix for p in found] == [
        "Did you mean 'sources_checked'? Rename it (the date an editor last checked the page against its sources) "
        "and add 'clinical_review: pending'"
    ]


def test_treatment_page_rules_leave_other_pages_alone() -> None:
    assert problems("EV001", page(BODY), uri="faq.md") == []
    assert problems("EV002", page(BODY), uri="faq.md") == []


def test_a_page_of_several_treatments_needs_each_table() -> None:
    # docs/treatments/rtms.md is the page of rtms and accelerated-tms.
    body = treatment_body(table='{{ evidence_table("rtms") }}').replace("# VNS", "# rTMS")
    [found] = problems("EV001", page(body), uri="treatments/rtms.md")
    assert "'accelerated-tms'" in found.message and '{{ evidence_table("accelerated-tms") }}' in found.fix


def test_missing_discern_section_fix_gives_the_exact_heading() -> None:
    body = treatment_body(tuple(s for s in DISCERN if s != "What we do not know yet"))
    [found] = problems("EV002", page(body), uri="treatments/vns.md")
    assert found.fix == "Add a section headed exactly '## What we do not know yet' after '## Other choices'"


def test_discern_sections_are_the_plans_eight_in_order() -> None:
    from tools.checker.rules.evidence import SECTIONS

    assert tuple(s.heading for s in SECTIONS) == DISCERN


def test_uk_spelling_gives_the_us_form_with_the_same_ending() -> None:
    from tools.checker.rules.writing import us_form

    assert us_form("Behaviours", "behaviour", "behavior") == "Behaviors"
    assert us_form("organising", "organise", "organize") == "organizing"
    assert us_form("centres", "centre", "center") == "centers"


def test_file_names_with_spaces_capitals_or_non_ascii_are_named(tmp_path: Path) -> None:
    for name in ("faq.md", "My Page.md", "treatments/Ketamine.md", "café.md", "img/ok-1.png"):
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text("x", encoding="utf-8")
    project = Project(root=tmp_path)
    found = {p.path: p.fix for p in RULES["FILE001"].run(project)}
    assert sorted(found) == ["docs/My Page.md", "docs/café.md", "docs/treatments/Ketamine.md"]
    assert "'docs/my-page.md'" in found["docs/My Page.md"] and "'docs/cafe.md'" in found["docs/café.md"]


def test_page_that_is_not_utf8_is_named_with_its_line_and_byte(tmp_path: Path) -> None:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/faq.md").write_bytes(b"---\ntitle: x\n---\n\nA ca" + b"f\xe9.\n")  # split for codespell
    project = Project.load(tmp_path, TODAY)
    [found] = RULES["ENC001"].run(project)
    assert (found.path, found.line) == ("docs/faq.md", 5)
    assert "byte 23 (0xe9)" in found.message and "Save the file as UTF-8" in found.fix


NAV_SLIPS = {
    "section-without-pages": (
        "nav:\n  - Home: index.md\n  - Treatments:\n  - ECT: ect.md\n",
        3,
        "has no pages under it",
    ),
    "two-entries-merged": ("nav:\n  - Home: index.md\n    ECT: ect.md\n", 2, "are read as one entry"),
}


@pytest.mark.parametrize("slip", NAV_SLIPS, ids=list(NAV_SLIPS))
def test_nav_slip_that_is_still_yaml_names_the_entry_and_line(slip: str, tmp_path: Path) -> None:
    text, line, message = NAV_SLIPS[slip]
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    [found] = RULES["ST007"].run(Project(root=tmp_path))
    assert (found.path, found.line) == ("mkdocs.yml", line) and message in found.message


def test_nav_that_is_not_yaml_names_the_entry_and_its_indent(tmp_path: Path) -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    bad = config.replace(
        "      - Psychotherapy: treatments/psychotherapy.md", "        - Psychotherapy: treatments/psychotherapy.md"
    )
    (tmp_path / "mkdocs.yml").write_text(bad, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Project.load(tmp_path, TODAY)
    problem = caught.value.problem
    assert problem is not None and problem.rule == "CONF001" and problem.path == "mkdocs.yml"
    assert "Psychotherapy" in bad.split("\n")[problem.line - 1] or "Psychotherapy" in problem.message
    assert "spaces" in problem.message


@pytest.mark.parametrize("rule_id", ["SEC001", "SEC002", "SEC003"])
def test_security_rules_cannot_be_excused_by_a_comment(rule_id: str) -> None:
    """A page's own comment never lets code through (issue 12): the SEC problem stays, and
    ALLOW001 says why the comment does not apply."""
    code = {
        "SEC001": "<script>alert(1)</script>",
        "SEC002": '<span onclick="alert(1)">x</span>',
        "SEC003": "[x](javascript:alert(1))",
    }[rule_id]
    text = page(BODY + f"\n{code} <!-- allow {rule_id}: the reviewer agreed -->\n")
    only = {rule_id, "ALLOW001", "ALLOW002"}
    found = runner.check(Project.of_pages({"faq.md": text}, today=TODAY), only=only)
    assert sorted(p.rule for p in found) == ["ALLOW001", rule_id], [p.format() for p in found]
    assert "cannot be excused" in next(p.message for p in found if p.rule == "ALLOW001")


def test_code_in_a_box_is_code_not_prose() -> None:
    """Python-Markdown (superfences) shows a fence indented in a box as code. CommonMark reads
    the indented fence as text, so the code view keeps its own fence finder (tools/checker/pages.py)."""
    boxed = page(BODY + "\n!!! example\n\n    ```\n    Her brother committed suicide.\n    ```\n")
    assert problems("LANG001", boxed) == []
    assert [p.line for p in problems("LANG001", boxed.replace("    ```\n", ""))] == [15]
