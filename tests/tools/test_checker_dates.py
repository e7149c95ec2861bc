"""One "a year later" rule for review dates, used by every fix that suggests a review_due."""

from __future__ import annotations

import datetime as dt

import pytest

from macros.page_meta import a_year_later
from macros.page_meta import iso_date as parse_date
from tools.checker import rules  # noqa: F401 - importing registers the rules
from tools.checker.core import RULES
from tools.checker.project import Project


@pytest.mark.parametrize(
    ("day", "later"),
    [
        ("2026-11-21", "2027-11-21"),
        ("2027-12-31", "2028-12-31"),
        ("2028-02-29", "2029-02-28"),
        ("2027-02-28", "2028-02-28"),
    ],
)
def test_a_year_later_keeps_the_day_or_ends_february(day: str, later: str) -> None:
    assert a_year_later(dt.date.fromisoformat(day)) == dt.date.fromisoformat(later)


@pytest.mark.parametrize("value", ["2026-13-01", "21/11/2026", "2026-1-5", 20261121, None])
def test_parse_date_takes_only_real_yyyy_mm_dd(value: object) -> None:
    assert parse_date(value) is None


def _fix(rule_id: str, sources_checked: str, review_due: str, today: dt.date) -> str:
    text = (
        f"---\ntitle: A page\ndescription: A page.\nsources_checked: {sources_checked}\nreview_due: {review_due}\n"
        "clinical_review: pending\n---\n\n# A page\n"
    )
    project = Project.of_pages({"faq.md": text}, today=today)
    [problem] = RULES[rule_id].run(project.pages[0], project)
    return problem.fix


def test_swapped_dates_and_overdue_review_suggest_the_same_next_date() -> None:
    leap_day = dt.date(2028, 2, 29)
    swapped = _fix("FM004", sources_checked="2028-02-29", review_due="2027-02-28", today=leap_day)
    overdue = _fix("REV001", sources_checked="2027-02-28", review_due="2028-02-28", today=leap_day)
    assert "review_due: 2029-02-28" in swapped
    assert "review_due: 2029-02-28" in overdue
