"""Finding the way on a phone (issue 23), as a reader at 360 x 780 meets it in Chromium.

- The home page's first screen, under the crisis banner and the header, holds the hub's
  purpose and at least three start choices (help now among them), each a target of at
  least 44 px; the same above the fold on a desktop. The header shows the site's name whole.
- Every page longer than 4 phone screens offers "On this page" within the first screen,
  and its list reaches the page's sections; wide screens show Material's sidebar instead.
- "Back to top" takes one tap on a phone.
- Maintainers' pages are in neither the readers' menu nor the search index (built HTML:
  tests/site/test_reader_nav.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser import sweep as sweeps
from tests.browser.sweep import describe as _describe
from tests.browser.sweep import run_axe as _run_axe
from tests.conftest import Page
from tools.site import mkdocs_config

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 800}
MIN_TARGET = 44  # px: a thumb-sized start choice
SCREENS = 4  # a page longer than this many phone screens must offer its contents
CONFIG = mkdocs_config()
CRISIS_PAGE = CONFIG["extra"]["crisis_page"]

# Each start choice's box, and the bottom of what covers the top of the screen at load: the
# crisis banner and the sticky header below it.
_FIRST_SCREEN = """() => {
  const bottom = (sel) => { const e = document.querySelector(sel); return e ? e.getBoundingClientRect().bottom : 0 }
  const box = (e) => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, height: r.height, width: r.width} }
  const links = [...document.querySelectorAll('article .trd-start a')]
  return {
    covered: Math.max(bottom('.md-banner'), bottom('.md-header')),
    banner: bottom('.md-banner'),
    title: box(document.querySelector('article h1')),
    choices: links.map(a => ({href: a.getAttribute('href'), ...box(a)})),
  }
}"""


@pytest.fixture(scope="module")
def phone(browser) -> Iterator:
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, reduced_motion="reduce")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_home_first_screen_shows_the_purpose_and_three_start_choices_below_the_banner(
    browser, base_url: str, viewport: str
) -> None:
    size = PHONE if viewport == "phone" else DESKTOP
    context = browser.new_context(viewport=size)
    page = context.new_page()
    page.goto(base_url)
    screen = page.evaluate(_FIRST_SCREEN)
    context.close()
    top, bottom = screen["covered"], size["height"]
    assert top <= screen["title"]["top"] and screen["title"]["bottom"] <= bottom, f"purpose not on screen: {screen}"
    inside = [
        c
        for c in screen["choices"]
        if c["top"] >= top and c["bottom"] <= bottom and c["height"] >= MIN_TARGET and c["width"] >= MIN_TARGET
    ]
    assert len(inside) >= 3, (
        f"{len(inside)} start choices of at least {MIN_TARGET} px fully inside the first screen "
        f"(below {top:.0f} px, banner {screen['banner']:.0f} px, above {bottom} px): {screen['choices']}"
    )
    assert any(c["href"].rstrip("/").endswith(CRISIS_PAGE.rstrip("/")) for c in inside), "no 'help now' choice"


def test_the_header_shows_the_site_name_whole_on_a_phone(phone, base_url: str) -> None:
    phone.goto(base_url)
    name = phone.evaluate(
        """() => { const s = document.querySelector('.md-header__topic .md-ellipsis')
                   return {text: s.textContent.trim(), scroll: s.scrollWidth, client: s.clientWidth} }"""
    )
    assert name["text"] == CONFIG["site_name"]
    assert name["scroll"] <= name["client"], f"the site's name is cut off in the header: {name}"


@sweeps.GROUP
def test_every_long_page_offers_its_contents_within_the_first_phone_screen(sweep, content_pages: list[Page]) -> None:
    """Read from the phone sweep's visit of each page (tests/browser/sweep.py CONTENTS): the
    page as it loaded at 360 x 780, its "On this page" tapped open and closed again."""
    visits = {v.url: v for v in sweep("phone", "light").visits}
    long_pages, missing = [], []
    for p in content_pages:
        contents = visits[p.url].facts["contents"]
        if contents["height"] <= SCREENS * PHONE["height"]:
            continue
        long_pages.append(p.url)
        # A page that hides the theme's contents for a reason (the Spanish crisis page: the
        # theme's contents would be read in an English voice) gives its own in-page menu instead.
        if contents["own_links"] >= 2:
            first = contents["own_first_bottom"]
            if first is None or first > PHONE["height"] or not contents["own_targets_exist"]:
                missing.append(f"{p.url}: its own in-page menu is not in the first screen or names missing sections")
            continue
        box = contents["summary"]
        if not box or box["y"] + box["height"] > PHONE["height"] or box["height"] < MIN_TARGET - 10:
            missing.append(f"{p.url or '(home)'}: {box} ({contents['summaries']} 'On this page' found)")
            continue
        if not box["reached"]:
            missing.append(f"{p.url}: a tap on 'On this page' reaches something else")
            continue
        hrefs, sections = box["hrefs"], box["sections"]
        if not box["first_link_visible"] or not set(hrefs) <= set(sections) or len(hrefs) < 2:
            missing.append(f"{p.url}: the list does not open onto the page's sections: {hrefs}")
    assert long_pages, "no page is longer than 4 phone screens: the test measures nothing"
    assert not missing, "long pages without 'On this page' in the first phone screen:\n" + "\n".join(missing)


def test_on_this_page_link_goes_to_its_section(phone, base_url: str) -> None:
    phone.goto(base_url + "treatments/ect/")
    phone.locator(".trd-on-this-page summary").tap()
    link = phone.locator(".trd-on-this-page li a").nth(2)
    target = link.evaluate("a => new URL(a.href).hash")
    link.tap()
    phone.wait_for_function(
        "(id) => { const r = document.getElementById(id).getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight / 2 }",
        arg=target[1:],
    )


def test_wide_screens_show_the_sidebar_contents_instead(browser, base_url: str) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(base_url + "treatments/ect/")
    assert page.locator(".trd-on-this-page").count() == 1
    assert not page.locator(".trd-on-this-page").is_visible()
    assert page.locator(".md-sidebar--secondary .md-nav__link").first.is_visible()
    context.close()


def test_back_to_top_takes_one_tap_on_a_phone(phone, base_url: str) -> None:
    phone.goto(base_url + "treatments/ect/")
    phone.mouse.wheel(0, 6000)
    phone.wait_for_function("() => scrollY > 4000")
    # Material shows the button once the reader scrolls back up a little.
    phone.mouse.wheel(0, -300)
    button = phone.locator(".md-top")
    button.wait_for(state="visible")
    box = button.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24
    button.tap()
    phone.wait_for_function("() => scrollY === 0")


def test_no_axe_violations_with_the_contents_list_open_on_a_phone(phone, base_url: str) -> None:
    """Opened by a tap. As loaded, the home page and every other page are checked by the
    phone sweep, in this same phone (tests/browser/test_browser.py)."""
    phone.goto(base_url + "treatments/ect/")
    phone.locator(".trd-on-this-page summary").tap()
    violations = _run_axe(phone)
    assert not violations, f"axe violations on treatments/ect/ at 360 px:\n{_describe(violations)}"
