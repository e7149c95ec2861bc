"""The tools a reader can keep, in Debian's Chromium on a 360x780 phone (issue 21).

The safety plan, the PHQ-9 self-check and the two worksheets (treatment history, questions
to ask), each as a reader uses it: fill it in, then Back, reload and a new visit in the same
browser profile. What must hold (docs/about/privacy.md says the same to readers):

- Nothing is kept unless the reader ticks "Save on this device": before that, storage is
  empty, and Back, reload or a new visit shows an empty tool and says nothing was saved;
  after it, all three show what was typed.
- Leaving with unsaved text asks first: the browser's beforeunload on reload, and a
  confirm() for a site link (Material's instant navigation would not unload the page).
  A link inside the tool opens a new tab, without opener or referrer; the tool stays.
- "Download a copy" gives a text file with the typed text and the crisis lines, made in
  the browser: no request.
- "Delete from this device" leaves localStorage, sessionStorage, IndexedDB, cookies and
  Cache Storage empty (all planted here first); only an offline copy of public crisis pages
  ("trd-hub-offline-*", which holds nothing typed) may stay.
- No request ever carries what was typed: not in its URL, headers or body.
- Print (A4 and Letter, Chromium's own PDF): the plan and each worksheet on at most 2
  pages with what was typed showing and not cut off; the PHQ-9 result with its band and the
  crisis lines on page 1. Pages are counted in the PDF; what is on them is checked in the
  print-media layout (no PDF text library in the lock).
- Without JavaScript the tools fill in, print with what was typed, and send nothing.
- axe finds nothing in either palette, empty, filled and saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.sweep import describe as _describe
from tests.browser.sweep import run_axe as _run_axe
from tests.browser.test_browser_phq9 import FIRST_EIGHT, PHQ9
from tests.conftest import back_through_the_page_cache, wait_for_instant_navigation
from tools.search import SearchBox
from tools.site import mkdocs_config

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}
CRISIS = mkdocs_config()["extra"]["crisis"]
OTHER_PAGE = "glossary/"
OFFLINE_CACHE = "trd-hub-offline-test"
OFFLINE_PREFIX = "trd-hub-offline-"  # the service worker's cache of public crisis pages (docs/sw.js)
OFFLINE_URLS = """async (prefix) => {
  const urls = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith(prefix)) continue;
    for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
  }
  return urls;
}"""
# Printable area at 96 px/inch inside hub.css's 1.2 cm @page margin: (width, height) in px.
PRINTABLE = {"A4": (703, 1032), "Letter": (725, 965)}


@dataclass(frozen=True)
class Tool:
    url: str
    id: str
    fill: Callable[[Page, str], None]
    max_pages: int = 2


def _type_into(page: Page, selector: str, words: str) -> None:
    """Tap the box and type, as a reader does (a real tap also counts as a user gesture,
    which Chromium needs before it asks on beforeunload)."""
    box = page.locator(selector)
    box.click()
    box.press_sequentially(words)


def _fill_plan(page: Page, token: str) -> None:
    _type_into(page, "#plan-warning-signs", f"I stop answering messages {token}")
    _type_into(page, "#plan-reasons-to-live", f"My sister and my dog {token}")


def _fill_phq9(page: Page, token: str) -> None:
    for item, value in zip(PHQ9.items, [*FIRST_EIGHT, 1], strict=True):
        page.locator(f'input[name="phq9-{item.id}"][value="{value}"]').check()


def _fill_history(page: Page, token: str) -> None:
    _type_into(page, "#ws-treatments-1-1", f"Sertraline {token}")
    _type_into(page, "#ws-treatments-1-2", "150 mg a day")
    _type_into(page, "#ws-other-1-1", f"Anxiety {token}")


def _fill_questions(page: Page, token: str) -> None:
    boxes = page.locator("[data-keep] .task-list-item input[type=checkbox]")
    for n in (0, 5, 9):
        boxes.nth(n).check()
    _type_into(page, "#ws-my-questions-1-1", f"Can I drive after treatment {token}")


TOOLS = [
    Tool("safety-plan/", "safety-plan", _fill_plan),
    Tool("tracking/measurement-based-care/", "phq9", _fill_phq9),
    Tool("planning/treatment-history/", "treatment-history", _fill_history),
    Tool("planning/questions-to-ask/", "questions-to-ask", _fill_questions),
]
IDS = [t.id for t in TOOLS]


def _token(tool: Tool) -> str:
    """A word no page contains, typed into the tool, searched for in every request."""
    return f"Qzx{tool.id.replace('-', '')}Vw9"


# What the tool holds now: typed text, chosen radios, ticked boxes (the keep bar aside).
STATE = """tool => [...tool.querySelectorAll('textarea, input[type=radio], input[type=checkbox]')]
    .filter(f => !f.closest('.keep-bar'))
    .map(f => f.type === 'radio' || f.type === 'checkbox' ? (f.checked ? f.id || f.name + '=' + f.value : '') : f.value)
    .filter(Boolean).join('|')"""

STORAGE = """async () => ({
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
    cookies: document.cookie,
    idb: (await indexedDB.databases()).map(d => d.name),
    caches: await caches.keys(),
})"""


def _state(page: Page) -> str:
    return page.locator("[data-keep]").evaluate(STATE)


def _material_key(key: str) -> bool:
    """Material's own colour-scheme preference ("/.__palette"), documented on about/privacy."""
    return key.startswith("/.__")


