"""Shared fixtures: build the site once, serve it on 127.0.0.1, drive Debian's Chromium.

- ``site_dir``: the strict build of the real project, made once per test run (one build for
  every pytest-xdist worker).
- ``pages``: every HTML page of that build (404 included), parsed once.
- ``base_url``: ``site_dir`` served by a thread on 127.0.0.1, stopped at session end.
- ``browser``: Playwright driving Debian's chromium-headless-shell via executable_path (never a
  downloaded browser; the tests of Back with the page cache use ``whole_browser``).
  A missing one fails the tests; it never skips them.
- ``whole_browser``: Debian's whole chromium with the back/forward cache on, launched once.
- ``project_copy``: a fresh copy of the project in a temporary folder, for planting faults.
- ``sweep``: every built page visited once per viewport and colour scheme, with the records
  the per-page browser checks assert over (tests/browser/sweep.py).
"""

from __future__ import annotations

import fcntl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tools.chromium import CHROMIUM, CHROMIUM_ARGS, HEADLESS_SHELL
from tools.site import ROOT, build_or_fail, copy_project, mkdocs_config, serve
from tools.weight import html_pages, page_url


@dataclass(frozen=True)
class Page:
    url: str  # site-relative URL, "" for home, "404.html" for the not-found page
    path: Path
    html: str
    soup: BeautifulSoup


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """Under pytest-xdist the first worker to ask builds the site into the run's shared
    temporary folder while the others wait on a lock, as pytest-xdist's documentation shows."""
    if worker_id == "master":
        return build_or_fail(ROOT, tmp_path_factory.mktemp("site"))
    shared = tmp_path_factory.getbasetemp().parent  # this run's folder, shared by its workers
    site, built = shared / "site", shared / "site.built"
    with (shared / "site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not built.exists():  # written only after a build that passed
            build_or_fail(ROOT, site)
            built.touch()
    return site


@pytest.fixture(scope="session")
def pages(site_dir: Path) -> list[Page]:
    found = []
    for path in html_pages(site_dir):
        html = path.read_text(encoding="utf-8")
        found.append(Page(page_url(site_dir, path), path, html, BeautifulSoup(html, "html.parser")))
    assert len(found) > 5, "the build produced almost no pages"
    return found


@pytest.fixture(scope="session")
def content_pages(pages: list[Page]) -> list[Page]:
    """Every page except the 404 page."""
    return [p for p in pages if p.url != "404.html"]


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium-headless-shell (tools/chromium.py); checks that the whole chromium,
    which ``whole_browser`` launches, is installed too."""
    for path, variable, package in (
        (CHROMIUM, "CHROMIUM", "chromium"),
        (HEADLESS_SHELL, "HEADLESS_SHELL", "chromium-headless-shell"),
    ):
        if not Path(path).exists():
            pytest.fail(
                f"{package} not found at {path}. Run `make browser` (Debian: apt-get install {package}) or set {variable}=/path."
            )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=HEADLESS_SHELL, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def whole_browser(browser):
    """Debian's whole chromium, with the back/forward cache on as readers have it (Playwright
    turns it off): for Back served from that cache, which the headless shell does not have."""
    cached = browser.browser_type.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, ignore_default_args=["--disable-back-forward-cache"]
    )
    try:
        yield cached
    finally:
        cached.close()


@pytest.fixture(scope="session")
def sweep(browser, base_url: str, pages: list[Page]) -> Callable[..., object]:
    """``sweep(viewport, scheme)``: the records of one visit to every page (tests/browser/sweep.py),
    made the first time a test asks for that viewport and scheme. Tests that use it carry
    ``sweep.GROUP`` so that under xdist one worker makes each sweep once."""
    from tests.browser import sweep as sweeps

    done: dict[tuple[str, str], sweeps.Sweep] = {}

    def get(viewport: str, scheme: str) -> sweeps.Sweep:
        if (viewport, scheme) not in done:
            done[(viewport, scheme)] = sweeps.run(
                browser,
                base_url,
                [p.url for p in pages],
                viewport,
                scheme,
                # Dark: the colour rules, and the whole tag set on sweeps.SAMPLE (see there).
                axe_rules=sweeps.COLOUR_RULES if scheme == "dark" else None,
                accessibility_tree=(viewport, scheme) == ("desktop", "light"),
            )
        return done[(viewport, scheme)]

    return get


@pytest.fixture
def project_copy(tmp_path: Path) -> Callable[[], Path]:
    """Return a function that copies the project into a temporary folder and returns it."""

    def make() -> Path:
        return copy_project(tmp_path / "project")

    return make


@pytest.fixture
def screenshots_dir() -> Path:
    """Where browser tests write evidence for reviewers (uploaded by CI, never committed)."""
    path = ROOT / "artifacts" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def site_host(browser, base_url: str) -> Iterator[tuple]:
    """A Chromium that reaches the local server under the site's own host name.

    Instant navigation only handles links listed in sitemap.xml, which names pages by
    site_url; Material matches them by protocol and host name but not port, so on
    127.0.0.1:<port> every link would be a full page load. Under the site's host name
    (mapped to the local server, nothing leaves the machine) instant navigation runs
    as it does for readers.
    """
    host = urlsplit(mkdocs_config()["site_url"]).hostname
    mapped = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {host}:80 127.0.0.1:{urlsplit(base_url).port}"],
    )
    try:
        yield mapped, f"http://{host}/"
    finally:
        mapped.close()


# Material's start-up is over: sitemap.xml, its last request at start, has been answered.
STARTED = (
    "() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/sitemap.xml') && e.responseEnd > 0)"
)


def wait_for_instant_navigation(page) -> None:
    """Wait until Material's instant navigation takes over clicks, as it has for a reader.

    Material reads sitemap.xml at start-up and drops every click made before it arrives
    (``withLatestFrom(sitemap$)``): such a click is a full page load. A reader's first tap
    comes seconds later; a test's comes at once, and on a busy machine before the sitemap.
    """
    page.wait_for_function(STARTED)
    page.evaluate("() => new Promise((done) => setTimeout(done, 50))")  # its load event and parse


def back_through_the_page_cache(page, away_url: str, prepare: Callable[[], None], attempts: int = 6) -> None:
    """``prepare()`` the page, go to ``away_url``, tap Back: the page must come back from
    Chrome's back/forward cache (readers' browsers have it on; Playwright's launch must not
    pass --disable-back-forward-cache).

    Chrome says why it did not use the cache (DevTools ``Page.backForwardCacheNotUsed``).
    A reason of the page's own making (an unload handler, an open connection: type
    "PageSupportNeeded" or "SupportPending") fails at once with Chrome's words. A
    "Circumstantial" one is the machine's ("IgnoreEventAndEvict": 1 Back in 10 to 1 in 5 here
    with two test workers, once three in a row), so the whole step is tried again, a second
    apart, up to ``attempts`` times.
    """
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.enable")
    reasons: list[list[tuple[str, str]]] = []
    cdp.on(
        "Page.backForwardCacheNotUsed",
        lambda event: reasons.append([(r["reason"], r["type"]) for r in event["notRestoredExplanations"]]),
    )
    watch = (
        "if (!window.__pageshowWatched) { window.__pageshowWatched = true;"
        " addEventListener('pageshow', (e) => { window.__fromCache = e.persisted }) }"
    )
    page.add_init_script(watch)  # a page loaded afresh
    last: list = []
    try:
        for _ in range(attempts):
            prepare()
            # A reader's page has finished loading: the document complete (a page restored
            # from the cache fires no new load event), and Material's start-up fetch of
            # sitemap.xml answered (its last request; no connection left open).
            page.wait_for_function(f"() => document.readyState === 'complete' && ({STARTED})()")
            page.evaluate(watch + "; window.__fromCache = undefined")  # the page Back must restore
            page.goto(away_url)
            page.go_back(wait_until="commit")
            page.wait_for_function("() => window.__fromCache !== undefined", timeout=10_000)
            if page.evaluate("window.__fromCache === true"):
                return
            own = [r for found in reasons for r in found if r[1] != "Circumstantial"]
            if own:
                pytest.fail(f"Back did not use the page cache, because of the page: {own}")
            last, reasons[:] = reasons[:], []
            page.wait_for_timeout(1000)  # let a busy machine settle before the next try
        pytest.fail(f"Back did not use the page cache in {attempts} tries; Chrome's reasons the last time: {last}")
    finally:
        cdp.detach()
