"""The "About this page" aside: NHS-style review dates and a tracking-free report link.

Every content page ends with it. The adapter appends it to the page after the macros
have run, so it needs no template logic in the theme (dates are formatted here).
Search skips it (``data-search-exclude``): readers search for topics, not review dates.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from urllib.parse import quote

from macros._render import attr
from macros.context import PageContext
from macros.errors import MacroError


def _date(page: PageContext, key: str) -> dt.date:
    """A front-matter date. YAML gives MkDocs a ``date``; Zensical hands the front matter
    over as JSON, so the same date arrives as the text "2026-11-21"."""
    value = page.meta.get(key)
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = dt.date.fromisoformat(value)
    if not isinstance(value, dt.date):
        raise MacroError(
            f"{page.source}: front matter {key!r} should be a date like 2026-11-21, got {value!r}. "
            "Add `reviewed:` and `review_due:` to the front matter."
        )
    return value


def _time(day: dt.date) -> str:
    return f'<time datetime="{day.isoformat()}">{day.day} {day:%B %Y}</time>'


def about_this_page(page: PageContext) -> str:
    """The aside as raw HTML, or "" for a page without a ``reviewed`` date (the 404 page)."""
    if not page.meta.get("reviewed"):
        return ""
    reviewed, due = _date(page, "reviewed"), _date(page, "review_due")
    report = page.site.report_url + quote(page.src_uri)
    return (
        '<aside class="trd-page-meta" aria-label="About this page" data-search-exclude>\n'
        "<p>\n"
        f"Last reviewed: {_time(reviewed)}<br>\n"
        f"Next review due: {_time(due)}\n"
        "</p>\n"
        f'<p><a href="{attr(report)}">Report a problem with this page</a></p>\n'
        "</aside>\n"
    )
