"""A page's front matter: its contract (``PageMeta``), the one loader that reads it from a
page's text, and the "About this page" aside built from it.

``read(text)`` parses the block between the two ``---`` lines with the project's strict YAML
loader (no duplicate keys, no tags; dates kept as text, so 2026-13-01 is reported, not crashed
on) and keeps each field's line; ``FrontMatter.check()`` returns every mistake as a
``MetaError`` (line, rule, message, fix): the checker's FM rules and REV002 print them, and the
mkdocs adapter prints those that make MkDocs drop the block. ``validate(meta)`` checks a front
matter an engine has already read (MkDocs gives dates, Zensical text): the aside's check.

Two checks are kept apart, as readers should see them (issue 13, section 3): ``sources_checked``
is the date an editor last compared the page with its sources (``review_due``: when that check
is next due); ``clinical_review`` is ``pending`` until a clinician listed in
macros/data/reviewers.yml has reviewed the page, then ``approved`` with ``reviewer: <id>`` and
``clinical_review_date``. An approval without a valid reviewer stops the build.

Every content page ends with the aside, appended by the adapter after the macros have run (no
template logic in the theme; dates are formatted here). Search skips it (``data-search-exclude``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Collection, Iterator, Mapping
from typing import Annotated, Any
from urllib.parse import quote

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo
from pydantic import PlainValidator as Check
from pydantic_core import PydanticCustomError

from macros._data import Data
from macros._render import attr, text
from macros._yaml import RefusedYAML, StrictLoader
from macros.context import PageContext
from macros.errors import MacroError

REVIEWERS_FILE = "macros/data/reviewers.yml"
REVIEW_PAGE = "about/index.md#review"  # the section that explains review
STATUSES = ("pending", "approved")
REQUIRED = ("title", "description", "sources_checked", "review_due", "clinical_review")
# `reviewer` and `clinical_review_date` go with `clinical_review: approved`.
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
UNREADABLE_FIX = (
    "Check the lines between the two --- lines. Each must look like 'field: value', e.g. 'title: Esketamine (Spravato)'. "
    "Put a value that contains a colon in double quotes"
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(value: object) -> dt.date | None:
    """A YYYY-MM-DD date (text, or a date an engine's YAML made of it), or None for anything else."""
    if type(value) is dt.date:
        return value
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


# ── The contract ─────────────────────────────────────────────────────────────
def _mistake(rule: str, message: str, fix: str) -> PydanticCustomError:
    return PydanticCustomError(rule, message, {"fix": fix})  # the type is the rule id, no "Value error, "


def _missing(key: str) -> PydanticCustomError:
    return _mistake("FM001", *_no(key))


def _no(key: str) -> tuple[str, str]:
    return f"The front matter has no '{key}'", f"Add a line to the front matter, e.g. '{EXAMPLE[key]}'"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any, info: ValidationInfo) -> str:
    key = info.field_name or ""
    if _blank(value):
        raise _missing(key)
    if not isinstance(value, str):
        raise _mistake(
            "FM001", f"'{key}' should be text, but it is {value!r}", f"Write it as text, e.g. '{EXAMPLE[key]}'"
        )
    if key == "description" and len(value.strip()) > MAX_DESCRIPTION:
        raise _mistake(
            "FM002",
            f"The description is {len(value.strip())} characters long; the limit is {MAX_DESCRIPTION}",
            "Cut it to one sentence of at most 160 characters, e.g. 'What ECT is, how it is given, how well it works and its side effects.'",
        )
    return value


def _date(value: Any, info: ValidationInfo) -> dt.date | None:
    key = info.field_name or ""
    if key in REQUIRED and _blank(value):
        raise _missing(key)
    if value is None:
        return None
    day = iso_date(value)
    if day is None:
        raise _mistake(
            "FM003",
            f"'{key}: {value}' is not a real date written as YYYY-MM-DD",
            f"Write year-month-day with dashes, e.g. '{EXAMPLE[key]}'",
        )
    today = (info.context or {}).get("today")
    if key == "sources_checked" and today and day > today:
        raise _mistake(
            "FM009",
            f"sources_checked ({day}) is in the future (today is {today})",
            f"Write the day you checked the sources, e.g. 'sources_checked: {today}'",
        )
    return day


