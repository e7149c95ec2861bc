"""Review dates: how the checker reads a front matter date, and the one rule for "a year later"."""

from __future__ import annotations

import datetime as dt
import re

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value: object) -> dt.date | None:
    """A YYYY-MM-DD date, or None if the value is anything else."""
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def a_year_later(day: dt.date) -> dt.date:
    """The usual next review date: the same day a year on; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February, and next year is not a leap year
        return day.replace(year=day.year + 1, day=28)
