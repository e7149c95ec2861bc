"""The policy, checked on one rendered page: ``check_page(html, src) -> list[Violation]``.

The page is parsed by Lexbor (selectolax), an HTML5 parser that follows the WHATWG
parsing algorithm as browsers do, with scripting off, as a reader with JavaScript off
sees it. So an ``<!-->``, a fence left open, an escaped backtick, a handler on the next
line or an entity-encoded ``javascript:`` is judged by the element the browser builds,
never by how the Markdown source looks. Each rule is one function; the allow lists are
data (policy.yml). Nothing here imports MkDocs: any engine's output can be checked
(``python -m tools.policy site/``).
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from tools.policy import css, urls
from tools.policy.config import CSP_PLACEHOLDER, Policy, page_base
from tools.policy.csp import inline_texts


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    why: str
    fix: str


RULES: dict[str, Rule] = {}


def rule(rule_id: str, name: str, why: str, fix: str) -> Rule:
    RULES[rule_id] = Rule(rule_id, name, why, fix)
    return RULES[rule_id]


SCRIPT = rule(
    "SEC101",
    "script-not-allowed",
    "Only the theme's own scripts and the maintainers' files in docs/javascripts run on the hub: "
    "a script in a page could read PHQ-9 answers or hide the crisis banner",
    "Remove the script. Interactive features are added by maintainers in docs/javascripts/ "
    "and listed in mkdocs.yml (extra_javascript or extra.page_scripts)",
)
HANDLER = rule(
    "SEC102",
    "event-handler",
    "An on...= attribute runs code when the reader loads, moves over or clicks something",
    "Remove the on...= attribute; pages hold words and links, never code",
)
SCHEME = rule(
    "SEC103",
    "unsafe-url-scheme",
    "javascript:, vbscript: and data: addresses run code or smuggle content past review, "
    "however they are spelt (entities, tabs, upper case)",
    "Link to a page or a web address instead, e.g. [Get help now](get-help-now.md)",
)
EMBED = rule(
    "SEC104",
    "embedding-element",
    "<base>, <iframe>, <frame>, <object> and <embed> load other sites into the page or redirect every link on it",
    "Remove it. Link to the content instead, e.g. [Watch the NHS video about ECT](https://www.nhs.uk/...)",
)
ELEMENT = rule(
    "SEC105",
    "element-not-allowed",
    "Only the elements Markdown and the theme write are allowed (tools/policy/policy.yml): others, "
    "such as <math>, <video>, <noscript>, <template> or SVG animation, can load or run things",
    "Write it in Markdown, or ask a maintainer whether the element can be added to tools/policy/policy.yml",
)
HEAD = rule(
    "SEC106",
    "meta-or-link-not-allowed",
    "A <meta http-equiv> can redirect the reader or change the page's security policy, a <meta "
    "name=referrer> can leak the page's address, and a <link> can load things; only the theme writes them",
    "Remove the tag; page titles and descriptions are plain text in the front matter",
)
FORM = rule(
    "SEC107",
    "form-not-allowed",
    "A form can send what a reader types to a server. The hub's forms (PHQ-9, search, colour "
    "switch) never submit anywhere",
    "Remove the form, or its action/formaction/target; the PHQ-9 form comes from {{ phq9_form() }}",
)
OUTSIDE = rule(
    "SEC108",
    "outside-resource",
    "An image, stylesheet, media file or ping from another host tells that host who reads "
    "which page; only links (<a href>) may point outside the hub",
    "Save the file in docs/assets/ and use its relative path, or link to it with [text](https://...)",
)
STYLE = rule(
    "SEC109",
    "inline-style",
    "A style attribute or <style> element can cover or hide the crisis banner, or fake parts of the page",
    "Remove the style; styles live in docs/stylesheets/hub.css, added by maintainers",
)
CSS_URL = rule(
    "SEC110",
    "css-outside-url",
    "url(), image-set() and @import in CSS fetch files; from another host they track readers",
    "Use a file from docs/assets/ with a relative path, or remove the rule",
)
TARGET = rule(
    "SEC111",
    "link-target",
    "target= opens a new window that can rewrite the hub's tab (tabnabbing) and breaks the Back button",
    "Remove target=...; links open in the same tab, and readers choose otherwise themselves",
)
CSP = rule(
    "SEC112",
    "csp-meta",
    "Every page carries the Content-Security-Policy and referrer policy first in <head>, "
    "filled in by the build, so the browser blocks what this check might miss",
    "Keep the site_meta block of overrides/main.html and the hook in mkdocs.yml (hooks: tools/mkdocs_hooks.py); "
    "an engine that runs no hooks (Zensical) needs python -m tools.policy --fill-csp SITE after its build",
)
RESERVED = rule(
    "SEC113",
    "theme-hook-in-content",
    "data-md-* attributes and ids starting with __ are the theme's handles: in page text they "
    "could hijack the banner, search or navigation",
    "Remove the attribute or choose another id",
)

# Addresses a link (not a fetch) may hold; anything else with a scheme is refused.
_LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel", "sms"})
# Attributes whose value the browser fetches (or submits to) as an address.
_FETCH_ATTRS = frozenset(
    {"src", "poster", "data", "background", "lowsrc", "dynsrc", "codebase", "archive", "manifest", "icon", "longdesc"}
)
_SRCSET_ATTRS = frozenset({"srcset", "imagesrcset"})
_SUBMIT_ATTRS = frozenset({"action", "formaction"})
_EMBEDDING = frozenset({"base", "iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe"})


@dataclass(frozen=True)
class Violation:
    rule: str  # "SEC101"
    name: str  # "script-not-allowed"
    element: str  # the offending element, as a short start tag
    message: str
    fix: str
    where: str  # "page content", "crisis banner", "page head" or "theme"
    src: str = ""  # the source file the page was built from, e.g. docs/treatments/ect.md

    def format(self) -> str:
        return (
            f"{self.src}: {self.element}: {self.rule} {self.name}: {_sentence(self.message)} Fix: {_sentence(self.fix)}"
        )


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def describe(node: LexborNode, limit: int = 140) -> str:
    """A short start tag for messages: <a href="javascript:…">."""
    parts = [node.tag]
    for name, value in node.attributes.items():
        if value is None:
            parts.append(name)
        else:
            shown = value if len(value) <= 60 else value[:57] + "…"
            parts.append(f'{name}="{shown}"'.replace("\n", "\\n").replace("\t", "\\t"))
    text = "<" + " ".join(parts) + ">"
    return text if len(text) <= limit else text[: limit - 2] + "…>"


class _Page:
    """One parsed page: its regions, the addresses it resolves against, what the rules found."""

    def __init__(self, html: str, src: str, policy: Policy, url: str) -> None:
        self.tree = LexborHTMLParser(html)
        self.html = html
        self.src = src
        self.policy = policy
        self.url = url
        self.found: list[Violation] = []
        self.content = self._ids("article.md-content__inner")
        self.banner = self._ids("[data-md-component=announce]")
        self.head = self._ids("head")
        self.content_start = self._content_start()

    def _ids(self, selector: str) -> set[int]:
        """The element the theme put there (the first match: page text comes later) and its descendants."""
        top = self.tree.css_first(selector)
        return {n.mem_id for n in top.traverse(include_text=False)} if top is not None else set()

    def _content_start(self) -> set[int]:
        """The theme's own elements opening the article (policy.yml content_start), exactly as
        listed, in order, before any page text: they belong to the theme. The same element
        anywhere else, in a page's text, is page content like any other."""
        article = self.tree.css_first("article.md-content__inner")
        found: set[int] = set()
        if article is None:
            return found
        children = [child for child in article.iter(include_text=False) if not child.tag.startswith("-")]
        for child, expected in zip(children, self.policy.content_start, strict=False):
            attributes = {name: value for name, value in expected.items() if name != "tag"}
            if child.tag != expected["tag"] or dict(child.attributes) != attributes or child.child is not None:
                break
            found.add(child.mem_id)
        return found

    def where(self, node: LexborNode) -> str:
        if node.mem_id in self.banner:
            return "crisis banner"
        if node.mem_id in self.content_start:
            return "theme"
        if node.mem_id in self.content:
            return "page content"
        if node.mem_id in self.head:
            return "page head"
        return "theme"

    def add(self, rule: Rule, node: LexborNode, message: str, fix: str | None = None) -> None:
        self.found.append(
            Violation(rule.id, rule.name, describe(node), message, fix or rule.fix, self.where(node), self.src)
        )

    def site_path(self, address: str) -> str:
        """A same-site address as a path from the site root (``../../x.js`` -> ``x.js``)."""
        address = address.strip().split("#", 1)[0].split("?", 1)[0].replace("\\", "/")
        if address.startswith("/"):
            path = address[len(self.policy.site_path) :] if address.startswith(self.policy.site_path) else address
        else:
            path = posixpath.join(posixpath.dirname("/" + self.url)[1:], address)
        return posixpath.normpath(path).lstrip("/")

    def bases(self) -> list[str]:
        """The page's own base, or the site's path (a static template such as 404.html)."""
        return [page_base(self.url), self.policy.site_path]