@dataclass
class Recorded:
    urls: list[str]
    bodies: list[str]


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport=PHONE)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def recorded(context) -> Recorded:
    """Every request from any page of the context: URL, headers and body, as text."""
    seen = Recorded([], [])

    def keep(request) -> None:
        seen.urls.append(request.url)
        seen.bodies.append(" ".join([request.url, str(request.headers), request.post_data or ""]))

    context.on("request", keep)
    return seen


def _open(context, base_url: str, tool: Tool) -> Page:
    page = context.new_page()
    page.goto(base_url + tool.url)
    expect(page.locator(f'[data-keep="{tool.id}"] .keep-bar')).to_be_visible()
    return page


class Dialogs(list):
    """Every dialog the page shows (beforeunload, confirm), by type; each is accepted
    unless ``accept`` is set to False first."""

    accept = True


def _dialogs(page: Page) -> Dialogs:
    seen = Dialogs()

    def answer(dialog) -> None:
        seen.append(dialog.type)
        dialog.accept() if seen.accept else dialog.dismiss()

    page.on("dialog", answer)
    return seen


def _assert_private(recorded: Recorded, token: str, base_url: str) -> None:
    carrying = [b for b in recorded.bodies if token.lower() in b.lower()]
    assert not carrying, f"a request carried what the reader typed: {carrying}"
    host = urlsplit(base_url).netloc
    foreign = {u for u in recorded.urls if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != host}
    assert not foreign, f"requests to other hosts: {sorted(foreign)}"


def _status(page: Page) -> str:
    return page.locator("[data-keep] .keep-bar__status").inner_text()


