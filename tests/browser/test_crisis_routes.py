"""Help in the reader's own country within two taps on a phone (issue 19).

A phone (360 x 780, touch) in each country the crisis data lists, set up as a reader there
has it (the browser's time zone and language), with JavaScript on and off, from the home
page and from a deep page: it must reach an on-screen ``tel:`` link with that country's
number in at most two taps, never scrolling by hand (a jump to an anchor is the page's own
doing). The banner must stay compact (at most 120 px at 360 x 780) with 44 x 44 px targets;
at 125, 150 and 200 % text (Chromium's own text-size setting, through the DevTools protocol)
nothing scrolls sideways and the header's buttons stay on screen; axe finds nothing on the
crisis pages; every phone and text link on every page is a number from crisis.yml; and a
Spanish crisis phrase typed into search offers the country's line in Spanish where
crisis.yml has one, and says so where it has none. Debian's Chromium via Playwright; never
skipped.
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from macros import _data
from macros._render import tel_href
from macros.crisis import spanish_lines
from tests.browser.sweep import OVERFLOW
from tests.browser.sweep import describe as _describe
from tests.browser.sweep import run_axe as _run_axe
from tests.conftest import Page

pytestmark = pytest.mark.browser

DATA = _data.load_current()
COUNTRIES = [region for region in DATA.crisis.regions if DATA.crisis.first_of(region)]
# How a reader in each country has the browser set up: a time zone of the country and its
# usual language. Every country with first lines must be here (checked below).
READER = {
    "us": ("America/Chicago", "en-US"),
    "uk": ("Europe/London", "en-GB"),
    "ireland": ("Europe/Dublin", "en-IE"),
    "canada": ("America/Toronto", "en-CA"),
    "australia": ("Australia/Sydney", "en-AU"),
    "new-zealand": ("Pacific/Auckland", "en-NZ"),
    "spain": ("Europe/Madrid", "es-ES"),
    "mexico": ("America/Mexico_City", "es-MX"),
}
PHONE = {"width": 360, "height": 780}
START_PAGES = ("", "treatments/ect/")
MAX_TAPS = 2
BANNER_MAX_PX = 120
TARGET_MIN_PX = 44
TEXT_SCALES = (1.25, 1.5, 2.0)


def _digits(number: str) -> str:
    return re.sub(r"[^0-9+]", "", number)


def _call_href(region) -> str:
    return "tel:" + _digits(region.get(DATA.crisis.first_of(region).call).call)


def _phone(browser, region_id: str = "us", javascript: bool = True):
    zone, locale = READER[region_id]
    return browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        timezone_id=zone,
        locale=locale,
        java_script_enabled=javascript,
        reduced_motion="reduce",
    )


def _settled(page, javascript: bool) -> None:
    """After a load or an instant navigation: the page's scripts have run (two frames later)."""
    page.wait_for_load_state("load")
    if javascript:
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


# In the page: is this element wholly on screen, and is it what a finger at its centre touches?
ON_SCREEN = """el => {
  const box = el.getBoundingClientRect();
  if (!box.width || !box.height) return false;
  if (box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth) return false;
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return !!hit && (hit === el || el.contains(hit));
}"""

TEL_ON_SCREEN = (
    "href => [...document.querySelectorAll('a[href]')].some(a => a.getAttribute('href') === href && ("
    + ON_SCREEN
    + ")(a))"
)


def _tel_on_screen(page, href: str) -> bool:
    return page.evaluate(TEL_ON_SCREEN, href)


def _tap_on_screen(page, selector: str, what: str) -> None:
    link = page.locator(selector).first
    assert link.count(), f"no {what} ({selector})"
    assert link.evaluate(ON_SCREEN), f"{what} is not on screen without scrolling"
    link.tap()