Check = Callable[[_Page, LexborNode], None]
_ELEMENT_CHECKS: list[Check] = []
_DOCUMENT_CHECKS: list[Callable[[_Page], None]] = []


def _element(func: Check) -> Check:
    _ELEMENT_CHECKS.append(func)
    return func


def _document(func: Callable[[_Page], None]) -> Callable[[_Page], None]:
    _DOCUMENT_CHECKS.append(func)
    return func


# ── Elements ────────────────────────────────────────────────────────────────────


@_element
def _allowed_element(page: _Page, node: LexborNode) -> None:
    tag = node.tag
    if tag in _EMBEDDING:
        page.add(EMBED, node, f"A <{tag}> element loads or redirects content")
    elif tag == "style":
        page.add(STYLE, node, "A <style> element restyles the page")
    elif tag not in page.policy.elements and tag not in page.policy.svg_elements and tag != "script":
        page.add(ELEMENT, node, f"<{tag}> is not an element pages may contain")


@_element
def _scripts(page: _Page, node: LexborNode) -> None:
    if node.tag != "script":
        return
    attrs = node.attributes
    kind = (attrs.get("type") or "").strip().lower()
    if "src" in attrs:
        address = attrs.get("src") or ""
        parsed = urls.parse(address)
        if parsed.scheme or parsed.host or kind not in ("", "text/javascript"):
            page.add(SCRIPT, node, "A script from another address or of another type is not on the allow list")
        elif page.site_path(address) not in page.policy.scripts:
            page.add(SCRIPT, node, f"The script {page.site_path(address)} is not on the allow list")
        return
    text = node.text(deep=True)
    if kind == "application/json" and attrs.get("id") == "__config":
        _theme_config(page, node, text)
    elif kind not in ("", "text/javascript") or text not in inline_texts(page.policy, page.bases()):
        page.add(SCRIPT, node, "An inline script that is not one of the theme's known scripts")