# ── Not saved: nothing kept, nothing stored, and leaving asks first ──────────────────
@pytest.mark.parametrize("tool", TOOLS, ids=IDS)
def test_unsaved_text_is_not_kept_and_leaving_asks_first(
    context, recorded: Recorded, base_url: str, tool: Tool
) -> None:
    token = _token(tool)
    page = _open(context, base_url, tool)
    dialogs = _dialogs(page)
    tool.fill(page, token)
    filled = _state(page)
    assert filled, "the fill left the tool empty"
    expect(page.locator("[data-keep] .keep-note")).to_contain_text("Not saved on this device")

    # Nothing stored before the reader chooses to save.
    stored = page.evaluate(STORAGE)
    assert [k for k in stored["local"] if not _material_key(k)] == [], stored
    # The offline copy of the public crisis pages (docs/sw.js) is the only cache, and it holds
    # no address that carries what was typed.
    assert stored["session"] == [] and stored["cookies"] == "" and stored["idb"] == [], stored
    assert [c for c in stored["caches"] if not c.startswith(OFFLINE_PREFIX)] == [], stored
    offline = page.evaluate(OFFLINE_URLS, OFFLINE_PREFIX)
    assert not [u for u in offline if token in u or "?" in u], offline

    # A site link (one Material's instant navigation would follow): the page asks; "Cancel" stays.
    dialogs.accept = False
    page.locator(".trd-crisis__more").first.click()
    assert dialogs == ["confirm"], f"leaving by a site link with unsaved text did not ask: {dialogs}"
    assert urlsplit(page.url).path.endswith(tool.url), "Cancel still left the page"
    assert _state(page) == filled, "Cancel lost what was typed"
    dialogs.accept = True
    dialogs.clear()

    # Reload: beforeunload asks; after leaving anyway the tool is empty and says why.
    page.reload()
    assert dialogs == ["beforeunload"], f"reload with unsaved text did not ask first: {dialogs}"
    assert _state(page) == ""
    assert "not saved" in _status(page).lower()

    # Leaving by a site link, answering "Leave": asked once (not again on unload).
    tool.fill(page, token)
    page.locator(".trd-crisis__more").first.click()
    page.wait_for_url("**/" + mkdocs_config()["extra"]["crisis_page"] + "*")  # the banner's link goes to #countries
    assert dialogs == ["beforeunload", "confirm"], dialogs

    # Back: fill again, leave, come back: empty, and it says so.
    page.goto(base_url + tool.url)
    tool.fill(page, token)
    page.goto(base_url + OTHER_PAGE)
    assert dialogs == ["beforeunload", "confirm", "beforeunload"], dialogs
    page.go_back()
    expect(page.locator(f'[data-keep="{tool.id}"] .keep-bar')).to_be_visible()
    assert _state(page) == ""
    assert "was not saved" in _status(page)

    # A new visit in the same browser profile: empty.
    fresh = _open(context, base_url, tool)
    assert _state(fresh) == ""
    stored = fresh.evaluate(STORAGE)
    assert [k for k in stored["local"] if not _material_key(k)] == [], stored
    _assert_private(recorded, token, base_url)


def test_a_link_inside_the_plan_opens_a_new_tab_and_the_plan_stays(context, recorded: Recorded, base_url: str) -> None:
    tool = TOOLS[0]
    page = _open(context, base_url, tool)
    dialogs = _dialogs(page)
    tool.fill(page, _token(tool))
    filled = _state(page)
    link = page.locator(".safety-plan__crisis a", has_text="crisis lines by country")
    expect(link).to_contain_text("opens in a new tab")
    with context.expect_page() as opened:
        link.click()
    new = opened.value
    new.wait_for_load_state()
    assert urlsplit(new.url).path.endswith("get-help-now/"), new.url
    assert new.evaluate("window.opener") is None
    assert new.evaluate("document.referrer") == ""
    assert urlsplit(page.url).path.endswith(tool.url)
    assert _state(page) == filled
    # Phone and text links open the phone's app; the page stays and does not ask.
    page.evaluate("document.querySelectorAll('.safety-plan__crisis a[href^=\"tel:\"]')[0].click()")
    assert _state(page) == filled
    assert dialogs == []
    _assert_private(recorded, _token(tool), base_url)


# ── Saved: kept across Back, reload and a new visit; Delete removes every trace ──────
PLANT = f"""async () => {{
    document.cookie = 'planted=1; path=/';
    await new Promise(done => {{ const r = indexedDB.open('planted'); r.onsuccess = () => {{ r.result.close(); done(); }}; }});
    await (await caches.open('trd-hub-tools-planted')).put('/planted', new Response('x'));
    await caches.open('{OFFLINE_CACHE}');
    sessionStorage.setItem('planted', '1');
}}"""


