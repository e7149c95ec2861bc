"""The crisis pages work offline after one visit (issue 19, item 6), in Chromium.

docs/sw.js (registered by docs/javascripts/offline.js) keeps the crisis pages and the
files they need, and nothing else: get-help-now/ from the first visit to any page, 988/
and ayuda/ once opened. A reader visits once, the network goes away, and:
- the crisis page still opens, styled, with its Call and Text links (numbers from
  crisis.yml), after a reload too; so do 988/ and ayuda/ if the reader had opened them;
- any other page opens the cached crisis page instead;
- Cache Storage holds exactly the crisis pages and their stylesheets, icon and the hub's
  own scripts: not the pages the reader read, not a search, nothing with a query string;
- no request ever leaves the site's host.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from macros import _data
from macros._render import sms_href, tel_href
from tests.conftest import Page as BuiltPage

pytestmark = pytest.mark.browser

CRISIS_PAGES = ["get-help-now/", "988/", "ayuda/"]
PRECACHED = ["get-help-now/"]
CACHE = "trd-hub-offline-v1"
PHONE = {"width": 360, "height": 780}
CRISIS = _data.load().crisis
TEL = {tel_href(s.call) for r in CRISIS.regions for s in r.services if s.call}
SMS = {sms_href(s.text.number, s.text.keyword) for r in CRISIS.regions for s in r.services if s.text}
BANNER_RED = "rgb(107, 15, 26)"  # .md-banner's background in hub.css: the stylesheet came from the cache

CACHE_KEYS = f"""async () => {{
  const cache = await caches.open({CACHE!r})
  return (await cache.keys()).map((request) => request.url)
}}"""


def expected_keys(pages: list[BuiltPage], base_url: str, crisis_pages: list[str]) -> set[str]:
    """What the cache must hold, read from the built crisis pages (not from sw.js): each of
    ``crisis_pages``, its stylesheets and icon, and its scripts under javascripts/."""
    keys = set()
    for page in pages:
        if page.url not in crisis_pages:
            continue
        url = base_url + page.url
        keys.add(url)
        for link in page.soup.find_all("link", rel=["stylesheet", "icon"]):
            keys.add(urljoin(url, link["href"]))
        for script in page.soup.find_all("script", src=True):
            if urlsplit(urljoin(url, script["src"])).path.startswith("/javascripts/"):
                keys.add(urljoin(url, script["src"]))
    return keys


@pytest.fixture
def reader(browser, base_url: str) -> Iterator[tuple[BrowserContext, Page, list[str]]]:
    """A phone in New York that has visited the home page once, with the offline copy ready;
    every request the context makes (pages and service worker alike) is recorded."""
    context = browser.new_context(viewport=PHONE, locale="en-US", timezone_id="America/New_York")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(base_url)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20_000)
    # The worker stores the page's files after the page: wait until they are there.
    page.wait_for_function(
        """async ([keys, pages]) => {
          const cache = await caches.open(keys)
          const got = (await cache.keys()).map((r) => r.url)
          return pages.every((p) => got.includes(new URL(p, location.href).href)) && got.length > pages.length
        }""",
        arg=[CACHE, [base_url + p for p in PRECACHED]],
        timeout=20_000,
    )
    try:
        yield context, page, requests
    finally:
        context.close()


def _shows_the_numbers(page: Page, url: str) -> None:
    expect(page.locator(".md-banner")).to_have_css("background-color", BANNER_RED)
    calls = [a for a in page.locator("a[href^='tel:']").all() if a.is_visible()]
    texts = [a for a in page.locator("a[href^='sms:']").all() if a.is_visible()]
    assert calls and texts, f"{url}: no visible Call or Text link offline"
    assert {a.get_attribute("href") for a in calls} & TEL, f"{url}: no Call link with a crisis.yml number"
    assert {a.get_attribute("href") for a in texts} & SMS, f"{url}: no Text link with a crisis.yml number"


def test_offline_after_one_visit_the_crisis_page_still_gives_the_numbers(reader, base_url: str) -> None:
    context, page, _ = reader
    context.set_offline(True)
    page.goto(base_url + "get-help-now/")
    _shows_the_numbers(page, "get-help-now/")
    page.reload()
    assert page.url == base_url + "get-help-now/"
    _shows_the_numbers(page, "get-help-now/ after a reload")


@pytest.mark.parametrize("crisis_page", ["988/", "ayuda/"])
def test_offline_the_other_crisis_pages_open_once_read(reader, base_url: str, crisis_page: str) -> None:
    context, page, _ = reader
    page.goto(base_url + crisis_page)
    page.wait_for_function(f"async () => (await ({CACHE_KEYS})()).includes(location.href)")
    context.set_offline(True)
    page.goto(base_url + "faq/")
    page.goto(base_url + crisis_page)
    assert page.url == base_url + crisis_page, f"offline, {crisis_page} opened {page.url}"
    _shows_the_numbers(page, crisis_page)


@pytest.mark.parametrize("other", ["treatments/ect/", "faq/", "no-such-page/", "?q=kill+myself"])
def test_offline_any_other_page_opens_the_crisis_page(reader, base_url: str, other: str) -> None:
    context, page, _ = reader
    context.set_offline(True)
    page.goto(base_url + other)
    assert page.url == base_url + "get-help-now/", f"offline, {other} opened {page.url}"
    _shows_the_numbers(page, other)


def test_the_cache_holds_only_the_crisis_pages_and_their_files(reader, base_url: str, pages: list[BuiltPage]) -> None:
    _, page, requests = reader
    # Read other pages, search, and open crisis pages with a query string: none of it is kept.
    for url in ["treatments/ect/", "faq/", "get-help-now/?q=kill+myself", "988/#call", "ayuda/"]:
        page.goto(base_url + url)
    page.goto(base_url + "treatments/ect/")
    page.keyboard.press("/")
    page.keyboard.type("lithium")
    page.wait_for_selector(".md-search-result__item")
    expected = expected_keys(pages, base_url, CRISIS_PAGES)  # 988/ and ayuda/ were opened above
    # The worker stores what the crisis pages fetched after them: wait until all of it is
    # there (10 s at most), then compare the whole cache: anything missing or extra fails below.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            f"async (want) => {{ const got = await ({CACHE_KEYS})(); return want.every((k) => got.includes(k)) }}",
            arg=sorted(expected),
            timeout=10_000,
        )
    keys = set(page.evaluate(CACHE_KEYS))
    names = page.evaluate("async () => await caches.keys()")
    print("\ncache keys:\n  " + "\n  ".join(sorted(keys)))
    assert names == [CACHE], f"caches other than {CACHE}: {names}"
    assert keys == expected, f"unexpected cache: {sorted(keys ^ expected)}"
    assert not [k for k in keys if "?" in k or "#" in k]
    host = urlsplit(base_url).netloc
    assert all(urlsplit(u).netloc == host for u in requests if urlsplit(u).scheme in ("http", "https")), [
        u for u in requests if urlsplit(u).netloc != host
    ]


def test_no_request_leaves_the_site_online_or_offline(reader, base_url: str) -> None:
    context, page, requests = reader
    context.set_offline(True)
    page.goto(base_url + "treatments/rtms/")
    page.goto(base_url + "ayuda/")
    host = urlsplit(base_url).netloc
    off_host = [u for u in requests if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != host]
    assert not off_host, f"requests to other hosts: {off_host}"
    assert any(u.endswith("/sw.js") for u in requests), "the service worker was never fetched"
