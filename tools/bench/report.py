"""The bench's verdicts and its one table: each measure, its value, its budget, ok or MISS."""

from __future__ import annotations

import statistics
from typing import Any

from tools.budgets import BUDGETS, Budgets, kb
from tools.search import HELDOUT_MIN_HIT_RATE, MIN_HIT_RATE, NEVER_TUNED_ON
from tools.weight import GZIP_LEVEL, KINDS


def verdicts(out: dict[str, Any], budgets: Budgets = BUDGETS) -> list[str]:
    """Every missed budget, as a sentence."""
    missed = []
    for p in out["pages"]:
        name = p["page"] or "(home)"
        if p["first_view"] > budgets.bytes.first_view:
            missed.append(f"{name}: first view {kb(p['first_view'])} kB > {kb(budgets.bytes.first_view)} kB")
        if p["html"] > budgets.bytes.html:
            missed.append(f"{name}: HTML {kb(p['html'])} kB > {kb(budgets.bytes.html)} kB")
        if p["repeat_view"] > budgets.bytes.repeat_view:
            missed.append(f"{name}: repeat view {kb(p['repeat_view'])} kB > {kb(budgets.bytes.repeat_view)} kB")
    first_search = max((p["first_search"] for p in out["pages"]), default=0)
    if first_search > budgets.bytes.first_search:
        missed.append(f"first search {kb(first_search)} kB > {kb(budgets.bytes.first_search)} kB")
    for c in out.get("chromium", {}).values():
        early = c["first"].get("search_bytes", 0) + c["first"].get("after_load", {}).get("search_bytes", 0)
        if early:
            missed.append(f"{c['url'] or '(home)'}: search loaded before it was opened ({kb(early)} kB)")
    search = out.get("search")
    if search:
        hits = search["hit_rate"]
        if hits["rate"] < MIN_HIT_RATE:
            missed.append(
                f"search: {hits['hits']}/{hits['queries']} reader queries in the top 3 (< {MIN_HIT_RATE:.0%})"
            )
        if hits["crisis_hits"] < hits["crisis_queries"]:
            missed.append(
                f"search: {hits['crisis_hits']}/{hits['crisis_queries']} crisis queries in the top 3 (< 100 %)"
            )
        fresh = search.get("never_tuned_on")
        if fresh and (fresh["rate"] < MIN_HIT_RATE or fresh["crisis_hits"] < fresh["crisis_queries"]):
            missed.append(
                f"search: {fresh['hits']}/{fresh['queries']} held-out queries never tuned on in the top 3, "
                f"crisis {fresh['crisis_hits']}/{fresh['crisis_queries']} (< {MIN_HIT_RATE:.0%}, crisis 100 %)"
            )
        held = search.get("heldout")
        if held and held["rate"] < HELDOUT_MIN_HIT_RATE:
            missed.append(
                f"search: {held['hits']}/{held['queries']} held-out queries in the top 3 "
                f"(< {HELDOUT_MIN_HIT_RATE:.0%}, the measured floor)"
            )
        if search["bytes"]["search_bytes_before_opening"]:
            missed.append(
                f"search: {kb(search['bytes']['search_bytes_before_opening'])} kB loaded before it was opened"
            )
        if search["bytes"]["first_search_bytes"] > budgets.bytes.first_search:
            missed.append(
                f"search: first search in Chromium {kb(search['bytes']['first_search_bytes'])} kB "
                f"> {kb(budgets.bytes.first_search)} kB"
            )
    for n, b in (out.get("scale") or {}).get("bytes", {}).items():
        if b["first_view_max"] > budgets.bytes.first_view:
            missed.append(
                f"scale +{n} pages: first view {kb(b['first_view_max'])} kB ({b['first_view_max_page']}) "
                f"> {kb(budgets.bytes.first_view)} kB"
            )
    for name, lh in out.get("lighthouse", {}).items():
        if "error" in lh:
            missed.append(f"Lighthouse {name}: {lh['error']}")
            continue
        for cat, minimum in budgets.lighthouse.min_scores.items():
            if lh["scores"].get(cat, 0) < minimum:
                missed.append(f"Lighthouse {name}: {cat} {lh['scores'].get(cat)} < {minimum}")
    scale = out.get("scale")
    # The ratio budget is for the full sizes; --quick measures smaller ones and is only reported.
    if scale and scale["ratio_of"] == budgets.build.scale_ratio_of and scale["ratio"] > budgets.build.scale_max_ratio:
        most, fewest = scale["ratio_of"].split("/")
        missed.append(
            f"scale: {most}-page build is {scale['ratio']}x the {fewest}-page build (> {budgets.build.scale_max_ratio}x)"
        )
    return missed


def _ok(good: bool) -> str:
    return "ok" if good else "MISS"