@pytest.mark.parametrize("tool", TOOLS, ids=IDS)
def test_saved_text_survives_back_reload_and_a_new_visit_until_deleted(
    context, recorded: Recorded, base_url: str, tool: Tool
) -> None:
    token = _token(tool)
    page = _open(context, base_url, tool)
    dialogs = _dialogs(page)
    tool.fill(page, token)
    filled = _state(page)
    save = page.get_by_role("checkbox", name="Save on this device")
    expect(save).not_to_be_checked()
    expect(page.locator(".keep-bar__warning")).to_contain_text("yours alone")
    save.check()
    expect(page.locator("[data-keep] .keep-bar__status")).to_contain_text("Saved on this device")
    stored = page.evaluate(f"localStorage.getItem('trd-hub-keep:{tool.id}')")
    assert stored and (token in stored or tool.id == "phq9"), stored

    page.reload()
    assert dialogs == [], f"saved text still asked before reload: {dialogs}"
    assert _state(page) == filled
    expect(page.get_by_role("checkbox", name="Save on this device")).to_be_checked()

    page.goto(base_url + OTHER_PAGE)
    page.go_back()
    expect(page.locator(f'[data-keep="{tool.id}"] .keep-bar')).to_be_visible()
    assert _state(page) == filled

    fresh = _open(context, base_url, tool)
    assert _state(fresh) == filled
    fresh.close()

    # Changes are saved as they are typed.
    if tool.id != "phq9":
        page.locator("[data-keep] textarea").last.fill(f"changed {token}")
        changed = _state(page)
        page.reload()
        assert _state(page) == changed

    # Delete from this device: every store this origin has is empty, planted ones too.
    page.evaluate(PLANT)
    before = page.evaluate(STORAGE)
    assert before["cookies"] and before["idb"] and before["session"], before
    assert {"trd-hub-tools-planted", OFFLINE_CACHE} <= set(before["caches"]), before
    page.get_by_role("button", name="Delete from this device").click()
    expect(page.locator("[data-keep] .keep-bar__status")).to_contain_text("Deleted")
    assert dialogs == ["confirm"]
    after = page.evaluate(STORAGE)
    assert after["local"] == [] and after["session"] == [] and after["cookies"] == "" and after["idb"] == [], after
    left = [c for c in after["caches"] if not c.startswith(OFFLINE_PREFIX)]
    assert left == [] and OFFLINE_CACHE in after["caches"], f"Delete left Cache Storage entries: {after['caches']}"
    assert context.cookies() == []
    assert _state(page) == ""
    expect(page.get_by_role("checkbox", name="Save on this device")).not_to_be_checked()
    page.reload()
    assert _state(page) == ""
    _assert_private(recorded, token, base_url)


# ── Back with the browser's page cache on, as readers have it (conftest whole_browser) ──
@pytest.mark.parametrize("tool", TOOLS, ids=IDS)
def test_back_from_the_page_cache_shows_only_what_was_saved(whole_browser, base_url: str, tool: Tool) -> None:
    ctx = whole_browser.new_context(viewport=PHONE)
    try:
        page = _open(ctx, base_url, tool)
        _dialogs(page)

        def fill() -> None:
            tool.fill(page, _token(tool))

        back_through_the_page_cache(page, base_url + OTHER_PAGE, fill)
        expect(page.locator("[data-keep] .keep-bar__status")).to_contain_text("was not saved")
        assert _state(page) == ""

        filled = []

        def fill_and_save() -> None:
            tool.fill(page, _token(tool))
            page.get_by_role("checkbox", name="Save on this device").check()
            filled[:] = [_state(page)]

        back_through_the_page_cache(page, base_url + OTHER_PAGE, fill_and_save)
        expect(page.locator("[data-keep] .keep-bar__status")).to_contain_text("Saved on this device")
        assert _state(page) == filled[0]
    finally:
        ctx.close()


def test_keep_script_loads_only_on_the_tool_pages(pages) -> None:
    with_script = sorted(p.url for p in pages if p.soup.find("script", src=re.compile(r"javascripts/keep\.js$")))
    assert with_script == sorted(t.url for t in TOOLS)


# ── Download ─────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("tool", TOOLS, ids=IDS)
def test_download_is_made_in_the_browser_with_the_typed_text_and_crisis_lines(
    context, recorded: Recorded, base_url: str, tool: Tool, tmp_path: Path
) -> None:
    token = _token(tool)
    page = _open(context, base_url, tool)
    tool.fill(page, token)
    requests_before = len([u for u in recorded.urls if u.startswith("http")])
    with page.expect_download() as done:
        page.get_by_role("button", name="Download a copy").click()
    download = done.value
    assert download.suggested_filename.startswith(f"trd-hub-{tool.id}-") and download.suggested_filename.endswith(
        ".txt"
    )
    assert download.url.startswith("blob:"), download.url
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    if tool.id == "phq9":
        total = sum(FIRST_EIGHT) + 1
        assert f"Your total: {total} out of 27" in text
        assert "Several days" in text
    else:
        assert token in text, text
    assert (
        f"Call {CRISIS['call']}" in text
        and f"Text {CRISIS['text']}" in text
        and (f"Call {CRISIS['emergency']}" in text or f"Emergency {CRISIS['emergency']}" in text)
    )
    assert "get-help-now/" in text
    assert len([u for u in recorded.urls if u.startswith("http")]) == requests_before, "Download made a request"
    stored = page.evaluate(STORAGE)
    assert [k for k in stored["local"] if not _material_key(k)] == [], "Download stored something"
    _assert_private(recorded, token, base_url)


