"""Lighthouse (npm, pinned in package-lock.json), default mobile config, against Debian's chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tools.bench.runenv import ARTIFACTS, env, log
from tools.chromium import CHROMIUM, CHROMIUM_ARGS
from tools.site import ROOT

LIGHTHOUSE_BIN = ROOT / "node_modules" / ".bin" / "lighthouse"


def ensure_lighthouse() -> Path:
    """node_modules/.bin/lighthouse, installed from package-lock.json with `npm ci` if missing."""
    if LIGHTHOUSE_BIN.exists():
        return LIGHTHOUSE_BIN
    if not shutil.which("npm"):
        raise RuntimeError("Lighthouse needs Node.js 18.16+ and npm (Debian: apt-get install nodejs npm)")
    log("installing Lighthouse with npm ci (pinned in package-lock.json)")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True, env=env())
    return LIGHTHOUSE_BIN


def lighthouse_once(url: str, out_base: Path) -> dict[str, Any]:
    """One Lighthouse run (default mobile config); scores 0-100, metrics, and what failed."""
    out_base.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        str(LIGHTHOUSE_BIN),
        url,
        "--quiet",
        "--output=json",
        "--output=html",
        f"--output-path={out_base}",
        "--only-categories=performance,accessibility,best-practices,seo",
        f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
        "--no-enable-error-reporting",
        "--max-wait-for-load=60000",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env(CHROME_PATH=CHROMIUM), timeout=300)
    report_file = out_base.with_name(out_base.name + ".report.json")
    if result.returncode != 0 or not report_file.exists():
        raise RuntimeError(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(report_file.read_text(encoding="utf-8"))
    scores = {cid: round((cat["score"] or 0) * 100) for cid, cat in report["categories"].items()}
    audits = report["audits"]
    failing = sorted(
        f"{cid}:{ref['id']}"
        for cid, cat in report["categories"].items()
        for ref in cat["auditRefs"]
        if ref.get("weight")
        and audits[ref["id"]]["score"] is not None
        and audits[ref["id"]]["score"] < 1
        and cid != "performance"
    )
    return {
        "scores": scores,
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "failing": failing,
        "version": report["lighthouseVersion"],
        "benchmark_index": report["environment"].get("benchmarkIndex"),
        "report": str(report_file.relative_to(ROOT)) if report_file.is_relative_to(ROOT) else str(report_file),
    }


def lighthouse(base_url: str, pages: dict[str, str], runs: int) -> dict[str, dict[str, Any]]:
    """Each page ``runs`` times; keeps the run with the median performance score."""
    ensure_lighthouse()
    results = {}
    for name, url in pages.items():
        done = []
        for i in range(runs):
            log(f"Lighthouse {name} run {i + 1}/{runs}")
            try:
                done.append(lighthouse_once(base_url + url, ARTIFACTS / "lighthouse" / f"{name}-{i + 1}"))
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                log(str(exc))
        if not done:
            results[name] = {"url": url, "error": f"every Lighthouse run failed on {url}; see the log above"}
            continue
        done.sort(key=lambda r: r["scores"]["performance"])
        median = done[len(done) // 2]
        results[name] = {"url": url, **median, "performance_runs": [r["scores"]["performance"] for r in done]}
    return results
