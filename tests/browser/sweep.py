"""One visit per page for every per-page browser check (issue 24: the suite's time).

Loading a page costs more than most checks made on it, so the checks that look at every
page of the site in one browser set-up share one visit: for each viewport (360 x 780 phone,
1280 x 800 desktop) and colour scheme (light, dark), :func:`run` opens every built page once
in one browser context and keeps a record (:class:`Visit`) of what each check needs:

- axe-core's violations (one runner, one tag set: WCAG 2.0/2.1/2.2 A and AA plus best
  practices, nothing excluded; in dark, beyond a sample of pages, the rules of that set that
  read colours, as the dark scheme changes only colours: see COLOUR_RULES);
- facts read in the page by one evaluate (:data:`PROBE`): the colour scheme, Material's
  bundle ran, the crisis banner on screen and the first landmark and not covered, the
  header's "Get help now" link uncovered at load and on screen after a scroll to the end,
  horizontal overflow, tables and their scrolling boxes and stacked-cell labels, Web Storage
  keys, Content-Security-Policy violations the browser reported;
- on the desktop in light, what Chromium's accessibility tree exposes as text and in which
  language (for the Spanish-voice check), read in two DevTools calls per page;
- for the whole context: every request (pages and service worker), console and page
  errors, and cookies.

Each check stays its own test (tests/browser/test_browser.py, test_security.py,
test_tables_phone.py) asserting over these records, naming the page and the element.
The fixture ``sweep`` (tests/conftest.py) runs each (viewport, scheme) at most once a session;
the tests that use it share the xdist group :data:`GROUP`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import axe_playwright_python
import pytest

from tests.conftest import STARTED

GROUP = pytest.mark.xdist_group("page-sweep")

VIEWPORTS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1280, "height": 800}}
# The phone is a phone: its viewport meta honoured and taps, as Chromium emulates a mobile device.
DEVICE = {"phone": {"is_mobile": True, "has_touch": True}, "desktop": {}}
SCHEMES = ("light", "dark")

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
# No exclusions. If one is ever needed, add it here with the reason next to it.
AXE_DISABLED_RULES: dict[str, str] = {}


# axe parses every colour it reads (each element's colour and background, each layer under
# it) with a colour library, afresh each time: on the hub's pages that was about 40 % of
# color-contrast's time, the largest part of a page sweep. A page has a few dozen distinct
# colour strings, so their parse is kept per page; a string axe cannot parse is not kept (axe
# reports it again, as it would). test_browser.py::test_remembered_colours_give_axe_s_own_results
# compares every colour check with axe left alone.
REMEMBER_COLOURS = """() => {
  const color = axe.commons.color.Color.prototype, parse = color.parseString, known = new Map();
  if (typeof parse !== "function") throw new Error("this axe has no Color.prototype.parseString: update REMEMBER_COLOURS in tests/browser/sweep.py");
  color.parseString = function (text) {
    const rgba = known.get(text);
    if (!rgba) { parse.call(this, text); known.set(text, [this.r, this.g, this.b, this.alpha]); return this; }
    [this.r, this.g, this.b, this.alpha] = rgba;
    return this;
  };
}"""


def load_axe(page, remember_colours: bool = True) -> None:
    """axe-core in ``page``, once per document."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, as axe-playwright-python does: an inline
        # <script> tag would be blocked by the hub's Content-Security-Policy, as it should be.
        page.evaluate(AXE_SOURCE)
        if remember_colours:
            page.evaluate(REMEMBER_COLOURS)


def run_axe(page, only: list[str] | None = None) -> list[dict]:
    """axe-core's violations on ``page`` for the whole tag set; ``only`` (rule ids of that set)
    runs just those rules."""
    load_axe(page)
    disabled = set(AXE_DISABLED_RULES)
    if only is not None:
        every = page.evaluate("(tags) => axe.getRules(tags).map((r) => r.ruleId)", AXE_TAGS)
        assert set(only) <= set(every), f"not rules of the tag set: {set(only) - set(every)}"
        disabled |= set(every) - set(only)
    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        # Every rule still runs on every element; only the passes are not written out
        # (about a third of axe's time here).
        "resultTypes": ["violations"],
        "rules": {r: {"enabled": False} for r in sorted(disabled)},
    }
    result = page.evaluate("async (options) => await axe.run(document, options)", options)
    return result["violations"]


