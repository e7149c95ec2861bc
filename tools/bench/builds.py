"""Timed strict builds of a snapshot of the project."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from tools.bench.runenv import env
from tools.site import copy_project

BUILD_RUNS = 5


def snapshot(dest: Path) -> Path:
    """Copy the project as it is now; every figure of this run comes from this copy."""
    return copy_project(dest)


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
        env=env(),
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"strict build of {project} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return seconds
