"""Everything the site publishes, one way: ``check_site(site, policy)`` checks EVERY file in
site/, and the build hook (tools/mkdocs_hooks.py) and ``python -m tools.policy SITE`` both
call it (the hook checks each page as it is written with ``check_file``, the same function,
then the rest of site/ after the build).

- HTML of any origin (pages, templates, redirect pages, raw docs/*.html): ``check_page``;
  a redirect page must be exactly the hub's own (``redirect_page``).
- SVG: no script, handler, outside reference, animation or foreignObject (``check_svg``).
- JavaScript: only the theme's own files (byte for byte the installed theme's) and the
  reviewed ones (tools/policy/policy.yml ``reviewed:``, by sha256, re-recorded by
  ``make review``); a service worker (or its registration) only when reviewed as one.
- The search index: every field plain text (``check_search_index``).
- Stylesheets: no outside address; hub.css never reaches the crisis help (tools/policy/stylesheet.py).
- Any other kind of file only when policy.yml ``files: types`` lists it.
- mkdocs.yml (``check_config``): the hook is wired in, redirects stay inside the site,
  every script it loads is reviewed.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from tools.policy import csp, urls
from tools.policy.config import Policy, page_base
from tools.policy.page import CSS_URL, Violation, check_page, check_stylesheet, rule

HOOK = rule(
    "SEC117",
    "hook-missing",
    "The build hook (mkdocs.yml hooks: tools/mkdocs_hooks.py) fills in every page's Content-Security-Policy and "
    "runs the policy, the Jinja sandbox and the symlink refusal; without it none of them run",
    "Keep `hooks: [tools/mkdocs_hooks.py]` in mkdocs.yml",
)
REDIRECT = rule(
    "SEC118",
    "redirect-not-allowed",
    "A redirect sends every reader of an old address on: it may only point at a page of the hub, written as its "
    "docs/ file with plain characters, and the page written for it is the hub's own (with its CSP and banner)",
    "Map the old page to a page in docs/, e.g. `treatments/old.md: treatments/new.md`; no web address, no quotes",
)
UNREVIEWED = rule(
    "SEC119",
    "script-not-reviewed",
    "Every JavaScript file the site publishes runs with the reader's PHQ-9 answers and safety plan in reach: only "
    "the theme's own files and the reviewed ones (tools/policy/policy.yml reviewed:, by sha256) are published",
    "Have the script reviewed, then record it with `make review` (it writes its sha256 into tools/policy/policy.yml); "
    "or remove it",
)
SVG = rule(
    "SEC120",
    "svg-active-content",
    "An SVG file opened on its own runs its scripts and handlers, loads what it references and can embed HTML "
    "(foreignObject); only plain drawings are published",
    "Export the drawing again as plain shapes (no script, on...=, <a>, <use>/<image> of other files, "
    "<foreignObject> or animation)",
)
SEARCH = rule(
    "SEC121",
    "search-index-markup",
    "The search box shows titles, text and tags of search/search_index.json as HTML: markup there runs in "
    "everyone's search results",
    "Write search terms and titles as plain words (front matter `search_terms`, tags, titles)",
)
FILE_TYPE = rule(
    "SEC122",
    "file-type-not-allowed",
    "Only the kinds of file the hub needs are published (tools/policy/policy.yml files: types); others such as "
    ".xhtml, .xml, .mjs or .pdf can run scripts of their own",
    "Remove the file, or ask a maintainer whether its kind can be added to files: types",
)
SERVICE_WORKER = rule(
    "SEC123",
    "service-worker",
    "A service worker answers every request of the site, for every later visit, even after the file is removed: "
    "only the hub's own reviewed one may exist",
    "Remove the service worker (or its registration); a maintainer reviews one and records it with "
    "`make review` (service_worker: true in tools/policy/policy.yml)",
)

_SAFE_PATH = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*\.md(#[A-Za-z0-9_-]+)?$")
_SW_SIGNS = re.compile(
    r"serviceWorker|importScripts|addEventListener\(\s*['\"`](?:fetch|install|activate)['\"`]|\bonfetch\b"
)
HOOK_FILE = "tools/mkdocs_hooks.py"


def _violation(r: Any, element: str, message: str, src: str, fix: str | None = None, where: str = "site") -> Violation:
    return Violation(r.id, r.name, element, message, fix or r.fix, where, src)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ── mkdocs.yml ────────────────────────────────────────────────────────────────


def plugin_config(mkdocs: Mapping[str, Any], name: str) -> Mapping[str, Any] | None:
    """A plugin's settings from mkdocs.yml as plain data (None when not listed)."""
    for entry in mkdocs.get("plugins") or []:
        if entry == name:
            return {}
        if isinstance(entry, Mapping) and name in entry:
            return entry[name] or {}
    return None