def _status(value: Any, info: ValidationInfo) -> str:
    if _blank(value):
        raise _missing("clinical_review")
    if value not in STATUSES:
        raise _mistake(
            "REV002",
            f"clinical_review is {value!r}; it can only be pending or approved",
            "Write 'clinical_review: pending' until a clinician listed in macros/data/reviewers.yml has reviewed the page",
        )
    return str(value)


def _search_terms(value: Any, info: ValidationInfo) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(w, str) and w.strip() for w in value):
        raise _mistake(
            "FM006",
            "search_terms must be a list of words or phrases",
            "Write it in square brackets, separated by commas, e.g. 'search_terms: [shock therapy, electroshock]'",
        )
    return value


A_DATE = "a date like 2026-11-21"


class PageMeta(BaseModel):
    """The front matter every page starts with. Each field's check raises the checker's own
    rule id, message and fix; ``validate()`` adds the checks between fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Annotated[str, Check(_text)]
    description: Annotated[str, Check(_text)]  # for search results: at most 160 characters
    sources_checked: Annotated[dt.date, Check(_date), Field(description=A_DATE)]  # not in the future
    review_due: Annotated[dt.date, Check(_date), Field(description=A_DATE)]  # after sources_checked
    clinical_review: Annotated[str, Check(_status), Field(description="pending or approved")]
    reviewer: Any = None  # with approved: an id in macros/data/reviewers.yml
    clinical_review_date: Annotated[dt.date | None, Check(_date), Field(description=A_DATE)] = None
    search_terms: Annotated[list[str] | None, Check(_search_terms)] = None  # readers' own words
    search: Any = None  # Material's, e.g. {boost: 2} or {exclude: true}
    hide: Any = None  # Material's, e.g. [toc]


@dataclasses.dataclass(frozen=True)
class MetaError:
    """One front matter mistake. ``field`` is what is wrong (None: the block itself); ``at`` is the
    field whose line it is reported on; ``relation`` marks a mistake between two fields."""

    rule: str
    message: str
    fix: str
    field: str | None = None
    at: str | None = None
    value: Any = None
    relation: bool = False
    line: int = 1


def _relations(meta: Mapping[str, Any], reviewers: Collection[str] | None) -> Iterator[MetaError]:
    checked, due = iso_date(meta.get("sources_checked")), iso_date(meta.get("review_due"))
    if checked and due and due <= checked:
        yield MetaError(
            "FM004",
            f"review_due ({due}) is not after sources_checked ({checked})",
            f"Check the two dates are not swapped; usually review_due is a year later, e.g. 'review_due: {a_year_later(checked)}'",
            "review_due",
            "review_due",
            relation=True,
        )
    status = meta.get("clinical_review")
    if status == "pending":
        for key in ("reviewer", "clinical_review_date"):
            if key in meta:
                yield MetaError(
                    "REV002",
                    f"clinical_review is pending but the front matter has {key}",
                    f"Remove '{key}', or set 'clinical_review: approved' if that reviewer has approved this page",
                    key,
                    key,
                    relation=True,
                )
    if status != "approved":
        return
    reviewer = meta.get("reviewer")
    listed = ", ".join(sorted(reviewers or ())) or "none yet"
    if reviewer is None:
        yield MetaError(
            "REV002",
            f"clinical_review is approved, but the front matter has no reviewer (known reviewers: {listed})",
            f"Add 'reviewer: <id>' naming the clinician's entry in {REVIEWERS_FILE} (id, name, qualification, "
            "registration, url, date), or set 'clinical_review: pending'. Never approve a page for a reviewer "
            "who has not reviewed it",
            "reviewer",
            "clinical_review",
            relation=True,
        )
    elif reviewers is not None and str(reviewer) not in reviewers:
        close = difflib.get_close_matches(str(reviewer), sorted(reviewers), n=1, cutoff=0.6)
        hint = f"Did you mean '{close[0]}'? " if close else ""
        yield MetaError(
            "REV002",
            f"clinical_review is approved, but the front matter has reviewer '{reviewer}', which is not in "
            f"{REVIEWERS_FILE} (listed: {listed})",
            f"{hint}Add the clinician to {REVIEWERS_FILE} (id, name, qualification, registration, url, date), "
            "or set 'clinical_review: pending'. Never approve a page for someone who has not reviewed it",
            "reviewer",
            "reviewer",
            relation=True,
        )
    if _blank(meta.get("clinical_review_date")):
        yield MetaError(
            "REV002",
            "clinical_review is approved, but there is no clinical_review_date",
            "Add 'clinical_review_date: YYYY-MM-DD', the day the clinician approved the page",
            "clinical_review_date",
            "clinical_review",
        )


def validate(
    meta: Mapping[str, Any], *, today: dt.date | None = None, reviewers: Collection[str] | None = None
) -> list[MetaError]:
    """Every mistake in a front matter already read (``line`` is 1: ``FrontMatter.check`` adds lines).

    ``today``: also check that sources_checked is not in the future; ``reviewers``: the ids a
    ``reviewer:`` may name (None: not checked)."""
    found: list[MetaError] = []
    try:
        PageMeta.model_validate(dict(meta), context={"today": today})
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            key = str(err["loc"][0])
            value = meta.get(key)
            if err["type"] == "missing":
                found.append(MetaError("FM001", *_no(key), key, key))
            elif err["type"] == "extra_forbidden":
                found.append(_unknown_field(key))
            else:
                found.append(MetaError(err["type"], err["msg"], (err.get("ctx") or {})["fix"], key, key, value))
    return found + list(_relations(meta, reviewers))


def _unknown_field(key: str) -> MetaError:
    close = ["sources_checked"] if key == "reviewed" else difflib.get_close_matches(key, ALLOWED, n=1, cutoff=0.6)
    hint = (
        f"Did you mean '{close[0]}'? Rename it" if close else f"Remove it; the allowed fields are {', '.join(ALLOWED)}"
    )
    if key == "reviewed":  # the old field: it read as a clinical review that had not happened
        hint += " (the date an editor last checked the page against its sources) and add 'clinical_review: pending'"
    return MetaError("FM005", f"'{key}' is not a front matter field TRD Hub uses", hint, key, key)


# ── The loader ───────────────────────────────────────────────────────────────
class _Loader(StrictLoader):
    """The strict loader, with dates kept as text: 2026-13-01 is reported, and a quoted date told apart."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in StrictLoader.yaml_implicit_resolvers.items()
}