def _theme_config(page: _Page, node: LexborNode, text: str) -> None:
    """Material's settings for its bundle: outside the content, once, and naming our search worker."""
    if page.where(node) != "theme":
        page.add(SCRIPT, node, "The theme's settings block (__config) appears inside the page text")
        return
    try:
        worker = json.loads(text).get("search")
    except (ValueError, AttributeError):
        page.add(SCRIPT, node, "The theme's settings block (__config) is not valid JSON")
        return
    if worker is not None and page.site_path(str(worker)) != page.policy.search_worker:
        page.add(SCRIPT, node, f"The theme's settings start a search worker that is not {page.policy.search_worker}")


@_element
def _attributes(page: _Page, node: LexborNode) -> None:
    for name, value in node.attributes.items():
        key = name.lower()
        value = value or ""
        if key.startswith("on"):
            page.add(
                HANDLER,
                node,
                f"The attribute {name}= runs code in the reader's browser",
                f'Remove {name}="..." from the tag',
            )
        elif key == "style":
            page.add(STYLE, node, "A style attribute restyles the page")
            _css_urls(page, node, css.in_declarations(value))
        elif key == "ping":
            page.add(
                OUTSIDE, node, "ping= sends a request to an address whenever the link is followed", "Remove ping=..."
            )
        elif key == "target":
            page.add(TARGET, node, f'target="{value}" opens a new window or frame')
        elif key == "srcdoc":
            page.add(EMBED, node, "srcdoc= holds a whole page to embed")
        elif key in _SUBMIT_ATTRS:
            page.add(FORM, node, f"{name}= gives the form somewhere to send the answers")
            _address(page, node, name, value, fetch=True)
        elif key in _SRCSET_ATTRS:
            for address in urls.srcset_urls(value):
                _address(page, node, name, address, fetch=True)
        elif key in _FETCH_ATTRS:
            _address(page, node, name, value, fetch=True)
        elif key in ("href", "xlink:href"):
            _address(page, node, name, value, fetch=node.tag not in ("a", "area"))
        elif key == "cite":
            _address(page, node, name, value, fetch=False)


