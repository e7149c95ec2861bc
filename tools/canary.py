"""Engine canary (`make canary`): can the hub move to another engine in a day?

Builds the hub three ways and compares what readers get (docs/about/engines.md):

1. MkDocs 1.6 (strict), the engine the hub ships with: the reference build.
2. ProperDocs 1.6.7 (strict), the maintained fork of MkDocs 1.x, from the same venv:
   every page must show the same text and link to the same places (tools/pagetext.py).
3. Zensical (its own venv without MkDocs, ``--zensical``), strict: it must build;
   every page must carry the crisis banner and the header's "Get help now" link to the
   crisis page; LinkChecker must find no broken link or anchor (Zensical checks only
   links typed in Markdown, never those macros write); the page-text comparison with
   MkDocs is printed and must be 0 too (a new difference is fixed, or its cause listed
   in docs/about/engines.md and the part it touches left out of tools/pagetext.py).
   Zensical does not run ``hooks:``, so what the security-policy hook does in MkDocs
   builds runs here as a step after the build: ``python -m tools.policy --fill-csp SITE``
   writes each page's Content-Security-Policy (the hook's own function), then checks
   every page with the allow lists of the theme the site's generator names. Then Debian's
   Chromium opens every page, navigates instantly across page depths and searches: the
   policy must block nothing the theme needs (no CSP violation, no script error) and
   search must find results.

Prints a summary with the numbers; exit status 1 when a required check fails.

    python -m tools.canary [--zensical PATH] [--show N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml
from bs4 import BeautifulSoup

from tools import pagetext
from tools.linkcheck import check as linkcheck
from tools.site import ROOT, mkdocs_config

OUT = ROOT / ".build" / "canary"
ZENSICAL = ROOT / ".canary" / "zensical" / "bin" / "zensical"
HELP_TEXT = "Get help now"


@dataclass
class Summary:
    rows: list[tuple[str, str]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def add(self, check: str, result: str, ok: bool = True) -> None:
        self.rows.append((check, result))
        if not ok:
            self.failures.append(f"{check}: {result}")

    def render(self) -> str:
        width = max(len(check) for check, _ in self.rows)
        lines = ["", "Engine canary"] + [f"  {check:<{width}}  {result}" for check, result in self.rows]
        lines += [f"FAILED: {failure}" for failure in self.failures] or ["canary: all required checks passed"]
        return "\n".join(lines)


def crisis_routes(site: Path, crisis_page: str) -> dict[str, list[str]]:
    """Per page ("" for home): what is missing of the banner's call link and the header's
    "Get help now" link to ``crisis_page``. Pages with nothing missing are left out."""
    problems: dict[str, list[str]] = {}
    for url, path in sorted(pagetext.site_pages(site).items()):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        found = []
        if not soup.select_one('.trd-crisis a[href^="tel:"]'):
            found.append("no crisis banner with a call link")
        link = soup.select_one("header a.trd-help-link[href]")
        if link is None or link.get_text(strip=True) != HELP_TEXT:
            found.append(f'no "{HELP_TEXT}" link in the header')
        elif urljoin(pagetext.BASE + url, link["href"]) != pagetext.BASE + crisis_page:
            found.append(f'"{HELP_TEXT}" leads to {link["href"]}, not to /{crisis_page}')
        if found:
            problems[url] = found
    return problems


# Recorded in every page before any of its scripts run (as in tests/browser/test_security.py).
_RECORD_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(
  `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile || location.pathname}:${e.lineNumber}`
));
"""
# Pages of other depths, reached by instant navigation from the home page.
_INSTANT = ("treatments/ect/", "faq/", "tracking/measurement-based-care/", "about/privacy/")
# Zensical's search dialog lives in a shadow root its bundle creates under <body>.
_SEARCH_RESULTS = """() => {
  const host = [...document.querySelectorAll("body > div")].find((d) => d.shadowRoot);
  return host ? host.shadowRoot.querySelectorAll("li").length : -1;
}"""
_FIRST_RESULT = """() => {
  const host = [...document.querySelectorAll("body > div")].find((d) => d.shadowRoot);
  const link = host && host.shadowRoot.querySelector("li a[href]");
  return link ? link.href : "";
}"""


