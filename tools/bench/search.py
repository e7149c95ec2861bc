"""Search as readers meet it, in Chromium: the reader-query hit rate, the bytes the first
search downloads, and the time from the first key press to the first results.

Speed is measured two ways on the same build, each the median of several runs, with the
CPU slowed 4 times (Chromium's Emulation.setCPUThrottlingRate, like Lighthouse's phone):

- "on open" is the hub as shipped: docs/javascripts/search.js holds Material's worker and
  index until search opens, so the first key press waits for them;
- "at start-up" is Material's default, the same build with that script blocked: the worker
  and index load with the page, before the reader opens search.

Each run opens a fresh page, waits until it is idle, presses / and then types one letter;
the time is measured in the page, from that key press to the first result on screen. With
``slow_network`` the page also gets Lighthouse's slow 4G (150 ms, 1.6 Mbit/s), where the
downloads on open take longest.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from tools.bench.server import ServerLog
from tools.chromium import CHROMIUM, CHROMIUM_ARGS
from tools.search import HELDOUT_FILES, NEVER_TUNED_ON, QUERIES_FILE, SearchBox, load_heldout, load_queries, run_queries
from tools.weight import SEARCH_INDEX, SEARCH_ON_OPEN

CPU_SLOWDOWN = 4
# Lighthouse's mobile "slow 4G", as Chromium's network emulation takes it.
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1638.4 * 1024 / 8,
    "uploadThroughput": 675 * 1024 / 8,
}
PAGE = "treatments/esketamine/"  # the page the timed runs start from
KEY = "k"  # the first letter typed

# Records, in the page's own clock, the first key press in the search box and the first
# result shown after it.
_TIMER = """
window.__search = {};
document.addEventListener("keydown", (event) => {
  if (event.key === "__KEY__" && !window.__search.key) window.__search.key = performance.now();
}, true);
document.addEventListener("DOMContentLoaded", () => {
  const list = document.querySelector(".md-search-result__list");
  new MutationObserver(() => {
    if (window.__search.key && !window.__search.results && list.children.length)
      window.__search.results = performance.now();
  }).observe(list, { childList: true });
});
""".replace("__KEY__", KEY)


def _is_search_file(path: str) -> bool:
    return path.endswith(SEARCH_INDEX) or "/workers/search." in path


def hit_rate(browser: Any, base_url: str, path: Path | tuple[Path, ...] | None = QUERIES_FILE) -> dict[str, Any]:
    """The reader queries of one set (tuning: tests/browser/search_queries.yml; None: every
    round of the held-out set; a tuple: those rounds) typed into the search box."""
    queries = load_queries(path) if isinstance(path, Path) else load_heldout(path or HELDOUT_FILES)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(base_url)
    search = SearchBox(page, base_url)
    search.open()
    outcomes = run_queries(search, queries)
    context.close()
    crisis = [o for o in outcomes if o.query.kind == "crisis"]
    return {
        "queries": len(outcomes),
        "hits": sum(o.hit for o in outcomes),
        "rate": sum(o.hit for o in outcomes) / len(outcomes),
        "crisis_queries": len(crisis),
        "crisis_hits": sum(o.hit for o in crisis),
        "missed": [
            {"query": o.query.query, "kind": o.query.kind, "want": o.query.page, "got": o.top}
            for o in outcomes
            if not o.hit
        ],
    }


def first_search_bytes(browser: Any, base_url: str, log: ServerLog, page_url: str = PAGE) -> dict[str, Any]:
    """What a first visit downloads before search, and what opening search and typing adds."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    log.take()
    page.goto(base_url + page_url, wait_until="networkidle")
    before = log.take()
    page.keyboard.press("/")
    page.keyboard.type(KEY)
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_load_state("networkidle")
    after = log.take()
    context.close()
    return {
        "page": page_url,
        "first_view_bytes": sum(size for _, _, size in before),
        "search_bytes_before_opening": sum(size for path, _, size in before if _is_search_file(path)),
        "first_search_bytes": sum(size for _, _, size in after),
        "first_search_files": [{"path": path, "bytes": size} for path, _, size in after],
    }


def _time_once(browser: Any, base_url: str, on_open: bool, slow_network: bool) -> float:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    if not on_open:  # Material's default: nothing holds search back
        context.route(f"**/{SEARCH_ON_OPEN}", lambda route: route.abort())
    context.add_init_script(_TIMER)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    if slow_network:
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    page.goto(base_url + PAGE, wait_until="networkidle")
    page.keyboard.press("/")
    page.keyboard.type(KEY)
    page.wait_for_function("() => window.__search.results", timeout=60_000)
    ms = page.evaluate("() => window.__search.results - window.__search.key")
    context.close()
    return ms


def keypress_to_results(browser: Any, base_url: str, runs: int) -> dict[str, Any]:
    """Median ms from the first key press to the first results, both ways, both networks.

    The two ways alternate run by run, so a busy machine slows both alike.
    """
    figures: dict[str, Any] = {"cpu_slowdown": CPU_SLOWDOWN, "page": PAGE, "runs": runs}
    for network in ("local", "slow_4g"):
        times: dict[str, list[float]] = {"at_startup": [], "on_open": []}
        for _ in range(runs):
            for way in times:
                times[way].append(round(_time_once(browser, base_url, way == "on_open", network == "slow_4g")))
        figures[network] = {way: {"runs_ms": v, "median_ms": statistics.median(v)} for way, v in times.items()}
    return figures


def search_figures(base_url: str, log: ServerLog, runs: int) -> dict[str, Any]:
    """Every search figure of one bench run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return {
                "hit_rate": hit_rate(browser, base_url),
                "heldout": hit_rate(browser, base_url, None),
                "never_tuned_on": hit_rate(browser, base_url, NEVER_TUNED_ON),
                "bytes": first_search_bytes(browser, base_url, log),
                "speed": keypress_to_results(browser, base_url, runs),
            }
        finally:
            browser.close()
