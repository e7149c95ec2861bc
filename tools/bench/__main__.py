"""`make bench`: is TRD Hub fast on a slow phone, and fast to build? (issue 7)

Prints one table and writes artifacts/bench.json (Lighthouse reports go to
artifacts/lighthouse/). Exits 1 when a target in tools/budgets.py is missed.

What it does, all on 127.0.0.1 and on a snapshot of the project taken at the start
(pages being edited while it runs do not mix into one set of figures):

1. Build: the strict build, timed 5 times (median); then a scale test, the snapshot
   plus 100, 500 and 1000 generated pages (all in the nav, 20 to a section).
2. Bytes from the built files (deterministic, the same figures tests/site/test_budgets.py
   checks): every page's first view and repeat view, and the search index.
3. Bytes as Chromium loads them (Playwright; bodies counted by the local server, which
   gzips text and sends cache headers like GitHub Pages): first and repeat view of the
   Lighthouse pages.
4. Lighthouse (npm, pinned in package-lock.json; installed here with `npm ci` if
   missing), default mobile config, against Debian's chromium. Nothing downloads a browser.
5. Live preview: `mkdocs serve` on a copy, a page edited, the page polled until the
   edit shows.

    python -m tools.bench [--quick] [--lighthouse-runs N] [--skip lighthouse,scale,preview,chromium]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import hashlib
import http.server
import io
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from tools import weight as budgets
from tools.chromium import CHROMIUM, CHROMIUM_ARGS
from tools.site import COPY_IGNORE, ROOT
from tools.weight import kb

ARTIFACTS = ROOT / "artifacts"
LIGHTHOUSE_BIN = ROOT / "node_modules" / ".bin" / "lighthouse"
BUILD_RUNS = 5
PREVIEW_RUNS = 3
SCALE_RUNS = 3
SCALE_SECTION_SIZE = 20
# Nothing may fetch a browser of its own: chromium comes from Debian (make browser).
NO_DOWNLOADS = {
    "PUPPETEER_SKIP_DOWNLOAD": "1",
    "PUPPETEER_SKIP_CHROMIUM_DOWNLOAD": "1",
    "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
    "NO_MKDOCS_2_WARNING": "1",
}


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, **NO_DOWNLOADS, **extra}


def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# ── Project copies and builds ──────────────────────────────────────────────────


def snapshot(dest: Path) -> Path:
    """Copy the project as it is now; every figure of this run comes from this copy."""
    shutil.copytree(ROOT, dest, ignore=COPY_IGNORE)
    return dest


def timed_build(project: Path, site: Path, config: str = "mkdocs.yml") -> float:
    """Strict build of ``project`` into ``site``; seconds taken. Raises with the log on failure."""
    start = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--clean",
            "--quiet",
            "-f",
            config,
            "--site-dir",
            str(site),
        ],
        cwd=project,
        capture_output=True,
        text=True,
        env=_env(),
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"strict build of {project} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return seconds


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (!ENV, !!python/name: ...); only nav is needed."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_yml(project: Path = ROOT) -> dict[str, Any]:
    return yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)


def page_scripts(project: Path = ROOT) -> dict[str, str]:
    """extra.page_scripts from mkdocs.yml: {marker in a page's HTML: script it loads}."""
    return (mkdocs_yml(project).get("extra") or {}).get("page_scripts") or {}


def _scale_page(n: int, term_id: str | None) -> str:
    term = f'{{{{ term("{term_id}") }}}}' if term_id else "a term"
    return f"""---
title: Scale test page {n}
description: A generated page for the build scale test in make bench. Page {n}.
reviewed: 2026-11-21
review_due: 2027-11-21
---

# Scale test page {n}

This page is made by `make bench` to time the build with many pages. It uses {term}
like a real page does, and links [home](../../../index.md).

## What this page is for

A short paragraph of plain text, so each page carries a realistic amount of words.
The build reads it, renders the Markdown, runs the macros and writes the HTML.
Search indexes it too, section by section.

- One point in a list.
- A second point, with **bold** text.
- A third point, with *emphasis*.

## A small table

| Option | How soon | Notes |
| --- | --- | --- |
| First | 2 to 4 weeks | A note on the first option. |
| Second | 1 to 2 weeks | A note on the second option. |

## Questions to ask

1. What does this page show?
2. How long does the build take with {n} pages?
"""


def make_scale_copy(source: Path, dest: Path, pages: int) -> Path:
    """A copy of ``source`` plus ``pages`` generated pages, in the nav, 20 to a section.

    The nav goes into bench-scale.yml, which inherits mkdocs.yml, so mkdocs.yml is read
    but never rewritten.
    """
    shutil.copytree(source, dest, ignore=COPY_IGNORE)
    config = mkdocs_yml(dest)
    try:
        glossary = yaml.safe_load((dest / "macros" / "data" / "glossary.yml").read_text(encoding="utf-8"))
        term_id = glossary["terms"][0]["id"]
    except (OSError, KeyError, IndexError, TypeError):
        term_id = None
    sections = []
    for first in range(1, pages + 1, SCALE_SECTION_SIZE):
        group = f"group-{first // SCALE_SECTION_SIZE + 1:03d}"
        entries = []
        for n in range(first, min(first + SCALE_SECTION_SIZE, pages + 1)):
            path = dest / "docs" / "scale" / group / f"page-{n:04d}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_scale_page(n, term_id), encoding="utf-8")
            entries.append({f"Page {n}": f"scale/{group}/page-{n:04d}.md"})
        sections.append({f"Group {group[-3:]}": entries})
    nav = [*config["nav"], {"Scale test": sections}]
    (dest / "bench-scale.yml").write_text(
        yaml.safe_dump({"INHERIT": "mkdocs.yml", "nav": nav}, sort_keys=False), encoding="utf-8"
    )
    return dest


# ── Local server: gzip and cache headers, like GitHub Pages ───────────────────

GZIP_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


@dataclass
class ServerLog:
    lock: threading.Lock = field(default_factory=threading.Lock)
    entries: list[tuple[str, int, int]] = field(default_factory=list)  # (path, status, body bytes)

    def add(self, path: str, status: int, size: int) -> None:
        with self.lock:
            self.entries.append((path, status, size))

    def take(self) -> list[tuple[str, int, int]]:
        with self.lock:
            taken, self.entries = self.entries, []
        return taken


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site with gzip, ETag and `Cache-Control: max-age=600` (GitHub Pages' values)."""

    protocol_version = "HTTP/1.1"
    log: ServerLog

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        url_path = self.path.split("?", 1)[0]
        if path.is_dir():
            if not url_path.endswith("/"):
                return super().send_head()  # redirect to the slash URL
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
        data = path.read_bytes()
        ctype = self.guess_type(str(path))
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        compress = "gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(GZIP_TYPES)
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            self.log.add(url_path, 304, 0)
            return None
        if compress:
            data = gzip.compress(data, budgets.GZIP_LEVEL, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("ETag", etag)
        self.send_header("Vary", "Accept-Encoding")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.log.add(url_path, status, len(data))
        return io.BytesIO(data)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Browsers drop keep-alive connections when they close; that is not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[tuple[str, ServerLog]]:
    """Serve ``site`` on 127.0.0.1 from a thread; yields (base URL, request log)."""
    log = ServerLog()
    handler = type("Handler", (_SiteHandler,), {"log": log})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", log
    finally:
        server.shutdown()
        server.server_close()


# ── Chromium loads (Playwright) ────────────────────────────────────────────────


def chromium_loads(base_url: str, log: ServerLog, pages: dict[str, str]) -> dict[str, dict[str, Any]]:
    """First and repeat view of each page in Chromium; bytes as the server sent them."""
    from playwright.sync_api import sync_playwright

    def summary(entries: list[tuple[str, int, int]]) -> dict[str, Any]:
        index = [e for e in entries if e[0].endswith(budgets.SEARCH_INDEX)]
        rest = [e for e in entries if e not in index]
        return {
            "bytes": sum(e[2] for e in rest),
            "requests": len(rest),
            "search_index_bytes": sum(e[2] for e in index),
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
                page.goto(base_url + url, wait_until="networkidle")
                first = summary(log.take())
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


# ── Lighthouse ─────────────────────────────────────────────────────────────────


def ensure_lighthouse() -> Path:
    """node_modules/.bin/lighthouse, installed from package-lock.json with `npm ci` if missing."""
    if LIGHTHOUSE_BIN.exists():
        return LIGHTHOUSE_BIN
    if not shutil.which("npm"):
        raise RuntimeError("Lighthouse needs Node.js 18.16+ and npm (Debian: apt-get install nodejs npm)")
    _log("installing Lighthouse with npm ci (pinned in package-lock.json)")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True, env=_env())
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
    result = subprocess.run(cmd, capture_output=True, text=True, env=_env(CHROME_PATH=CHROMIUM), timeout=300)
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
            _log(f"Lighthouse {name} run {i + 1}/{runs}")
            try:
                done.append(lighthouse_once(base_url + url, ARTIFACTS / "lighthouse" / f"{name}-{i + 1}"))
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                _log(str(exc))
        if not done:
            results[name] = {"url": url, "error": f"every Lighthouse run failed on {url}; see the log above"}
            continue
        done.sort(key=lambda r: r["scores"]["performance"])
        median = done[len(done) // 2]
        results[name] = {"url": url, **median, "performance_runs": [r["scores"]["performance"] for r in done]}
    return results


# ── Live preview ───────────────────────────────────────────────────────────────


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _poll(url: str, until: str | None, timeout: float) -> float:
    """Seconds until ``url`` answers (and contains ``until``); raises after ``timeout``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = _fetch(url)
        if body is not None and (until is None or until in body):
            return time.perf_counter() - start
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not {'show ' + repr(until) if until else 'answer'} within {timeout:.0f} s")


def live_preview(source: Path, work: Path) -> dict[str, Any]:
    """`mkdocs serve` (as `make serve` runs it) on a copy: seconds from saving a page to the page served updated."""
    project = work / "preview"
    shutil.copytree(source, project, ignore=COPY_IGNORE)
    candidates = [project / "docs" / "faq.md", *sorted((project / "docs").rglob("*.md"))]
    md = next(p for p in candidates if p.exists())
    rel = md.relative_to(project / "docs").with_suffix("").as_posix()
    url_path = "" if rel == "index" else (rel[: -len("index")] if rel.endswith("/index") else rel + "/")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    stderr = (work / "serve.log").open("w", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        env=_env(),
        start_new_session=True,
    )
    try:
        startup = _poll(base + url_path, None, timeout=180)
        times = []
        for _ in range(PREVIEW_RUNS):
            marker = f"bench-marker-{uuid.uuid4().hex[:12]}"
            with md.open("a", encoding="utf-8") as f:
                f.write(f"\n\nEdited by make bench: {marker}\n")
            times.append(_poll(base + url_path, marker, timeout=180))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        stderr.close()
    return {
        "page": f"docs/{md.relative_to(project / 'docs').as_posix()}",
        "startup_s": round(startup, 2),
        "runs_s": [round(t, 2) for t in times],
        "median_s": round(statistics.median(times), 2),
    }


# ── The run ────────────────────────────────────────────────────────────────────


def _page_row(w: budgets.PageWeight) -> dict[str, Any]:
    return {
        "page": w.page,
        "first_view": w.first_view,
        "requests": w.requests,
        "html": w.html,
        "repeat_view": w.repeat_view,
        "by_kind": w.by_kind(),
        "missing": w.missing,
        "external": w.external,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    skip = set(args.skip)
    out: dict[str, Any] = {
        "started": datetime.now().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_before": os.getloadavg()[0],
        "python": platform.python_version(),
        "budgets": {
            "first_view_max": budgets.FIRST_VIEW_MAX,
            "html_max": budgets.HTML_MAX,
            "repeat_view_max": budgets.REPEAT_VIEW_MAX,
            "search_index_max": budgets.SEARCH_INDEX_MAX,
            "lighthouse_min": budgets.LIGHTHOUSE_MIN,
            "scale_max_ratio": budgets.SCALE_MAX_RATIO,
        },
    }
    with tempfile.TemporaryDirectory(prefix="trd-bench-") as tmp_name:
        tmp = Path(tmp_name)
        project = snapshot(tmp / "project")
        _log(f"snapshot of the project in {project}")

        runs = 1 if args.quick else BUILD_RUNS
        times = [timed_build(project, tmp / f"site-{i}") for i in range(runs)]
        _log(f"strict builds: {', '.join(f'{t:.2f}' for t in times)} s")
        site = tmp / "site-0"
        out["build"] = {"runs_s": [round(t, 2) for t in times], "median_s": round(statistics.median(times), 2)}

        weights, index_bytes = budgets.weigh_site(site)
        out["pages"] = [_page_row(w) for w in weights]
        out["search_index_bytes"] = index_bytes

        with serve(site) as (base_url, log):
            if "chromium" not in skip:
                _log("Chromium loads (Playwright)")
                out["chromium"] = chromium_loads(base_url, log, budgets.LIGHTHOUSE_PAGES)
            if "lighthouse" not in skip:
                out["lighthouse"] = lighthouse(base_url, budgets.LIGHTHOUSE_PAGES, args.lighthouse_runs)

        if "preview" not in skip:
            _log("live preview (mkdocs serve)")
            out["preview"] = live_preview(project, tmp)

        if "scale" not in skip:
            sizes = (100, 300) if args.quick else budgets.SCALE_SIZES
            runs_scale = 1 if args.quick else SCALE_RUNS
            scale: dict[str, list[float]] = {}
            for n in sizes:
                copy = make_scale_copy(project, tmp / f"scale-{n}", n)
                scale[str(n)] = [
                    round(timed_build(copy, tmp / f"scale-site-{n}", config="bench-scale.yml"), 2)
                    for _ in range(runs_scale)
                ]
                _log(f"scale +{n} pages: {', '.join(map(str, scale[str(n)]))} s")
                shutil.rmtree(copy)
                shutil.rmtree(tmp / f"scale-site-{n}")
            medians = {n: statistics.median(v) for n, v in scale.items()}
            first, last = str(sizes[0]), str(sizes[-1])
            out["scale"] = {
                "runs_s": scale,
                "median_s": medians,
                "ratio": round(medians[last] / medians[first], 2),
                "ratio_of": f"{last}/{first}",
                "section_size": SCALE_SECTION_SIZE,
                "ms_per_added_page": round(1000 * (medians[last] - medians[first]) / (sizes[-1] - sizes[0]), 1),
            }
    return out


# ── The table ──────────────────────────────────────────────────────────────────


def verdicts(out: dict[str, Any]) -> list[str]:
    """Every missed target, as a sentence."""
    missed = []
    for p in out["pages"]:
        name = p["page"] or "(home)"
        if p["first_view"] > budgets.FIRST_VIEW_MAX:
            missed.append(f"{name}: first view {kb(p['first_view'])} kB > {kb(budgets.FIRST_VIEW_MAX)} kB")
        if p["html"] > budgets.HTML_MAX:
            missed.append(f"{name}: HTML {kb(p['html'])} kB > {kb(budgets.HTML_MAX)} kB")
        if p["repeat_view"] > budgets.REPEAT_VIEW_MAX:
            missed.append(f"{name}: repeat view {kb(p['repeat_view'])} kB > {kb(budgets.REPEAT_VIEW_MAX)} kB")
    if out["search_index_bytes"] > budgets.SEARCH_INDEX_MAX:
        missed.append(f"search index {kb(out['search_index_bytes'])} kB > {kb(budgets.SEARCH_INDEX_MAX)} kB")
    for name, lh in out.get("lighthouse", {}).items():
        if "error" in lh:
            missed.append(f"Lighthouse {name}: {lh['error']}")
            continue
        for cat, minimum in budgets.LIGHTHOUSE_MIN.items():
            if lh["scores"].get(cat, 0) < minimum:
                missed.append(f"Lighthouse {name}: {cat} {lh['scores'].get(cat)} < {minimum}")
    scale = out.get("scale")
    if scale and scale["ratio_of"] == "1000/100" and scale["ratio"] > budgets.SCALE_MAX_RATIO:
        missed.append(f"scale: 1000-page build is {scale['ratio']}x the 100-page build (> {budgets.SCALE_MAX_RATIO}x)")
    return missed


def _ok(good: bool) -> str:
    return "ok" if good else "MISS"


def _span(values: list[float], unit: str = "s") -> str:
    return f"{statistics.median(values):.2f} {unit} (range {min(values):.2f}-{max(values):.2f})"


def table(out: dict[str, Any]) -> str:
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
                f"<= {budgets.SCALE_MAX_RATIO:g}x",
                _ok(s["ratio"] <= budgets.SCALE_MAX_RATIO),
            )
        )
    if "preview" in out:
        pv = out["preview"]
        rows.append(("live preview, save to page updated", _span(pv["runs_s"]) + f", {pv['page']}", "report", "-"))

    rows.append((f"BYTES FROM BUILT FILES (gzip -6; images, fonts: size), {len(pages)} pages",))
    idx = out["search_index_bytes"]
    rows.append(
        (
            "search index, whole hub",
            f"{kb(idx)} kB",
            f"<= {kb(budgets.SEARCH_INDEX_MAX)} kB",
            _ok(idx <= budgets.SEARCH_INDEX_MAX),
        )
    )
    for label, key, limit in (
        ("first view", "first_view", budgets.FIRST_VIEW_MAX),
        ("HTML", "html", budgets.HTML_MAX),
        ("repeat view (HTML)", "repeat_view", budgets.REPEAT_VIEW_MAX),
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
    shown += [p for p in pages if p["page"] in budgets.LIGHTHOUSE_PAGES.values() and p not in shown]
    for p in shown:
        k = p["by_kind"]
        detail = " ".join(f"{kind} {kb(k[kind])}" for kind in budgets.KINDS if k[kind])
        rows.append(
            (
                f"  {name[p['page']]}",
                f"{kb(p['first_view'])} kB, {p['requests']} req: {detail}",
                f"<= {kb(budgets.FIRST_VIEW_MAX)} kB",
                _ok(p["first_view"] <= budgets.FIRST_VIEW_MAX),
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
                    f"<= {kb(budgets.FIRST_VIEW_MAX)} / {kb(budgets.REPEAT_VIEW_MAX)}",
                    _ok(f["bytes"] <= budgets.FIRST_VIEW_MAX and r["bytes"] <= budgets.REPEAT_VIEW_MAX),
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
                rows.append((f"  {lh['url'] or '(home)'}", lh["error"], ">= 95/100/100/100", "MISS"))
                continue
            s = lh["scores"]
            good = all(s.get(c, 0) >= m for c, m in budgets.LIGHTHOUSE_MIN.items())
            rows.append(
                (
                    f"  {lh['url'] or '(home)'}",
                    f"{s['performance']} / {s['accessibility']} / {s['best-practices']} / {s['seo']}  "
                    f"LCP {lh['lcp_ms'] / 1000:.1f} s, TBT {lh['tbt_ms']} ms, CLS {lh['cls']:.3f}",
                    ">= 95/100/100/100",
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="1 build, 1 Lighthouse run, scale test with 100 and 300 pages"
    )
    parser.add_argument("--lighthouse-runs", type=int, default=None, help="runs per page (default 3; 1 with --quick)")
    parser.add_argument(
        "--skip",
        type=lambda s: [x for x in s.split(",") if x],
        default=[],
        help="comma-separated: lighthouse, chromium, scale, preview",
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
