"""Treatment pages: each renders its evidence table, and answers the DISCERN questions in
named sections, in order.

A treatment page is one named as ``page:`` by a treatment in macros/data/treatments.yml.
Whether a treatment without a controlled study says so is a data rule: the evidence file's
``no_controlled_evidence`` must match its studies (macros/models.py, reported by DATA001),
and the table then tells readers in a visible sentence, so rendering the table is enough.
These rules read the source: early, friendly warnings. tests/site/test_evidence.py checks
the same promises on the built pages.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from macros._yaml import read_yaml
from macros.errors import DataError
from tools.checker.core import Problem, rule
from tools.checker.pages import Page
from tools.checker.project import Project

SECTIONS_FILE = Path(__file__).resolve().parent.parent / "treatment_pages.yml"
TREATMENTS = Path("macros/data/treatments.yml")
_CALL = re.compile(r"\{\{-?\s*evidence_table\(\s*[\"'](?P<id>[^\"']+)[\"']\s*\)\s*-?\}\}")
_ANCHOR = re.compile(r"\s*\{[^}]*\}\s*$")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: faster


@dataclass(frozen=True)
class Section:
    heading: str
    asks: str


def load_sections(path: Path = SECTIONS_FILE) -> list[Section]:
    """The DISCERN sections every treatment page has, in order (tools/checker/treatment_pages.yml)."""
    raw = read_yaml(path)
    return [Section(str(s["heading"]), str(s["asks"])) for s in raw["sections"]]


SECTIONS = load_sections()
EVIDENCE_SECTION = "What the studies found"


def treatment_pages(project: Project) -> dict[str, list[str]]:
    """docs/ path -> the ids of the treatments it is the page of, from treatments.yml (as written)."""
    path = project.root / TREATMENTS
    try:
        return _treatment_pages(path, path.stat().st_mtime_ns)
    except OSError:
        return {}  # DATA001 reports a missing file


@functools.lru_cache(maxsize=8)
def _treatment_pages(path: Path, mtime: int) -> dict[str, list[str]]:
    """Read once per file version: every page of a project asks."""
    try:
        raw = read_yaml(path, _Loader)
    except (OSError, DataError):
        return {}  # DATA001 reports an unreadable file
    found: dict[str, list[str]] = defaultdict(list)
    for entry in (raw or {}).get("treatments") or []:
        if isinstance(entry, dict) and isinstance(entry.get("page"), str) and isinstance(entry.get("id"), str):
            found[entry["page"]].append(entry["id"])
    return dict(found)


def heading_text(text: str) -> str:
    """'What the studies found {#evidence}' -> 'What the studies found'."""
    return _ANCHOR.sub("", text).strip()


def _h2s(page: Page) -> list[tuple[int, str]]:
    return [(h.line, heading_text(h.text)) for h in page.headings() if h.level == 2]


def _section_lines(page: Page, title: str) -> range | None:
    """The lines of the `## title` section (to the next `##` or `#`), or None."""
    for line, text in _h2s(page):
        if text == title:
            later = [h.line for h in page.headings() if h.line > line and h.level <= 2]
            return range(line, later[0] if later else len(page.lines) + 1)
    return None


@rule(
    "EV001",
    "evidence-table-missing",
    fix='Put {{ evidence_table("<treatment-id>") }} under ## What the studies found, once for each treatment on the page',
)
def evidence_table_missing(page: Page, project: Project) -> Iterator[Problem]:
    """A reader weighing a treatment sees its studies, their design, size, funder and
    whether each met its main goal (with what guidelines say in the At a glance box), before the
    prose about benefits. So every treatment page renders the evidence table of each
    treatment it covers, in its "What the studies found" section."""
    ids = treatment_pages(project).get(page.src_uri)
    if not ids:
        return
    calls: dict[str, int] = {}
    for number, line in enumerate(page.markup, start=1):
        for match in _CALL.finditer(line):
            calls.setdefault(match.group("id"), number)
    section = _section_lines(page, EVIDENCE_SECTION)
    for treatment_id in ids:
        call = f'{{{{ evidence_table("{treatment_id}") }}}}'
        if treatment_id not in calls:
            where = (
                f"under '## {EVIDENCE_SECTION}' (line {section.start})" if section else f"under '## {EVIDENCE_SECTION}'"
            )
            yield page.problem(
                section.start if section else page.h1_line(),
                f"This page is the page of treatment '{treatment_id}' (macros/data/treatments.yml) but shows no evidence table for it",
                f"Add '{call}' {where}",
            )
        elif section is not None and calls[treatment_id] not in section:
            yield page.problem(
                calls[treatment_id],
                f"The evidence table for '{treatment_id}' is outside the '## {EVIDENCE_SECTION}' section",
                f"Move '{call}' under '## {EVIDENCE_SECTION}' (line {section.start})",
            )


@rule(
    "EV002",
    "discern-sections",
    fix="Give every treatment page the eight DISCERN `##` sections from tools/checker/treatment_pages.yml, in order",
)
def discern_sections(page: Page, project: Project) -> Iterator[Problem]:
    """DISCERN, a checklist for written information about treatment choices, asks whether
    a page explains how a treatment works, its benefits, its risks, what happens without it,
    its effect on daily life, the other choices, what is uncertain, and what to ask. Each
    treatment page answers these in sections with fixed names, in a fixed order, so readers
    find the same answer in the same place on every treatment page."""
    if page.src_uri not in treatment_pages(project):
        return
    h2s = _h2s(page)
    position = {text: line for line, text in reversed(h2s)}  # first occurrence of each heading
    previous: Section | None = None
    for section in SECTIONS:
        if section.heading not in position:
            after = f"after '## {previous.heading}'" if previous else "after the introduction"
            line = position.get(previous.heading, page.h1_line()) if previous else page.h1_line()
            yield page.problem(
                line,
                f"This treatment page has no '## {section.heading}' section ({section.asks})",
                f"Add a section headed exactly '## {section.heading}' {after}",
            )
            continue
        if (
            previous is not None
            and previous.heading in position
            and position[section.heading] < position[previous.heading]
        ):
            yield page.problem(
                position[section.heading],
                f"'## {section.heading}' comes before '## {previous.heading}'",
                "Put the DISCERN sections in this order: " + " · ".join(s.heading for s in SECTIONS),
            )
        previous = section