def _search_rows(search: dict[str, Any], budgets: Budgets) -> list[tuple[str, ...]]:
    hits, size, speed = search["hit_rate"], search["bytes"], search["speed"]
    rows: list[tuple[str, ...]] = [
        ("SEARCH IN CHROMIUM (tests/browser/search_queries*.yml; docs/javascripts/search.js)",)
    ]
    rows.append(
        (
            "tuning queries, page in the top 3",
            f"{hits['hits']}/{hits['queries']} ({hits['rate']:.1%}), crisis {hits['crisis_hits']}/{hits['crisis_queries']}",
            f">= {MIN_HIT_RATE:.0%}, crisis 100 %",
            _ok(hits["rate"] >= MIN_HIT_RATE and hits["crisis_hits"] == hits["crisis_queries"]),
        )
    )
    for m in hits["missed"]:
        rows.append(
            (
                f"    missed [{m['kind']}]",
                f"{m['query']!r}: want {m['want']}, got {', '.join(m['got']) or 'nothing'}",
                "",
                "",
            )
        )
    # Only the figures: held-out misses are not listed here as things to fix. Each round was
    # measured once before anything was chosen for it; the rounds whose misses were read since
    # have been tuned on (tests/browser/search_record.md), the newest have not (NEVER_TUNED_ON).
    held, fresh = search.get("heldout"), search.get("never_tuned_on")
    if fresh:
        rows.append(
            (
                f"held-out queries never tuned on ({', '.join(p.stem for p in NEVER_TUNED_ON)}), top 3",
                f"{fresh['hits']}/{fresh['queries']} ({fresh['rate']:.1%}), crisis {fresh['crisis_hits']}/{fresh['crisis_queries']}",
                f">= {MIN_HIT_RATE:.0%}, crisis 100 %",
                _ok(fresh["rate"] >= MIN_HIT_RATE and fresh["crisis_hits"] == fresh["crisis_queries"]),
            )
        )
    if held:
        rows.append(
            (
                "held-out queries, every round (measured once each, some tuned on since), top 3",
                f"{held['hits']}/{held['queries']} ({held['rate']:.1%}), crisis {held['crisis_hits']}/{held['crisis_queries']}",
                f">= {HELDOUT_MIN_HIT_RATE:.0%} (measured floor)",
                _ok(held["rate"] >= HELDOUT_MIN_HIT_RATE),
            )
        )
    rows.append(
        (
            f"  {size['page']} before search",
            f"{kb(size['first_view_bytes'])} kB, of which search {kb(size['search_bytes_before_opening'])} kB",
            "search 0 kB",
            _ok(size["search_bytes_before_opening"] == 0),
        )
    )
    rows.append(
        (
            "  first search (open, type one letter)",
            f"{kb(size['first_search_bytes'])} kB: "
            + ", ".join(f"{f['path'].rsplit('/', 1)[-1]} {kb(f['bytes'])}" for f in size["first_search_files"]),
            f"<= {kb(budgets.bytes.first_search)} kB",
            _ok(size["first_search_bytes"] <= budgets.bytes.first_search),
        )
    )
    for network, label in (("local", "local network"), ("slow_4g", "slow 4G")):
        ways = speed[network]
        rows.append(
            (
                f"  key press to results, {speed['cpu_slowdown']}x CPU, {label}",
                f"on open {ways['on_open']['median_ms']:.0f} ms, at start-up {ways['at_startup']['median_ms']:.0f} ms "
                f"(medians of {speed['runs']})",
                "report",
                "-",
            )
        )
    return rows


def _span(values: list[float], unit: str = "s") -> str:
    return f"{statistics.median(values):.2f} {unit} (range {min(values):.2f}-{max(values):.2f})"


