"""What a page weighs: the bytes a reader's phone downloads, checked against the byte
budgets in macros/data/budgets.yml (tests/site/test_budgets.py, `make bench`).

Bytes are measured from the built files, so they are the same on every machine:
text files (HTML, CSS, JS, JSON, SVG) count as ``gzip -6`` of the file, binary files
(PNG, WOFF2, ...) as their size. A page's *first view* is its HTML plus everything it
makes the browser fetch at load: stylesheets, scripts, icons, images, the fonts and
images the stylesheets point to, and the sitemap instant navigation reads.
Its *first search* is what opening search the first time downloads: Material's search
worker and the search index. A page that loads our search script (``SEARCH_ON_OPEN``,
docs/javascripts/search.js) fetches both only when the reader opens search; on a page
without it Material creates the worker at load, so the worker counts in the first view.
(tests/browser/test_search.py checks in Chromium that no page requests either before
search opens.) The *repeat view* is a reader opening another page with the assets
already cached: the HTML alone.
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from tools.budgets import kb

SEARCH_INDEX = "search/search_index.json"
# Holds Material's search worker and index until the reader opens search (overrides/main.html).
SEARCH_ON_OPEN = "javascripts/search.min.js"
GZIP_LEVEL = 6
TEXT_SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map"}
KIND_BY_SUFFIX = {
    ".css": "css",
    ".js": "js",
    ".mjs": "js",
    ".woff2": "font",
    ".woff": "font",
    ".ttf": "font",
    ".otf": "font",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".gif": "image",
    ".webp": "image",
    ".avif": "image",
    ".svg": "image",
    ".ico": "image",
}
KINDS = ("html", "css", "js", "worker", "data", "font", "image")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


@dataclass(frozen=True)
class Resource:
    url: str  # site-relative path, e.g. "assets/stylesheets/main.57a0d79d.min.css"
    kind: str  # one of KINDS
    bytes: int  # gzip -6 for text, file size for binary files


@dataclass
class PageWeight:
    page: str  # site-relative URL, "" for home
    resources: list[Resource] = field(default_factory=list)  # the first view
    search: list[Resource] = field(default_factory=list)  # fetched when search first opens
    missing: list[str] = field(default_factory=list)  # referenced local files that do not exist
    external: list[str] = field(default_factory=list)  # resources on other hosts (cannot be weighed)

    @property
    def html(self) -> int:
        return sum(r.bytes for r in self.resources if r.kind == "html")

    @property
    def first_view(self) -> int:
        return sum(r.bytes for r in self.resources)

    @property
    def first_search(self) -> int:
        return sum(r.bytes for r in self.search)

    @property
    def repeat_view(self) -> int:
        return self.html

    @property
    def requests(self) -> int:
        return len(self.resources)

    def by_kind(self) -> dict[str, int]:
        counts: Counter[str] = Counter({k: 0 for k in KINDS})
        for r in self.resources:
            counts[r.kind] += r.bytes
        return dict(counts)

    def describe(self) -> str:
        """'html 13.1, css 27.3, js 37.2, worker 0.0, data 0.5, font 0.0, image 0.3 kB; 9 requests'"""
        parts = ", ".join(f"{k} {kb(v)}" for k, v in self.by_kind().items())
        return f"{parts} kB; {self.requests} requests"

    def describe_search(self) -> str:
        """'worker 12.3, index 87.4 kB'"""
        return ", ".join(f"{'index' if r.url == SEARCH_INDEX else r.kind} {kb(r.bytes)}" for r in self.search) + " kB"


class SiteWeigher:
    """Weighs pages of one built site; each file is compressed once and cached."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self._sizes: dict[str, int] = {}

    def size(self, rel: str) -> int:
        if rel not in self._sizes:
            path = self.site / rel
            data = path.read_bytes()
            text = path.suffix.lower() in TEXT_SUFFIXES
            self._sizes[rel] = len(gzip.compress(data, GZIP_LEVEL, mtime=0)) if text else len(data)
        return self._sizes[rel]

    def _local(self, base: str, href: str) -> str | None:
        """Site-relative file path for ``href`` seen on ``base``; None for another host or data: URI."""
        href = href.strip()
        if not href or href.startswith(("data:", "#", "blob:")):
            return None
        parts = urlsplit(urljoin("http://site.invalid/" + base, href))
        if parts.netloc != "site.invalid":
            return ""  # external
        path = unquote(parts.path)
        if path.endswith("/"):
            path += "index.html"
        return posixpath.normpath(path).lstrip("/")

    def _add(
        self, weight: PageWeight, seen: set[str], base: str, href: str, kind: str | None, on_open: bool = False
    ) -> str | None:
        """Count ``href`` once, in the first view, or in the first search when ``on_open``."""
        rel = self._local(base, href)
        if rel is None:
            return None
        if rel == "":
            weight.external.append(href)
            return None
        if rel in seen:
            return None
        seen.add(rel)
        if not (self.site / rel).is_file():
            weight.missing.append(rel)
            return None
        kind = kind or KIND_BY_SUFFIX.get(Path(rel).suffix.lower(), "image")
        (weight.search if on_open else weight.resources).append(Resource(rel, kind, self.size(rel)))
        return rel

    def _add_css(self, weight: PageWeight, seen: set[str], base: str, href: str) -> None:
        rel = self._add(weight, seen, base, href, "css")
        if rel is None:
            return
        css = (self.site / rel).read_text(encoding="utf-8", errors="replace")
        for match in _CSS_URL.finditer(css):
            target = match.group(2) or match.group(4)
            if match.group(4):
                self._add_css(weight, seen, rel, target)
            else:
                self._add(weight, seen, rel, target, None)

    def weigh(self, page: str, html_file: Path) -> PageWeight:
        """What a first visit to ``page`` downloads before search, and what opening search adds."""
        tree = LexborHTMLParser(html_file.read_text(encoding="utf-8"))
        base = html_file.relative_to(self.site).as_posix()
        weight = PageWeight(page)
        seen: set[str] = set()
        weight.resources.append(Resource(base, "html", self.size(base)))
        seen.add(base)
        for link in tree.css("link[href]"):
            rels = set((link.attributes.get("rel") or "").lower().split())
            if "stylesheet" in rels:
                self._add_css(weight, seen, base, link.attributes["href"] or "")
            elif rels & {"icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "manifest"}:
                self._add(weight, seen, base, link.attributes["href"] or "", None)
        on_open = False
        for script in tree.css("script[src]"):
            on_open |= self._add(weight, seen, base, script.attributes["src"] or "", "js") == SEARCH_ON_OPEN
        config = tree.css_first("script#__config")
        if config and config.text().strip():
            theme = json.loads(config.text())
            if theme.get("search"):
                self._add(weight, seen, base, theme["search"], "worker", on_open=on_open)
            # Material requests the index where the page has its search form: at load,
            # or on opening search where our search script holds it.
            if tree.css_first('form[name="search"]'):
                index = posixpath.join(theme.get("base", "."), SEARCH_INDEX)
                self._add(weight, seen, base, index, "data", on_open=on_open)
            # Instant navigation fetches the sitemap at load to tell internal links apart.
            if "navigation.instant" in theme.get("features", []):
                self._add(weight, seen, base, posixpath.join(theme.get("base", "."), "sitemap.xml"), "data")
        for img in tree.css("img, source"):
            if img.attributes.get("src"):
                self._add(weight, seen, base, img.attributes["src"], "image")
            for candidate in (img.attributes.get("srcset") or "").split(","):
                if candidate.strip():
                    self._add(weight, seen, base, candidate.split()[0], "image")
        return weight

    def search_index(self) -> int:
        """Bytes of the search index alone (part of every first search)."""
        return self.size(SEARCH_INDEX)


def page_url(site: Path, html_file: Path) -> str:
    """Site-relative URL of a built page: "" for home, "faq/" for faq/index.html."""
    rel = html_file.relative_to(site).as_posix()
    if rel == "index.html":
        return ""
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def html_pages(site: Path) -> list[Path]:
    """Every built page (404 included), not theme assets or the search folder."""
    return [p for p in sorted(site.rglob("*.html")) if p.relative_to(site).parts[0] not in ("assets", "search")]


def weigh_site(site: Path) -> tuple[list[PageWeight], int]:
    """(weight of every page, gzip bytes of the search index)."""
    weigher = SiteWeigher(site)
    weights = [weigher.weigh(page_url(site, p), p) for p in html_pages(site)]
    return weights, weigher.search_index()
