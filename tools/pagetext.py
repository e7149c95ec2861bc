"""Compare what readers see on every page of two builds of the hub (the engine canary).

For each page (every ``index.html`` and ``404.html``) it takes, whitespace-normalised:

- ``title``: the browser tab's title;
- ``article``: the page body, the "About this page" aside included;
- ``banner``, ``help``, ``disclaimer``: the crisis banner, the header's "Get help now"
  link and the footer disclaimer;
- ``links``: where every link of the body, the banner and the help link leads, resolved
  against the page's own URL, so ``./get-help-now/`` and ``get-help-now/`` are the same
  link and a relative link computed from the wrong page is a difference even when the
  text is not. A relative link that climbs above the site's root is marked as such: at
  the root of a host the browser clamps it, but on a site served from a folder (a
  project site, ``https://example.github.io/hub/``) it leaves the site.

Theme chrome outside these parts (navigation, search, footer buttons) is the engine's
own and is not compared.

    python -m tools.pagetext SITE_A SITE_B [--show N]

prints the pages that differ (a word diff of the first N) and a count; exit status 1
when any page differs or exists in only one build.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

PARTS = {
    "title": "head > title",
    "article": "article",
    "banner": ".trd-crisis",
    "help": ".trd-help-link",
    "disclaimer": ".trd-disclaimer",
}
# Links whose targets are compared: the body's, the banner's and the header help link's.
LINKS = "article a[href], .trd-crisis a[href], a.trd-help-link[href]"
BASE = "http://site/"
# The same site served from a folder, where a relative link with a "../" too many leaves it.
_FOLDER = "http://site/folder/"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def page_text(html: str, url: str = "") -> dict[str, str]:
    """The compared parts of one page; ``url`` is the page's URL in the site ("treatments/ect/")."""
    soup = BeautifulSoup(html, "html.parser")
    parts = {name: " | ".join(_norm(n.get_text(" ")) for n in soup.select(sel)) for name, sel in PARTS.items()}
    parts["links"] = " ".join(target(url, a["href"]) for a in soup.select(LINKS))
    return parts


def target(url: str, href: str) -> str:
    """Where a link on the page at ``url`` leads, as an absolute URL under ``BASE``; a
    relative link that climbs above the site's root is marked "above-the-site-root:"."""
    resolved = urljoin(BASE + url, href)
    if not urlsplit(href).scheme and not href.startswith("/") and not urljoin(_FOLDER + url, href).startswith(_FOLDER):
        return "above-the-site-root:" + resolved
    return resolved


def site_pages(site: Path) -> dict[str, Path]:
    """Every page of a built site by its URL: "" for home, "faq/", "404.html"."""
    found = {}
    for path in site.rglob("index.html"):
        folder = path.parent.relative_to(site).as_posix()
        found["" if folder == "." else folder + "/"] = path
    if (site / "404.html").is_file():
        found["404.html"] = site / "404.html"
    return found


@dataclass
class PageDiff:
    url: str
    a: dict[str, str]
    b: dict[str, str]

    @property
    def parts(self) -> list[str]:
        return [k for k in self.a if self.a[k] != self.b.get(k)]

    def word_diff(self, context: int = 4) -> list[str]:
        """The changed words of each differing part, as unified-diff lines."""
        lines = []
        for part in self.parts:
            lines.append(f"[{part}]")
            words_a, words_b = self.a[part].split(" "), self.b[part].split(" ")
            diff = difflib.unified_diff(words_a, words_b, lineterm="", n=context)
            lines += [line for line in diff if not line.startswith(("---", "+++"))]
        return lines


@dataclass
class Comparison:
    pages: int = 0  # pages in either build
    differing: list[PageDiff] = field(default_factory=list)
    only_a: list[str] = field(default_factory=list)
    only_b: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.differing or self.only_a or self.only_b)

    def summary(self) -> str:
        return (
            f"{len(self.differing)} of {self.pages - len(self.only_a) - len(self.only_b)} pages differ in visible "
            f"text or link targets; {len(self.only_a)} only in A, {len(self.only_b)} only in B"
        )


def compare(site_a: Path, site_b: Path) -> Comparison:
    a, b = site_pages(site_a), site_pages(site_b)
    result = Comparison(
        pages=len(a.keys() | b.keys()), only_a=sorted(a.keys() - b.keys()), only_b=sorted(b.keys() - a.keys())
    )
    for url in sorted(a.keys() & b.keys()):
        parts_a = page_text(a[url].read_text(encoding="utf-8"), url)
        parts_b = page_text(b[url].read_text(encoding="utf-8"), url)
        if parts_a != parts_b:
            result.differing.append(PageDiff(url, parts_a, parts_b))
    return result


def report(result: Comparison, label_a: str = "A", label_b: str = "B", show: int = 3) -> str:
    lines = [f"only in {label_a}: {url}" for url in result.only_a]
    lines += [f"only in {label_b}: {url}" for url in result.only_b]
    for i, diff in enumerate(result.differing):
        lines.append(f"DIFF {diff.url or '(home)'}: {', '.join(diff.parts)}")
        if i < show:
            lines += ["    " + line for line in diff.word_diff()]
    lines.append(f"{label_b} vs {label_a}: " + result.summary())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a", type=Path)
    ap.add_argument("b", type=Path)
    ap.add_argument("--show", type=int, default=3, help="print a word diff for the first N differing pages")
    args = ap.parse_args(argv)
    result = compare(args.a, args.b)
    print(report(result, str(args.a), str(args.b), args.show))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