def redirect_maps(mkdocs: Mapping[str, Any]) -> dict[str, str]:
    found = plugin_config(mkdocs, "redirects") or {}
    return {str(k): str(v) for k, v in (found.get("redirect_maps") or {}).items()}


def _script_entries(mkdocs: Mapping[str, Any]) -> list[str]:
    entries = []
    for entry in mkdocs.get("extra_javascript") or []:
        entries.append(str(entry.get("path", "")) if isinstance(entry, Mapping) else str(entry))
    entries += [str(v) for v in ((mkdocs.get("extra") or {}).get("page_scripts") or {}).values()]
    return entries


def docs_dir(policy: Policy) -> Path:
    assert policy.root is not None
    return policy.root / str(policy.mkdocs.get("docs_dir") or "docs")


def check_config(policy: Policy) -> list[Violation]:
    """mkdocs.yml: the hook wired in, redirects inside the site, every loaded script reviewed."""
    mkdocs = policy.mkdocs
    found = []
    hooks = [str(h) for h in mkdocs.get("hooks") or []]
    if HOOK_FILE not in hooks:
        found.append(_violation(HOOK, "hooks", f"mkdocs.yml does not list {HOOK_FILE} under hooks:", "mkdocs.yml"))
    docs = docs_dir(policy)
    for old, new in redirect_maps(mkdocs).items():
        for what, value in (("old page", old), ("target", new)):
            if not _SAFE_PATH.match(value) or ".." in value.split("#")[0].split("/"):
                found.append(
                    _violation(
                        REDIRECT,
                        f"redirect_maps:{old[:60]}",
                        f"The redirect {old!r}: its {what} {value!r} is not a page in docs/ written with plain characters",
                        "mkdocs.yml",
                    )
                )
                break
        else:
            if not (docs / new.split("#")[0]).is_file():
                found.append(
                    _violation(
                        REDIRECT,
                        f"redirect_maps:{old[:60]}",
                        f"The redirect {old!r} points at {new!r}, which is not a page in docs/",
                        "mkdocs.yml",
                    )
                )
    for path in _script_entries(mkdocs):
        source = f"{docs.name}/{posixpath.normpath(path)}"
        if source not in policy.reviewed:
            found.append(
                _violation(
                    UNREVIEWED,
                    f"extra_javascript:{path[:60]}",
                    f"mkdocs.yml loads {path}, which is not in the reviewed list (tools/policy/policy.yml reviewed:)",
                    "mkdocs.yml",
                )
            )
    return found


# ── Redirect pages ────────────────────────────────────────────────────────────


