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

import fnmatch
import json
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

from selectolax.lexbor import LexborHTMLParser, LexborNode

from tools.policy import crisis, css, urls
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

CRISIS_LINK = rule(
    "SEC124",
    "crisis-link-mismatch",
    "A call or text link must dial a number macros/data/crisis.yml gives, and its text must show that "
    "same number: a button that says 988 and dials 898 sends a reader in crisis somewhere else",
    "Use a crisis macro ({{ crisis_link(...) }}, {{ crisis_lines() }}) or write the number exactly as in "
    "crisis.yml, and show it in the link's text, e.g. [Call 988](tel:988)",
)
HOVER_NUMBER = rule(
    "SEC125",
    "phone-number-in-tooltip",
    "Hover text (title=, an abbreviation's definition, a tooltip, aria-label) is never checked against the "
    "crisis data, and a number there looks like the hub's advice",
    "Remove the number from the hover text; crisis numbers appear only as call or text links from crisis.yml",
)
DUPLICATE_ID = rule(
    "SEC126",
    "duplicate-id",
    "Two elements with one id: a link to #crisis-lines or the skip link then lands on whichever comes first",
    "Give the heading or element another id: ## Heading {#another-id}",
)
TABINDEX = rule(
    "SEC127",
    "positive-tabindex",
    "tabindex above 0 moves an element ahead of the crisis banner and the header's help link for keyboard readers",
    'Remove tabindex, or use tabindex="0" or "-1"',
)
CONTENT_CLASS = rule(
    "SEC128",
    "class-not-allowed",
    "Page text may only use the classes Markdown, its extensions and the macros write (tools/policy/policy.yml "
    "content: classes): the theme's own (md-header, md-banner, md-consent, md-dialog...) lay out fixed bars "
    "that can cover or fake the crisis banner",
    "Remove the class, or ask a maintainer to add a harmless one to content: classes in tools/policy/policy.yml",
)
CONTENT_ATTRIBUTE = rule(
    "SEC129",
    "attribute-not-allowed",
    "Page text may only use the attributes Markdown, its extensions and the macros write (tools/policy/policy.yml "
    "content: attributes): hidden, popover, inert, autofocus and the like hide help or cover the page",
    "Remove the attribute, or ask a maintainer to add a harmless one to content: attributes in tools/policy/policy.yml",
)
HIDDEN_ROUTE = rule(
    "SEC130",
    "crisis-route-hidden",
    "A call or text link inside something hidden (hidden, aria-hidden, a closed <details>, a visually hidden "
    "or screen-only class) is not there for the reader who needs it",
    "Take the crisis link out of the hidden part; crisis routes are always visible",
)
STRUCTURE = rule(
    "SEC131",
    "page-structure",
    "An end tag the page text did not open (</article>, </main>, </div>) closes the theme's own elements, "
    "so what follows escapes the checks for page text; the theme's frame has one article and one banner",
    "Remove the end tag, or close only what the page opened",
)
BANNER = rule(
    "SEC132",
    "crisis-banner-missing",
    "Every page the hub publishes carries the crisis banner with the call, text and emergency links of "
    "macros/data/crisis.yml; a raw HTML file in docs/ skips the theme and its banner",
    "Write the page in Markdown (docs/*.md), so the theme adds the banner; keep overrides/partials/crisis-banner.html",
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
        self.numbers = crisis.numbers(policy.root) if policy.root is not None else None
        article = self.tree.css_first("article.md-content__inner")
        self.article = article.mem_id if article is not None else -1

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


def _matches(name: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)


def _in_highlight(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None and parent.tag not in ("article", "html"):
        if "highlight" in (parent.attributes.get("class") or "").split() or parent.tag == "code":
            return True
        parent = parent.parent
    return False


@_element
def _content_vocabulary(page: _Page, node: LexborNode) -> None:
    """Page text uses only the classes and attributes Markdown, its extensions and the macros write."""
    if page.where(node) != "page content" or node.mem_id == page.article:
        return
    rules = page.policy.content
    for name, value in node.attributes.items():
        key = name.lower()
        if key == "class":
            for cls in (value or "").split():
                if _matches(cls, rules.get("reserved_classes") or ()):
                    page.add(CONTENT_CLASS, node, f"class=\"{cls}\" is one of the theme's or the crisis banner's own")
                elif not _matches(cls, rules.get("classes") or ()) and not (
                    len(cls) <= 3 and cls.isalnum() and _in_highlight(node)
                ):
                    page.add(CONTENT_CLASS, node, f'class="{cls}" is not one page text may use')
        elif key in ("hidden", "popover", "inert"):
            allowed = any(node.css_matches(selector) for selector in rules.get("hidden_allowed") or ())
            if not allowed:
                page.add(CONTENT_ATTRIBUTE, node, f"{name}= hides the element or lifts it over the page")
        elif key == "role":
            if (value or "").strip().lower() not in (rules.get("roles") or ()):
                page.add(CONTENT_ATTRIBUTE, node, f'role="{value}" is not a role page text may use')
        elif (
            key.startswith("on")
            or key in ("style", "target", "ping", "srcdoc", "action", "formaction")
            or key.startswith("data-md-")
        ):
            continue  # their own rules (SEC102, SEC109, SEC111, SEC108, SEC104, SEC107, SEC113)
        elif not _matches(key, rules.get("attributes") or ()):
            page.add(CONTENT_ATTRIBUTE, node, f"{name}= is not an attribute page text may use")


def _crisis_href(node: LexborNode) -> str | None:
    href = node.attributes.get("href")
    if href is None:
        return None
    scheme = urls.parse(href).scheme
    return href if scheme in ("tel", "sms") else None


def _visible_text(node: LexborNode) -> str:
    return " ".join(node.text(deep=True, separator=" ").split())


@_element
def _crisis_links(page: _Page, node: LexborNode) -> None:
    href = _crisis_href(node)
    if href is None or page.numbers is None:
        return
    visible = _visible_text(node)
    problem = page.numbers.check_link(href, visible)
    if problem is None:
        for name in ("aria-label", "title", "aria-description"):
            label = node.attributes.get(name)
            if label is not None:
                why = crisis.visible_mismatch(crisis.digits(href.split("?")[0]), label)
                if why:
                    problem = f"{name}= is what screen readers or hover show: {why}"
                    break
    if problem is None and node.attributes.get("aria-labelledby") is not None:
        problem = "aria-labelledby= gives the link a name its text does not show"
    if problem is not None:
        page.add(CRISIS_LINK, node, problem)


@_element
def _hover_text(page: _Page, node: LexborNode) -> None:
    if page.where(node) != "page content" or _crisis_href(node) is not None:
        return
    for name in ("title", "aria-label", "aria-description", "data-tooltip"):
        value = node.attributes.get(name)
        known = page.numbers.known if page.numbers is not None else frozenset()
        found = [n for n in crisis.phone_like(value or "") if crisis.digits(n) not in known]
        if found:
            page.add(HOVER_NUMBER, node, f"{name}= shows the number {found[0]}")


@_element
def _tabindex(page: _Page, node: LexborNode) -> None:
    value = node.attributes.get("tabindex")
    if value is None:
        return
    try:
        number = int(value.strip())
    except ValueError:
        number = 1
    if number > 0:
        page.add(TABINDEX, node, f'tabindex="{value}" puts this element first in the keyboard order')


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


@_document
def _unique_ids(page: _Page) -> None:
    seen: set[str] = set()
    for node in page.tree.css("[id]"):
        value = node.attributes.get("id") or ""
        if value in seen:
            page.add(DUPLICATE_ID, node, f'id="{value}" is already used earlier on the page')
        seen.add(value)


_HIDING_CLASSES = frozenset({"md-sr-only", "md-visually-hidden", "no-print"})


@_document
def _routes_visible(page: _Page) -> None:
    """No crisis link in page text sits inside something hidden."""
    allowed = page.policy.content.get("hidden_allowed") or ()
    for node in page.tree.css("[href]"):
        if _crisis_href(node) is None or page.where(node) != "page content":
            continue
        parent: LexborNode | None = node
        while parent is not None and parent.mem_id in page.content:
            attrs = {k.lower(): (v or "") for k, v in parent.attributes.items()}
            why = ""
            if any(key in attrs for key in ("hidden", "inert", "popover")) and not any(
                parent.css_matches(selector) for selector in allowed
            ):
                why = f"inside a <{parent.tag}> with hidden, inert or popover"
            elif attrs.get("aria-hidden", "").strip().lower() == "true":
                why = f'inside a <{parent.tag} aria-hidden="true">'
            elif parent.tag == "details" and "open" not in attrs and parent is not node:
                why = "inside a closed <details>"
            elif parent.tag in ("template", "noscript", "dialog"):
                why = f"inside a <{parent.tag}>"
            elif _HIDING_CLASSES & set(attrs.get("class", "").split()):
                why = f"inside an element with the class {' '.join(sorted(_HIDING_CLASSES & set(attrs['class'].split())))}"
            if why:
                page.add(HIDDEN_ROUTE, node, f"The link {node.attributes.get('href')} is {why}")
                break
            parent = parent.parent


@_document
def _structure(page: _Page) -> None:
    """The theme's frame: one article for page text, alone in its .md-content; one banner;
    and no end tag that closes what was not opened (stray_end_tags)."""
    articles = page.tree.css("article.md-content__inner")
    if len(articles) > 1:
        page.add(STRUCTURE, articles[1], "A second theme article: page text opened its own after closing the theme's")
    content = page.tree.css_first("div.md-content")
    if content is not None:
        children = [c for c in content.iter(include_text=False) if not c.tag.startswith("-")]
        if len(children) > 1 or (children and "md-content__inner" not in (children[0].attributes.get("class") or "")):
            extra = next(
                (c for c in children if "md-content__inner" not in (c.attributes.get("class") or "")), children[0]
            )
            page.add(STRUCTURE, extra, "Page text escaped the article: it closed the theme's <article> early")
    banners = page.tree.css("[data-md-component=announce]")
    if len(banners) > 1:
        page.add(STRUCTURE, banners[1], "A second crisis banner element")
    for tag, position in stray_end_tags(page.html):
        page.found.append(
            Violation(
                STRUCTURE.id,
                STRUCTURE.name,
                f"</{tag}>",
                f"The end tag </{tag}> (character {position}) closes an element it did not open",
                STRUCTURE.fix,
                "page content",
                page.src,
            )
        )


@_document
def _banner_present(page: _Page) -> None:
    if page.numbers is None:
        return
    banner = page.tree.css_first("[data-md-component=announce]")
    hrefs = {(n.attributes.get("href") or "").strip() for n in banner.css("a[href]")} if banner is not None else set()
    missing = [href for href in page.numbers.banner if href not in hrefs]
    if missing:
        page.found.append(
            Violation(
                BANNER.id,
                BANNER.name,
                "<body>",
                f"The page has no crisis banner with {', '.join(missing)}",
                BANNER.fix,
                "theme",
                page.src,
            )
        )


_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
        "param",
        "keygen",
    }
)
# Elements whose end tag the HTML parser may imply when another end tag closes them.
_IMPLIED = frozenset(
    {
        "p",
        "li",
        "dt",
        "dd",
        "option",
        "optgroup",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "caption",
        "rb",
        "rt",
        "rp",
        "rtc",
    }
)