@dataclasses.dataclass(frozen=True)
class FrontField:
    line: int
    value: Any
    quoted: bool = False


@dataclasses.dataclass
class FrontMatter:
    """The front matter as written: ``present`` if the page starts with ``---``; ``end``: the
    lines the block takes (0: none, or it never ends); each field with its line."""

    present: bool = False
    end: int = 0
    fields: dict[str, FrontField] = dataclasses.field(default_factory=dict)
    unreadable: MetaError | None = None

    def line_of(self, key: str) -> int | None:
        found = self.fields.get(key)
        return found.line if found else None

    def check(self, *, today: dt.date | None = None, reviewers: Collection[str] | None = None) -> list[MetaError]:
        """Every mistake, each at its line."""
        if self.unreadable:
            return [self.unreadable]
        if not self.present:
            return [
                MetaError(
                    "FM001",
                    "This page has no front matter (the block between two --- lines at the very top)",
                    f"Copy the block from .github/PAGE_TEMPLATE.md to the first lines: {TEMPLATE}",
                )
            ]
        quoted = [
            MetaError(
                "FM003",
                f"The date in '{key}' is in quotes, so it is read as text, not as a date",
                f"Remove the quotes: '{key}: {found.value}'",
                key,
                key,
                found.value,
            )
            for key, found in self.fields.items()
            if found.quoted and key in DATES and iso_date(found.value)
        ]
        errors = quoted + validate({k: f.value for k, f in self.fields.items()}, today=today, reviewers=reviewers)
        return [dataclasses.replace(e, line=self.line_of(e.at or "") or 1) for e in errors]


