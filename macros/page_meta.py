"""The "About this page" aside: when the sources were checked, the clinical-review status,
and a tracking-free report link.

Every content page ends with it. The adapter appends it to the page after the macros
have run, so it needs no template logic in the theme (dates are formatted here).
Search skips it (``data-search-exclude``): readers search for topics, not review dates.

Two checks are kept apart, as readers should see them (issue 13, section 3):

- ``sources_checked``: the date an editor last compared the page with its sources;
  ``review_due`` is when that check is next due.
- ``clinical_review``: ``pending`` until a clinician listed in macros/data/reviewers.yml
  has reviewed the page; then ``approved`` with ``reviewer: <id>`` and
  ``clinical_review_date: YYYY-MM-DD``. An approval without a valid reviewer stops the build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from urllib.parse import quote

from macros._data import Data
from macros._render import attr, text
from macros.context import PageContext
from macros.errors import MacroError

REVIEWERS_FILE = "macros/data/reviewers.yml"
REVIEW_PAGE = "about/index.md#review"  # the section that explains review
STATUSES = ("pending", "approved")


def _date(page: PageContext, key: str) -> dt.date:
    """A front-matter date. YAML gives MkDocs a ``date``; Zensical hands the front matter
    over as JSON, so the same date arrives as the text "2026-11-21"."""
    value = page.meta.get(key)
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = dt.date.fromisoformat(value)
    if not isinstance(value, dt.date):
        raise MacroError(
            f"{page.source}: front matter {key!r} should be a date like 2026-11-21, got {value!r}.",
            fix=f"Write year-month-day with dashes and no quotes, e.g. '{key}: 2026-11-21'",
            field=key,
            rule="FM003",
        )
    return value


def format_date(day: dt.date) -> str:
    """'November 21, 2026': US order, as on the rest of the hub."""
    return f"{day:%B} {day.day}, {day.year}"


def _time(day: dt.date) -> str:
    return f'<time datetime="{day.isoformat()}">{format_date(day)}</time>'


def clinical_review(data: Data, page: PageContext) -> str:
    """The clinical-review line, from the front matter; raises if an approval names no valid reviewer."""
    status = page.meta.get("clinical_review")
    if status not in STATUSES:
        raise MacroError(
            f"{page.source}: front matter 'clinical_review' should be pending or approved, got {status!r}.",
            fix="add `clinical_review: pending` (no clinician has reviewed the page yet)",
            field="clinical_review",
            rule="REV002",
        )
    if status == "pending":
        extra = [key for key in ("reviewer", "clinical_review_date") if key in page.meta]
        if extra:
            raise MacroError(
                f"{page.source}: clinical_review is pending but the front matter has {' and '.join(extra)}.",
                fix=f"remove {' and '.join(extra)}, or set clinical_review: approved if that reviewer approved the page",
                field=extra[0],
                rule="REV002",
            )
        return "Clinical review: not yet reviewed by a clinician."
    reviewer_id = page.meta.get("reviewer")
    reviewer = data.reviewers.get(reviewer_id) if isinstance(reviewer_id, str) else None
    if reviewer is None:
        known = ", ".join(sorted(data.reviewers)) or "none yet"
        got = "no reviewer" if reviewer_id is None else f"reviewer {reviewer_id!r}, which is not in {REVIEWERS_FILE}"
        raise MacroError(
            f"{page.source}: clinical_review is approved, but the front matter has {got} (known reviewers: {known}).",
            fix=f"add the clinician to {REVIEWERS_FILE} (id, name, qualification, registration, url, date) and "
            "set `reviewer: <their id>`, or set `clinical_review: pending`. Never approve a page for a reviewer "
            "who has not reviewed it",
            field="clinical_review",
            rule="REV002",
        )
    day = _date(page, "clinical_review_date")
    who = f'<a href="{attr(reviewer.url)}">{text(reviewer.name)}</a>, {text(reviewer.qualification)}'
    return f"Clinical review: reviewed by {who}, on {_time(day)}."


def about_this_page(data: Data, page: PageContext) -> str:
    """The aside as raw HTML, or "" for a page without a ``sources_checked`` date (the 404 page)."""
    if not page.meta.get("sources_checked"):
        return ""
    checked, due = _date(page, "sources_checked"), _date(page, "review_due")
    review = clinical_review(data, page)
    how = page.href_to(REVIEW_PAGE)
    report = page.site.report_url + quote(page.src_uri)
    return (
        '<aside class="trd-page-meta" aria-label="About this page" data-search-exclude>\n'
        "<p>\n"
        f"Sources last checked: {_time(checked)}. Next check due: {_time(due)}.<br>\n"
        f'{review} <a href="{attr(how)}">How review works</a>\n'
        "</p>\n"
        f'<p><a href="{attr(report)}">Report a problem with this page</a></p>\n'
        "</aside>\n"
    )
