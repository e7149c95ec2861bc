"""Tables a reader can read on a phone (issue 22): at 360 x 780 no table on a treatment or
planning page is wider than its box, nothing scrolls sideways, each stacked cell still names
its column: light and dark with JavaScript on (where axe also finds nothing on those pages),
and with JavaScript off (the labels come from the build, macros/table_labels.py, not a script)."""

from __future__ import annotations

import pytest

from tests.browser.test_browser import _describe, _run_axe
from tests.conftest import Page

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}


def _reading_pages(pages: list[Page]) -> list[str]:
    urls = [p.url for p in pages if p.url.startswith(("treatments/", "planning/"))]
    assert len(urls) >= 12, urls
    return sorted(urls)


WIDER = """() => [...document.querySelectorAll('article table')].map(t => {
    const box = t.parentElement.closest('.md-typeset__scrollwrap, .md-typeset__table, article, div, details');
    return {table: (t.querySelector('caption') || t.querySelector('th') || t).textContent.trim().slice(0, 60),
            over: Math.round(t.getBoundingClientRect().right - document.querySelector('article').getBoundingClientRect().right),
            scrolls: [...document.querySelectorAll('.md-typeset__scrollwrap')].some(w => w.contains(t) && w.scrollWidth > w.clientWidth + 1)};
}).filter(r => r.over > 1 || r.scrolls)"""

UNLABELLED = """() => [...document.querySelectorAll('article table td')].filter(td =>
    td.cellIndex > 0 && getComputedStyle(td).display === 'block' && !td.hasAttribute('data-label')).length"""


@pytest.mark.parametrize(("scheme", "javascript"), [("light", True), ("dark", True), ("light", False)])
def test_treatment_and_planning_tables_fit_a_phone(
    browser, base_url: str, pages: list[Page], scheme: str, javascript: bool
) -> None:
    context = browser.new_context(
        viewport=PHONE, color_scheme=scheme, reduced_motion="reduce", java_script_enabled=javascript
    )
    page = context.new_page()
    problems = []
    for url in _reading_pages(pages):
        page.goto(base_url + url)
        if plain := page.evaluate("() => [...document.querySelectorAll('article table:not(.trd-stack)')].length"):
            problems.append(f"{url}: {plain} table(s) that do not stack into cards on a phone")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            problems.append(f"{url}: the page scrolls sideways by {overflow}px")
        for wide in page.evaluate(WIDER):
            problems.append(f"{url}: table {wide['table']!r} is {wide['over']}px wider than the text, or scrolls")
        if unlabelled := page.evaluate(UNLABELLED):
            problems.append(f"{url}: {unlabelled} stacked cell(s) without their column name")
        # axe runs on timers, which do not fire with JavaScript off; it checks these pages on.
        if javascript and (violations := _run_axe(page)):
            problems.append(f"{url}: axe\n{_describe(violations)}")
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
