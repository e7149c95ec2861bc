"""Byte budgets for every built page (issue 7): what a reader on a slow phone downloads.

Deterministic: sizes come from the built files (gzip -6 for text), never from timings.
The budgets live in macros/data/budgets.yml (read by tools/budgets.py); how a page is
weighed is tools/weight.py. Both are shared with `make bench`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Page
from tools.budgets import BUDGETS, kb
from tools.site import page_scripts
from tools.weight import SEARCH_INDEX, SEARCH_ON_OPEN, PageWeight, SiteWeigher


@pytest.fixture(scope="module")
def weights(site_dir: Path, pages: list[Page]) -> list[PageWeight]:
    weigher = SiteWeigher(site_dir)
    return [weigher.weigh(page.url, page.path) for page in pages]


def _name(weight: PageWeight) -> str:
    return weight.page or "(home)"


def _over(weights: list[PageWeight], measure: str, limit: int, what: str) -> list[str]:
    """One line per page over ``limit``, worst first, with its bytes by type."""
    over = sorted((w for w in weights if getattr(w, measure) > limit), key=lambda w: -getattr(w, measure))
    return [f"{_name(w)}: {what} {kb(getattr(w, measure))} kB gzip > {kb(limit)} kB ({w.describe()})" for w in over]


def test_every_page_first_view_within_budget(weights: list[PageWeight]) -> None:
    over = _over(weights, "first_view", BUDGETS.bytes.first_view, "first view")
    assert not over, (
        "Pages over the first-view budget (HTML + CSS + JS + sitemap + fonts + images, before search):\n"
        + "\n".join(over)
    )


def test_every_page_html_within_budget(weights: list[PageWeight]) -> None:
    over = _over(weights, "html", BUDGETS.bytes.html, "HTML")
    assert not over, (
        "Pages whose HTML is over budget; split the page or move long lists to their own page:\n" + "\n".join(over)
    )


def test_every_page_repeat_view_within_budget(weights: list[PageWeight]) -> None:
    over = _over(weights, "repeat_view", BUDGETS.bytes.repeat_view, "repeat view (assets cached)")
    assert not over, "Pages over the repeat-view budget:\n" + "\n".join(over)


def test_first_search_within_budget(weights: list[PageWeight]) -> None:
    limit = BUDGETS.bytes.first_search
    over = sorted(
        f"{_name(w)}: first search {kb(w.first_search)} kB gzip > {kb(limit)} kB ({w.describe_search()})"
        for w in weights
        if w.first_search > limit
    )
    assert not over, (
        f"Opening search downloads more than its budget; {SEARCH_INDEX} is the part that grows with the hub. "
        "Leave generated lists out of search (front matter `search: exclude: true`) or trim repeated text:\n"
        + "\n".join(over)
    )


def test_every_weighed_resource_is_local_and_built(weights: list[PageWeight]) -> None:
    # A missing file or another host cannot be weighed, so it would slip past the budgets.
    problems = [f"{_name(w)}: missing {m}" for w in weights for m in w.missing]
    problems += [f"{_name(w)}: loads {e} from another host" for w in weights for e in w.external]
    assert not problems, "Pages load files the budgets cannot weigh:\n" + "\n".join(sorted(problems))


def test_first_view_counts_the_theme_assets(weights: list[PageWeight]) -> None:
    # Guards the weigher itself: if Material's markup changed and the parser found no
    # stylesheet, script or search worker, every budget would pass on HTML alone.
    home = next(w for w in weights if w.page == "")
    kinds = {r.kind for r in home.resources}
    assert {"html", "css", "js"} <= kinds, f"home page weighed without theme assets: {home.describe()}"
    assert home.first_view > 3 * home.html, f"home page first view looks too small to be real: {home.describe()}"
    assert [r.kind for r in home.search] == ["worker", "data"], f"home page search: {home.describe_search()}"


def test_every_page_holds_search_until_it_is_opened(weights: list[PageWeight]) -> None:
    # The first-view budget leaves the search worker and index out because every page
    # loads the script that holds them (Chromium checks it: tests/browser/test_search.py).
    missing = sorted(_name(w) for w in weights if SEARCH_ON_OPEN not in {r.url for r in w.resources})
    assert not missing, f"pages without {SEARCH_ON_OPEN} (overrides/main.html): {', '.join(missing)}"


def test_every_lighthouse_page_is_built(pages: list[Page]) -> None:
    # `make bench` measures these pages (macros/data/budgets.yml); a renamed page would
    # otherwise be measured as the 404 page.
    built = {p.url for p in pages}
    missing = {name: url for name, url in BUDGETS.lighthouse.pages.items() if url not in built}
    assert not missing, f"budgets.yml names Lighthouse pages the build does not have: {missing}"


# ── What keeps pages light ─────────────────────────────────────────────────────


def test_no_page_calls_github_for_repository_facts(pages: list[Page]) -> None:
    # Material's repository widget (data-md-component="source", shown when mkdocs.yml
    # sets repo_url) fetches star counts from api.github.com in every reader's browser:
    # a request to another host, and console errors that cost Lighthouse's best-practices
    # score where GitHub is unreachable.
    found = sorted(p.url or "(home)" for p in pages if p.soup.select('[data-md-component="source"]'))
    assert not found, f"pages with Material's repository widget hook: {', '.join(found)}"


def test_scripts_do_not_hold_up_the_first_paint(pages: list[Page]) -> None:
    # Every script file loads with defer (Material's bundle: overrides/main.html;
    # extra_javascript: mkdocs.yml), so the page paints before any script runs.
    blocking = sorted(
        f"{p.url or '(home)'}: {s['src']}"
        for p in pages
        for s in p.soup.find_all("script", src=True)
        if not s.has_attr("defer") and not s.has_attr("async")
    )
    assert not blocking, "scripts without defer:\n" + "\n".join(blocking)


def test_page_scripts_load_only_on_pages_that_use_them(pages: list[Page]) -> None:
    problems = []
    for marker, script in page_scripts().items():
        name = script.rsplit("/", 1)[-1]
        for p in pages:
            uses = marker in p.html.split("<article", 1)[-1]
            loads = any(s["src"].endswith("/" + name) or s["src"] == name for s in p.soup.find_all("script", src=True))
            if uses != loads:
                problems.append(
                    f"{p.url or '(home)'}: {'uses' if uses else 'does not use'} {marker} but {'loads' if loads else 'does not load'} {script}"
                )
    assert not problems, "\n".join(sorted(problems))
