"""What a reader meets in Chromium, on every page of the built site.

Accessibility (axe-core, WCAG 2.0/2.1/2.2 A and AA plus best practices) in light and
dark palettes at 360 px and 1280 px; keyboard access; the crisis banner and header link
on screen; no horizontal scrolling on a phone; print; privacy (no request to another
host, no cookies, nothing stored beyond Material's own preferences); and evidence
screenshots for reviewers. Debian's Chromium via Playwright; never skipped.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python
import pytest

from tests.conftest import Page
from tools.site import mkdocs_config

pytestmark = pytest.mark.browser

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
# No exclusions. If one is ever needed, add it here with the reason next to it.
AXE_DISABLED_RULES: dict[str, str] = {}

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
SCHEMES = ("light", "dark")
# Material keeps the reader's colour-scheme choice in local storage under "<base>.__palette".
MATERIAL_STORAGE_KEYS = ("__palette",)


def _urls(pages: list[Page]) -> list[str]:
    return [p.url for p in pages]


def _run_axe(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, as axe-playwright-python does: an inline
        # <script> tag would be blocked by the hub's Content-Security-Policy, as it should be.
        page.evaluate(AXE_SOURCE)
    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        # Every rule still runs on every element; only the passes are not written out
        # (about a third of axe's time here).
        "resultTypes": ["violations"],
        "rules": {r: {"enabled": False} for r in AXE_DISABLED_RULES},
    }
    result = page.evaluate("async (options) => await axe.run(document, options)", options)
    return result["violations"]


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(str(n["target"]) for n in v["nodes"][:3])
        lines.append(f"  {v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def contexts(browser):
    """One browser context per viewport and colour scheme, reused across pages."""
    made = {}
    for name, viewport in VIEWPORTS.items():
        for scheme in SCHEMES:
            made[(name, scheme)] = browser.new_context(viewport=viewport, color_scheme=scheme, reduced_motion="reduce")
    yield made
    for context in made.values():
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_no_axe_violations_on_any_page(contexts, base_url: str, pages: list[Page], viewport: str, scheme: str) -> None:
    page = contexts[(viewport, scheme)].new_page()
    failures = {}
    for url in _urls(pages):
        page.goto(base_url + url, wait_until="load")
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == expected
        violations = _run_axe(page)
        if violations:
            failures[url or "(home)"] = _describe(violations)
    page.close()
    assert not failures, f"axe violations at {viewport}/{scheme}:\n" + "\n".join(
        f"{u}:\n{d}" for u, d in failures.items()
    )


def test_the_axe_runner_reports_planted_violations(contexts, base_url: str) -> None:
    """The one runner every browser test uses finds what it must (options can silence axe)."""
    page = contexts[("phone", "light")].new_page()
    page.goto(base_url + "faq/", wait_until="load")
    page.evaluate(
        """() => {
            const img = document.createElement('img'); img.src = '../assets/favicon.svg';
            const faint = document.createElement('p'); faint.textContent = 'Faint words';
            faint.style.color = '#eeeeee';
            document.querySelector('article').append(img, faint);
        }"""
    )
    found = {v["id"] for v in _run_axe(page)}
    page.close()
    assert {"image-alt", "color-contrast"} <= found, found


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_banner_on_screen_at_load_and_help_link_after_scrolling(
    contexts, base_url: str, pages: list[Page], viewport: str
) -> None:
    page = contexts[(viewport, "light")].new_page()
    problems = []
    width = VIEWPORTS[viewport]["width"]
    for url in _urls(pages):
        page.goto(base_url + url)
        box = page.locator(".md-banner").bounding_box()
        if (
            not box
            or box["y"] < 0
            or box["x"] < 0
            or box["x"] + box["width"] > width + 0.5
            or not page.locator(".md-banner").is_visible()
        ):
            problems.append(f"{url}: banner not fully on screen at load ({box})")
        for link in page.locator(".trd-crisis a").all():
            if not link.is_visible():
                problems.append(f"{url}: banner link {link.inner_text()!r} hidden")
        page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
        page.wait_for_function(
            "() => window.scrollY > 0 || document.documentElement.scrollHeight <= window.innerHeight"
        )
        help_link = page.locator("header .trd-help-link")
        hbox = help_link.bounding_box()
        if (
            not help_link.is_visible()
            or not hbox
            or hbox["y"] < 0
            or hbox["y"] + hbox["height"] > VIEWPORTS[viewport]["height"]
        ):
            problems.append(f"{url}: 'Get help now' not on screen after scrolling ({hbox})")
    page.close()
    assert not problems, "\n".join(problems)


def test_phone_has_no_horizontal_scrolling_and_tables_scroll_in_their_box(
    contexts, base_url: str, pages: list[Page]
) -> None:
    page = contexts[("phone", "light")].new_page()
    problems = []
    for url in _urls(pages):
        page.goto(base_url + url)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            problems.append(f"{url}: page is {overflow}px wider than the screen")
        # A table that stacks into cards on a phone (class trd-stack, hub.css) needs no box.
        unwrapped = page.evaluate(
            """() => [...document.querySelectorAll('article table:not(.trd-stack)')].filter(t => {
                   const box = t.closest('.md-typeset__scrollwrap');
                   return !box || !['auto', 'scroll'].includes(getComputedStyle(box.firstElementChild || box).overflowX)
                          && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
               }).length"""
        )
        if unwrapped:
            problems.append(f"{url}: {unwrapped} table(s) not inside a scrolling box")
    page.close()
    assert not problems, "\n".join(problems)


def test_keyboard_reaches_banner_and_help_link_first_with_visible_focus(contexts, base_url: str) -> None:
    page = contexts[("desktop", "light")].new_page()
    page.goto(base_url + "treatments/esketamine/")
    reached, invisible = [], []
    for _ in range(10):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
                       return {text: (el.innerText || el.getAttribute('aria-label') || '').trim(), cls: el.className,
                               outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0, shadow: s.boxShadow !== 'none'}; }"""
        )
        reached.append(info["text"])
        if not (info["outline"] or info["shadow"]):
            invisible.append(info)
    page.close()
    banner_links = [t for t in reached[:7] if t.startswith(("Call", "Text", "Emergency", "Not in"))]
    assert len(banner_links) >= 4, f"banner links not among the first Tab stops: {reached}"
    assert "Get help now" in reached[:10], f"'Get help now' not within the first 10 Tab stops: {reached}"
    assert not invisible, f"focus not visible on: {invisible}"