# ── Print ────────────────────────────────────────────────────────────────────────────
def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


LONG = " ".join(["I write a few plain words here, as a reader would on a hard day."] * 3)


@pytest.mark.parametrize("paper", list(PRINTABLE))
@pytest.mark.parametrize("tool", TOOLS, ids=IDS)
def test_print_fits_two_pages_with_what_was_typed(context, base_url: str, tool: Tool, paper: str) -> None:
    token = _token(tool)
    page = _open(context, base_url, tool)
    tool.fill(page, token)
    if tool.id != "phq9":
        for box in page.locator("[data-keep] textarea").all()[:7]:
            box.fill(f"{LONG} {token}")
    printed = page.pdf(format=paper)
    assert printed[:4] == b"%PDF"
    pages = _pdf_pages(printed)
    assert 1 <= pages <= tool.max_pages, f"{tool.url} prints on {pages} {paper} pages"

    # What is on the paper: the print layout at the printable width.
    width, height = PRINTABLE[paper]
    page.set_viewport_size({"width": width, "height": height})
    page.emulate_media(media="print")
    expect(page.locator(".trd-crisis")).to_be_visible()
    expect(page.locator("[data-keep] .keep-bar")).to_be_hidden()
    cut = page.locator("[data-keep] textarea").evaluate_all(
        "boxes => boxes.filter(b => b.value && (b.offsetParent === null || b.scrollHeight > b.clientHeight + 2)).map(b => b.id)"
    )
    assert cut == [], f"typed text hidden or cut off in print: {cut}"
    for box in page.locator("[data-keep] textarea").all():
        if token in box.input_value():
            expect(box).to_be_visible()
    if tool.id == "phq9":
        # Page 1: the crisis lines (banner), the total with its band, and the answers begin.
        result = page.locator("[data-phq9-result]")
        expect(result).to_contain_text("Your total")
        band = next(b for b in PHQ9.bands if b.min <= sum(FIRST_EIGHT) + 1 <= b.max)
        expect(result).to_contain_text(band.label)
        bottom = result.evaluate("el => el.getBoundingClientRect().bottom + window.scrollY")
        banner = page.locator(".trd-crisis").evaluate("el => el.getBoundingClientRect().bottom + window.scrollY")
        assert bottom < height and banner < height, f"PHQ-9 result ends at {bottom} px, page 1 at {height} px"
        # Only the chosen answer of each question prints.
        assert page.locator(".phq9__option:visible").count() == len(PHQ9.items)
    page.emulate_media(media="screen")


def test_without_answers_the_measurement_page_prints_whole(context, base_url: str) -> None:
    """Printing the article before answering the self-check prints the article."""
    page = _open(context, base_url, TOOLS[1])
    page.emulate_media(media="print")
    expect(page.locator("#why-measure")).to_be_visible()
    page.locator('input[name="phq9-' + PHQ9.items[0].id + '"][value="0"]').check(force=True)
    expect(page.locator("#why-measure")).to_be_hidden()


# ── Without JavaScript ───────────────────────────────────────────────────────────────
@pytest.fixture
def no_js(browser) -> Iterator:
    ctx = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.mark.parametrize("tool", [t for t in TOOLS if t.id != "phq9"], ids=[t.id for t in TOOLS if t.id != "phq9"])
def test_without_javascript_tools_fill_print_and_send_nothing(no_js, base_url: str, tool: Tool) -> None:
    seen: list[str] = []
    no_js.on("request", lambda r: seen.append(" ".join([r.url, str(r.headers), r.post_data or ""])))
    page = no_js.new_page()
    page.goto(base_url + tool.url)
    token = _token(tool)
    box = page.locator("article textarea").first
    box.click()
    box.press_sequentially(f"typed without scripts {token}")
    box.press("Enter")
    assert urlsplit(page.url).path.endswith(tool.url)
    assert page.locator("form[action]").count() == 0
    expect(page.locator(".keep-bar")).to_have_count(0)
    printed = page.pdf(format="A4")
    assert _pdf_pages(printed) <= tool.max_pages
    page.emulate_media(media="print")
    expect(box).to_be_visible()
    assert token in box.input_value()
    assert not [s for s in seen if token in s]