# Material's dark scheme (slate) changes colour custom properties (and the palette toggle's
# label); so beyond a sample of pages the dark sweeps run only the rules of the tag set that
# read colours. test_browser.py::test_dark_differs_from_light_only_in_colour_rules compares
# every other rule's outcome on every element of the sample between the schemes, and fails
# if one differs; the sample's dark visits run the whole tag set.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
SAMPLE = ["", "get-help-now/", "treatments/esketamine/", "tracking/measurement-based-care/"]
PALETTE_TOGGLE = 'form[data-md-component="palette"]'

# The whole tag set with every result type: the violations, and each outcome as
# "rule kind target" (the palette toggle's elements, which the scheme swaps, left out).
OUTCOMES = """async ([tags, toggle]) => {
  const r = await axe.run(document, { runOnly: { type: "tag", values: tags } });
  const inToggle = (t) => { try { const el = document.querySelector(t[0]); return !!el && !!el.closest(toggle) } catch (e) { return false } };
  const outcomes = [];
  for (const kind of ["violations", "passes", "incomplete", "inapplicable"])
    for (const rule of r[kind]) {
      if (!rule.nodes.length) outcomes.push(`${rule.id} ${kind}`);
      for (const n of rule.nodes) if (!inToggle(n.target)) outcomes.push(`${rule.id} ${kind} ${JSON.stringify(n.target)}`);
    }
  return { violations: r.violations, outcomes };
}"""


