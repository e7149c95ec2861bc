"""Every internal link, anchor and image of the built site, checked like LinkChecker does in CI.

``make check`` runs this on the strict build's output (seconds, no server); ``make test``
still runs LinkChecker itself (``tools/linkcheck.py``). Both read the same things: on every
HTML page, 404 included, each ``<a href>``, ``<link href>``, ``<img src>`` / ``srcset``,
``<script src>``, ``<source>``, ``<iframe src>`` and ``<meta http-equiv=refresh>`` that
points inside the site is resolved like a browser (relative to the page's URL, a folder
URL served by its ``index.html``), and must exist; a ``#fragment`` on an HTML page must
match an ``id`` on it or an ``<a name>`` (LinkChecker's AnchorCheck).

A broken link is reported at the line of the Markdown file that wrote it, when it can be
found there; a link made by a template or a macro is reported at the page's first line.

    python -m tools.sitelinks SITE_DIR   # check a built site
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from tools.buildlog import IMAGE_EXTENSIONS, BuildLog
from tools.checker.core import Problem

_BASE = "http://site.invalid/"
_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "script": ("src",),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
}
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    tag: str
    value: str
    line: int  # in the HTML file


class _Parsed(HTMLParser):
    """One HTML page: the links it makes and the anchors (ids, <a name>) it offers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.anchors.add(values["id"])
        if tag == "a" and "name" in values:
            self.anchors.add(values["name"])
        line = self.getpos()[0]
        for attr in _ATTRS.get(tag, ()):
            if attr not in values:
                continue
            if attr == "srcset":
                for part in values[attr].split(","):
                    if part.strip():
                        self.links.append(Link(tag, part.split()[0], line))
            else:
                self.links.append(Link(tag, values[attr], line))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            found = _REFRESH_URL.search(values.get("content", ""))
            if found:
                self.links.append(Link("meta", found.group(1), line))

    handle_startendtag = handle_starttag


def _parse(path: Path) -> _Parsed:
    parsed = _Parsed()
    parsed.feed(path.read_text(encoding="utf-8", errors="replace"))
    parsed.close()
    return parsed


def _url_of(site: Path, path: Path) -> str:
    rel = path.relative_to(site).as_posix()
    return _BASE + (rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel)


def _file_for(site: Path, url_path: str) -> Path | None:
    """The file a server would send for ``url_path`` (a folder sends its index.html)."""
    candidate = site / url_path.lstrip("/")
    if url_path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        candidate.resolve().relative_to(site.resolve())
    except ValueError:
        return None
    return candidate if candidate.is_file() else None


def source_of(site: Path, page: Path, docs: Path) -> str | None:
    """The docs file a built page came from: site/faq/index.html -> faq.md (or faq/index.md)."""
    rel = page.relative_to(site).as_posix()
    if not rel.endswith("index.html"):
        return None
    folder = rel[: -len("index.html")].rstrip("/")
    for candidate in [f"{folder}.md", f"{folder}/index.md"] if folder else ["index.md"]:
        if (docs / candidate).is_file():
            return candidate
    return None


def check_site(site: Path, root: Path, docs_dir: str = "docs") -> list[Problem]:
    """Every broken internal link, anchor and image of the built site ``site``."""
    site = site.resolve()
    pages = sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts[:1])
    parsed: dict[Path, _Parsed] = {}

    def parse(path: Path) -> _Parsed:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    log = BuildLog(root, site, docs_dir)
    problems: list[Problem] = []
    for page in pages:
        src = source_of(site, page, root / docs_dir)
        for link in parse(page).links:
            problem = _check(site, page, link, parse)
            if problem is not None:
                problems.append(_locate(log, site, page, src, link, *problem))
    return problems


def _check(site: Path, page: Path, link: Link, parse) -> tuple[str, str] | None:
    """(rule, what is wrong) for a broken link, or None."""
    value = link.value.strip()
    if not value or value.startswith("//") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value):
        return None  # another host or scheme (https:, tel:, sms:, mailto:, data:): not ours
    url = urljoin(_url_of(site, page), value)
    if not url.startswith(_BASE):
        return None
    parts = urlsplit(url)
    path = unquote(parts.path)
    target = _file_for(site, path)
    is_image = link.tag in ("img", "source") or path.lower().endswith(IMAGE_EXTENSIONS)
    if target is None:
        kind = "image" if is_image else "file" if link.tag in ("link", "script") else "page"
        return ("LINK003" if is_image else "LINK001", f"no {kind} at {path}")
    if parts.fragment and target.suffix == ".html":
        anchor = unquote(parts.fragment)
        if anchor not in parse(target).anchors:
            return ("LINK002", f"{path} has no id '{anchor}'")
    return None


def _locate(log: BuildLog, site: Path, page: Path, src: str | None, link: Link, rule: str, why: str) -> Problem:
    shown = page.relative_to(site).as_posix()
    what = {"LINK001": "link", "LINK002": "link", "LINK003": "image"}[rule]
    fix = {
        "LINK001": "Link to an existing page file, relative to this page, e.g. '../get-help-now.md'",
        "LINK002": "Use the id of a heading on that page (its heading text in lower case, spaces as dashes)",
        "LINK003": "Add the file, or correct the path (it is relative to this page)",
    }[rule]
    if src is not None:
        value = link.value
        line = log.link_line(src, value)
        if line == 1 and "#" in value:
            line = log.line_of(log.doc(src), "#" + value.split("#", 1)[1])
        return Problem(
            log.doc(src),
            line,
            f"The {what} '{value}' on the built page {shown} is broken: {why}",
            fix if line > 1 else fix + ". The link may come from a macro or the theme: check the calls on this page",
            rule=rule,
        )
    theme = "overrides/main.html" if shown == "404.html" else shown
    return Problem(
        theme,
        1,
        f"The {what} '{link.value}' on the built page {shown} (line {link.line}) is broken: {why}",
        fix + ". It comes from a template, not a page: check overrides/ and mkdocs.yml",
        rule=rule,
    )


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    site = Path(args[0] if args else ".build/check")
    problems = sorted(check_site(site, Path.cwd()), key=lambda p: p.sort_key)
    for problem in problems:
        print(problem.format())
    print(f"{len(problems)} broken links in {site}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
