"""Link rules: secure links, descriptive link text, and links to source files."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from tools.checker.core import Problem, rule
from tools.checker.pages import Page
from tools.checker.project import Project

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_LOCAL_HOSTS = re.compile(r"^http://(localhost|127\.0\.0\.1|\[::1\])([:/]|$)", re.IGNORECASE)
_URL_TEXT = re.compile(r"^\s*(https?://|www\.)", re.IGNORECASE)
_BARE_URL = re.compile(r"\b(?:https?://|www\.)[^\s)\]>\"']+", re.IGNORECASE)


@rule("LK001", "http-link", fix="Change `http://` to `https://`")
def http_link(page: Page, project: Project) -> Iterator[Problem]:
    """Links use https://. An http:// link can be changed in transit, and browsers warn
    readers or block it, which is the last thing a person looking for help needs."""
    for link in page.links():
        if link.dest.lower().startswith("http://") and not _LOCAL_HOSTS.match(link.dest):
            secure = "https://" + link.dest[len("http://") :]
            yield page.problem(
                link.line,
                f"The link {link.dest} is not secure (http://)",
                f"Use {secure} instead. If the site has no https:// version, link to a different source",
            )


@rule(
    "LK002",
    "bare-url-link-text",
    fix="Write link text that says where the link goes, e.g. `[Samaritans website](https://www.samaritans.org/)`",
)
def bare_url_link_text(page: Page, project: Project) -> Iterator[Problem]:
    """Link text says where the link goes. A web address as the text is read out letter by
    letter by screen readers and is hard to read on a phone; a bare address is not a link at all."""
    reported: set[tuple[int, str]] = set()
    for link in page.links():
        if link.kind in ("inline", "reference") and _URL_TEXT.match(link.text):
            reported.add((link.line, link.text.strip()))
            yield page.problem(
                link.line,
                f"The link text is a web address ({link.text.strip()})",
                f"Use words that say where the link goes, e.g. '[Name of the organisation or page]({link.dest})'",
            )
        elif link.kind == "autolink" and link.dest.lower().startswith(("http", "www")):
            yield page.problem(
                link.line,
                f"<{link.dest}> shows the web address as the link text",
                f"Write it as a link with words, e.g. '[Name of the organisation or page]({link.dest})'",
            )
    for number, line in enumerate(page.words, start=1):
        for match in _BARE_URL.finditer(line):
            if (number, match.group(0)) in reported:
                continue
            yield page.problem(
                number,
                f"The web address {match.group(0)} is written out in the text",
                f"Make it a link with words that say where it goes, e.g. '[Name of the organisation or page]({match.group(0)})'",
            )


def _suggest_source(page: Page, project: Project, path: str) -> str | None:
    """The .md file a built URL such as '../get-help-now/' or 'ect.html' points at."""
    bare = path.rstrip("/")
    if bare.endswith((".html", ".htm")):
        bare = bare.rsplit(".", 1)[0]
    if bare == "index" or bare.endswith("/index"):
        bare = bare[: -len("index")].rstrip("/")
    source_dir = posixpath.dirname(page.src_uri)
    # Built pages sit one folder deeper: treatments/ect.md is served at treatments/ect/.
    built_dir = source_dir if posixpath.basename(page.src_uri) == "index.md" else posixpath.splitext(page.src_uri)[0]
    for base in [""] if path.startswith("/") else [source_dir, built_dir]:
        target = posixpath.normpath(posixpath.join(base, bare.lstrip("/")))
        for candidate in ["index.md"] if target == "." else [f"{target}.md", f"{target}/index.md"]:
            if candidate in project.src_uris:
                return posixpath.relpath(candidate, source_dir or ".")
    return None


@rule(
    "LK003",
    "link-to-built-url",
    fix="Link to the page's .md file, relative to this page, e.g. `[Get help now](../get-help-now.md)`",
)
def link_to_built_url(page: Page, project: Project) -> Iterator[Problem]:
    """Links between pages name the Markdown file (`../get-help-now.md`), not the web address
    it becomes (`../get-help-now/` or `get-help-now.html`). Only .md links are checked by the
    build, and they keep working if the site's address scheme changes."""
    for link in page.links():
        if link.kind not in ("inline", "reference", "image"):
            continue
        path = link.dest.split("#", 1)[0].split("?", 1)[0]
        if not path or _SCHEME.match(path) or path.startswith("//"):
            continue
        last = path.rstrip("/").rsplit("/", 1)[-1]
        built = (
            path.startswith("/")
            or path.endswith("/")
            or path.endswith((".html", ".htm"))
            or ("." not in last and last not in ("", "..", "."))
        )
        if not built:
            continue
        suggestion = _suggest_source(page, project, path) if link.kind != "image" else None
        anchor = "#" + link.dest.split("#", 1)[1] if "#" in link.dest else ""
        if suggestion:
            fix = f"Write the .md file instead: ({suggestion}{anchor})"
        else:
            fix = "Write the path to the .md file (or image file) relative to this page, e.g. (../get-help-now.md)"
        yield page.problem(
            link.line, f"The link '{link.dest}' points at a web address on this site, not at a page file", fix
        )
