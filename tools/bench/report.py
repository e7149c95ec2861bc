"""The bench's verdicts and its one table: each measure, its value, its budget, ok or MISS."""

from __future__ import annotations

import statistics
from typing import Any

from tools.budgets import BUDGETS, Budgets, kb
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
                    f"first {kb(f['bytes'])} kB, {f['requests']} req (+ index {kb(f['search_index_bytes'])}); "
                    f"repeat {kb(r['bytes'])} kB, {r['requests']} req",
                    f"<= {kb(budgets.bytes.first_view)} / {kb(budgets.bytes.repeat_view)}",
                    _ok(f["bytes"] <= budgets.bytes.first_view and r["bytes"] <= budgets.bytes.repeat_view),
                )
            )

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
