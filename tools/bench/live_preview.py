"""Live preview: seconds from saving a page to `mkdocs serve` serving it updated."""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from tools.bench.runenv import env
from tools.site import copy_project

PREVIEW_RUNS = 3


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
    copy_project(project, source)
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
        env=env(),
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
