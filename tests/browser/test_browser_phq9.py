"""The PHQ-9 self-check and the printable worksheets, in Debian's Chromium at phone width.

What a reader must be able to rely on: the form works with the keyboard alone; an answer
above "Not at all" on the self-harm item shows crisis routes at once, next to it; the
total and band match macros/data/phq9.yml; nothing leaves this computer (every request
stays on 127.0.0.1, no cookies, nothing stored but Material's own keys); axe finds no
WCAG 2.2 AA or best-practice problems; and worksheets print without the site's chrome.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from macros import _data
from tests.browser.sweep import run_axe as _run_axe

pytestmark = pytest.mark.browser

FORM_PAGE = "tracking/measurement-based-care/"
WORKSHEET_PAGE = "planning/treatment-history/"
PHONE = {"width": 360, "height": 780}
PHQ9 = _data.load().phq9
# Answers for items 1-8; item 9 (self-harm) is answered last, after being changed twice.
FIRST_EIGHT = [2, 2, 1, 2, 1, 1, 1, 1]
SELF_HARM = 1
TOTAL = sum(FIRST_EIGHT) + SELF_HARM


def _material_key(key: str) -> bool:
    """Material for MkDocs keeps its own UI state in Web Storage, scoped to the site's base
    path: ``__md_set("__palette", ...)`` writes the key "/.__palette" to localStorage on every
    load (the colour scheme, documented on about/privacy), and other keys it may write, such
    as "/.__tabs" or "/.__source", carry the same "/.__" prefix. Nothing else may be stored."""
    return "__palette" in key or key.startswith("/.__")


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport=PHONE)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def requests(context) -> list[str]:
    """Every URL the browser asks for, from any page or worker in this context."""
    seen: list[str] = []
    context.on("request", lambda request: seen.append(request.url))
    return seen


@pytest.fixture
def form_page(context, requests: list[str], base_url: str) -> Iterator[Page]:
    """The form page, loaded after ``requests`` starts listening so the first load counts."""
    page = context.new_page()
    page.goto(base_url + FORM_PAGE)
    if page.locator("form[data-phq9]").count() != 1:
        pytest.fail(
            f"{FORM_PAGE} has no PHQ-9 form: add {{{{ phq9_form() }}}} to docs/tracking/measurement-based-care.md"
        )
    yield page
    page.close()


def _focused(page: Page, js: str) -> object:
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {js}; }})()")


def _tab_to(page: Page, condition: str, limit: int = 300) -> None:
    """Press Tab until the focused element matches ``condition`` (a JS expression on ``el``)."""
    for _ in range(limit):
        if _focused(page, f"!!el && !!({condition})"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached an element where {condition}")


def _checked(page: Page, item_id: str) -> int | None:
    value = page.evaluate(f"document.querySelector('input[name=\"phq9-{item_id}\"]:checked')?.value ?? null")
    return None if value is None else int(value)


def _choose(page: Page, value: int) -> None:
    """On a radio group's focused first radio with nothing chosen yet: Space picks 0, ArrowDown moves and picks."""
    if value == 0:
        page.keyboard.press("Space")
    for _ in range(value):
        page.keyboard.press("ArrowDown")


def _fill_by_keyboard(page: Page) -> None:
    items = [item.id for item in PHQ9.items]
    _tab_to(page, f"el.name === 'phq9-{items[0]}'")
    for item_id, value in zip(items[:-1], FIRST_EIGHT, strict=True):
        assert _focused(page, "el.name") == f"phq9-{item_id}"
        _choose(page, value)
        assert _checked(page, item_id) == value
        page.keyboard.press("Tab")