# ── Accessibility ────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_tool_pages_filled_and_saved(browser, base_url: str, scheme: str) -> None:
    """Each tool page as the reader fills it and saves it. Empty, as it loads, it is a page
    of the page sweeps, which run axe on every page at both widths in both schemes
    (tests/browser/test_browser.py::test_no_axe_violations_on_any_page)."""
    ctx = browser.new_context(viewport=PHONE, color_scheme=scheme, reduced_motion="reduce")
    failures = {}
    try:
        for tool in TOOLS:
            page = _open(ctx, base_url, tool)
            for state in ("filled", "saved"):
                if state == "filled":
                    tool.fill(page, _token(tool))
                if state == "saved":
                    page.get_by_role("checkbox", name="Save on this device").check()
                page.wait_for_function("() => document.querySelectorAll('.md-tooltip2').length === 0")
                violations = _run_axe(page)
                if violations:
                    failures[f"{tool.url} {state}"] = _describe(violations)
            page.evaluate("localStorage.clear()")
            page.close()
    finally:
        ctx.close()
    assert not failures, f"axe violations ({scheme}):\n" + "\n".join(f"{u}:\n{d}" for u, d in failures.items())


@pytest.mark.parametrize("width", [360, 1280])
def test_worksheets_are_cards_on_a_phone_and_a_table_on_wider_screens(context, base_url: str, width: int) -> None:
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(base_url + "planning/treatment-history/")
    row = page.locator(".worksheet--grid tbody tr").first
    label = row.locator("label").nth(1)
    if width == 360:
        assert row.evaluate("el => getComputedStyle(el).display") == "block"
        expect(label).to_be_visible()
        expect(row.locator("th")).to_have_text("Treatment 1")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    else:
        assert row.evaluate("el => getComputedStyle(el).display") == "table-row"
    page.close()


# ── Search ───────────────────────────────────────────────────────────────────────────
@pytest.fixture(scope="module")
def search_box(browser, base_url: str) -> Iterator[SearchBox]:
    """Material's search opened once (its index loaded), for every query below."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = ctx.new_page()
        page.goto(base_url)
        box = SearchBox(page, base_url)
        box.open()
        yield box
    finally:
        ctx.close()


@pytest.mark.parametrize("query", ["depression test", "depression quiz", "phq9", "depression score"])
def test_search_finds_the_phq9_self_check(search_box: SearchBox, query: str) -> None:
    assert "tracking/measurement-based-care/" in search_box.top_pages(query), query


# ── Under Material's instant navigation, as on the real host ─────────────────────────


def test_instant_navigation_away_from_unsaved_text_asks_first(site_host) -> None:
    browser, base_url = site_host
    ctx = browser.new_context(viewport=PHONE)
    try:
        page = ctx.new_page()
        page.goto(base_url + mkdocs_config()["extra"]["crisis_page"])
        wait_for_instant_navigation(page)
        page.evaluate("window.__sameDocument = true")
        # Reach the plan by instant navigation too (the nav's link; on a phone the nav is in
        # its drawer): keep.js starts on a swapped-in page.
        page.evaluate("document.querySelector('a.md-nav__link[href$=\"safety-plan/\"]').click()")
        page.wait_for_url(base_url + TOOLS[0].url)
        expect(page.locator('[data-keep="safety-plan"] .keep-bar')).to_be_visible()
        dialogs = _dialogs(page)
        TOOLS[0].fill(page, _token(TOOLS[0]))
        filled = _state(page)

        dialogs.accept = False
        page.locator(".trd-crisis__more").first.click()
        assert dialogs == ["confirm"], dialogs
        assert urlsplit(page.url).path == "/" + TOOLS[0].url and _state(page) == filled

        dialogs.accept = True
        page.locator(".trd-crisis__more").first.click()
        page.wait_for_url(base_url + mkdocs_config()["extra"]["crisis_page"] + "*")
        assert page.evaluate("window.__sameDocument === true"), "the link was a full page load, not instant navigation"
        assert dialogs == ["confirm", "confirm"], dialogs
    finally:
        ctx.close()
