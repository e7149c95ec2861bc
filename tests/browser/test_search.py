"""Material's search, typed into the search box in Chromium, finds the page a reader needs.

Queries are what real readers type: brand and generic names, lay terms, phone-keyboard
misspellings and questions. Each expects one specific page among the first three results.
Lay terms and misspellings reach the index through the treatment data (aliases) and
front matter (search_terms), never through hidden text.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

QUERIES = {
    # brand, generic and lay names
    "spravato": "treatments/esketamine/",
    "esketamine": "treatments/esketamine/",
    "can I drive after spravato": "faq/",
    "shock therapy": "treatments/ect/",
    "electroshock": "treatments/ect/",
    "ECT": "treatments/ect/",
    "magnet therapy": "treatments/rtms/",
    "TMS": "treatments/rtms/",
    "SAINT": "treatments/rtms/",
    "ketamine infusion": "treatments/iv-ketamine/",
    "VNS": "treatments/vns/",
    "deep brain stimulation": "treatments/emerging/",
    "lithium": "treatments/medication-strategies/",
    "abilify": "treatments/medication-strategies/",
    "T3": "treatments/medication-strategies/",
    "talk therapy": "treatments/psychotherapy/",
    "exercise": "treatments/whole-person-care/",
    # misspellings a phone keyboard makes
    "spravto": "treatments/esketamine/",
    "esketamin": "treatments/esketamine/",
    "lithum": "treatments/medication-strategies/",
    "antidepresant": "treatments/medication-strategies/",
    # help and questions
    "988": "get-help-now/",
    "suicide hotline": "get-help-now/",
    "samaritans": "get-help-now/",
    "thyroid": "understanding/pseudo-resistance/",
    "bipolar": "understanding/pseudo-resistance/",
    "sleep apnea": "understanding/pseudo-resistance/",
    "how long should an antidepressant take": "faq/",
    "what is treatment resistant depression": "understanding/what-is-trd/",
    "PHQ-9": "tracking/measurement-based-care/",
    "depression test": "tracking/measurement-based-care/",
    "STAR*D": "planning/stepwise-plan/",
    "questions to ask my doctor": "planning/questions-to-ask/",
    "relapse": "planning/maintenance/",
    "supporting someone": "living/family-and-friends/",
}


@pytest.fixture(scope="module")
def search_page(browser, base_url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(base_url)
    page.keyboard.press("/")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta') !== null")
    yield page
    context.close()


def _top_pages(page, base_url: str, query: str, n: int = 3) -> list[str]:
    """The first ``n`` distinct pages in the results for ``query``.

    Material searches on key presses. The box is cleared with a key press first, then
    the query is filled in silently and its last character typed, so the only results
    that can appear are the ones for the whole query (no waiting on a clock).
    """
    box = page.locator(".md-search__input")
    box.fill("")
    box.press("Backspace")
    page.wait_for_function("() => document.querySelector('.md-search-result__list').children.length === 0")
    box.fill(query[:-1])
    box.press(query[-1])
    page.wait_for_function("() => document.querySelector('.md-search-result__list').children.length > 0", timeout=5000)
    links = page.eval_on_selector_all(
        ".md-search-result__item > .md-search-result__link", "els => els.map(e => e.href)"
    )
    pages = [href.split("#")[0].split("?")[0].replace(base_url, "") for href in links]
    return list(dict.fromkeys(pages))[:n]


def test_there_are_at_least_25_queries() -> None:
    assert len(QUERIES) >= 25


@pytest.mark.parametrize(("query", "expected"), QUERIES.items(), ids=list(QUERIES))
def test_search_finds_the_right_page(search_page, base_url: str, query: str, expected: str) -> None:
    top = _top_pages(search_page, base_url, query)
    assert expected in top, f"{query!r}: expected {expected} in the top 3, got {top}"