def test_self_check_by_keyboard_at_phone_width_is_private_and_accessible(
    form_page: Page, context, requests: list[str], base_url: str, screenshots_dir: Path
) -> None:
    page = form_page
    alert = page.locator("[data-phq9-alert]")
    self_harm = PHQ9.items[-1].id
    _fill_by_keyboard(page)

    # Item 9: any answer above "Not at all" shows the crisis routes at once, before any total.
    assert _focused(page, "el.name") == f"phq9-{self_harm}"
    expect(alert).to_be_hidden()
    _choose(page, 2)
    expect(alert).to_be_visible()
    expect(alert.locator('a[href^="tel:"]').first).to_be_visible()
    assert alert.evaluate("a => a.closest('fieldset').dataset.phq9Item") == self_harm
    expect(page.locator("[data-phq9-result]")).to_be_empty()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert _checked(page, self_harm) == 0
    expect(alert).to_be_hidden()
    page.keyboard.press("ArrowDown")
    assert _checked(page, self_harm) == SELF_HARM
    expect(alert).to_be_visible()

    # Submit from the keyboard; the result is announced and focused.
    _tab_to(page, "el.matches('form[data-phq9] button[type=submit]')")
    page.keyboard.press("Enter")
    result = page.locator("[data-phq9-result]")
    band = next(b for b in PHQ9.bands if b.min <= TOTAL <= b.max)
    expect(result).to_contain_text(f"Your total: {TOTAL} out of {PHQ9.bands[-1].max}")
    expect(result).to_contain_text(band.label)
    expect(result).to_contain_text(band.meaning)
    expect(result).to_contain_text("not a diagnosis")
    assert _focused(page, "el.hasAttribute('data-phq9-result')")
    assert result.get_attribute("aria-live") == "polite"
    assert page.url == base_url + FORM_PAGE, "submitting must not navigate"
    page.locator("form[data-phq9]").screenshot(path=str(screenshots_dir / "phq9-filled-360.png"))

    # axe on the filled form with the alert showing. No rule or element is excluded.
    # Tabbing here passed glossary and citation links. For each, Material's content.tooltips
    # mounts a tooltip outside the landmarks and moves the link's title into it, then
    # unmounts it and restores the title a moment after focus leaves. Audit the page at
    # rest, once those tooltips are gone, as a reader would meet it.
    page.wait_for_function("() => document.querySelectorAll('.md-tooltip2').length === 0")
    violations = _run_axe(page)
    assert not violations, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']]}" for v in violations
    )

    # Print or save as PDF stamps today's date and prints; the printout keeps result and date.
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
    page.get_by_role("button", name="Print or save as PDF").press("Enter")
    assert page.evaluate("window.__printed") == 1
    today = page.evaluate(
        "(() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]; })()"
    )
    assert result.locator("time").get_attribute("datetime") == datetime.date(*today).isoformat()
    page.emulate_media(media="print")
    expect(result).to_be_visible()
    expect(result.locator(".phq9__date")).to_be_visible()
    expect(page.locator("[data-phq9-actions]")).to_be_hidden()
    page.emulate_media(media="screen")

    # Clear answers empties the result and hides the alert again.
    page.get_by_role("button", name="Clear answers").press("Enter")
    expect(result).to_be_empty()
    expect(alert).to_be_hidden()
    assert _checked(page, self_harm) is None

    # Nothing left this computer and nothing was kept.
    leaving = sorted(
        {
            u
            for u in requests
            if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).hostname != "127.0.0.1"
        }
    )
    assert not leaving, f"requests left 127.0.0.1: {leaving}"
    assert context.cookies() == []
    stored = page.evaluate("({local: Object.keys(localStorage), session: Object.keys(sessionStorage)})")
    assert [k for keys in stored.values() for k in keys if not _material_key(k)] == [], stored


def test_unanswered_questions_are_named_and_the_first_is_focused(form_page: Page) -> None:
    page = form_page
    items = [item.id for item in PHQ9.items]
    for item_id in items[:2] + items[3:6]:
        page.locator(f'input[name="phq9-{item_id}"][value="0"]').check()
    page.get_by_role("button", name="Show my total").click()
    result = page.locator("[data-phq9-result]")
    expect(result).to_contain_text("Questions 3, 7, 8 and 9 are not answered yet")
    assert _focused(page, "el.dataset.phq9Item") == items[2]
    expect(page.locator(f'[data-phq9-item="{items[2]}"] .phq9__missing')).to_be_visible()


def test_form_starts_after_instant_navigation(context, base_url: str) -> None:
    """Material swaps pages without a reload; phq9.js must start on the new page too.

    Material matches clicked links against sitemap.xml after copying only the protocol
    and host name (not the port) onto its URLs, so on a test server's random port a click
    does a full load. Pushing the URL into ``location$`` is the step a click takes on the
    real host: Material fetches the page and swaps it in, and ``document$`` emits.
    """
    page = context.new_page()
    page.goto(base_url + "planning/questions-to-ask/")
    page.evaluate("window.__sameDocument = true")
    page.evaluate(f"location$.next(new URL({base_url + FORM_PAGE!r}))")
    expect(page.locator("form[data-phq9]")).to_have_count(1)
    assert page.evaluate("window.__sameDocument === true"), "the page reloaded: instant navigation did not run"
    expect(page.locator("[data-phq9-actions]")).to_be_visible()
    expect(page.get_by_role("button", name="Print or save as PDF")).to_have_count(1)


def test_without_javascript_the_form_is_a_paper_questionnaire(browser, base_url: str) -> None:
    ctx = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(base_url + FORM_PAGE)
        form = page.locator("form[data-phq9]")
        expect(form.locator("fieldset")).to_have_count(9)
        expect(form.locator("#phq9-howto")).to_contain_text("Add up the nine answers")
        expect(form.locator("[data-phq9-paper]")).to_be_visible()
        expect(form.locator("button")).to_have_count(2)
        for button in form.locator("button").all():
            expect(button).to_be_hidden()
    finally:
        ctx.close()


def test_worksheet_prints_without_navigation_or_search(context, base_url: str) -> None:
    page = context.new_page()
    page.goto(base_url + WORKSHEET_PAGE)
    page.emulate_media(media="print")
    table = page.locator(".worksheet table").first
    expect(table).to_be_visible()
    # Seven columns, after the row numbers' column (macros/worksheet.py).
    expect(table.locator("thead th")).to_have_count(8)
    assert table.locator("tbody tr").count() >= 8
    for chrome in (".md-sidebar", ".md-header", ".md-search", ".md-footer__inner"):
        for element in page.locator(chrome).all():
            expect(element).to_be_hidden()
    # The crisis line prints at the top (banner) and at the end (footer disclaimer).
    expect(page.locator(".md-banner")).to_be_visible()
    expect(page.locator(".trd-disclaimer")).to_be_visible()
