"""Review status: pages past their source-check date are flagged (never blocking a change),
and a clinical approval must name a reviewer who exists."""

from __future__ import annotations

from collections.abc import Iterator

from macros.page_meta import REVIEWERS_FILE as REVIEWERS
from macros.page_meta import a_year_later
from macros.page_meta import iso_date as parse_date
from tools.checker.core import Problem, rule
from tools.checker.pages import Page
from tools.checker.project import Project
from tools.checker.rules.frontmatter import mistakes


@rule(
    "REV001",
    "review-overdue",
    severity="WARNING",
    fix="Check every claim against its sources (and look for newer ones), then update sources_checked and review_due",
)
def review_overdue(page: Page, project: Project) -> Iterator[Problem]:
    """Health information goes out of date: doses, approvals and crisis numbers change.
    Every page shows when an editor last checked it against its sources and when the next
    check is due; a page past it is listed for review. This is a warning, never an error:
    an overdue check must not block an urgent fix."""
    due = parse_date(page.value("review_due"))
    if due is None or due >= project.today:
        return
    checked = parse_date(page.value("sources_checked"))
    last = f" (sources last checked {checked})" if checked else ""
    today = project.today
    yield page.problem(
        page.line_of("review_due"),
        f"This page was due for a source check on {due}{last}",
        f"After checking every claim against its sources, set 'sources_checked: {today}' and "
        f"'review_due: {a_year_later(today)}'. Leave clinical_review as it is: a source check is not a clinical review",
    )


@rule(
    "REV002",
    "clinical-review-status",
    fix=f"Write `clinical_review: pending`, or `approved` with `reviewer:` (an id in {REVIEWERS}) and `clinical_review_date:`",
)
def clinical_review_status(page: Page, project: Project) -> Iterator[Problem]:
    """Every page tells readers whether a clinician has reviewed it. Editors' source checks
    are not clinical review, so a page is `pending` until a clinician listed, with their
    qualification and registration, in macros/data/reviewers.yml has reviewed it. An
    approval without such a reviewer would tell readers something untrue (the build stops)."""
    yield from mistakes(page, project, "REV002")
