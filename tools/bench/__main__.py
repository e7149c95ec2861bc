"""Command line and the run: ``python -m tools.bench`` (what `make bench` runs).

Takes the snapshot, runs each step of the package in turn (see tools/bench/__init__.py),
writes artifacts/bench.json, prints the table and exits 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from tools.bench import __doc__ as BENCH_DOC
from tools.bench.builds import BUILD_RUNS, snapshot, timed_build
from tools.bench.lighthouse import lighthouse
from tools.bench.live_preview import live_preview
from tools.bench.loads import chromium_loads
from tools.bench.report import table, verdicts
from tools.bench.runenv import ARTIFACTS, log
from tools.bench.scale import SCALE_RUNS, scale_test, site_bytes
from tools.bench.search import search_figures
from tools.bench.server import serve
from tools.budgets import BUDGETS
from tools.chromium import CHROMIUM
from tools.site import ROOT
from tools.weight import PageWeight, weigh_site

QUICK_SCALE_PAGES = [100, 300]
SEARCH_RUNS = 5  # timed runs per way of loading search and per network (3 with --quick)


def _page_row(w: PageWeight) -> dict[str, Any]:
    return {
        "page": w.page,
        "first_view": w.first_view,
        "requests": w.requests,
        "first_search": w.first_search,
        "html": w.html,
        "repeat_view": w.repeat_view,
        "by_kind": w.by_kind(),
        "missing": w.missing,
        "external": w.external,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every figure of one bench run, as written to bench.json."""
    skip = set(args.skip)
    out: dict[str, Any] = {
        "started": datetime.now().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_before": os.getloadavg()[0],
        "python": platform.python_version(),
        "budgets": {
            "first_view_max": BUDGETS.bytes.first_view,
            "html_max": BUDGETS.bytes.html,
            "repeat_view_max": BUDGETS.bytes.repeat_view,
            "first_search_max": BUDGETS.bytes.first_search,
            "lighthouse_min": dict(BUDGETS.lighthouse.min_scores),
            "scale_max_ratio": BUDGETS.build.scale_max_ratio,
        },
    }
    pages = BUDGETS.lighthouse.pages
    with tempfile.TemporaryDirectory(prefix="trd-bench-") as tmp_name:
        tmp = Path(tmp_name)
        project = snapshot(tmp / "project")
        log(f"snapshot of the project in {project}")

        runs = 1 if args.quick else BUILD_RUNS
        times = [timed_build(project, tmp / f"site-{i}") for i in range(runs)]
        log(f"strict builds: {', '.join(f'{t:.2f}' for t in times)} s")
        site = tmp / "site-0"
        out["build"] = {"runs_s": [round(t, 2) for t in times], "median_s": round(statistics.median(times), 2)}

        weights, index_bytes = weigh_site(site)
        out["pages"] = [_page_row(w) for w in weights]
        out["search_index_bytes"] = index_bytes
        out["site_bytes"] = site_bytes(site)  # the +0 row of the scale figures

        with serve(site) as (base_url, server_log):
            if "chromium" not in skip:
                log("Chromium loads (Playwright)")
                out["chromium"] = chromium_loads(base_url, server_log, pages)
            if "search" not in skip:
                log("search in Chromium: reader queries, first search, key press to results")
                out["search"] = search_figures(base_url, server_log, 3 if args.quick else SEARCH_RUNS)
            if "lighthouse" not in skip:
                out["lighthouse"] = lighthouse(base_url, pages, args.lighthouse_runs)

        if "preview" not in skip:
            log("live preview (mkdocs serve)")
            out["preview"] = live_preview(project, tmp)

        if "scale" not in skip:
            sizes = QUICK_SCALE_PAGES if args.quick else BUDGETS.build.scale_pages
            out["scale"] = scale_test(project, tmp, sizes, runs=1 if args.quick else SCALE_RUNS)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=BENCH_DOC.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"1 build, 1 Lighthouse run, scale test with {' and '.join(map(str, QUICK_SCALE_PAGES))} pages",
    )
    parser.add_argument("--lighthouse-runs", type=int, default=None, help="runs per page (default 3; 1 with --quick)")
    parser.add_argument(
        "--skip",
        type=lambda s: [x for x in s.split(",") if x],
        default=[],
        help="comma-separated: lighthouse, chromium, search, scale, preview",
    )
    parser.add_argument("--json", type=Path, default=ARTIFACTS / "bench.json")
    args = parser.parse_args(argv)
    if args.lighthouse_runs is None:
        args.lighthouse_runs = 1 if args.quick else 3
    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM}. Run `make browser` or set CHROMIUM=/path.", file=sys.stderr)
        return 2
    start = time.perf_counter()
    out = run(args)
    out["bench_seconds"] = round(time.perf_counter() - start, 1)
    out["load_after"] = os.getloadavg()[0]
    out["missed"] = verdicts(out)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(out, indent=2), encoding="utf-8")
    print(
        f"TRD Hub bench, {out['started']}, {len(out['pages'])} pages, took {out['bench_seconds']:.0f} s "
        f"(figures in {args.json.relative_to(ROOT) if args.json.is_relative_to(ROOT) else args.json})"
    )
    print(table(out))
    for m in out["missed"]:
        print(f"MISS {m}")
    return 1 if out["missed"] else 0


if __name__ == "__main__":
    sys.exit(main())
