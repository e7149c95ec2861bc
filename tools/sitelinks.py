"""Every internal link, anchor and image of the built site, as LinkChecker finds them in CI.

``make check`` runs LinkChecker itself on the strict build's output (``tools.linkcheck.broken``:
the same settings and start pages as ``make test`` and CI, read as records, not as text) and
turns each broken link, anchor or image into a problem at the line of the Markdown file that
wrote it, when it can be found there; a link made by a template or a macro is reported at
the page's first line.

    python -m tools.sitelinks SITE_DIR   # check a built site
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tools.buildlog import IMAGE_EXTENSIONS, BuildLog
from tools.checker.core import Problem


@dataclass(frozen=True)
class Link:
    value: str  # as the page wrote it
    line: int  # in the HTML file


def _file_for(site: Path, url_path: str) -> Path:
    """The file a server sends for ``url_path`` (a folder sends its index.html)."""
    candidate = site / unquote(url_path).lstrip("/")
    return candidate / "index.html" if url_path.endswith("/") or url_path == "" or candidate.is_dir() else candidate


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
    """Every broken internal link, anchor and image of the built site ``site``, by LinkChecker."""
    from tools.linkcheck import broken

    site = site.resolve()
    log = BuildLog(root, site, docs_dir)
    problems: dict[tuple, Problem] = {}  # a page reached by two URLs (/ and /index.html) is read twice
    for record in broken(site):
        page = _file_for(site, urlsplit(record["parentname"]).path)
        target = urlsplit(record["url"])
        if record["valid"] == "True":  # found, but its anchor is not on it (LinkChecker's warning)
            rule = "LINK002" if target.fragment else "LINK001"
            why = (
                f"/{target.path} has no id '{unquote(target.fragment)}'" if target.fragment else record["warningstring"]
            )
        else:
            rule = "LINK003" if target.path.lower().endswith(IMAGE_EXTENSIONS) else "LINK001"
            page_like = target.path == "" or target.path.endswith(("/", ".html"))
            kind = "image" if rule == "LINK003" else "page" if page_like else "file"
            found = "" if record["result"].startswith("404") else f" ({record['result']})"
            why = f"no {kind} at /{target.path}{found}"
        link = Link(record["urlname"], int(record["line"] or 1))
        problems[(page, link)] = _locate(log, site, page, source_of(site, page, root / docs_dir), link, rule, why)
    return list(problems.values())


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