def _taps_to_number(page, base_url: str, start: str, region, javascript: bool) -> int:
    """Tap as a reader would: the banner's way to other countries, then the country in the
    row at the top of Get help now. Returns the taps it took until a tel: link with the
    country's number was on screen; fails when a step is off screen or two taps are not enough."""
    href = _call_href(region)
    page.goto(base_url + start)
    _settled(page, javascript)
    steps = [
        ('.trd-crisis a[href*="#countries"]', "the banner's link to other countries", "**/get-help-now/#countries"),
        (f'.trd-countries a[data-country="{region.id}"]', f"{region.name} in the row of countries", f"**#{region.id}"),
    ]
    taps = 0
    while not _tel_on_screen(page, href):
        assert taps < MAX_TAPS, f"{region.name}: no {href} on screen after {taps} taps"
        selector, what, url = steps[taps]
        _tap_on_screen(page, selector, what)
        page.wait_for_url(url)
        _settled(page, javascript)
        taps += 1
        if javascript:
            # Scripts may still move the page (instant navigation scrolls to the anchor once it
            # has swapped the page in). Not on screen after 3 s: the next tap, or the failure above.
            with contextlib.suppress(PlaywrightTimeout):
                page.wait_for_function(TEL_ON_SCREEN, arg=href, timeout=3000)
        # Without JavaScript nothing moves a loaded page: the browser has jumped to the anchor
        # by the load event, which wait_for_url waited for; the page is read as it is.
    return taps


def test_every_country_with_first_lines_has_a_reader_here() -> None:
    assert sorted(READER) == sorted(r.id for r in COUNTRIES)
    for region in COUNTRIES:
        zone, locale = READER[region.id]
        assert zone in region.time_zones and locale in region.languages, region.id


