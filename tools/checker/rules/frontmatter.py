"""Front matter rules: the fields every page needs, and what each may hold.

The contract itself is ``PageMeta`` (macros/page_meta.py), shared with the build: each rule
here reports the contract's mistakes that carry its id, at the field's line.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

from macros._yaml import read_yaml
from macros.errors import DataError
from macros.page_meta import ALLOWED, MAX_DESCRIPTION, REVIEWERS_FILE
from tools.checker.core import Problem, rule
from tools.checker.pages import Page
from tools.checker.project import Project


def reviewer_ids(project: Project) -> frozenset[str] | None:
    """The ids in macros/data/reviewers.yml, or None if it cannot be read (DATA001 reports that)."""
    return _reviewer_ids(project.root / REVIEWERS_FILE)


@functools.cache
def _reviewer_ids(path: Path) -> frozenset[str] | None:
    try:
        raw = read_yaml(path)
    except (OSError, DataError):
        return None
    entries = raw.get("reviewers") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        return None
    return frozenset(str(entry["id"]) for entry in entries if isinstance(entry, dict) and "id" in entry)


def mistakes(page: Page, project: Project, rule_id: str) -> Iterator[Problem]:
    """The page's front matter mistakes that carry ``rule_id``, as problems at their lines."""
    for error in page.front.check(today=project.today, reviewers=reviewer_ids(project)):
        if error.rule == rule_id:
            yield page.problem(error.line, error.message, error.fix)


@rule(
    "FM001",
    "front-matter-required",
    fix="Start the page with the front matter block from .github/PAGE_TEMPLATE.md: `title`, `description`, "
    "`sources_checked`, `review_due` and `clinical_review` between two `---` lines",
)
def front_matter_required(page: Page, project: Project) -> Iterator[Problem]:
    """Every page starts with front matter giving its title, a description for search
    results, the date an editor last checked it against its sources, when that check is
    next due, and its clinical-review status. The page shows all three, so readers can
    judge how current it is and whether a clinician has reviewed it."""
    yield from mistakes(page, project, "FM001")


@rule(
    "FM002",
    "description-too-long",
    fix=f"Shorten the description to {MAX_DESCRIPTION} characters or fewer: one plain sentence saying what the page covers",
)
def description_too_long(page: Page, project: Project) -> Iterator[Problem]:
    """Search engines cut descriptions off at about 160 characters, so a longer one
    ends mid-sentence in results. A short description also forces a clear summary."""
    yield from mistakes(page, project, "FM002")


@rule("FM003", "bad-date", fix="Write dates as YYYY-MM-DD without quotes, e.g. `sources_checked: 2026-11-21`")
def bad_date(page: Page, project: Project) -> Iterator[Problem]:
    """The dates are printed on the page and read by the review-date workflow. A date
    in another format (21/11/2026, "Nov 2026", a quoted date) breaks both."""
    yield from mistakes(page, project, "FM003")


@rule(
    "FM004",
    "review-due-before-sources-checked",
    fix="Set review_due to a date after sources_checked, usually one year later",
)
def review_due_before_sources_checked(page: Page, project: Project) -> Iterator[Problem]:
    """A page's next source check is due after its last one, never before or on the same
    day. A swapped pair of dates would hide an overdue page from the review workflow."""
    yield from mistakes(page, project, "FM004")


@rule("FM005", "unknown-field", fix=f"Use only these front matter fields: {', '.join(ALLOWED)}; check the spelling")
def unknown_field(page: Page, project: Project) -> Iterator[Problem]:
    """Only the fields the site uses are allowed. A misspelt field (sources_chekced,
    review-due) is otherwise silently ignored, and the page shows no date. The old
    `reviewed` field is gone: it read as a clinical review that had not happened."""
    yield from mistakes(page, project, "FM005")


@rule(
    "FM006",
    "bad-search-terms",
    fix="Write search_terms as a list in square brackets, e.g. `search_terms: [shock therapy, electroshock]`",
)
def bad_search_terms(page: Page, project: Project) -> Iterator[Problem]:
    """search_terms adds the words readers type (lay terms, misspellings) to the search
    index. It must be a list of words, or the build stops."""
    yield from mistakes(page, project, "FM006")


@rule("FM009", "sources-checked-in-future", fix="Set sources_checked to the day you checked the page, today or earlier")
def sources_checked_in_future(page: Page, project: Project) -> Iterator[Problem]:
    """A source check happened on a day that has come. A future `sources_checked` tells readers
    a page was checked when it was not, and holds off its next review."""
    yield from mistakes(page, project, "FM009")
