"""The project as every tool handles it: read its mkdocs.yml, copy it, build the site and
serve it on 127.0.0.1. The checker, the tests, the link check, the report and the
benchmark share these steps. (The benchmark has its own server, which adds gzip and
caching headers to measure what a reader's phone receives.)"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from macros._yaml import StrictLoader, read_yaml

ROOT = Path(__file__).resolve().parent.parent
# What a copy of the project needs; never the venv, git data, build output or caches.
COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    ".canary",
    ".cache",
    "site",
    ".build",
    "artifacts",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "*.egg-info",
)


class ConfigLoader(StrictLoader):
    """Reads mkdocs.yml without running its tags: tools need its plain settings (nav, extra,
    theme), never the objects the tags would make. Like every file of the project, a key
    written twice is refused (a second ``hooks:`` would silently replace the first); of the
    tags, only MkDocs' own two (``!ENV``, ``!relative``) are allowed. Any other tag (a
    ``!!python/name:`` or ``!!python/object`` would have MkDocs import and run Python) is
    refused, so such a change is a change to tools/site.py, with its review."""

    allowed_tags = ("!ENV", "!relative")


ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_config(project: Path = ROOT) -> dict[str, Any]:
    """``project``'s mkdocs.yml as plain data (tags read as None)."""
    return read_yaml(project / "mkdocs.yml", ConfigLoader) or {}


def page_scripts(project: Path = ROOT) -> dict[str, str]:
    """extra.page_scripts from mkdocs.yml: {marker in a page's HTML: script it loads}."""
    return (mkdocs_config(project).get("extra") or {}).get("page_scripts") or {}


def copy_project(dest: Path, source: Path = ROOT) -> Path:
    """Copy ``source`` (default: this project) to ``dest`` without build output or caches; return ``dest``."""
    shutil.copytree(source, dest, ignore=COPY_IGNORE)
    return dest


def build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """Run the strict build of ``project`` into ``site``; return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def build_or_fail(project: Path, site: Path) -> Path:
    """Build strictly; on failure raise with the build's own output, which names the file."""
    result = build(project, site)
    if result.returncode != 0:
        raise RuntimeError(f"strict build failed:\n{result.stdout}\n{result.stderr}")
    return site


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging every request to the terminal."""

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A client that hangs up early (LinkChecker has what it needs) is not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(site: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler) -> Iterator[str]:
    """Serve ``site`` from a thread on a free port of 127.0.0.1; yield its base URL; stop it."""
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