@pytest.mark.parametrize("start", START_PAGES, ids=["home", "deep"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("region", COUNTRIES, ids=[r.id for r in COUNTRIES])
def test_phone_reaches_its_countrys_number_in_two_taps(browser, base_url: str, region, javascript: bool, start: str):
    context = _phone(browser, region.id, javascript)
    page = context.new_page()
    try:
        taps = _taps_to_number(page, base_url, start, region, javascript)
        if javascript:
            # The browser's own time zone and language put the country's line in the banner.
            assert taps == 0, f"{region.name}: the banner did not show {_call_href(region)} ({taps} taps)"
            banner = page.locator("[data-crisis-banner]")
            assert banner.get_attribute("data-crisis-country") == region.id
            assert page.locator(f'[data-crisis-call][data-crisis-country="{region.id}"]').get_attribute(
                "href"
            ) == _call_href(region)
            away = page.locator("[data-crisis-away]").inner_text()
            assert away.startswith("Not in") and region.label in away, away
        else:
            assert taps <= (0 if region.id == DATA.crisis.banner.region else MAX_TAPS)
    finally:
        context.close()


@pytest.mark.parametrize("start", START_PAGES, ids=["home", "deep"])
def test_wrong_guess_switches_to_another_country_in_two_taps(browser, base_url: str, start: str) -> None:
    """A reader in Ireland whose phone is set to London time: the banner shows the UK, and
    "Not in the UK?" leads to Ireland's number in two taps (through instant navigation)."""
    context = _phone(browser, "uk")
    page = context.new_page()
    try:
        ireland = next(r for r in COUNTRIES if r.id == "ireland")
        page.goto(base_url + start)
        _settled(page, True)
        assert page.locator("[data-crisis-away]").inner_text() == "Not in the UK?"
        # Ireland's call line is also the UK's (116 123); look for its text line instead.
        first = DATA.crisis.first_of(ireland)
        text_href = "sms:" + _digits(ireland.get(first.text).text.number)
        assert not _tel_on_screen(page, text_href)
        _tap_on_screen(page, '.trd-crisis a[href*="#countries"]', "Not in the UK?")
        page.wait_for_url("**/get-help-now/#countries")
        _settled(page, True)
        row = page.locator(".trd-countries__list li a").first
        assert row.get_attribute("data-country") == "uk", "the likely country is not first in the row"
        _tap_on_screen(page, '.trd-countries a[data-country="ireland"]', "Ireland in the row of countries")
        page.wait_for_url("**#ireland")
        page.wait_for_function(TEL_ON_SCREEN, arg=text_href, timeout=5000)
        assert _tel_on_screen(page, _call_href(ireland))
    finally:
        context.close()


@pytest.mark.parametrize("region", COUNTRIES, ids=[r.id for r in COUNTRIES])
def test_banner_is_compact_with_large_targets(browser, base_url: str, region) -> None:
    context = _phone(browser, region.id)
    page = context.new_page()
    problems = []
    for url in ("", "treatments/ect/", "get-help-now/"):
        page.goto(base_url + url)
        _settled(page, True)
        box = page.locator(".md-banner").bounding_box()
        if box["height"] > BANNER_MAX_PX:
            problems.append(f"{url or '(home)'}: banner {box['height']:.0f} px tall (at most {BANNER_MAX_PX})")
        for link in page.locator(".trd-crisis a[href^='tel:'], .trd-crisis a[href^='sms:']").all():
            if not link.is_visible():
                continue
            target = link.bounding_box()
            if target["width"] < TARGET_MIN_PX or target["height"] < TARGET_MIN_PX:
                problems.append(f"{url}: {link.inner_text()!r} is {target['width']:.0f}x{target['height']:.0f} px")
        first = page.evaluate(
            "() => { const el = document.querySelector('[role=region], main, nav, header, footer, aside, section[aria-label]');"
            " return el.closest('.md-banner') || el.querySelector('.trd-crisis') ? '' : el.outerHTML.slice(0, 80); }"
        )
        if first:
            problems.append(f"{url}: the crisis banner is not the first landmark ({first})")
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scale", TEXT_SCALES, ids=[f"{int(s * 100)}pct" for s in TEXT_SCALES])
def test_larger_text_keeps_header_buttons_on_screen_without_sideways_scrolling(browser, base_url: str, scale: float):
    context = _phone(browser)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Page.enable")
    # Chromium's own text-size setting (what a reader changes), not a zoom.
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": round(16 * scale), "fixed": round(13 * scale)}})
    problems = []
    for url in ("", "treatments/ect/", "get-help-now/", "ayuda/"):
        page.goto(base_url + url)
        _settled(page, True)
        where = url or "(home)"
        root = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
        assert root >= 20 * scale - 0.5, f"text size not applied ({root} px)"
        overflow = page.evaluate(OVERFLOW)
        if overflow > 0:
            problems.append(f"{where}: scrolls sideways by {overflow} px")
        banner = page.locator(".md-banner").bounding_box()["height"]
        if scale >= 2 and banner > PHONE["height"] / 2:
            problems.append(f"{where}: banner {banner:.0f} px, more than half of the first screen")
        page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
        for selector, what in (
            ("header .trd-help-link", "Get help now"),
            ("header label[for='__search']", "search"),
            ("header .md-header__option label:not([hidden])", "theme switch"),
        ):
            visible = page.locator(selector).first.evaluate(ON_SCREEN)
            if not visible:
                problems.append(f"{where}: header's {what} button is not on screen after scrolling")
    context.close()
    assert not problems, f"at {int(scale * 100)} % text:\n" + "\n".join(problems)


@pytest.mark.parametrize("url", ["get-help-now/", "ayuda/"])
def test_crisis_pages_have_no_axe_violations(browser, base_url: str, url: str) -> None:
    context = _phone(browser, "uk")
    page = context.new_page()
    page.goto(base_url + url)
    _settled(page, True)
    page.evaluate("() => document.querySelectorAll('details.trd-checked').forEach(d => { d.open = true; })")
    violations = _run_axe(page)
    context.close()
    assert not violations, f"axe violations on {url}:\n{_describe(violations)}"


def _crisis_numbers() -> set[str]:
    numbers = set()
    for region in DATA.crisis.regions:
        numbers.add(_digits(region.emergency))
        for service in region.services:
            if service.call:
                numbers.add(_digits(service.call))
            if service.text:
                numbers.add(_digits(service.text.number))
    return numbers


def test_every_phone_and_text_link_is_a_number_from_the_crisis_data(pages: list[Page]) -> None:
    known = _crisis_numbers()
    strays = []
    for page in pages:
        for link in page.soup.select('a[href^="tel:"], a[href^="sms:"]'):
            number = urlsplit(link["href"]).path
            if number not in known:
                strays.append(f"{page.url or '(home)'}: {link['href']}")
    assert not strays, "phone or text links not in macros/data/crisis.yml:\n" + "\n".join(strays)


def test_banner_links_after_the_country_is_chosen_are_numbers_from_the_crisis_data(browser, base_url: str) -> None:
    known = _crisis_numbers()
    for region in COUNTRIES:
        context = _phone(browser, region.id)
        page = context.new_page()
        page.goto(base_url)
        _settled(page, True)
        hrefs = page.eval_on_selector_all(
            ".trd-crisis a[href^='tel:'], .trd-crisis a[href^='sms:']", "l => l.map(a => a.getAttribute('href'))"
        )
        context.close()
        assert {urlsplit(h).path for h in hrefs} <= known, f"{region.id}: {hrefs}"


def test_choosing_the_country_sends_and_stores_nothing(browser, base_url: str) -> None:
    context = _phone(browser, "uk")
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url + "treatments/ect/")
    _settled(page, True)
    assert page.locator("[data-crisis-banner]").get_attribute("data-crisis-country") == "uk"
    stored = page.evaluate("() => [Object.keys(localStorage), Object.keys(sessionStorage), document.cookie]")
    cookies = context.cookies()
    context.close()
    assert not cookies and stored[2] == "", f"cookies set: {cookies} {stored[2]!r}"
    assert all("__palette" in key or key.endswith(".__consent") for key in stored[0] + stored[1]), stored
    assert all(url.startswith(base_url) for url in requests), [u for u in requests if not u.startswith(base_url)]


# The crisis box search shows for a Spanish phrase: its buttons and what it says, read in the page.
SPANISH_BOX = """() => {
  const box = document.querySelector('[data-trd-search-crisis] [data-lang="es"]');
  if (!box) return null;
  const buttons = [...box.querySelectorAll('a[href^="tel:"], a[href^="sms:"]')];
  const first = buttons[0] && buttons[0].getBoundingClientRect();
  return {
    text: box.innerText.replace(/\\s+/g, ' '),
    buttons: buttons.map((a) => [a.getAttribute('href'), a.innerText.trim(), a.closest('[lang]').getAttribute('lang')]),
    small: buttons.filter((a) => a.getBoundingClientRect().width < 44 || a.getBoundingClientRect().height < 44).length,
    first_on_screen: !!first && first.top >= 0 && first.bottom <= innerHeight,
    banner: [...document.querySelectorAll('.trd-crisis a[href^="tel:"], .trd-crisis a[href^="sms:"]')]
      .filter((a) => a.getClientRects().length > 0).map((a) => [a.getAttribute('href'), a.innerText.replace(/\\s+/g, ' ').trim()]),
  };
}"""


@pytest.mark.parametrize("region", COUNTRIES, ids=[r.id for r in COUNTRIES])
def test_spanish_crisis_box_offers_the_countrys_line_in_spanish(browser, base_url: str, region) -> None:
    """A reader in each country types a Spanish crisis phrase into search on a phone: where
    crisis.yml has a line that answers in Spanish, the box offers it in Spanish words that
    say all a caller needs (the key to press, the word to text), then the emergency number;
    elsewhere the banner's lines, and the box says it has no line in Spanish for the country
    (never "en español" for a line that answers in English). The first button is on screen."""
    context = _phone(browser, region.id)
    page = context.new_page()
    try:
        page.goto(base_url + "treatments/ect/")
        _settled(page, True)
        page.keyboard.press("/")
        page.keyboard.type("me quiero morir")
        page.wait_for_function("() => !!document.querySelector('[data-trd-search-crisis] [data-lang=\"es\"]')")
        shown = page.evaluate(SPANISH_BOX)
    finally:
        context.close()
    # The lines crisis.yml lists as answering in Spanish (what `make sync` copies into search.js).
    lines = spanish_lines(region) or {"call": None, "text": None}
    call, texter = lines["call"], lines["text"]
    want = []
    if call:
        press = f" y oprima el {call['press']}" if call["press"] else ""
        want.append([call["href"], f"Llame al {call['number']}{press}", "es"])
    if texter:
        keyword = texter["keyword"]
        label = f"Envíe {keyword} al {texter['number']}" if keyword else f"Escriba al {texter['number']}"
        want.append([texter["href"], label, "es"])
    if want:
        want.append([tel_href(region.emergency), f"Emergencias {region.emergency}", "es"])
        assert "gratis y en español" in shown["text"] and "No tenemos" not in shown["text"], shown["text"]
    else:
        want = [[href, words, "en"] for href, words in shown["banner"]]
        text = shown["text"]
        assert "No tenemos una línea en español" in text and "gratis y en español" not in text, text
    assert shown["buttons"] == want, f"{region.id}: {shown['buttons']} != {want}"
    assert shown["first_on_screen"] and not shown["small"], shown
