"""Review dates: pages past their review date are flagged, but never block a change."""

from __future__ import annotations

from collections.abc import Iterator

from tools.checker.core import Problem, rule
from tools.checker.dates import a_year_later, parse_date
from tools.checker.pages import Page
from tools.checker.project import Project


@rule(
    "REV001",
    "review-overdue",
    severity="WARNING",
    fix="Ask a clinical reviewer to check the page, then update reviewed and review_due",
)
def review_overdue(page: Page, project: Project) -> Iterator[Problem]:
    """Health information goes out of date: doses, approvals and crisis numbers change.
    Every page shows its next review date; a page past it is listed for review. This is a
    warning, never an error: an overdue review must not block an urgent fix."""
    due = parse_date(page.value("review_due"))
    if due is None or due >= project.today:
        return
    reviewed = parse_date(page.value("reviewed"))
    last = f" (last reviewed {reviewed})" if reviewed else ""
    today = project.today
    yield page.problem(
        page.line_of("review_due"),
        f"This page was due for review on {due}{last}",
        f"After a clinical reviewer has checked the page, set 'reviewed: {today}' and "
        f"'review_due: {a_year_later(today)}'",
    )
