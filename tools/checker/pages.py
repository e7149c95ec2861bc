"""A Markdown page as the checker sees it: front matter, and the body as several
"views" of the same lines, so each rule looks only at what it should.

Every view keeps the file's line numbers (masked text becomes spaces), so a problem
found in any view points at the right line of the file.

- ``lines``: the file as written.
- ``nocode``: fenced code blocks, inline code spans and the front matter blanked.
  Examples in code are shown to readers as code, not read as advice.
- ``markup``: ``nocode`` with HTML comments also blanked; macro calls kept. For
  headings and for finding macro calls such as ``crisis_callout(``.
- ``visible``: ``markup`` with Jinja (``{{ }}``, ``{% %}``, ``{# #}``) blanked. For
  links, images and raw HTML.
- ``words``: ``visible`` with link addresses, HTML tags and attribute lists blanked:
  only the words a reader sees. For the language rules.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from macros import page_meta
from macros.page_meta import FrontField, FrontMatter
from tools.checker.core import Problem

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_LINK_DEST = re.compile(r"(?<=\])\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)")
_REF_DEF = re.compile(r"^(\s{0,3}\[[^\]^][^\]]*\]:)(.*)$")
_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
_ATTR_LIST = re.compile(r"\{:?\s*[.#][^}\n]*\}|\{:?\s*[A-Za-z-]+=[^}\n]*\}")
_HTML_URL = re.compile(r"\b(?P<attr>href|src)\s*=\s*[\"']?(?P<dest>[^\"'\s>]*)", re.IGNORECASE)

# Headings and Markdown links come from markdown-it-py's tokens (CommonMark, tables, definitions
# as tokens). No indented code: the text of Python-Markdown's boxes and tabs is indented 4 spaces.
# Addresses stay as written (javascript: too): the rules judge them.
_MD = MarkdownIt("commonmark", {"inline_definitions": True}).enable("table").disable("code")
_MD.validateLink = lambda url: True
_MD.normalizeLink = lambda url: url
# A link that uses a definition ([text][label]) is checked once, at the definition.
_MD.core.ruler.after("block", "definitions_only", lambda state: state.env.pop("references", None))


def blank(text: str) -> str:
    """The same text with every character but newlines turned into a space."""
    return re.sub(r"[^\n]", " ", text)


def _blank_match(match: re.Match[str]) -> str:
    return blank(match.group(0))


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str


@dataclass(frozen=True)
class Link:
    line: int
    kind: str  # "inline", "image", "reference", "autolink" or "html"
    text: str
    dest: str


@dataclass
class Page:
    path: str  # relative to the project root: "docs/treatments/ect.md"
    src_uri: str  # relative to docs/: "treatments/ect.md"
    text: str
    lines: list[str] = field(init=False)
    front: FrontMatter = field(init=False)
    body_start: int = field(init=False, default=1)  # first line after the front matter
    nocode: list[str] = field(init=False)
    markup: list[str] = field(init=False)
    visible: list[str] = field(init=False)
    words: list[str] = field(init=False)
    _headings: list[Heading] | None = field(init=False, default=None, repr=False)
    _links: list[Link] | None = field(init=False, default=None, repr=False)

    def __post_init__(self) -> None:
        self.text = self.text.lstrip("\ufeff")
        self.lines = self.text.split("\n")
        self.front = page_meta.read(self.text)
        self.body_start = self.front.end + 1
        self.nocode = self._mask_code(self.front.end)
        markup = _COMMENT.sub(_blank_match, "\n".join(self.nocode))
        self.markup = markup.split("\n")
        visible = _JINJA.sub(_blank_match, markup)
        self.visible = visible.split("\n")
        self.words = [self._only_words(line) for line in self.visible]

    # ── Parsing ──────────────────────────────────────────────────────────────
    def _mask_code(self, front_end: int) -> list[str]:
        out: list[str] = []
        fence: str | None = None
        for i, line in enumerate(self.lines):
            if i < front_end:
                out.append(blank(line))
                continue
            if fence is not None:
                if re.match(rf"^\s*{re.escape(fence[0])}{{{len(fence)},}}\s*$", line):
                    fence = None
                out.append(blank(line))
                continue
            opening = _FENCE.match(line)
            if opening:
                fence = opening.group(1)
                out.append(blank(line))
                continue
            out.append(_INLINE_CODE.sub(_blank_match, line))
        return out

    @staticmethod
    def _only_words(line: str) -> str:
        line = _LINK_DEST.sub(_blank_match, line)
        ref = _REF_DEF.match(line)
        if ref:
            line = ref.group(1) + blank(ref.group(2))
        line = _TAG.sub(_blank_match, line)
        return _ATTR_LIST.sub(_blank_match, line)

    # ── Views used by several rules ─────────────────────────────────────────
    @property
    def meta(self) -> dict[str, FrontField]:
        """The front matter's fields as written, each with its line."""
        return self.front.fields

    def value(self, key: str) -> Any:
        found = self.meta.get(key)
        return found.value if found else None

    def line_of(self, key: str) -> int:
        return self.front.line_of(key) or 1

    @property
    def title(self) -> str | None:
        title = self.value("title")
        return str(title).strip() if isinstance(title, str | int | float) and str(title).strip() else None

    def headings(self) -> list[Heading]:
        if self._headings is None:
            self._headings = self._find_headings()
        return self._headings

    def links(self) -> list[Link]:
        if self._links is None:
            self._links = self._find_links()
        return self._links

    def _find_headings(self) -> list[Heading]:
        found = []
        for opening, inline in itertools.pairwise(_MD.parse("\n".join(self.markup))):
            if opening.type == "heading_open" and opening.map:
                # Python-Markdown makes only the line above a setext underline the heading.
                setext = opening.markup[:1] in ("=", "-")
                line = opening.map[1] - 1 if setext else opening.map[0] + 1
                found.append(Heading(line, int(opening.tag[1]), inline.content.split("\n")[-1].strip()))
        return found

    def h1_line(self) -> int:
        first = next((h.line for h in self.headings() if h.level == 1), None)
        return first or self.body_start

    def _find_links(self) -> list[Link]:
        found = list(_links_in("\n".join(self.visible)))
        for number, line in enumerate(self.visible, start=1):  # raw HTML is not Markdown: its href= and src=
            for tag in _TAG.finditer(line):
                found += [Link(number, "html", "", m.group("dest")) for m in _HTML_URL.finditer(tag.group(0))]
        return found

    def body_for_reading(self) -> str:
        """The body without front matter and Jinja, for measuring the reading level."""
        body = "\n".join(self.lines[self.body_start - 1 :])
        return _JINJA.sub("", body)

    def problem(self, line: int, message: str, fix: str, tag: str = "") -> Problem:
        return Problem(self.path, line, message, fix, tag=tag)


def _links_in(text: str, first: int = 1) -> Iterator[Link]:
    for token in _MD.parse(text):
        line = first + (token.map or [0])[0]
        if token.type == "definition":  # [label]: address
            yield Link(line, "reference", token.meta["label"], token.meta["url"])
        elif token.type == "inline":
            yield from _inline_links(line, token.children or [])
        elif token.type == "html_block" and " markdown" in token.content.partition("\n")[0]:  # md_in_html
            yield from _links_in(token.content.partition("\n")[2], line + 1)


def _inline_links(line: int, children: list[Token]) -> Iterator[Link]:
    """The links of one block, each at its line: markdown-it gives lines to blocks only, so
    the line breaks before a link say how far into the block it is."""
    for i, token in enumerate(children):
        if token.type == "link_open":
            words = itertools.takewhile(lambda t: t.type != "link_close", children[i + 1 :])
            text = "".join(" " if t.type == "softbreak" else t.content for t in words)
            yield Link(line, "autolink" if token.markup == "autolink" else "inline", text, str(token.attrGet("href")))
        elif token.type == "image":
            yield Link(line, "image", token.content, str(token.attrGet("src")))
        line += token.type in ("softbreak", "hardbreak") or token.content.count("\n")
