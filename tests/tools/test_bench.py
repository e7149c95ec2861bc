"""The bench's pieces that need no browser and no full build: its verdicts and table, its
server (gzip, ETag, 404 page, bytes counted), and the generated pages of the scale test."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import yaml

from tools.bench.report import table, verdicts
from tools.bench.scale import CONFIG, SECTION_SIZE, make_scale_copy
from tools.bench.server import serve
from tools.budgets import BUDGETS, kb
from tools.weight import KINDS

LIMIT = BUDGETS.bytes


def _figures(over: int = 0, ratio: float | None = None, ratio_of: str | None = None) -> dict[str, Any]:
    """What a bench run writes, with every byte figure ``over`` bytes above its budget."""
    page = {
        "page": "faq/",
        "first_view": LIMIT.first_view + over,
        "requests": 9,
        "first_search": LIMIT.first_search + over,
        # A page's repeat view is its HTML; apart here so each budget is tested at its edge.
        "html": LIMIT.html + over,
        "repeat_view": LIMIT.repeat_view + over,
        "by_kind": {kind: 0 for kind in KINDS} | {"html": LIMIT.repeat_view, "css": 1000},
        "missing": [],
        "external": [],
    }
    out: dict[str, Any] = {
        "cpus": 2,
        "load_before": 0.5,
        "build": {"runs_s": [1.0, 1.2, 1.1]},
        "pages": [page],
    }
    if ratio is not None:
        out["scale"] = {
            "median_s": {"100": 2.0, "1000": 2.0 * ratio},
            "ratio": ratio,
            "ratio_of": ratio_of or BUDGETS.build.scale_ratio_of,
            "ms_per_added_page": 4.0,
        }
    return out


def test_figures_exactly_at_the_budgets_pass() -> None:
    assert verdicts(_figures(ratio=BUDGETS.build.scale_max_ratio)) == []


def test_every_missed_budget_is_named() -> None:
    missed = verdicts(_figures(over=500, ratio=BUDGETS.build.scale_max_ratio + 1))
    starts = [
        "faq/: first view",
        "faq/: HTML",
        "faq/: repeat view",
        "first search",
        f"scale: {BUDGETS.build.scale_pages[-1]}-page build",
    ]
    assert [m for m, start in zip(missed, starts, strict=True) if not m.startswith(start)] == []
    assert missed[0] == f"faq/: first view {kb(LIMIT.first_view + 500)} kB > {kb(LIMIT.first_view)} kB"


def test_quick_scale_ratio_is_reported_but_not_judged() -> None:
    assert verdicts(_figures(ratio=BUDGETS.build.scale_max_ratio + 1, ratio_of="300/100")) == []


def test_lighthouse_below_a_minimum_or_failing_is_a_miss() -> None:
    out = _figures()
    low = {category: minimum for category, minimum in BUDGETS.lighthouse.min_scores.items()}
    low["performance"] -= 1
    out["lighthouse"] = {"home": {"scores": low}, "ect": {"url": "treatments/ect/", "error": "every run failed"}}
    assert verdicts(out) == [
        f"Lighthouse home: performance {low['performance']} < {low['performance'] + 1}",
        "Lighthouse ect: every run failed",
    ]


def test_table_shows_the_budgets_from_the_data_file() -> None:
    text = table(_figures(over=500, ratio=3.0))
    assert f"<= {kb(LIMIT.first_search)} kB" in text
    assert f"<= {BUDGETS.build.scale_max_ratio:g}x" in text
    assert "MISS" in text and "Measure" in text.splitlines()[0]


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_server_gzips_text_revalidates_and_counts_bytes(tmp_path: Path) -> None:
    html = "<html><body>" + "A calm page. " * 200 + "</body></html>"
    (tmp_path / "index.html").write_text(html, encoding="utf-8")
    (tmp_path / "404.html").write_text("<p>Not found</p>", encoding="utf-8")
    with serve(tmp_path) as (url, log):
        status, headers, body = _get(url, **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body).decode("utf-8") == html
        assert headers["Cache-Control"] == "max-age=600"
        again, _, _ = _get(url, **{"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]})
        missing, _, page = _get(url + "no-such-page/")
        assert (again, missing, page) == (304, 404, b"<p>Not found</p>")
        assert log.take() == [("/", 200, len(body)), ("/", 304, 0), ("/no-such-page/", 404, len(page))]


def test_scale_copy_adds_pages_to_the_nav_without_rewriting_mkdocs_yml(tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "docs").mkdir(parents=True)
    (source / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    config = "site_name: Test\nnav:\n  - Home: index.md\n"
    (source / "mkdocs.yml").write_text(config, encoding="utf-8")
    pages = SECTION_SIZE * 2 + 5
    copy = make_scale_copy(source, tmp_path / "copy", pages)
    assert (copy / "mkdocs.yml").read_text(encoding="utf-8") == config
    assert len(list((copy / "docs" / "scale").rglob("*.md"))) == pages
    scale = yaml.safe_load((copy / CONFIG).read_text(encoding="utf-8"))
    assert scale["INHERIT"] == "mkdocs.yml"
    home, (section,) = scale["nav"][0], scale["nav"][1].values()
    assert home == {"Home": "index.md"}
    assert [len(next(iter(group.values()))) for group in section] == [SECTION_SIZE, SECTION_SIZE, 5]
    assert "a term" in (copy / "docs" / "scale" / "group-001" / "page-0001.md").read_text(encoding="utf-8")


def _search(
    hits: int = 95,
    crisis_hits: int = 10,
    before: int = 0,
    first_search: int = LIMIT.first_search,
    held: int = 94,
    fresh: int = 96,
) -> dict:
    speed = {"at_startup": {"median_ms": 200}, "on_open": {"median_ms": 600}}

    def rounds(n: int) -> dict:
        return {
            "queries": 100,
            "hits": n,
            "rate": n / 100,
            "crisis_queries": 10,
            "crisis_hits": 10,
            "missed": [{"query": "y", "kind": "names", "want": "faq/", "got": []}] * (100 - n),
        }

    return {
        "heldout": rounds(held),
        "never_tuned_on": rounds(fresh),
        "hit_rate": {
            "queries": 100,
            "hits": hits,
            "rate": hits / 100,
            "crisis_queries": 10,
            "crisis_hits": crisis_hits,
            "missed": [{"query": "x", "kind": "names", "want": "faq/", "got": []}] * (100 - hits),
        },
        "bytes": {
            "page": "faq/",
            "first_view_bytes": 70_000,
            "search_bytes_before_opening": before,
            "first_search_bytes": first_search,
            "first_search_files": [{"path": "/search/search_index.json", "bytes": first_search}],
        },
        "speed": {"cpu_slowdown": 4, "runs": 3, "local": speed, "slow_4g": speed},
    }


def test_search_figures_at_their_targets_pass_and_misses_are_named() -> None:
    out = _figures() | {"search": _search()}
    assert verdicts(out) == []
    assert "95/100 (95.0%), crisis 10/10" in table(out)
    # Both sets' figures are printed; the held-out set's misses are not listed to fix.
    assert "held-out queries, every round" in table(out) and "94/100 (94.0%)" in table(out)
    assert "held-out queries never tuned on (search_queries_heldout" in table(out) and "96/100 (96.0%)" in table(out)
    assert "'y'" not in table(out)
    out["search"] = _search(hits=94, crisis_hits=9, before=1000, first_search=LIMIT.first_search + 1, held=79, fresh=94)
    assert [m.split(":")[0] for m in verdicts(out)] == ["search"] * 6
    assert "missed [names]" in table(out)


def test_first_view_over_budget_at_any_scale_size_is_a_miss() -> None:
    out = _figures(ratio=2.0)
    size = {"pages": 1, "first_view_max_page": "faq/", "first_search_max": 1, "search_index": 1}
    out["site_bytes"] = size | {"first_view_max": LIMIT.first_view}
    out["scale"]["bytes"] = {"100": size | {"first_view_max": LIMIT.first_view + 1}}
    assert verdicts(out) == [
        f"scale +100 pages: first view {kb(LIMIT.first_view + 1)} kB (faq/) > {kb(LIMIT.first_view)} kB"
    ]
    assert "scale +0 / +100: first view before search" in table(out)


def test_chromium_first_view_is_held_to_its_budget_and_what_follows_the_load_is_shown() -> None:
    def files(*paths: str, size: int = 1000) -> dict:
        found = [{"path": p, "status": 200, "bytes": size} for p in paths]
        return {"bytes": size * len(found), "requests": len(found), "search_bytes": 0, "files": found}

    first = files("/faq/", "/bundle.js") | {"after_load": files("/sitemap.xml", "/sw.js", "/get-help-now/")}
    out = _figures() | {"chromium": {"faq": {"url": "faq/", "first": first, "repeat": files("/faq/")}}}
    assert verdicts(out) == []
    assert "then after load 3.0 kB (sitemap.xml, sw.js, get-help-now)" in table(out)
    first["after_load"]["files"].append({"path": "/search/search_index.json", "status": 200, "bytes": 5000})
    first["after_load"]["search_bytes"] = 5000
    assert verdicts(out) == ["faq/: search loaded before it was opened (5.0 kB)"]
    first["bytes"] = LIMIT.first_view + 1
    (row,) = [line for line in table(out).splitlines() if "then after load" in line]
    assert row.split()[-1] == "MISS"
