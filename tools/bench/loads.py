"""Bytes as Chromium loads them: first and repeat view of a few pages, counted by the bench server."""

from __future__ import annotations

from typing import Any

from tools.bench.server import ServerLog
from tools.chromium import CHROMIUM, CHROMIUM_ARGS
from tools.weight import SEARCH_INDEX


def chromium_loads(base_url: str, log: ServerLog, pages: dict[str, str]) -> dict[str, dict[str, Any]]:
    """First and repeat view of each page in Chromium; bytes as the server sent them."""
    from playwright.sync_api import sync_playwright

    def summary(entries: list[tuple[str, int, int]]) -> dict[str, Any]:
        # Everything loaded counts; search (the index and Material's worker) is also shown
        # on its own, and should be 0: it loads only when the reader opens search.
        search = [e for e in entries if e[0].endswith(SEARCH_INDEX) or "/workers/search." in e[0]]
        return {
            "bytes": sum(e[2] for e in entries),
            "requests": len(entries),
            "search_bytes": sum(e[2] for e in search),
            "files": [{"path": p, "status": s, "bytes": b} for p, s, b in entries],
        }

    results: dict[str, dict[str, Any]] = {}
    with sync_playwright() as p:
        # Other hosts fail at once (no network, no waiting); Playwright's request routing
        # would do the same but turns the HTTP cache off, and the repeat view needs it.
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
        )
        try:
            for name, url in pages.items():
                context = browser.new_context()
                page = context.new_page()
                log.take()
                # The page as it loads (to the load event), then what follows once it has loaded
                # and the network is idle: Material's sitemap.xml, the service worker and the
                # crisis page it keeps for offline use (docs/sw.js PRECACHE), which the reader
                # does not wait for; both counted, the budget is on the first.
                page.goto(base_url + url, wait_until="load")
                first = summary(log.take())
                page.wait_for_load_state("networkidle")
                first["after_load"] = summary(log.take())
                context.close()
                # Repeat view: the assets are cached by an earlier visit to another page.
                context = browser.new_context()
                page = context.new_page()
                page.goto(base_url + "404.html", wait_until="networkidle")
                log.take()
                page.goto(base_url + url, wait_until="networkidle")
                repeat = summary(log.take())
                context.close()
                results[name] = {"url": url, "first": first, "repeat": repeat}
        finally:
            browser.close()
    return results