def run_axe_outcomes(page) -> tuple[list[dict], list[str]]:
    """The whole tag set on ``page``: its violations, and every rule's outcome per element."""
    load_axe(page)
    result = page.evaluate(OUTCOMES, [AXE_TAGS, PALETTE_TOGGLE])
    return result["violations"], result["outcomes"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(str(n["target"]) for n in v["nodes"][:3])
        lines.append(f"  {v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return "\n".join(lines)


# Recorded in every page before any of its scripts run: CSP violations as the browser reports them.
RECORD_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(
  `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile || location.pathname}:${e.lineNumber} (${e.sample || ""})`
));
"""

# (selector) -> where the element is covered: elementFromPoint at its corners and centre.
UNCOVERED = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return [`${selector} missing`];
  const r = el.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) return [`${selector} has no size`];
  const inset = Math.min(4, r.width / 4, r.height / 4);
  const points = [[r.left + inset, r.top + inset], [r.right - inset, r.top + inset], [r.left + r.width / 2, r.top + r.height / 2],
                  [r.left + inset, r.bottom - inset], [r.right - inset, r.bottom - inset]];
  return points.filter(([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight)
    .map(([x, y]) => [x, y, document.elementFromPoint(x, y)])
    .filter(([x, y, hit]) => !hit || !el.contains(hit))
    .map(([x, y, hit]) => `${selector} covered at (${Math.round(x)}, ${Math.round(y)}) by ${hit ? hit.outerHTML.slice(0, 80) : "nothing"}`);
}"""

FIRST_LANDMARK = """() => {
  const landmarks = [...document.querySelectorAll(
    "header, nav, main, aside, footer, form[aria-label], section[aria-label], [role=banner], [role=navigation], " +
    "[role=main], [role=complementary], [role=contentinfo], [role=region], [role=search], [role=form]")]
    .filter((el) => el.getClientRects().length > 0);
  const crisis = document.querySelector(".trd-crisis");
  // Material's announce bar (<aside class="md-banner">) holds the crisis banner and nothing else.
  return landmarks.length > 0 && crisis !== null && (landmarks[0].contains(crisis) || crisis.contains(landmarks[0]));
}"""

# Tables on a phone (issue 22): a table wider than the text or scrolling in its box.
WIDER = """() => [...document.querySelectorAll('article table')].map(t => {
    const box = t.parentElement.closest('.md-typeset__scrollwrap, .md-typeset__table, article, div, details');
    return {table: (t.querySelector('caption') || t.querySelector('th') || t).textContent.trim().slice(0, 60),
            over: Math.round(t.getBoundingClientRect().right - document.querySelector('article').getBoundingClientRect().right),
            scrolls: [...document.querySelectorAll('.md-typeset__scrollwrap')].some(w => w.contains(t) && w.scrollWidth > w.clientWidth + 1)};
}).filter(r => r.over > 1 || r.scrolls)"""

# Stacked cells (display: block on a phone) that do not name their column.
UNLABELLED = """() => [...document.querySelectorAll('article table td')].filter(td =>
    td.cellIndex > 0 && getComputedStyle(td).display === 'block' && !td.hasAttribute('data-label')).length"""

# A table that stacks into cards on a phone (class trd-stack, hub.css) needs no box; any
# other must sit in a box that scrolls sideways.
UNWRAPPED = """() => [...document.querySelectorAll('article table:not(.trd-stack)')].filter(t => {
    const box = t.closest('.md-typeset__scrollwrap');
    return !box || !['auto', 'scroll'].includes(getComputedStyle(box.firstElementChild || box).overflowX)
           && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
}).length"""

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"

# A page's contents at load (issue 23: long pages you can move through): its height, the
# in-page menu a page gives instead of the theme's (nav.trd-countries), and the collapsible
# "On this page" (.trd-on-this-page): its summary's box, whether a tap at its centre reaches it,
# and, opened as that tap opens it, whether its list shows and which sections it links to.
# Closed again afterwards, so the rest of the visit meets the page as it loaded.
# Evaluated inside PROBE, whose ``visible`` it uses.
CONTENTS = """() => {
  const targets = (links) => links.map((a) => new URL(a.href).hash);
  const own = [...document.querySelectorAll('article nav.trd-countries a')];
  const summaries = [...document.querySelectorAll('.trd-on-this-page summary')];
  const facts = {
    height: document.documentElement.scrollHeight,
    own_links: own.length,
    own_first_bottom: own.length ? own[0].getBoundingClientRect().bottom : null,
    own_targets_exist: own.every((a) => !!document.getElementById(a.hash.slice(1))),
    summaries: summaries.length,
    summary: null,
  };
  const summary = summaries.length === 1 && visible(summaries[0]) ? summaries[0] : null;
  if (!summary) return facts;
  const r = summary.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  facts.summary = { y: r.y, height: r.height, reached: !!hit && summary.contains(hit) };
  summary.click();
  const links = [...document.querySelectorAll('.trd-on-this-page li a')];
  facts.summary.first_link_visible = visible(links[0]);
  facts.summary.hrefs = targets(links);
  facts.summary.sections = [...document.querySelectorAll('article h2[id]')].map((h) => '#' + h.id);
  summary.click();
  facts.summary.closed_again = !summary.parentElement.open;
  return facts;
}"""

# Everything the checks read in a page at load, then the "Get help now" link after a scroll
# to the end. One evaluate; visible means rendered with a box and not visibility: hidden
# (what Playwright's is_visible() tests).
PROBE = f"""async () => {{
  const visible = (el) => !!el && el.getClientRects().length > 0 && el.checkVisibility({{ visibilityProperty: true }})
    && el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0;
  const box = (el) => {{ if (!visible(el)) return null; const r = el.getBoundingClientRect();
    return {{ x: r.x, y: r.y, width: r.width, height: r.height }} }};
  const frames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const banner = document.querySelector('.md-banner');
  const facts = {{
    scheme: document.body.getAttribute('data-md-color-scheme'),
    no_js: document.documentElement.classList.contains('no-js'),
    banner_box: box(banner),
    banner_visible: visible(banner),
    hidden_banner_links: [...document.querySelectorAll('.trd-crisis a')].filter((a) => !visible(a))
      .map((a) => `${{a.textContent.replace(/\\s+/g, ' ').trim()}} (${{a.getAttribute('href')}})`),
    first_landmark: ({FIRST_LANDMARK})(),
    covered: [...({UNCOVERED})('.trd-crisis'), ...({UNCOVERED})('header .trd-help-link')],
    overflow: ({OVERFLOW})(),
    unwrapped_tables: ({UNWRAPPED})(),
    plain_tables: document.querySelectorAll('article table:not(.trd-stack)').length,
    wider_tables: ({WIDER})(),
    unlabelled_cells: ({UNLABELLED})(),
    storage: [...Object.keys(localStorage), ...Object.keys(sessionStorage)],
    spanish_headings: [...document.querySelectorAll('article [lang="es"] :is(h1, h2, h3)')].map((h) => h.innerText),
    contents: ({CONTENTS})(),
  }};
  facts.csp = await new Promise((done) => setTimeout(() => done([...window.__csp]), 0));
  window.scrollTo(0, document.documentElement.scrollHeight);
  while (!(window.scrollY > 0 || document.documentElement.scrollHeight <= window.innerHeight)) await frames();
  await frames();  // the theme's scroll handlers have run
  const help = document.querySelector('header .trd-help-link');
  facts.help_after_scroll = {{ visible: visible(help), box: box(help) }};
  return facts;
}}"""


@dataclass
class Visit:
    url: str  # site-relative, "" for home
    violations: list[dict]
    facts: dict
    requests: list[str] = field(default_factory=list)  # every request made while on this page
    spoken: list[tuple[str, str, bool]] | None = None  # (text, language, in the Spanish part)
    outcomes: list[str] | None = None  # every rule's outcome per element, on the SAMPLE pages

    @property
    def name(self) -> str:
        return self.url or "(home)"


@dataclass
class Sweep:
    viewport: str
    scheme: str
    axe_rules: list[str] | None  # None: the whole tag set (always on the SAMPLE pages)
    visits: list[Visit] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # console errors and page errors
    cookies: list[dict] = field(default_factory=list)


def _spoken(cdp) -> list[tuple[str, str, bool]]:
    """(text, language, inside the Spanish part) of each text Chromium's accessibility tree
    exposes (not ignored). The language is the nearest ``lang`` of the text's element (what
    Chromium hands a screen reader), read from the DOM tree fetched in the same breath; the
    Spanish part is an element with ``lang="es"`` inside an ``article``."""
    parent: dict[int, int | None] = {}
    attrs: dict[int, dict[str, str]] = {}
    tag: dict[int, str] = {}
    element: dict[int, bool] = {}
    stack = [(cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"], None)]
    while stack:
        node, up = stack.pop()
        key = node["backendNodeId"]
        parent[key], tag[key], element[key] = up, node.get("localName", ""), node["nodeType"] == 1
        pairs = node.get("attributes", [])
        attrs[key] = dict(zip(pairs[::2], pairs[1::2], strict=True))
        for child in [*node.get("children", []), *node.get("shadowRoots", [])]:
            stack.append((child, key))
        if "contentDocument" in node:
            stack.append((node["contentDocument"], key))

    def ancestors(key: int | None):
        while key is not None:
            yield key
            key = parent[key]

    def where(key: int) -> tuple[str, bool]:
        el = key if element[key] else parent[key]
        lang = next((attrs[k]["lang"] for k in ancestors(el) if "lang" in attrs[k]), "")
        spanish = any(
            attrs[k].get("lang") == "es" and any(tag[a] == "article" for a in ancestors(parent[k]))
            for k in ancestors(el)
        )
        return lang, spanish

    spoken = []
    for node in cdp.send("Accessibility.getFullAXTree")["nodes"]:
        text = node.get("name", {}).get("value", "").strip()
        if node.get("ignored") or node.get("role", {}).get("value") != "StaticText" or not text:
            continue
        if "backendDOMNodeId" not in node:
            continue
        key = node["backendDOMNodeId"]
        assert key in parent, f"the accessibility tree names DOM node {key} ({text!r}), not in the DOM tree fetched"
        spoken.append((text, *where(key)))
    return spoken


def run(
    browser,
    base_url: str,
    urls: list[str],
    viewport: str,
    scheme: str,
    axe_rules: list[str] | None = None,
    accessibility_tree: bool = False,
) -> Sweep:
    """Open every page of ``urls`` once at ``viewport`` in ``scheme`` and record what the checks need."""
    sweep = Sweep(viewport, scheme, axe_rules)
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], **DEVICE[viewport], color_scheme=scheme, reduced_motion="reduce"
    )
    context.add_init_script(RECORD_CSP)
    here: list[str] = []  # the requests made while on the current page

    def requested(request) -> None:
        sweep.requests.append(request.url)
        here.append(request.url)

    context.on("request", requested)
    page = context.new_page()
    # Every request reaches the network, so a cached file (the search index) cannot hide one.
    context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
    current = [""]
    page.on(
        "console",
        lambda m: (
            sweep.errors.append(f"{current[0] or '(home)'}: console {m.type}: {m.text}") if m.type == "error" else None
        ),
    )
    page.on("pageerror", lambda e: sweep.errors.append(f"{current[0] or '(home)'}: page error: {e}"))
    cdp = context.new_cdp_session(page) if accessibility_tree else None
    try:
        for url in urls:
            current[0] = url
            here.clear()
            try:
                page.goto(base_url + url, wait_until="load")
                page.wait_for_function(STARTED)
                outcomes = None
                if url in SAMPLE:
                    violations, outcomes = run_axe_outcomes(page)
                else:
                    violations = run_axe(page, axe_rules)
                facts = page.evaluate(PROBE)
                spoken = _spoken(cdp) if cdp else None
            except Exception as error:
                raise AssertionError(f"the {viewport}/{scheme} sweep failed on {url or '(home)'}: {error}") from error
            sweep.visits.append(Visit(url, violations, facts, list(here), spoken, outcomes))
        sweep.cookies = context.cookies()
    finally:
        if cdp:
            cdp.detach()
        context.close()
    return sweep
