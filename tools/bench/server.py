"""A local server for the built site with gzip, ETag and cache headers, like GitHub Pages,
that records the bytes of every response body (what a reader's phone receives)."""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import http.server
import io
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.weight import GZIP_LEVEL

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
            data = gzip.compress(data, GZIP_LEVEL, mtime=0)
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