def _address(page: _Page, node: LexborNode, attr: str, value: str, *, fetch: bool) -> None:
    parsed = urls.parse(value)
    if parsed.scheme and parsed.host is None and (fetch or parsed.scheme not in _LINK_SCHEMES):
        page.add(SCHEME, node, f"{attr}= holds a {parsed.scheme}: address")
    elif fetch and parsed.outside(page.policy.site_host):
        page.add(OUTSIDE, node, f"{attr}= loads {parsed.host}, another host, when the page opens")


def _css_urls(page: _Page, node: LexborNode, found: list[css.CssUrl]) -> None:
    for item in found:
        parsed = urls.parse(item.url)
        if parsed.outside(page.policy.site_host):
            page.add(CSS_URL, node, f"{item.how} in CSS loads {parsed.host}, another host")
        elif parsed.scheme and parsed.host is None and parsed.scheme != "data":
            page.add(CSS_URL, node, f"{item.how} in CSS uses a {parsed.scheme}: address")


@_element
def _style_element(page: _Page, node: LexborNode) -> None:
    if node.tag == "style":
        _css_urls(page, node, css.in_stylesheet(node.text(deep=True)))


@_element
def _meta_and_link(page: _Page, node: LexborNode) -> None:
    if node.tag not in ("meta", "link"):
        return
    attrs = {k.lower(): (v or "") for k, v in node.attributes.items()}
    if page.where(node) != "page head":
        page.add(
            HEAD, node, f"A <{node.tag}> outside <head> still takes effect (a referrer policy, a redirect, a preload)"
        )
        return
    if node.tag == "link":
        rels = set(attrs.get("rel", "").lower().split())
        if not rels or not rels <= page.policy.link_rels:
            page.add(HEAD, node, f'<link rel="{attrs.get("rel", "")}"> is not a relation the theme writes')
        return
    if "charset" in attrs and len(attrs) == 1:
        return
    equiv = attrs.get("http-equiv", "").lower()
    if equiv:
        if equiv != "content-security-policy" or not _is_first_in_head(node):
            page.add(HEAD, node, f'<meta http-equiv="{attrs["http-equiv"]}"> changes how the browser treats the page')
        return
    name = attrs.get("name", "").lower()
    if name not in page.policy.meta_names:
        page.add(HEAD, node, f'<meta name="{attrs.get("name", "")}"> is not one the theme writes')
    elif name == "referrer" and attrs.get("content", "").strip().lower() != page.policy.referrer:
        page.add(HEAD, node, f"The referrer policy must be {page.policy.referrer}")


def _is_first_in_head(node: LexborNode) -> bool:
    parent = node.parent
    if parent is None or parent.tag != "head":
        return False
    first = next((child for child in parent.iter(include_text=False) if not child.tag.startswith("-")), None)
    return first is not None and first.mem_id == node.mem_id


@_element
def _forms(page: _Page, node: LexborNode) -> None:
    if node.tag != "form":
        return
    attrs = {k.lower(): (v or "") for k, v in node.attributes.items()}
    classes = set(attrs.get("class", "").split())
    for form in page.policy.forms:
        if all(
            (value in classes if key == "class" else attrs.get(key) == value and key in attrs)
            for key, value in form.match.items()
        ):
            if form.outside_content and page.where(node) in ("page content", "crisis banner"):
                page.add(FORM, node, f"{form.name} belongs to the theme, not to page text")
            elif form.method and attrs.get("method", "").lower() != form.method:
                page.add(FORM, node, f'{form.name} must have method="{form.method}", so it never submits')
            return
    page.add(FORM, node, "A form that is not one of the hub's own (PHQ-9, search, colour switch)")