# Where a text node sits, from Chromium's own DOM: the nearest lang (what Chromium hands to a
# screen reader as the text's language) and whether it is inside the Spanish part.
LANG_OF = """function () {
  const el = this.nodeType === 1 ? this : this.parentElement;
  const marked = el.closest('[lang]');
  return {lang: marked ? marked.getAttribute('lang') : '', spanish_part: !!el.closest('article [lang="es"]')};
}"""


def _spoken_texts(page, wanted=None) -> list[tuple[str, str, bool]]:
    """(text, language, inside the Spanish part) for each text Chromium's accessibility tree
    exposes (not ignored), optionally only those whose text is in ``wanted``."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.getDocument", {"depth": -1})
    spoken = []
    for node in cdp.send("Accessibility.getFullAXTree")["nodes"]:
        text = node.get("name", {}).get("value", "").strip()
        if node.get("ignored") or node.get("role", {}).get("value") != "StaticText" or not text:
            continue
        if "backendDOMNodeId" not in node or (wanted is not None and text not in wanted):
            continue
        handle = cdp.send("DOM.resolveNode", {"backendNodeId": node["backendDOMNodeId"]})["object"]
        where = cdp.send(
            "Runtime.callFunctionOn",
            {"objectId": handle["objectId"], "functionDeclaration": LANG_OF, "returnByValue": True},
        )["result"]["value"]
        spoken.append((text, where["lang"], where["spanish_part"]))
    cdp.detach()
    return spoken


def test_spanish_is_announced_in_spanish_and_nowhere_in_english(contexts, base_url: str, pages: list[Page]) -> None:
    """Issue 13: the Spanish crisis page's text reaches a screen reader as Spanish (lang="es"),
    its headings are not repeated in English voice by the theme (title, table of contents,
    navigation, previous/next), and the banner's "Ayuda en español" is Spanish on every page."""
    spanish_page = mkdocs_config()["extra"]["crisis_page_es"]
    page = contexts[("desktop", "light")].new_page()
    page.goto(base_url + spanish_page)
    spoken = _spoken_texts(page)
    in_part = [(text, lang) for text, lang, part in spoken if part]
    assert len(in_part) >= 20, f"too little text in the Spanish part: {in_part}"
    assert all(lang == "es" for _, lang in in_part), [t for t in in_part if t[1] != "es"]
    headings = page.locator('article [lang="es"] :is(h1, h2, h3)').all_inner_texts()
    heading_texts = {text.rstrip("¶").strip() for text in headings}  # without the permalink sign
    assert "Ayuda ahora" in heading_texts, heading_texts
    banner = [(text, lang) for text, lang, part in spoken if text in ("Call", "Text", "Emergency")]
    assert banner and all(lang == "en" for _, lang in banner), f"English banner text marked otherwise: {banner}"
    page.close()

    wanted = heading_texts | {"Ayuda en español"}
    wrong = []
    for built in pages:
        page = contexts[("desktop", "light")].new_page()
        page.goto(base_url + built.url)
        found = _spoken_texts(page, wanted)
        page.close()
        if not any(text == "Ayuda en español" for text, _, _ in found):
            wrong.append(f"{built.url or '(home)'}: no 'Ayuda en español' link in the accessibility tree")
        wrong += [
            f"{built.url or '(home)'}: {text!r} announced as {lang or 'no language'!r}"
            for text, lang, _ in found
            if lang != "es"
        ]
    assert not wrong, "Spanish text a screen reader would read with an English voice:\n" + "\n".join(wrong)


