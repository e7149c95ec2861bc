"""The "About this page" aside: the source-check dates and the clinical-review status,
formatted in the core, with a link to how review works and a report link per page."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from bs4 import BeautifulSoup

from macros import models, page_meta
from macros._data import Data
from macros.context import PageContext, SiteSettings
from macros.errors import MacroError
from macros.page_meta import about_this_page

SITE = SiteSettings(crisis_page="get-help-now/", report_url="https://example.org/issues/new?template=x.yml&page=")
META = {"sources_checked": dt.date(2026, 11, 1), "review_due": dt.date(2027, 5, 21), "clinical_review": "pending"}
APPROVED = {
    **META,
    "clinical_review": "approved",
    "reviewer": "a-lovelace",
    "clinical_review_date": dt.date(2027, 1, 15),
}
LOVELACE = models.Reviewer(
    id="a-lovelace",
    name="Dr Ada Lovelace",
    qualification="Consultant psychiatrist",
    registration="GMC 0000000",
    url="https://example.org/register/a-lovelace",
    date=dt.date(2027, 1, 10),
)


def _page(src_uri: str = "treatments/ect.md", meta: dict | None = None) -> PageContext:
    stem = src_uri.removesuffix(".md")
    url = "" if stem == "index" else stem.removesuffix("/index") + "/"
    return PageContext(src_uri=src_uri, url=url, meta=META if meta is None else meta, site=SITE)


def _with_reviewer(data: Data) -> Data:
    return dataclasses.replace(data, reviewers={LOVELACE.id: LOVELACE})


def test_aside_shows_when_sources_were_checked_and_that_no_clinician_reviewed_it(data: Data) -> None:
    html = about_this_page(data, _page())
    aside = BeautifulSoup(html, "html.parser").aside
    assert aside["class"] == ["trd-page-meta"] and aside["aria-label"] == "About this page"
    assert aside.has_attr("data-search-exclude"), "review dates stay out of the search index"
    assert not any(tag.has_attr("style") for tag in aside.find_all(True)), "no inline styles (CSP)"
    times = aside.select("time")
    assert [t["datetime"] for t in times] == ["2026-11-01", "2027-05-21"]
    assert [t.get_text() for t in times] == ["November 1, 2026", "May 21, 2027"]
    text = " ".join(aside.get_text().split())
    assert "Sources last checked: November 1, 2026." in text
    assert "Clinical review: not yet reviewed by a clinician." in text
    assert "Last reviewed" not in text


def test_how_review_works_link_is_relative_to_the_page(data: Data) -> None:
    for src_uri, href in (
        ("treatments/ect.md", "../../about/#review"),
        ("faq.md", "../about/#review"),
        ("index.md", "about/#review"),
    ):
        links = BeautifulSoup(about_this_page(data, _page(src_uri)), "html.parser").find_all("a")
        assert [a["href"] for a in links if a.get_text() == "How review works"] == [href], src_uri


def test_report_link_is_for_this_page_and_url_encoded(data: Data) -> None:
    aside = BeautifulSoup(about_this_page(data, _page()), "html.parser")
    report = aside.find("a", string="Report a problem with this page")
    assert report["href"] == "https://example.org/issues/new?template=x.yml&page=treatments/ect.md"
    odd = BeautifulSoup(about_this_page(data, _page('a b/"x".md')), "html.parser")
    assert odd.find("a", string="Report a problem with this page")["href"].endswith("page=a%20b/%22x%22.md")


def test_no_aside_without_a_sources_checked_date(data: Data) -> None:
    assert about_this_page(data, PageContext(src_uri="404.md", site=SITE)) == ""


@pytest.mark.parametrize(
    "meta", [{"sources_checked": dt.date(2026, 1, 1), "clinical_review": "pending"}, {**META, "review_due": "soon"}]
)
def test_a_missing_or_malformed_date_names_the_page_and_the_fix(data: Data, meta: dict) -> None:
    with pytest.raises(MacroError, match=r"docs/faq.md: front matter 'review_due' should be a date like 2026-11-21"):
        about_this_page(data, _page("faq.md", meta))


@pytest.mark.parametrize("status", [None, "reviewed", "Pending"])
def test_clinical_review_must_be_pending_or_approved(data: Data, status: object) -> None:
    meta = {**META, "clinical_review": status} if status else {k: v for k, v in META.items() if k != "clinical_review"}
    with pytest.raises(MacroError, match=r"docs/faq.md: front matter 'clinical_review' should be pending or approved"):
        about_this_page(data, _page("faq.md", meta))


def test_approval_without_a_reviewer_names_the_page_the_reviewers_file_and_the_fix(data: Data) -> None:
    meta = {k: v for k, v in APPROVED.items() if k != "reviewer"}
    with pytest.raises(MacroError) as caught:
        about_this_page(data, _page("faq.md", meta))
    message = str(caught.value)
    assert message.startswith("docs/faq.md: clinical_review is approved, but the front matter has no reviewer")
    assert "macros/data/reviewers.yml" in message and "clinical_review: pending" in message


def test_approval_by_an_unknown_reviewer_fails(data: Data) -> None:
    with pytest.raises(MacroError, match=r"reviewer 'a-lovelace', which is not in macros/data/reviewers.yml"):
        about_this_page(data, _page("faq.md", APPROVED))


def test_reviewer_fields_on_a_pending_page_fail(data: Data) -> None:
    with pytest.raises(MacroError, match=r"clinical_review is pending but the front matter has reviewer"):
        about_this_page(_with_reviewer(data), _page("faq.md", {**META, "reviewer": "a-lovelace"}))


def test_approval_by_a_listed_reviewer_shows_who_and_when(data: Data) -> None:
    aside = BeautifulSoup(about_this_page(_with_reviewer(data), _page("faq.md", APPROVED)), "html.parser")
    text = " ".join(aside.get_text().split())
    assert "Clinical review: reviewed by Dr Ada Lovelace, Consultant psychiatrist, on January 15, 2027." in text
    assert aside.find("a", string="Dr Ada Lovelace")["href"] == "https://example.org/register/a-lovelace"
    assert "not yet reviewed" not in text


def test_approval_needs_its_date(data: Data) -> None:
    meta = {k: v for k, v in APPROVED.items() if k != "clinical_review_date"}
    with pytest.raises(MacroError, match=r"front matter 'clinical_review_date' should be a date"):
        about_this_page(_with_reviewer(data), _page("faq.md", meta))


def test_no_reviewer_is_listed_today(data: Data) -> None:
    """No clinician has reviewed the hub: the reviewers file is empty (never invent one)."""
    assert data.reviewers == {}


def test_dates_given_as_iso_text_read_the_same(data: Data) -> None:
    """Zensical hands front matter over as JSON, so its dates arrive as text."""
    as_text = {key: value.isoformat() if isinstance(value, dt.date) else value for key, value in META.items()}
    assert about_this_page(data, _page("treatments/ect.md", as_text)) == about_this_page(
        data, _page("treatments/ect.md", META)
    )


# ── The page contract (PageMeta) and its one loader ─────────────────────────────
FRONT = (
    "---\ntitle: Example\ndescription: An example page.\nsources_checked: 2026-11-21\n"
    "review_due: 2027-11-21\nclinical_review: pending\n---\n\n# Example\n"
)


def _errors(text: str, **kwargs) -> list[tuple[int, str]]:
    return [(e.line, e.rule) for e in page_meta.read(text).check(**kwargs)]


def test_a_valid_front_matter_has_no_mistakes_and_its_fields_keep_their_lines() -> None:
    front = page_meta.read(FRONT)
    assert front.check(today=dt.date(2026, 11, 21), reviewers=set()) == []
    assert (front.end, front.line_of("review_due"), front.line_of("reviewer")) == (7, 5, None)


def test_each_mistake_is_reported_at_its_own_line_with_the_rule_of_the_checker() -> None:
    text = FRONT.replace("2026-11-21", '"2026-11-21"').replace("2027-11-21", "2027-13-01")
    text = text.replace("pending", "approved\nreviewer: dr-nobody\nsearch_terms: shock therapy\nreviewd: 1")
    assert _errors(text, reviewers={"a-lovelace"}) == [
        (4, "FM003"),
        (5, "FM003"),
        (8, "FM006"),
        (9, "FM005"),
        (7, "REV002"),
        (6, "REV002"),
    ]


@pytest.mark.parametrize(
    "edit, line",
    [
        (("clinical_review: pending\n", "clinical_review: pending\ntitle: Again\n"), 7),  # YAML keeps the last
        (("title: Example", "title: !!python/name:os.system Example"), 2),
        (("title: Example", "title: Example: page: ["), 2),
    ],
    ids=["key-twice", "tag", "broken-yaml"],
)
def test_front_matter_the_strict_loader_refuses_is_one_mistake_at_its_line(edit: tuple[str, str], line: int) -> None:
    [error] = page_meta.read(FRONT.replace(*edit)).check()
    assert (error.line, error.rule, error.field) == (line, "FM001", None)
    assert error.message.startswith("The page's front matter cannot be read: ") and error.fix


def test_no_pydantic_wording_reaches_a_contributor() -> None:
    bad = (
        "---\ntitle: [a, b]\ndescription: 42\nsources_checked: soon\nreview_due:\nclinical_review: Pending\n"
        "search_terms: 7\nreviewer: x\nextra_field: 1\n---\n"
    )
    errors = page_meta.read(bad).check(today=dt.date(2026, 11, 21), reviewers=set())
    assert len(errors) >= 7
    for error in errors:
        for noise in ("Value error", "validation error", "Input should", "pydantic", "Field required"):
            assert noise not in error.message and noise not in error.fix, error


def test_the_engine_and_the_checker_read_one_contract() -> None:
    """MkDocs hands the aside dates; the checker reads the text: the same mistakes either way."""
    meta = {
        "title": "Example",
        "description": "An example page.",
        "sources_checked": dt.date(2026, 11, 21),
        "review_due": dt.date(2026, 11, 1),
        "clinical_review": "pending",
        "reviewer": "x",
    }
    text = "---\n" + "".join(f"{k}: {v}\n" for k, v in meta.items()) + "---\n"
    from_text = [(e.rule, e.message) for e in page_meta.read(text).check()]
    assert from_text == [(e.rule, e.message) for e in page_meta.validate(meta)]
    assert {rule for rule, _ in from_text} == {"FM004", "REV002"}


def test_an_approval_with_an_empty_date_fails_in_the_checker_too(data: Data) -> None:
    text = FRONT.replace("pending", "approved\nreviewer: a-lovelace\nclinical_review_date:")
    assert _errors(text, reviewers={"a-lovelace"}) == [(6, "REV002")]
    with pytest.raises(MacroError, match=r"front matter 'clinical_review_date' should be a date"):
        about_this_page(_with_reviewer(data), _page("faq.md", {**APPROVED, "clinical_review_date": None}))


def test_the_build_names_the_line_of_a_date_that_makes_mkdocs_drop_the_front_matter(caplog) -> None:
    """MkDocs' own YAML fails on 2026-13-01 and drops the block without a word: the adapter
    says why, with the checker's own message (make check prints it once)."""
    from macros.adapters.mkdocs_macros import Adapter

    adapter = Adapter.__new__(Adapter)
    adapter.page, adapter.failed = _page("faq.md"), False
    adapter._check_front_matter(FRONT.replace("2026-11-21", "2026-13-01"), {})
    assert [r.getMessage() for r in caplog.records] == [
        "docs/faq.md:4: FM003: 'sources_checked: 2026-13-01' is not a real date written as YYYY-MM-DD. "
        "Fix: Write year-month-day with dashes, e.g. 'sources_checked: 2026-11-21'."
    ]
    caplog.clear()
    adapter._check_front_matter(FRONT, {"title": "Example"})  # MkDocs read it: nothing to say
    assert caplog.records == []
