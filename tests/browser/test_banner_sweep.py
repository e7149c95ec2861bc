"""Every route to help stays on top and on screen: every width, after a scroll, with every
interactive element opened, and with every answer to the PHQ-9 (issue 20).

A route to help is the crisis banner's Call and Text links (``tel:`` and ``sms:`` in
``.trd-crisis``), the header's "Get help now" link (``header .trd-help-link``), and on the
PHQ-9 the call, text and crisis-page links beside question 9. A route *passes* when it is
rendered and visible (no ``hidden``, ``visibility``, zero opacity), lies wholly inside the
viewport, is at least 24 by 24 CSS pixels (WCAG 2.5.8: it can be tapped) and is *topmost*:
``document.elementFromPoint`` at its centre returns the link or something inside it, so no
layer, overlay or opened element covers it and a tap reaches it.

Widths, 320 to 1920 px, one browser context, the viewport resized per width: a grid every 160 px,
and both sides of every width at which a stylesheet of the page switches rules (each
``min-width``/``max-width`` or ``width`` bound of its media queries, read from the page's own
stylesheets: Material's 480, 720, 960, 1220 and 1600 px today). Between two such widths the
same media rules apply, so a rule that hides or covers a route between two widths is met at
both its edges wherever they fall: the 40 px grid used before (41 widths) met one between 1001
and 1039 px nowhere (a planted attack below); this sweep checks 19 widths today. What changes
with width inside one range (text wrapping, sizes in vw) is met at the grid and the range's
edges only. Pages: home, Get help now, a treatment page, the PHQ-9 page, the 404 page and every
page with an opened-by-the-reader element (``details``, content tabs). Checked:

- at load (top of the page): the banner's Call and Text links and the header's help link;
- after a scroll to the bottom: whichever route is on screen (the banner has scrolled away;
  the sticky header's link, or a sticky banner if the design makes it one);
- with each ``details`` and each content tab opened: the banner at the top again (an opened
  element must not cover it), and a route on screen at the opened element;
- with the search dialog and the navigation drawer open: a route to help on screen and on top
  (the header's or the banner's link, or one inside the open layer: the dialog's "Get help now"
  line, the drawer's pinned "Get help now" at every level of the menu);
- PHQ-9: question 9 answered 1, 2 and 3, with the other eight answered 0, 1, 2 and 3, total
  shown: the question-9 routes, the banner at the top and the header link after the scroll.

Planted CSS attacks (a media query between two widths, a :has() rule on the answer 3) must
fail the sweep at exactly the widths they reach, so the sweep is known to catch them.

The test is written against behaviour, not pixels: a compact or sticky banner passes as long as
its links are on screen and on top where a reader needs them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.conftest import Page as BuiltPage
from tools.site import serve

pytestmark = pytest.mark.browser

GRID = list(range(320, 1921, 160))
# Both sides of each width where a media query of the page's stylesheets switches: for a bound
# v in px (em: the browser's 16 px, as media queries read it), the last width on one side and
# the first on the other ("min-width: 60em" -> 959 and 960; "max-width: 59.984375em" -> the same).
EDGES = """() => {
  const widths = [];
  const px = (value, unit) => (unit === "px" ? value : value * 16);
  // "min-width: v", "width >= v" and "width < v" switch at ceil(v); the others at floor(v) + 1.
  const read = (text) => {
    for (const m of text.matchAll(/(min-width\\s*:|max-width\\s*:|width\\s*(?:<=|>=|<|>))\\s*([\\d.]+)(px|r?em)/g)) {
      const v = px(parseFloat(m[2]), m[3]);
      const first = /^min|>=|<$/.test(m[1].replace(/[\\s:]/g, "")) ? Math.ceil(v) : Math.floor(v) + 1;
      widths.push(first - 1, first);
    }
  };
  const walk = (rules) => {
    for (const rule of rules) {
      if (rule.media) read(rule.media.mediaText);
      if (rule.cssRules) walk(rule.cssRules);
    }
  };
  for (const sheet of document.styleSheets) {
    read(sheet.media.mediaText);
    walk(sheet.cssRules);
  }
  return widths;
}"""


def widths(page: Page) -> list[int]:
    """The widths to check ``page`` at: the grid and both sides of each of its breakpoints."""
    return sorted({*GRID, *(w for w in page.evaluate(EDGES) if GRID[0] <= w <= GRID[-1])})


HEIGHT = 780
PAGES = ["", "get-help-now/", "treatments/esketamine/", "tracking/measurement-based-care/", "404.html"]
PHQ9_PAGE = "tracking/measurement-based-care/"
MIN_TARGET = 24  # CSS px, WCAG 2.2 2.5.8 Target Size (Minimum)
# A failing width is checked again once the theme has handled a scroll to the top: the scroll
# event fires in the next frame and Material applies what it measured in the frame after
# (observeOn(animationFrameScheduler)); a third frame for good measure.
SETTLED = """() => new Promise((done) => {
  scrollTo({ top: 0, behavior: "instant" });
  let frames = 3;
  const next = () => (--frames ? requestAnimationFrame(next) : done());
  requestAnimationFrame(next);
})"""

# Shared by every check: window.__routes(mode, where) -> problems (strings), [] when all pass.
ROUTES = """
(() => {
  const BANNER_CALL = '.trd-crisis a[href^="tel:"]';
  const BANNER_TEXT = '.trd-crisis a[href^="sms:"]';
  const HELP = "header .trd-help-link";
  const describe = (el) => el ? el.outerHTML.replace(/\\s+/g, " ").slice(0, 90) : "nothing";
  const instant = { behavior: "instant" };
  // Why a link fails as a route to help, or "" when it passes.
  function why(el, minSize) {
    if (!el) return "missing";
    if (!el.getClientRects().length) return "not rendered";
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true }))
      return "invisible";
    const r = el.getBoundingClientRect();
    if (r.width < minSize || r.height < minSize)
      return `too small to tap (${Math.round(r.width)}x${Math.round(r.height)} px)`;
    if (r.left < -0.5 || r.top < -0.5 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5)
      return `not inside the viewport (${[r.left, r.top, r.right, r.bottom].map(Math.round)})`;
    // A link that wraps onto two lines is two boxes: the centre of either may be tapped.
    let hit = null;
    for (const box of el.getClientRects()) {
      if (box.width < 1 || box.height < 1) continue;
      hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      if (hit && (hit === el || el.contains(hit))) return "";
    }
    return `covered by ${describe(hit)}`;
  }
  const label = (el) => `${(el.textContent || "").trim().slice(0, 30)} (${el.getAttribute("href")})`;
  const all = (selector) => [...document.querySelectorAll(selector)];
  // The banner's Call and Text links and the header link, all passing (the top of a page).
  function top() {
    scrollTo({ top: 0, ...instant });
    const problems = [];
    for (const [name, selector] of [["banner Call link", BANNER_CALL], ["banner Text link", BANNER_TEXT]]) {
      const links = all(selector);
      if (!links.some((a) => !why(a, window.__minTarget)))
        problems.push(`${name}: ${links.length ? links.map((a) => `${label(a)} ${why(a, window.__minTarget)}`).join("; ") : "missing"}`);
    }
    const help = document.querySelector(HELP);
    const helpWhy = why(help, window.__minTarget);
    if (helpWhy) problems.push(`header help link: ${helpWhy}`);
    return problems;
  }
  // At least one route on screen and on top, wherever the reader is now. ``extra`` adds the
  // links of an open layer (search, drawer) or of an opened element.
  function some(extra) {
    const candidates = [...all(BANNER_CALL), ...all(BANNER_TEXT), ...all(HELP), ...(extra || [])];
    if (candidates.some((a) => !why(a, a.matches(HELP + "," + BANNER_CALL + "," + BANNER_TEXT) ? window.__minTarget : 1)))
      return [];
    return ["no route to help on screen and on top: " +
      candidates.map((a) => `${label(a)} ${why(a, 1)}`).join("; ")];
  }
  function bottom() {
    scrollTo({ top: document.documentElement.scrollHeight, ...instant });
    return some();
  }
  // Links to help inside ``root``: tel:, sms: and the crisis pages.
  function helpLinksIn(root) {
    return [...root.querySelectorAll('a[href^="tel:"], a[href^="sms:"], a[href*="get-help-now"], a[href*="ayuda"]')];
  }
  // Each details and each content tab opened in turn: the banner at the top, and a route at it.
  function opened() {
    const problems = [];
    const details = all("article details");
    details.forEach((d, i) => {
      const was = d.open;
      d.open = true;
      const name = `details ${i + 1} "${(d.querySelector("summary")?.textContent || "").trim().slice(0, 40)}" open`;
      problems.push(...top().map((p) => `${name}, at the top: ${p}`));
      d.querySelector("summary").scrollIntoView({ block: "start", ...instant });
      problems.push(...some(helpLinksIn(d)).map((p) => `${name}, at it: ${p}`));
      d.open = was;
    });
    all("article .tabbed-set").forEach((set, s) => {
      const inputs = [...set.querySelectorAll(":scope > input")];
      const was = inputs.find((i) => i.checked);
      inputs.forEach((input, t) => {
        input.click();
        const name = `tab ${t + 1} of tab set ${s + 1}`;
        problems.push(...top().map((p) => `${name}, at the top: ${p}`));
        set.scrollIntoView({ block: "start", ...instant });
        problems.push(...some(helpLinksIn(set)).map((p) => `${name}, at it: ${p}`));
      });
      if (was) was.click();
    });
    scrollTo({ top: 0, ...instant });
    return problems;
  }
  // An open layer (search dialog, navigation drawer): a route on screen and on top.
  function layer(selector) {
    scrollTo({ top: 0, ...instant });
    const root = document.querySelector(selector);
    return some(root ? helpLinksIn(root) : []);
  }
  // PHQ-9: every answer to the self-harm item above 0, with every answer to the others.
  function phq9() {
    const form = document.querySelector("form[data-phq9]");
    if (!form) return ["no PHQ-9 form on the page"];
    const alertBox = form.querySelector("[data-phq9-alert]");
    const item = alertBox && alertBox.closest("[data-phq9-item]");
    if (!item) return ["no question with crisis routes (data-phq9-alert) in the form"];
    const others = [...form.querySelectorAll("[data-phq9-item]")].filter((i) => i !== item);
    const problems = [];
    for (let rest = 0; rest <= 3; rest++) {
      for (let answer = 1; answer <= 3; answer++) {
        const name = `question ${item.getAttribute("data-phq9-number")} answered ${answer}, the others ${rest}`;
        others.forEach((o) => o.querySelector(`input[value="${rest}"]`).click());
        item.querySelector(`input[value="${answer}"]`).click();
        form.requestSubmit();
        alertBox.scrollIntoView({ block: "center", ...instant });
        const routes = helpLinksIn(alertBox);
        const calls = routes.filter((a) => a.matches('a[href^="tel:"]'));
        if (!calls.length) problems.push(`${name}: no call link beside the question`);
        for (const a of routes) {
          const w = why(a, 1);
          if (w) problems.push(`${name}: ${label(a)} beside the question: ${w}`);
        }
        problems.push(...some().map((p) => `${name}, at the question: ${p}`));
        form.querySelector("[data-phq9-result]").scrollIntoView({ block: "center", ...instant });
        problems.push(...some().map((p) => `${name}, at the total: ${p}`));
        problems.push(...top().map((p) => `${name}, at the top: ${p}`));
      }
    }
    form.reset();
    scrollTo({ top: 0, ...instant });
    return problems;
  }
  // The three checks of a page at one width, after one resize.
  function page() {
    return [...top().map((p) => `at the top: ${p}`), ...bottom().map((p) => `scrolled to the end: ${p}`), ...opened()];
  }
  window.__routes = { top, bottom, opened, page, layer, phq9 };
})();
"""


@pytest.fixture(scope="module")
def context(browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": GRID[0], "height": HEIGHT}, reduced_motion="reduce")
    ctx.add_init_script(ROUTES + f"\nwindow.__minTarget = {MIN_TARGET};")
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def tab(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    try:
        yield page
    finally:
        page.close()


def _sweep(page: Page, call: str, arg: str | None = None) -> list[str]:
    """Run ``window.__routes[call](arg)`` at every width; one line per width and problem."""
    problems = []
    for width in widths(page):
        page.set_viewport_size({"width": width, "height": HEIGHT})
        found = page.evaluate(f"(arg) => window.__routes.{call}(arg)", arg)
        if found:
            # Material sizes its sticky sidebar from scroll and resize listeners: just after a
            # resize across its 1220 px breakpoint the sidebar is as tall as the whole nav, and
            # a short page (the 404) scrolls past its body, taking the sticky header with it,
            # until the next scroll lets Material clamp it (seen at 1240 px in about half the
            # runs). Check again from the top once it has settled; a real problem stays.
            page.evaluate(SETTLED)
            found = page.evaluate(f"(arg) => window.__routes.{call}(arg)", arg)
        problems += [f"{width} px: {p}" for p in found]
    return problems


def _open(page: Page, toggle: str) -> None:
    """Open Material's search dialog or drawer as a tap does: a click on its toggle's label."""
    page.evaluate(f"document.getElementById('{toggle}').click()")
    page.wait_for_function(f"document.getElementById('{toggle}').checked")
    # Material's opening transition has ended: no animation or transition is still running.
    page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")


def _close(page: Page, toggle: str) -> None:
    page.evaluate(f"(() => {{ const t = document.getElementById('{toggle}'); if (t.checked) t.click(); }})()")


def _report(url: str, problems: list[str]) -> str:
    shown = problems[:40]
    more = f"\n... and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
    return (
        f"{url or '(home)'}: routes to help failed at {len(problems)} width/state checks:\n" + "\n".join(shown) + more
    )


def _pages_with_openers(pages: list[BuiltPage]) -> list[str]:
    """Every page a reader can open something on (details, content tabs), beyond PAGES."""
    return [p.url for p in pages if p.url not in PAGES and p.soup.select("article details, article .tabbed-set")]


def _all_states(tab: Page, base_url: str, url: str) -> list[str]:
    tab.goto(base_url + url)
    return _sweep(tab, "page")


@pytest.mark.parametrize("url", PAGES)
def test_routes_to_help_at_every_width_after_scrolling_and_with_each_element_open(
    tab: Page, base_url: str, url: str
) -> None:
    problems = _all_states(tab, base_url, url)
    assert not problems, _report(url, problems)


def test_routes_to_help_on_every_page_with_details_or_tabs(tab: Page, base_url: str, pages: list[BuiltPage]) -> None:
    urls = _pages_with_openers(pages)
    assert urls, "no page has a details block or content tabs: the opened-element sweep checks nothing"
    failures = [_report(url, found) for url in urls if (found := _all_states(tab, base_url, url))]
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("toggle", ["__search", "__drawer"])
def test_a_route_to_help_stays_on_top_with_search_or_the_drawer_open(tab: Page, base_url: str, toggle: str) -> None:
    layer = {"__search": ".md-search", "__drawer": ".md-sidebar--primary"}[toggle]
    problems = []
    for url in ("", "understanding/what-is-trd/"):
        tab.goto(base_url + url)
        tab.set_viewport_size({"width": GRID[0], "height": HEIGHT})
        _open(tab, toggle)
        problems += [f"{url or '(home)'}, {toggle.strip('_')} open, {p}" for p in _sweep(tab, "layer", layer)]
        _close(tab, toggle)
    assert not problems, _report(toggle, problems)


def test_phq9_item_9_answers_keep_every_route_visible_and_on_top(tab: Page, base_url: str) -> None:
    tab.goto(base_url + PHQ9_PAGE)
    tab.wait_for_selector("form[data-phq9][data-phq9-ready]")
    problems = _sweep(tab, "phq9")
    assert not problems, _report(PHQ9_PAGE, problems)


# ── The sweep catches what two fixed widths and two answers miss ─────────────────
# Attacks of issue 20, planted in a copy of the built stylesheet: each hides or covers a route
# only between two widths, or only for the answer 3, so the other browser tests (360 and
# 1280 px; answers 1 and 2) pass. The sweep must fail at exactly the widths the rule reaches.
# (attack: css appended, page, check, the widths it reaches)
PLANTED = {
    "banner buttons hidden between 368 and 1219 px": (
        "@media (min-width: 368px) and (max-width: 1219px) { .trd-crisis__actions { display: none } }",
        "",
        "page",
        (368, 1219),
    ),
    "banner buttons hidden between 1001 and 1039 px (between two widths of a 40 px grid)": (
        "@media (min-width: 1001px) and (max-width: 1039px) { .trd-crisis__actions { display: none } }",
        "",
        "page",
        (1001, 1039),
    ),
    "help link covered after a scroll on tablets": (
        "@media (min-width: 700px) and (max-width: 1000px) { .md-header__inner::after { content: ''; "
        "position: absolute; inset: 0; background: #fff; z-index: 9 } }",
        "",
        "page",
        (700, 1000),
    ),
    "item-9 routes hidden when it is answered 3": (
        'form:has([name="phq9-self-harm"][value="3"]:checked) .phq9__routes, '
        'form:has([name="phq9-self-harm"][value="3"]:checked) ~ * { visibility: hidden }',
        PHQ9_PAGE,
        "phq9",
        (320, 1920),
    ),
}


@pytest.mark.parametrize("attack", PLANTED, ids=list(PLANTED))
def test_planted_css_attack_fails_the_sweep(browser, site_dir: Path, tmp_path: Path, attack: str) -> None:
    css, url, call, (low, high) = PLANTED[attack]
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    sheet = copy / "stylesheets" / "hub.min.css"
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\n" + css + "\n", encoding="utf-8")
    ctx = browser.new_context(viewport={"width": GRID[0], "height": HEIGHT}, reduced_motion="reduce")
    ctx.add_init_script(ROUTES + f"\nwindow.__minTarget = {MIN_TARGET};")
    try:
        with serve(copy) as planted_url:
            page = ctx.new_page()
            page.goto(planted_url + url)
            if call == "phq9":
                page.wait_for_selector("form[data-phq9][data-phq9-ready]")
            failed = {int(line.split(" px:")[0]) for line in _sweep(page, call)}
            reached = {w for w in widths(page) if low <= w <= high}
    finally:
        ctx.close()
    assert {low, high} <= reached, f"{attack}: the sweep never checks {low} and {high} px"
    assert failed == reached, f"{attack}: the sweep failed at {sorted(failed)} px"
