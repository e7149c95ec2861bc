"""Front matter rules: the fields every page needs, and what each may hold."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from tools.checker.core import Problem, rule
from tools.checker.dates import a_year_later, parse_date
from tools.checker.pages import Page
from tools.checker.project import Project

REQUIRED = ("title", "description", "sources_checked", "review_due", "clinical_review")
# `reviewer` and `clinical_review_date` go with `clinical_review: approved` (rule REV002).
# `search` is Material's own per-page search setting (e.g. `search: {boost: 2}`); `hide` is
# Material's per-page switch for the sidebars (e.g. `hide: [toc]`; Zensical reads it too).
ALLOWED = (*REQUIRED, "reviewer", "clinical_review_date", "search_terms", "search", "hide")
DATES = ("sources_checked", "review_due", "clinical_review_date")
MAX_DESCRIPTION = 160
EXAMPLE = {
    "title": "title: Electroconvulsive therapy (ECT)",
    "description": "description: What ECT is, how it is given, how well it works and its side effects.",
    "sources_checked": "sources_checked: 2026-11-21",
    "review_due": "review_due: 2027-11-21",
    "clinical_review": "clinical_review: pending",
    "clinical_review_date": "clinical_review_date: 2027-01-15",
}
TEMPLATE = " / ".join(["---", *(EXAMPLE[key] for key in REQUIRED), "---"])


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
    if page.front_matter_error:
        line, why = page.front_matter_error
        yield page.problem(
            line,
            f"The page's front matter cannot be read: {why}",
            "Check the lines between the two --- lines. Each must look like 'field: value', e.g. 'title: Esketamine (Spravato)'. "
            "Put a value that contains a colon in double quotes",
        )
        return
    if not page.has_front_matter:
        yield page.problem(
            1,
            "This page has no front matter (the block between two --- lines at the very top)",
            f"Copy the block from .github/PAGE_TEMPLATE.md to the first lines: {TEMPLATE}",
        )
        return
    for key in REQUIRED:
        value = page.value(key)
        if key not in page.meta or value is None or (isinstance(value, str) and not value.strip()):
            yield page.problem(
                page.line_of(key) if key in page.meta else 1,
                f"The front matter has no '{key}'",
                f"Add a line to the front matter, e.g. '{EXAMPLE[key]}'",
            )
        elif key in ("title", "description") and not isinstance(value, str):
            yield page.problem(
                page.line_of(key),
                f"'{key}' should be text, but it is {value!r}",
                f"Write it as text, e.g. '{EXAMPLE[key]}'",
            )


@rule(
    "FM002",
    "description-too-long",
    fix=f"Shorten the description to {MAX_DESCRIPTION} characters or fewer: one plain sentence saying what the page covers",
)
def description_too_long(page: Page, project: Project) -> Iterator[Problem]:
    """Search engines cut descriptions off at about 160 characters, so a longer one
    ends mid-sentence in results. A short description also forces a clear summary."""
    description = page.value("description")
    if isinstance(description, str) and len(description.strip()) > MAX_DESCRIPTION:
        yield page.problem(
            page.line_of("description"),
            f"The description is {len(description.strip())} characters long; the limit is {MAX_DESCRIPTION}",
            "Cut it to one sentence of at most 160 characters, e.g. 'What ECT is, how it is given, how well it works and its side effects.'",
        )


@rule("FM003", "bad-date", fix="Write dates as YYYY-MM-DD without quotes, e.g. `sources_checked: 2026-11-21`")
def bad_date(page: Page, project: Project) -> Iterator[Problem]:
    """The dates are printed on the page and read by the review-date workflow. A date
    in another format (21/11/2026, "Nov 2026", a quoted date) breaks both."""
    for key in DATES:
        found = page.meta.get(key)
        if found is None or found.value is None:
            continue
        if parse_date(found.value) is None:
            yield page.problem(
                found.line,
                f"'{key}: {found.value}' is not a real date written as YYYY-MM-DD",
                f"Write year-month-day with dashes, e.g. '{EXAMPLE[key]}'",
            )
        elif found.quoted:
            yield page.problem(
                found.line,
                f"The date in '{key}' is in quotes, so it is read as text, not as a date",
                f"Remove the quotes: '{key}: {found.value}'",
            )


@rule(
    "FM004",
    "review-due-before-sources-checked",
    fix="Set review_due to a date after sources_checked, usually one year later",
)
def review_due_before_sources_checked(page: Page, project: Project) -> Iterator[Problem]:
    """A page's next source check is due after its last one, never before or on the same
    day. A swapped pair of dates would hide an overdue page from the review workflow."""
    checked, due = parse_date(page.value("sources_checked")), parse_date(page.value("review_due"))
    if checked and due and due <= checked:
        yield page.problem(
            page.line_of("review_due"),
            f"review_due ({due}) is not after sources_checked ({checked})",
            f"Check the two dates are not swapped; usually review_due is a year later, e.g. 'review_due: {a_year_later(checked)}'",
        )


@rule("FM005", "unknown-field", fix=f"Use only these front matter fields: {', '.join(ALLOWED)}; check the spelling")
def unknown_field(page: Page, project: Project) -> Iterator[Problem]:
    """Only the fields the site uses are allowed. A misspelt field (sources_chekced,
    review-due) is otherwise silently ignored, and the page shows no date. The old
    `reviewed` field is gone: it read as a clinical review that had not happened."""
    for key, found in page.meta.items():
        if key in ALLOWED:
            continue
        close = ["sources_checked"] if key == "reviewed" else difflib.get_close_matches(key, ALLOWED, n=1, cutoff=0.6)
        hint = (
            f"Did you mean '{close[0]}'? Rename it"
            if close
            else f"Remove it; the allowed fields are {', '.join(ALLOWED)}"
        )
        if key == "reviewed":
            hint += " (the date an editor last checked the page against its sources) and add 'clinical_review: pending'"
        yield page.problem(found.line, f"'{key}' is not a front matter field TRD Hub uses", hint)


@rule(
    "FM006",
    "bad-search-terms",
    fix="Write search_terms as a list in square brackets, e.g. `search_terms: [shock therapy, electroshock]`",
)
def bad_search_terms(page: Page, project: Project) -> Iterator[Problem]:
    """search_terms adds the words readers type (lay terms, misspellings) to the search
    index. It must be a list of words, or the build stops."""
    found = page.meta.get("search_terms")
    if found is None:
        return
    value = found.value
    if not isinstance(value, list) or not value or not all(isinstance(w, str) and w.strip() for w in value):
        yield page.problem(
            found.line,
            "search_terms must be a list of words or phrases",
            "Write it in square brackets, separated by commas, e.g. 'search_terms: [shock therapy, electroshock]'",
        )


@rule("FM009", "sources-checked-in-future", fix="Set sources_checked to the day you checked the page, today or earlier")
def sources_checked_in_future(page: Page, project: Project) -> Iterator[Problem]:
    """A source check happened on a day that has come. A future `sources_checked` tells readers
    a page was checked when it was not, and holds off its next review."""
    checked = parse_date(page.value("sources_checked"))
    if checked and checked > project.today:
        yield page.problem(
            page.line_of("sources_checked"),
            f"sources_checked ({checked}) is in the future (today is {project.today})",
            f"Write the day you checked the sources, e.g. 'sources_checked: {project.today}'",
        )