def read(text: str) -> FrontMatter:
    """The front matter at the top of a page's text (a byte-order mark is skipped)."""
    lines = text.lstrip("\ufeff").split("\n")
    if lines[0].rstrip() != "---":
        return FrontMatter()
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return FrontMatter(
            True, unreadable=_unreadable(1, "the front matter starts with --- but never ends with a second --- line")
        )
    front = FrontMatter(True, end + 1)
    source = "\n".join(["", *lines[1:end]])  # a blank first line: YAML's line numbers are the file's
    try:
        node = yaml.compose(source, Loader=_Loader)
        values = yaml.load(source, Loader=_Loader)
    except RefusedYAML as exc:  # a key written twice, a tag
        fix = exc.fix[:1].upper() + exc.fix[1:]
        front.unreadable = _unreadable(exc.problem_mark.line + 1, exc.problem, fix)
        return front
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        front.unreadable = _unreadable(mark.line + 1 if mark else 1, f"the front matter is not valid YAML ({problem})")
        return front
    if values is None:
        return front
    if not isinstance(values, dict) or not isinstance(node, yaml.MappingNode):
        front.unreadable = _unreadable(2, "the front matter must be a list of 'field: value' lines")
        return front
    for key_node, value_node in node.value:
        key = str(key_node.value)
        quoted = isinstance(value_node, yaml.ScalarNode) and value_node.style in ("'", '"')
        front.fields[key] = FrontField(key_node.start_mark.line + 1, values.get(key), quoted)
    return front


def _unreadable(line: int, why: str, fix: str = UNREADABLE_FIX) -> MetaError:
    return MetaError("FM001", f"The page's front matter cannot be read: {why}", fix, line=line)


# ── The aside ────────────────────────────────────────────────────────────────
# The fields the aside shows, in the order a mistake in them is reported.
ASIDE_FIELDS = ("sources_checked", "review_due", "clinical_review", "reviewer", "clinical_review_date")


def _checked(data: Data, page: PageContext) -> None:
    """Raise the first mistake in the fields the aside shows (the checker reports the rest)."""
    errors = [
        e
        for e in validate(page.meta, reviewers=set(data.reviewers))
        if e.field in ASIDE_FIELDS and e.rule in ("FM001", "FM003", "REV002")
    ]
    if not errors:
        return
    error = min(errors, key=lambda e: ASIDE_FIELDS.index(e.field or ""))
    if error.relation:
        message = error.message
    else:
        expected = PageMeta.model_fields[error.field or ""].description
        message = f"front matter {error.field!r} should be {expected}, got {error.value!r}"
    raise MacroError(f"{page.source}: {message}.", fix=error.fix, field=error.at or "", rule=error.rule)


def format_date(day: dt.date) -> str:
    """'November 21, 2026': US order, as on the rest of the hub."""
    return f"{day:%B} {day.day}, {day.year}"


def _time(day: dt.date) -> str:
    return f'<time datetime="{day.isoformat()}">{format_date(day)}</time>'


def clinical_review(data: Data, page: PageContext) -> str:
    """The clinical-review line, from the front matter; raises if an approval names no valid reviewer."""
    _checked(data, page)
    if page.meta.get("clinical_review") == "pending":
        return "Clinical review: not yet reviewed by a clinician."
    reviewer = data.reviewers[str(page.meta["reviewer"])]
    day = iso_date(page.meta["clinical_review_date"])
    who = f'<a href="{attr(reviewer.url)}">{text(reviewer.name)}</a>, {text(reviewer.qualification)}'
    return f"Clinical review: reviewed by {who}, on {_time(day)}."


def about_this_page(data: Data, page: PageContext) -> str:
    """The aside as raw HTML, or "" for a page without a ``sources_checked`` date (the 404 page)."""
    if not page.meta.get("sources_checked"):
        return ""
    review = clinical_review(data, page)  # checks the dates too
    checked, due = iso_date(page.meta["sources_checked"]), iso_date(page.meta["review_due"])
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