def table(out: dict[str, Any], budgets: Budgets = BUDGETS) -> str:
    """The one table `make bench` prints: measure, value, target, result."""
    rows: list[tuple[str, ...]] = []
    pages = out["pages"]
    name = {p["page"]: p["page"] or "(home)" for p in pages}

    b = out["build"]
    rows.append((f"BUILD ({out['cpus']} CPUs, load {out['load_before']:.1f})",))
    rows.append((f"strict build, median of {len(b['runs_s'])}", _span(b["runs_s"]), "report", "-"))
    if "scale" in out:
        s = out["scale"]
        sizes = " / ".join(f"+{n}" for n in s["median_s"])
        rows.append(
            (
                f"scale {sizes} pages",
                " / ".join(f"{v:.1f} s" for v in s["median_s"].values())
                + f" ({s['ms_per_added_page']} ms per added page)",
                "report",
                "-",
            )
        )
        rows.append(
            (
                f"scale ratio {s['ratio_of']}",
                f"{s['ratio']:.1f}x",
                f"<= {budgets.build.scale_max_ratio:g}x",
                _ok(s["ratio"] <= budgets.build.scale_max_ratio),
            )
        )
    if "scale" in out and "bytes" in out["scale"]:
        sized = {"0": out["site_bytes"], **out["scale"]["bytes"]} if "site_bytes" in out else out["scale"]["bytes"]
        worst = max(b["first_view_max"] for b in sized.values())
        rows.append(
            (
                f"scale {' / '.join(f'+{n}' for n in sized)}: first view before search",
                " / ".join(kb(b["first_view_max"]) for b in sized.values()) + " kB (heaviest page)",
                f"<= {kb(budgets.bytes.first_view)} kB",
                _ok(worst <= budgets.bytes.first_view),
            )
        )
        rows.append(
            (
                "  first search (worker + index)",
                " / ".join(kb(b["first_search_max"]) for b in sized.values()) + " kB",
                "report",
                "-",
            )
        )
    if "preview" in out:
        pv = out["preview"]
        rows.append(("live preview, save to page updated", _span(pv["runs_s"]) + f", {pv['page']}", "report", "-"))

    rows.append((f"BYTES FROM BUILT FILES (gzip -{GZIP_LEVEL}; images, fonts: size), {len(pages)} pages",))
    for label, key, limit in (
        ("first view before search", "first_view", budgets.bytes.first_view),
        ("first search (worker + index)", "first_search", budgets.bytes.first_search),
        ("HTML", "html", budgets.bytes.html),
        ("repeat view (HTML)", "repeat_view", budgets.bytes.repeat_view),
    ):
        worst = max(pages, key=lambda p, k=key: p[k])
        over = sum(p[key] > limit for p in pages)
        median = statistics.median(p[key] for p in pages)
        rows.append(
            (
                f"{label}, all pages",
                f"max {kb(worst[key])} ({name[worst['page']]}), median {kb(median)}, {over} over",
                f"<= {kb(limit)} kB",
                _ok(over == 0),
            )
        )
    shown = sorted(pages, key=lambda p: -p["first_view"])[:3]
    shown += [p for p in pages if p["page"] in budgets.lighthouse.pages.values() and p not in shown]
    for p in shown:
        k = p["by_kind"]
        detail = " ".join(f"{kind} {kb(k[kind])}" for kind in KINDS if k[kind])
        rows.append(
            (
                f"  {name[p['page']]}",
                f"{kb(p['first_view'])} kB, {p['requests']} req: {detail}",
                f"<= {kb(budgets.bytes.first_view)} kB",
                _ok(p["first_view"] <= budgets.bytes.first_view),
            )
        )

    if "chromium" in out:
        rows.append(("BYTES IN CHROMIUM (Playwright; gzip bodies counted by the local server)",))
        for c in out["chromium"].values():
            f, r = c["first"], c["repeat"]
            rows.append(
                (
                    f"  {c['url'] or '(home)'}",
                    f"first {kb(f['bytes'])} kB, {f['requests']} req (search {kb(f['search_bytes'])}), "
                    f"then after load {kb(f['after_load']['bytes'])} kB ("
                    + ", ".join(x["path"].strip("/").rsplit("/", 1)[-1] or "(home)" for x in f["after_load"]["files"])
                    + f"); repeat {kb(r['bytes'])} kB, {r['requests']} req",
                    f"<= {kb(budgets.bytes.first_view)} / {kb(budgets.bytes.repeat_view)}",
                    _ok(f["bytes"] <= budgets.bytes.first_view and r["bytes"] <= budgets.bytes.repeat_view),
                )
            )

    if "search" in out:
        rows.extend(_search_rows(out["search"], budgets))

    if out.get("lighthouse"):
        lhs = out["lighthouse"]
        first = next((lh for lh in lhs.values() if "error" not in lh), {"version": "?", "performance_runs": []})
        rows.append(
            (
                f"LIGHTHOUSE {first['version']} MOBILE, median of {len(first['performance_runs'])} runs: perf / a11y / best pr. / SEO",
            )
        )
        for lh in lhs.values():
            if "error" in lh:
                rows.append((f"  {lh['url'] or '(home)'}", lh["error"], budgets.lighthouse.targets(), "MISS"))
                continue
            s = lh["scores"]
            good = all(s.get(c, 0) >= m for c, m in budgets.lighthouse.min_scores.items())
            rows.append(
                (
                    f"  {lh['url'] or '(home)'}",
                    f"{s['performance']} / {s['accessibility']} / {s['best-practices']} / {s['seo']}  "
                    f"LCP {lh['lcp_ms'] / 1000:.1f} s, TBT {lh['tbt_ms']} ms, CLS {lh['cls']:.3f}",
                    budgets.lighthouse.targets(),
                    _ok(good),
                )
            )
            if lh["failing"]:
                rows.append(("    failing audits", ", ".join(lh["failing"]), "", ""))

    head = ("Measure", "Value", "Target", "OK")
    cells = [r for r in rows if len(r) == 4]
    widths = [max(len(r[i]) for r in [head, *cells]) for i in range(4)]
    line = "  ".join("-" * w for w in widths)
    out_lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)), line]
    for r in rows:
        out_lines.append(
            r[0] if len(r) == 1 else "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        )
    return "\n".join(out_lines)