@_element
def _reserved(page: _Page, node: LexborNode) -> None:
    if page.where(node) != "page content":
        return
    for name, value in node.attributes.items():
        if name.lower().startswith("data-md-"):
            page.add(RESERVED, node, f"{name}= is one of the theme's handles")
        elif name.lower() == "id" and (value or "").startswith("__") and not (value or "").startswith("__tabbed_"):
            page.add(RESERVED, node, f'id="{value}" looks like one of the theme\'s ids')


# ── The document as a whole ─────────────────────────────────────────────────────


@_document
def _csp_meta(page: _Page) -> None:
    head = page.tree.head
    metas = [
        m for m in page.tree.css("meta") if (m.attributes.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    ours = [m for m in metas if _is_first_in_head(m)]
    if head is None or not ours:
        page.found.append(
            Violation(
                CSP.id,
                CSP.name,
                "<head>",
                "The page has no Content-Security-Policy as the first element of <head>",
                CSP.fix,
                "page head",
                page.src,
            )
        )
        return
    csp = ours[0].attributes.get("content") or ""
    if CSP_PLACEHOLDER in csp or "default-src" not in csp:
        page.add(
            CSP,
            ours[0],
            "The Content-Security-Policy was not filled in by the build (tools/mkdocs_hooks.py or --fill-csp)",
        )
    referrers = [m for m in page.tree.css("head > meta") if (m.attributes.get("name") or "").lower() == "referrer"]
    if not referrers:
        page.add(CSP, head, f'The page has no <meta name="referrer" content="{page.policy.referrer}">')
    charset = page.html.encode("utf-8").find(b"<meta charset")
    if not 0 <= charset < 1024:
        page.add(CSP, head, "<meta charset> must come within the first 1024 bytes (the CSP before it is too long)")


@_document
def _one_config(page: _Page) -> None:
    configs = page.tree.css("script#__config")
    if len(configs) > 1:
        page.add(SCRIPT, configs[1], "The theme's settings block (__config) appears more than once")


def check_page(
    html: str, src: str = "", *, policy: Policy | None = None, url: str = "", csp: str | None = None
) -> list[Violation]:
    """Every policy violation in one rendered page.

    ``src`` names the source file in messages (docs/treatments/ect.md); ``url`` is the
    page's address relative to the site root (``treatments/ect/``), against which
    relative script addresses resolve; ``csp``, when given, is the policy the page's
    <meta> must carry exactly.
    """
    if policy is None:
        from tools.policy.config import load
        from tools.site import mkdocs_config

        policy = load(mkdocs_config())
    page = _Page(html, src, policy, url)
    for node in page.tree.root.traverse(include_text=False) if page.tree.root else ():
        if node.tag.startswith("-") or node.tag == "!doctype":
            continue
        for check in _ELEMENT_CHECKS:
            check(page, node)
    for check in _DOCUMENT_CHECKS:
        check(page)
    if csp is not None:
        found = [m for m in page.tree.css("head > meta[http-equiv]") if _is_first_in_head(m)]
        if found and (found[0].attributes.get("content") or "") != csp:
            page.add(CSP, found[0], "The Content-Security-Policy differs from the one the build computed")
    return page.found


def check_stylesheet(text: str, src: str, policy: Policy) -> list[Violation]:
    """Outside addresses in a stylesheet the site serves (docs/stylesheets/*.css)."""
    found = []
    for item in css.in_stylesheet(text):
        parsed = urls.parse(item.url)
        if parsed.outside(policy.site_host) or (parsed.scheme and parsed.host is None and parsed.scheme != "data"):
            found.append(
                Violation(
                    CSS_URL.id,
                    CSS_URL.name,
                    f"{item.how} {item.url[:80]}",
                    f"{item.how} loads an address outside the hub",
                    CSS_URL.fix,
                    "stylesheet",
                    src,
                )
            )
    return found


def rules_table() -> str:
    rows = ["| Rule | Name | Why it matters | How to fix it |", "| --- | --- | --- | --- |"]
    rows += [
        f"| {r.id} | {r.name} | {r.why} | {r.fix} |".replace("{{", "{ {")
        for r in sorted(RULES.values(), key=lambda r: r.id)
    ]
    return "\n".join(rows)
