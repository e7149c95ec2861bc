"""What a macro knows about the page it renders: the page context.

An engine's adapter (``macros/adapters/``) builds one ``PageContext`` per page render
from its own page object and hands it to every macro call on that page, so per-page
state (the citation numbers) starts fresh with each page and links are computed from
the page's own path. ``PageContext(site)`` with no page is the context outside any page.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from macros.errors import DataError


@dataclass(frozen=True)
class SiteSettings:
    """The settings from mkdocs.yml ``extra`` that macros need (typed there, once)."""

    crisis_page: str  # URL of the crisis page, e.g. "get-help-now/"
    report_url: str = ""  # content-correction form; the page's docs/ path is appended
    crisis_page_es: str = ""  # URL of the Spanish crisis page, e.g. "ayuda/"
    feedback_email: str = ""  # where readers without a GitHub account can write (contributing page)

    @classmethod
    def from_extra(cls, extra: Mapping[str, Any] | None) -> SiteSettings:
        extra = extra or {}
        crisis_page = extra.get("crisis_page")
        if not isinstance(crisis_page, str) or not crisis_page:
            raise DataError(
                "mkdocs.yml: extra.crisis_page is missing; set it to the crisis page's URL, e.g. get-help-now/"
            )
        return cls(
            crisis_page=crisis_page,
            report_url=str(extra.get("report_url") or ""),
            crisis_page_es=str(extra.get("crisis_page_es") or ""),
            feedback_email=str(extra.get("feedback_email") or ""),
        )

    @property
    def crisis_doc(self) -> str:
        """The crisis page's Markdown file, from its URL: "get-help-now/" -> "get-help-now.md"."""
        return _doc(self.crisis_page)

    @property
    def crisis_doc_es(self) -> str:
        """The Spanish crisis page's Markdown file: "ayuda/" -> "ayuda.md"; "" when not set."""
        return _doc(self.crisis_page_es) if self.crisis_page_es else ""


def _url(doc: str) -> str:
    """A page's URL from its Markdown file: "get-help-now.md" -> "get-help-now/", "about/index.md" -> "about/"."""
    folder, name = posixpath.split(doc)
    stem = name[: -len(".md")] if name.endswith(".md") else name
    parts = [folder] if folder else []
    if stem != "index":
        parts.append(stem)
    return "/".join(parts) + "/" if parts else ""


def _doc(url: str) -> str:
    """A page's Markdown file from its URL: "get-help-now/" -> "get-help-now.md", "" -> "index.md"."""
    url = url.strip("/")
    return f"{url}.md" if url else "index.md"


@dataclass
class Citations:
    """One page's citations: sources in the order the page first cites them."""

    order: list[str] = field(default_factory=list)
    listed: bool = False  # references() has run

    def number_for(self, source_id: str) -> int:
        if source_id not in self.order:
            self.order.append(source_id)
        return self.order.index(source_id) + 1


@dataclass
class PageContext:
    """One page render: the site settings, where the page is, its front matter, its state."""

    site: SiteSettings
    src_uri: str = ""  # the page's path inside docs/, e.g. "treatments/ect.md"; "" outside a page
    url: str | None = None  # the page's URL relative to the site root, e.g. "treatments/ect/"
    meta: Mapping[str, Any] = field(default_factory=dict)  # front matter
    citations: Citations = field(default_factory=Citations)
    explained: set[str] = field(default_factory=set)  # kinds of study already explained on this page
    # How the engine publishes a relative address written in raw HTML. False (MkDocs,
    # ProperDocs): as it is written, so it must be relative to the page's URL. True
    # (Zensical): it resolves it against the page's source file, like a Markdown link.
    engine_resolves_html: bool = False

    @property
    def source(self) -> str:
        """The page as contributors name it in messages: "docs/treatments/ect.md"."""
        return f"docs/{self.src_uri}" if self.src_uri else "<unknown page>"

    def link_to(self, target: str) -> str:
        """A relative Markdown link to another page: ``target`` is a docs/ path, optionally with #anchor.

        From treatments/ect.md, "glossary.md#remission" -> "../glossary.md#remission".
        The engine turns it into a URL and checks that the page and anchor exist.
        """
        path, _, anchor = target.partition("#")
        base = posixpath.dirname(self.src_uri)
        rel = posixpath.relpath(path, base or ".") if path else ""
        return rel + (f"#{anchor}" if anchor else "")

    def href_to(self, target: str) -> str:
        """A relative address for raw HTML to another page: ``target`` is a docs/ path, optionally with #anchor.

        From treatments/ect.md (URL treatments/ect/), "about/index.md#review" gives
        "../../about/#review" under every engine. MkDocs publishes raw HTML as written, so
        the address is the target page's URL relative to this page's URL (``url_to``).
        Zensical rewrites every address in a page as it rewrites Markdown links (a URL
        written for the page's URL would gain one "../" too many on every page not named
        index.md), so it gets the Markdown link (``link_to``) and turns it into that URL.
        """
        if self.engine_resolves_html:
            return self.link_to(target)
        path, _, anchor = target.partition("#")
        href = self.url_to(_url(path)) if path else ""
        return href + (f"#{anchor}" if anchor else "")

    def url_to(self, target: str) -> str:
        """A URL relative to this page for a site URL ``target``, for raw HTML that no engine rewrites.

        From "treatments/ect/", "get-help-now/" -> "../../get-help-now/". Outside a page
        (``url`` is None) the target is returned as it is.
        """
        if self.url is None:
            return target
        other = self.url
        directory, _, name = other.rpartition("/")
        if "." in name:  # the last part of a file URL such as "404.html" is not a folder
            other = directory
        here, there = _parts(other), _parts(target)
        common = 0
        for a, b in zip(here, there, strict=False):
            if a != b:
                break
            common += 1
        rel = "/".join([".."] * (len(here) - common) + there[common:]) or "."
        return rel + "/" if target.endswith("/") else rel


def _parts(path: str) -> list[str]:
    path = posixpath.normpath("/" + path)[1:]
    return path.split("/") if path else []