def _html_path(md: str) -> str:
    """docs file -> the file MkDocs writes (directory URLs): a/b.md -> a/b/index.html."""
    stem = md[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def redirect_href(old: str, new: str) -> str:
    """The address the redirect page for ``old`` sends readers to (relative, as mkdocs-redirects computes it)."""
    path, _, anchor = new.partition("#")
    target = posixpath.dirname(_html_path(path)) or "."
    href = posixpath.relpath(target, posixpath.dirname(_html_path(old)) or ".")
    return ("./" if href == "." else href + "/") + (f"#{anchor}" if anchor else "")


def redirect_page(old: str, new: str, policy: Policy) -> str:
    """The hub's own page for a redirect: its CSP, no script, the crisis line, a link on."""
    href = redirect_href(old, new)
    crisis_data = (policy.mkdocs.get("extra") or {}).get("crisis") or {}
    policy_text = csp.content(policy, [])
    call, text, emergency = (
        (crisis_data.get(k + "_href", ""), crisis_data.get(k, "")) for k in ("call", "text", "emergency")
    )
    return (
        "<!doctype html>\n"
        f'<html lang="en"><head><meta http-equiv="Content-Security-Policy" content="{policy_text}">'
        f'<meta name="referrer" content="{policy.referrer}"><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>This page has moved</title>'
        f'<meta http-equiv="refresh" content="0; url={href}"><link rel="canonical" href="{href}"></head>'
        f'<body><p>This page has moved: <a href="{href}">go to its new address</a>.</p>'
        f'<div data-md-component="announce"><p>In crisis or thinking about suicide? '
        f'<a href="{call[0]}">Call {call[1]}</a> <a href="{text[0]}">Text {text[1]}</a> '
        f'In immediate danger: <a href="{emergency[0]}">Call {emergency[1]}</a></p></div></body></html>\n'
    )


def redirect_pages(policy: Policy) -> dict[str, tuple[str, str]]:
    """Site path of each redirect page -> (old, new), for the redirects check_config accepts."""
    return {_html_path(old): (old, new) for old, new in redirect_maps(policy.mkdocs).items() if _SAFE_PATH.match(new)}


# ── One file ──────────────────────────────────────────────────────────────────

_SVG_ALLOWED = frozenset(
    {
        "svg",
        "g",
        "path",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "rect",
        "title",
        "desc",
        "defs",
        "lineargradient",
        "radialgradient",
        "stop",
        "clippath",
        "mask",
        "symbol",
        "text",
        "tspan",
        "metadata",
    }
)


def check_svg(data: bytes, src: str) -> list[Violation]:
    """A published SVG file: plain shapes only (browsers run an SVG file's scripts when it is opened)."""
    found: list[Violation] = []
    text = data.decode("utf-8", errors="replace")
    if re.search(r"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE) or "<?xml-stylesheet" in text:
        return [_violation(SVG, "<!DOCTYPE>", "The SVG declares a doctype, entities or a stylesheet", src)]
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        return [_violation(SVG, "svg", f"The SVG is not well-formed XML ({error}), so it cannot be checked", src)]
    for node in root.iter():
        tag = str(node.tag).rsplit("}", 1)[-1].lower()
        if tag not in _SVG_ALLOWED:
            found.append(
                _violation(SVG, f"<{tag}>", f"<{tag}> is not a plain shape (script, link, embed or animation)", src)
            )
        for name, value in node.attrib.items():
            key = name.rsplit("}", 1)[-1].lower()
            if key.startswith("on"):
                found.append(_violation(SVG, f"<{tag} {key}>", f"{key}= runs code when the file is opened", src))
            elif key in ("href", "src") and not value.strip().startswith("#"):
                found.append(
                    _violation(SVG, f"<{tag} {key}>", f"{key}= references {value[:60]!r}, outside the file", src)
                )
            elif "url(" in value.replace(" ", "").lower() and not re.fullmatch(r"\s*url\(\s*['\"]?#[^)]*\)\s*", value):
                found.append(_violation(SVG, f"<{tag} {key}>", f"{key}= loads {value[:60]!r}", src))
        if tag == "style" or (node.text and "@import" in node.text):
            found.append(_violation(SVG, f"<{tag}>", "A stylesheet inside the SVG", src))
    return found


def _minified(text: str) -> str | None:
    try:
        import jsmin
    except ImportError:  # pragma: no cover - the lock installs it with mkdocs-minify-plugin
        return None
    return jsmin.jsmin(text, quote_chars="'\"`")


def reviewed_source(rel: str, policy: Policy) -> str | None:
    """The reviewed source (docs/javascripts/search.js) a published script comes from, if any."""
    docs = docs_dir(policy).name
    candidates = [rel]
    if rel.endswith(".min.js"):
        candidates.append(rel[: -len(".min.js")] + ".js")
    for candidate in candidates:
        if f"{docs}/{candidate}" in policy.reviewed:
            return f"{docs}/{candidate}"
    return None


def theme_file(rel: str, data: bytes, policy: Policy) -> bool:
    """True if ``rel`` is byte for byte the installed theme's own file at that path."""
    if policy.theme_dir is None:
        return False
    own = policy.theme_dir / rel
    return own.is_file() and own.read_bytes() == data


def check_script(rel: str, data: bytes, policy: Policy, src: str) -> list[Violation]:
    if theme_file(rel, data, policy):
        return []
    source = reviewed_source(rel, policy)
    assert policy.root is not None
    if source is None:
        kind = SERVICE_WORKER if _SW_SIGNS.search(data.decode("utf-8", errors="replace")) else UNREVIEWED
        return [_violation(kind, rel, f"{rel} is not the theme's own file and not in the reviewed list", src)]
    entry = policy.reviewed[source]
    path = policy.root / source
    original = path.read_bytes() if path.is_file() else b""
    if sha256(original) != entry.get("sha256"):
        return [
            _violation(
                UNREVIEWED,
                rel,
                f"{source} changed since it was reviewed (its sha256 is not the one in tools/policy/policy.yml)",
                source,
            )
        ]
    text = original.decode("utf-8")
    if data != original and data.decode("utf-8", errors="replace") != _minified(text):
        return [_violation(UNREVIEWED, rel, f"{rel} is neither {source} as reviewed nor its minified form", src)]
    if _SW_SIGNS.search(text) and not entry.get("service_worker"):
        return [_violation(SERVICE_WORKER, rel, f"{source} registers or acts as a service worker", source)]
    return []


_INDEX_TAGS = re.compile(r"</?([a-z][a-z0-9]*)>")


def check_search_index(data: bytes, policy: Policy, source_of: Callable[[str], str], src: str) -> list[Violation]:
    """Every field plain text: tags and titles without markup; the text field only the bare
    tags Material's indexer writes itself (<p>, <li>, <code>... with no attributes)."""
    try:
        index = json.loads(data)
    except ValueError:
        return [_violation(SEARCH, "search_index.json", "The search index is not valid JSON", src)]
    allowed = set((policy.files.get("search_index") or {}).get("text_tags") or ())
    title_tags = set((policy.files.get("search_index") or {}).get("title_tags") or ())
    found = []
    for doc in index.get("docs") or []:
        location = str(doc.get("location", ""))
        where = source_of(
            location.split("#", 1)[0]
            + ("index.html" if location.split("#")[0].endswith("/") or not location.split("#")[0] else "")
        )
        fields = [("title", doc.get("title"), title_tags), ("text", doc.get("text"), allowed)]
        fields += [("tags", tag, set()) for tag in doc.get("tags") or []]
        for name, value, tags in fields:
            if not isinstance(value, str):
                if value is not None:
                    found.append(_violation(SEARCH, f"search:{name}", f"The {name} of {location!r} is not text", where))
                continue
            rest = _INDEX_TAGS.sub(lambda m, tags=tags: "" if m.group(1) in tags else m.group(0), value)
            if "<" in rest or ">" in rest or re.search(r"&(?!(amp|lt|gt|quot|#39|#x27);)", rest):
                shown = re.search(r"[<>&].{0,40}", rest)
                found.append(
                    _violation(
                        SEARCH,
                        f"search:{name}",
                        f"The search {name} of {location or '(home)'!r} holds markup: {shown.group(0) if shown else rest[:40]!r}",
                        where,
                    )
                )
    return found


def source_of(rel: str, policy: Policy, pages: Mapping[str, str] | None = None) -> str:
    """The project file a site file comes from, for messages: docs/faq.md for faq/index.html."""
    if pages and rel in pages:
        return pages[rel]
    if rel in redirect_pages(policy):
        return "mkdocs.yml"
    assert policy.root is not None
    docs = docs_dir(policy)
    name = docs.name
    candidates = [rel]
    if rel.endswith("index.html"):
        stem = rel[: -len("index.html")].rstrip("/")
        candidates = [f"{stem}.md" if stem else "index.md", f"{stem}/index.md" if stem else "index.md", rel]
    elif rel.endswith((".min.js", ".min.css")):
        candidates.append(re.sub(r"\.min\.(js|css)$", r".\1", rel))
    for candidate in candidates:
        if (docs / candidate).is_file():
            return f"{name}/{candidate}"
    if rel.endswith(".html") and (policy.root / "overrides" / rel).is_file():
        return f"overrides/{rel}"
    return f"site/{rel}"


def _url(rel: str) -> str:
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def _base(rel: str, policy: Policy) -> str:
    return page_base(_url(rel), policy.site_path, template=rel == "404.html")


def check_file(
    rel: str, data: bytes, policy: Policy, src: str, source_of_page: Callable[[str], str]
) -> list[Violation]:
    """One published file, by its kind. ``rel`` is its path in site/, ``src`` the project file it came from."""
    suffix = posixpath.splitext(rel)[1].lower()
    types = set(policy.files.get("types") or ())
    names = set(policy.files.get("names") or ())
    if posixpath.basename(rel) in names:
        return []
    if suffix not in types:
        if theme_file(rel, data, policy):
            return []
        return [
            _violation(FILE_TYPE, rel, f"{rel}: files of this kind ({suffix or 'no extension'}) are not published", src)
        ]
    if suffix == ".html":
        redirects = redirect_pages(policy)
        if rel in redirects:
            old, new = redirects[rel]
            if data.decode("utf-8", errors="replace") != redirect_page(old, new, policy):
                return [_violation(REDIRECT, rel, f"{rel} is not the hub's own redirect page for {old}", src)]
            return []
        return check_page(
            data.decode("utf-8", errors="replace"),
            src,
            policy=policy,
            url=_url(rel),
            csp=csp.content(policy, [_base(rel, policy)]),
        )
    if suffix == ".svg":
        return [] if theme_file(rel, data, policy) else check_svg(data, src)
    if suffix in (".js", ".mjs"):
        return check_script(rel, data, policy, src)
    if suffix == ".json":
        if rel == (policy.files.get("search_index") or {}).get("path", "search/search_index.json"):
            return check_search_index(data, policy, source_of_page, src)
        return [_violation(FILE_TYPE, rel, f"{rel}: the only JSON file published is the search index", src)]
    if suffix == ".css":
        return check_stylesheet(data.decode("utf-8", errors="replace"), src, policy)
    return []


def site_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() or p.is_symlink())


def check_site(
    site: Path,
    policy: Policy,
    *,
    pages: Mapping[str, str] | None = None,
    skip: Iterable[str] = (),
    refused: set[str] | None = None,
) -> list[Violation]:
    """Every file in ``site`` (those in ``skip`` were checked as they were written), then
    mkdocs.yml and the stylesheets' reach. ``pages`` maps site paths to their source files."""
    from tools.policy.stylesheet import check_reach

    skipped = set(skip)

    def name(rel: str) -> str:
        return source_of(rel, policy, pages)

    found = check_config(policy)
    for rel in site_files(site):
        if rel in skipped:
            continue
        path = site / rel
        if path.is_symlink():
            found.append(_violation(FILE_TYPE, rel, f"{rel} is a symbolic link", name(rel)))
            if refused is not None:
                refused.add(rel)
            continue
        here = check_file(rel, path.read_bytes(), policy, name(rel), name)
        if here and refused is not None:
            refused.add(rel)
        found += here
    found += check_reach(site, policy)
    return found


__all__ = [
    "CSS_URL",
    "check_config",
    "check_file",
    "check_search_index",
    "check_site",
    "check_svg",
    "redirect_page",
    "redirect_pages",
    "urls",
]