def test_search_opens_and_closes_by_keyboard(contexts, base_url: str) -> None:
    page = contexts[("desktop", "light")].new_page()
    page.goto(base_url)
    page.keyboard.press("/")
    assert page.evaluate("() => document.getElementById('__search').checked")
    assert page.evaluate("() => document.activeElement.classList.contains('md-search__input')")
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.getElementById('__search').checked")
    page.close()


def test_print_keeps_banner_and_references_and_hides_navigation(contexts, base_url: str) -> None:
    page = contexts[("desktop", "light")].new_page()
    page.goto(base_url + "treatments/esketamine/")
    page.emulate_media(media="print")
    assert page.locator(".md-banner").is_visible(), "crisis banner hidden in print"
    assert page.locator("ol.references").is_visible(), "reference list hidden in print"
    for selector in (".md-header", ".md-sidebar--primary", ".md-search"):
        assert not page.locator(selector).first.is_visible(), f"{selector} prints"
    page.close()


def test_evidence_tables_print_whole(contexts, base_url: str) -> None:
    """On paper nothing scrolls: every column of every evidence table fits the printed page."""
    page = contexts[("desktop", "light")].new_page()
    page.goto(base_url + "treatments/medication-strategies/")
    page.emulate_media(media="print")
    tables = page.locator(".trd-evidence table")
    assert tables.count() == 5
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('.trd-evidence table')].map(t => {
               const box = t.closest('.md-typeset__scrollwrap') || t.parentElement;
               return t.getBoundingClientRect().right - box.getBoundingClientRect().right;
           }).filter(over => over > 1)"""
    )
    assert not clipped, f"evidence tables wider than the printed page by {clipped} px"
    assert page.locator("aside.trd-glance").first.is_visible()
    page.close()


# ── Privacy ──────────────────────────────────────────────────────────────────
def test_no_request_leaves_the_site_and_nothing_is_stored(browser, base_url: str, pages: list[Page]) -> None:
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    for url in _urls(pages):
        page.goto(base_url + url, wait_until="networkidle")
    # Use search, toggle the palette, and print.
    page.goto(base_url)
    page.keyboard.press("/")
    page.keyboard.type("esketamine")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("Escape")
    page.locator("label[for='__palette_1']:visible, label[for='__palette_0']:visible").first.click()
    # Print for real: Chromium renders the page with the print stylesheet into a PDF,
    # fetching anything print styles ask for.
    page.goto(base_url + "treatments/esketamine/", wait_until="networkidle")
    assert page.pdf(format="A4")[:4] == b"%PDF"
    local = page.evaluate("() => Object.keys(localStorage)")
    session = page.evaluate("() => Object.keys(sessionStorage)")
    cookies = context.cookies()
    context.close()
    allowed_host = urlsplit(base_url).netloc
    foreign = sorted(
        {
            u
            for u in requests
            if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != allowed_host
        }
    )
    assert len(requests) > len(pages), "the request recorder saw almost nothing"
    assert not foreign, f"requests to other hosts: {foreign}"
    assert cookies == [], f"cookies set: {cookies}"
    unexpected = [k for k in local + session if not k.endswith(MATERIAL_STORAGE_KEYS)]
    assert not unexpected, f"storage beyond Material's preferences: {unexpected}"


# ── Evidence for reviewers ───────────────────────────────────────────────────
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_screenshots_for_reviewers(contexts, base_url: str, screenshots_dir: Path, viewport: str) -> None:
    page = contexts[(viewport, "light")].new_page()
    for name, url in {"home": "", "treatment-esketamine": "treatments/esketamine/", "crisis": "get-help-now/"}.items():
        page.goto(base_url + url)
        path = screenshots_dir / f"{name}-{VIEWPORTS[viewport]['width']}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
    page.close()