class _EndTags(HTMLParser):
    """End tags that close an element not opened (or not the innermost open one, past
    elements whose end tag is optional): ``</article>`` in a page's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.stray: list[tuple[str, int]] = []
        self.offset = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if tag not in self.stack:
            self.stray.append((tag, self.getpos()[1]))
            return
        while self.stack:
            top = self.stack.pop()
            if top == tag:
                return
            if top not in _IMPLIED:
                self.stray.append((tag, self.getpos()[1]))
                return


def stray_end_tags(html: str) -> list[tuple[str, int]]:
    """(tag, column) of every end tag in ``html`` that closes something it did not open."""
    parser = _EndTags()
    parser.feed(html)
    parser.close()
    return parser.stray


def check_fragment(html: str, src: str) -> list[Violation]:
    """A page's own HTML (what Markdown and the macros wrote, before the theme wraps it): an end
    tag it did not open would close the theme's elements (SEC131). The build hook runs it on
    every page's content; the rendered page is checked by ``check_page`` as well."""
    return [
        Violation(
            STRUCTURE.id,
            STRUCTURE.name,
            f"</{tag}>",
            f"The page's text has an end tag </{tag}> for an element it did not open",
            STRUCTURE.fix,
            "page content",
            src,
        )
        for tag, _ in stray_end_tags(html)
    ]


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
