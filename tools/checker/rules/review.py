"""Review status: pages past their source-check date are flagged (never blocking a change),
and a clinical approval must name a reviewer who exists."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path

from macros._yaml import read_yaml
from macros.errors import DataError
from tools.checker.core import Problem, rule
from tools.checker.dates import a_year_later, parse_date
from tools.checker.pages import Page
from tools.checker.project import Project

REVIEWERS = Path("macros/data/reviewers.yml")
STATUSES = ("pending", "approved")


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


def _reviewer_ids(project: Project) -> set[str] | None:
    """The ids in macros/data/reviewers.yml, or None if it cannot be read (DATA001 reports that)."""
    try:
        raw = read_yaml(project.root / REVIEWERS)
    except (OSError, DataError):
        return None
    entries = raw.get("reviewers") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        return None
    return {str(entry["id"]) for entry in entries if isinstance(entry, dict) and "id" in entry}


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
    found = page.meta.get("clinical_review")
    if found is None or found.value is None:
        return  # FM001 reports the missing field
    status = found.value
    if status not in STATUSES:
        yield page.problem(
            found.line,
            f"clinical_review is {status!r}; it can only be pending or approved",
            "Write 'clinical_review: pending' until a clinician listed in macros/data/reviewers.yml has reviewed the page",
        )
        return
    extra = [key for key in ("reviewer", "clinical_review_date") if key in page.meta]
    if status == "pending":
        for key in extra:
            yield page.problem(
                page.line_of(key),
                f"'{key}' is set, but clinical_review is pending",
                f"Remove '{key}', or set 'clinical_review: approved' if that reviewer has approved this page",
            )
        return
    reviewer = page.value("reviewer")
    known = _reviewer_ids(project)
    if reviewer is None:
        yield page.problem(
            found.line,
            "clinical_review is approved, but no reviewer is named",
            f"Add 'reviewer: <id>' naming the clinician's entry in {REVIEWERS}, or set 'clinical_review: pending'",
        )
    elif known is not None and str(reviewer) not in known:
        close = difflib.get_close_matches(str(reviewer), sorted(known), n=1, cutoff=0.6)
        hint = f"Did you mean '{close[0]}'? " if close else ""
        listed = ", ".join(sorted(known)) or "none yet"
        yield page.problem(
            page.line_of("reviewer"),
            f"reviewer '{reviewer}' is not in {REVIEWERS} (listed: {listed})",
            f"{hint}Add the clinician to {REVIEWERS} (id, name, qualification, registration, url, date), "
            "or set 'clinical_review: pending'. Never approve a page for someone who has not reviewed it",
        )
    if "clinical_review_date" not in page.meta:
        yield page.problem(
            found.line,
            "clinical_review is approved, but there is no clinical_review_date",
            "Add 'clinical_review_date: YYYY-MM-DD', the day the clinician approved the page",
        )