@dataclass
class BrowserResult:
    problems: list[str] = field(default_factory=list)  # CSP violations, script errors, search failures
    crisis_first: list[str] = field(default_factory=list)  # crisis phrases whose first result is a crisis page
    phrases: list[str] = field(default_factory=list)  # every crisis phrase typed


def crisis_phrases() -> list[str]:
    """The phrases for which search puts help first (macros/data/crisis.yml search_phrases),
    as a reader types them: a pattern's `*` left out (macros/models.py phrase_tag)."""
    data = yaml.safe_load((ROOT / "macros" / "data" / "crisis.yml").read_text(encoding="utf-8"))
    typed = (
        " ".join(w.rstrip("*") for w in p.split() if w != "*") for ps in data["search_phrases"].values() for p in ps
    )
    return list(dict.fromkeys(typed))


def browser_check(site: Path, crisis_pages: list[str], query: str = "lithium") -> BrowserResult:
    """A Zensical site in Chromium under its Content-Security-Policy: every page loaded,
    instant navigation across depths, a search (``problems``: what went wrong); then each
    crisis phrase typed into search, and whether its first result is one of ``crisis_pages``
    (a known difference from the MkDocs build, which shows the crisis link first for all)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    from tools.chromium import CHROMIUM, CHROMIUM_ARGS
    from tools.site import serve

    result = BrowserResult(phrases=crisis_phrases())
    problems = result.problems
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.add_init_script(_RECORD_CSP)

            def watch(page: Any) -> None:
                page.on("console", lambda m: problems.append(f"{page.url}: {m.text}") if m.type == "error" else None)
                page.on("pageerror", lambda e: problems.append(f"{page.url}: script error: {e}"))

            context.on("page", watch)
            page = context.new_page()
            for url in sorted(pagetext.site_pages(site)):
                page.goto(base + url, wait_until="networkidle")
                found = page.evaluate("() => new Promise((done) => setTimeout(() => done(window.__csp), 50))")
                problems += [f"{url or '(home)'}: {violation}" for violation in found]
            page.goto(base, wait_until="networkidle")
            page.evaluate("window.__sameDocument = true")
            for url in _INSTANT:
                page.locator(f'a[href$="{url}"]').first.click()
                page.wait_for_url(base + url)
            if not page.evaluate("window.__sameDocument === true"):
                problems.append("instant navigation did not run: the pages reloaded")
            page.locator(".md-search__button").first.click()
            page.keyboard.type(query, delay=20)
            try:
                page.wait_for_function(f"() => ({_SEARCH_RESULTS})() > 0", timeout=10_000)
            except PlaywrightTimeout:
                problems.append(f"search for {query!r} showed no results")
            for phrase in result.phrases:
                page.keyboard.press("Control+A")
                page.keyboard.type(phrase)
                page.wait_for_timeout(400)
                href = page.evaluate(_FIRST_RESULT)
                if href and any(urlsplit(href).path == urlsplit(base + p).path for p in crisis_pages):
                    result.crisis_first.append(phrase)
            problems += [f"after instant navigation and search: {v}" for v in page.evaluate("window.__csp")]
        finally:
            browser.close()
    return result


def _build(
    summary: Summary, label: str, command: list[str], site: Path, env: dict[str, str] | None = None
) -> float | None:
    """Run one strict build and record it; its time in seconds, or None (output printed) when it failed."""
    print(f"{label}: building into {site.relative_to(ROOT)}", flush=True)
    start = time.monotonic()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    took = time.monotonic() - start
    if result.returncode != 0:
        print(f"{label}: build failed\n{result.stdout}\n{result.stderr}", flush=True)
        summary.add(f"{label}: strict build", "failed", ok=False)
        return None
    summary.add(f"{label}: strict build", f"{took:.1f} s")
    return took


def _compare(summary: Summary, label: str, reference: Path, site: Path, show: int) -> None:
    result = pagetext.compare(reference, site)
    print(pagetext.report(result, "MkDocs", label, show), flush=True)
    summary.add(f"{label}: page differences", result.summary(), result.ok)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.canary", description=__doc__.splitlines()[0])
    parser.add_argument("--zensical", type=Path, default=ZENSICAL, help="the zensical command (its own venv)")
    parser.add_argument("--show", type=int, default=3, help="word diffs to print per comparison")
    args = parser.parse_args(argv)
    args.zensical = args.zensical.resolve()
    if not args.zensical.is_file():
        print(f"{args.zensical}: no such command. `make canary` installs Zensical in its own venv first.")
        return 1
    started = time.monotonic()
    summary = Summary()
    crisis_page = mkdocs_config()["extra"]["crisis_page"]
    mkdocs, properdocs, zensical = OUT / "mkdocs", OUT / "properdocs", OUT / "zensical"

    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(mkdocs)]
    if _build(summary, "MkDocs", command, mkdocs) is None:
        print(summary.render())
        return 1

    # ProperDocs reads mkdocs.yml as it is, but asks for its name when it finds no properdocs.yml.
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "--clean", "-f", "mkdocs.yml"]
    if _build(summary, "ProperDocs", [*command, "--site-dir", str(properdocs)], properdocs) is not None:
        _compare(summary, "ProperDocs", mkdocs, properdocs, args.show)

    # Zensical has no --site-dir: mkdocs.yml reads site_dir from TRD_SITE_DIR. --clean also
    # drops its .cache/, which does not notice changes inside the macros package.
    version = subprocess.run([args.zensical, "--version"], capture_output=True, text=True).stdout.strip()
    command = [str(args.zensical), "build", "--clean", "--strict"]
    if _build(summary, f"Zensical {version}", command, zensical, {"TRD_SITE_DIR": str(zensical)}) is not None:
        pages = len(pagetext.site_pages(zensical))
        problems = crisis_routes(zensical, crisis_page)
        for url, found in problems.items():
            print(f"{url or '(home)'}: {'; '.join(found)}", flush=True)
        check = "Zensical: crisis banner + header help link"
        summary.add(check, f"on {pages - len(problems)} of {pages} pages", not problems)
        start = time.monotonic()
        status = linkcheck(zensical)
        result = "0 broken links and anchors" if status == 0 else f"broken links or anchors (exit {status})"
        summary.add("Zensical: LinkChecker", f"{result} ({time.monotonic() - start:.0f} s)", status == 0)
        # What the hook does in MkDocs builds, its command does here (Zensical runs no hooks).
        command = [sys.executable, "-m", "tools.policy", "--fill-csp", str(zensical)]
        status = subprocess.run(command, cwd=ROOT).returncode
        result = "CSP filled, 0 violations" if status == 0 else f"failed (exit {status})"
        summary.add("Zensical: python -m tools.policy --fill-csp", result, status == 0)
        if status == 0:
            start = time.monotonic()
            extra = mkdocs_config()["extra"]
            seen = browser_check(zensical, [extra["crisis_page"], extra.get("crisis_page_es") or extra["crisis_page"]])
            for problem in seen.problems:
                print(f"Chromium: {problem}", flush=True)
            result = f"{len(seen.problems)} CSP violations or script errors ({pages} pages, instant navigation, search)"
            summary.add("Zensical: CSP in Chromium", f"{result} ({time.monotonic() - start:.0f} s)", not seen.problems)
            missed = [phrase for phrase in seen.phrases if phrase not in seen.crisis_first]
            print(f"Zensical search: no crisis page first for {', '.join(missed) or 'none'}", flush=True)
            summary.add(
                "Zensical: known difference, crisis search",
                f"{len(seen.crisis_first)} of {len(seen.phrases)} crisis phrases find a crisis page first "
                "(MkDocs: the crisis link above the results for all; docs/about/engines.md)",
            )
        _compare(summary, "Zensical", mkdocs, zensical, args.show)

    summary.add("Total", f"{time.monotonic() - started:.0f} s")
    print(summary.render())
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())
