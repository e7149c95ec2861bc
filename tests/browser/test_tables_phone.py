"""Tables a reader can read on a phone (issue 22): at 360 x 780 no table on a treatment or
planning page is wider than its box, nothing scrolls sideways, each stacked cell still names
its column: light and dark with JavaScript on (where axe also finds nothing on those pages; in
dark its colour rules, see tests/browser/sweep.py), read from the phone sweep's records, and
with JavaScript off (the labels come from the build, macros/table_labels.py, not a script)."""

from __future__ import annotations

import pytest

from tests.browser import sweep as sweeps
from tests.browser.sweep import OVERFLOW, UNLABELLED, VIEWPORTS, WIDER, describe
from tests.conftest import Page

pytestmark = pytest.mark.browser

PHONE = VIEWPORTS["phone"]  # 360 x 780


def _reading_pages(pages: list[Page]) -> list[str]:
    urls = [p.url for p in pages if p.url.startswith(("treatments/", "planning/"))]
    assert len(urls) >= 12, urls
    return sorted(urls)


def _problems(url: str, facts: dict) -> list[str]:
    problems = []
    if plain := facts["plain_tables"]:
        problems.append(f"{url}: {plain} table(s) that do not stack into cards on a phone")
    if (overflow := facts["overflow"]) > 0:
        problems.append(f"{url}: the page scrolls sideways by {overflow}px")
    for wide in facts["wider_tables"]:
        problems.append(f"{url}: table {wide['table']!r} is {wide['over']}px wider than the text, or scrolls")
    if unlabelled := facts["unlabelled_cells"]:
        problems.append(f"{url}: {unlabelled} stacked cell(s) without their column name")
    return problems


@sweeps.GROUP
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_treatment_and_planning_tables_fit_a_phone(sweep, pages: list[Page], scheme: str) -> None:
    """With JavaScript on: the phone sweep's records of these pages (tests/browser/sweep.py),
    axe's among them."""
    reading = set(_reading_pages(pages))
    problems = []
    for visit in sweep("phone", scheme).visits:
        if visit.url in reading:
            problems += _problems(visit.url, visit.facts)
            if visit.violations:
                problems.append(f"{visit.url}: axe\n{describe(visit.violations)}")
    assert not problems, "\n".join(problems)


def test_treatment_and_planning_tables_fit_a_phone_without_javascript(
    browser, base_url: str, pages: list[Page]
) -> None:
    """The labels come from the build (macros/table_labels.py), not a script. (axe runs on
    timers, which do not fire with JavaScript off; it checks these pages on, above.)"""
    context = browser.new_context(
        viewport=PHONE, color_scheme="light", reduced_motion="reduce", java_script_enabled=False
    )
    page = context.new_page()
    problems = []
    for url in _reading_pages(pages):
        page.goto(base_url + url)
        facts = {
            "plain_tables": page.evaluate("() => document.querySelectorAll('article table:not(.trd-stack)').length"),
            "overflow": page.evaluate(OVERFLOW),
            "wider_tables": page.evaluate(WIDER),
            "unlabelled_cells": page.evaluate(UNLABELLED),
        }
        problems += _problems(url, facts)
    context.close()
    assert not problems, "\n".join(problems)


def test_stacked_evidence_rows_keep_the_study_name_and_column_names_in_view(browser, base_url: str) -> None:
    """A reader on a phone sees each study as a card: its name first, then 'People: 65' and so on."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(base_url + "treatments/iv-ketamine/")
    row = page.locator(".trd-evidence tbody tr").first
    name = row.locator("th")
    people = row.locator("td[data-label='People']")
    assert name.is_visible() and people.is_visible()
    assert name.bounding_box()["y"] < people.bounding_box()["y"], "the study's name is not on top of its card"
    shown = page.evaluate("el => getComputedStyle(el, '::before').content", people.element_handle())
    assert "People" in shown, f"the column name is not shown before the value ({shown})"
    context.close()
