"""Everything the site publishes, checked one way (tools/policy/published.py, stylesheet.py,
review.py; issue 20): files other than pages, mkdocs.yml, hub.css's reach, the hook itself."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from tools.policy import load
from tools.policy.page import check_fragment, stray_end_tags
from tools.policy.published import (
    check_config,
    check_file,
    check_search_index,
    check_site,
    check_svg,
    redirect_href,
    redirect_page,
    sha256,
)
from tools.policy.stylesheet import check_stylesheet_reach, dangerous, reviewed_blocks, simplify
from tools.site import ROOT, mkdocs_config

POLICY = load(mkdocs_config(), root=ROOT)


def _rules(found) -> set[str]:
    return {v.rule for v in found}


# ── SVG ────────────────────────────────────────────────────────────────────────
SVG_BAD = {
    "script": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "onload": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "foreign-object": '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div/></foreignObject></svg>',
    "outside-image": '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>',
    "use-other-file": '<svg xmlns="http://www.w3.org/2000/svg"><use href="other.svg#a"/></svg>',
    "set-href": '<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href" to="javascript:x"/></svg>',
    "entity": '<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>',
    "style-url": '<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://evil.example/x)"/></svg>',
    "not-xml": "<svg><rect>",
}


@pytest.mark.parametrize("name", SVG_BAD, ids=list(SVG_BAD))
def test_svg_with_active_content_fails(name: str) -> None:
    assert _rules(check_svg(SVG_BAD[name].encode(), "docs/assets/x.svg")) == {"SEC120"}


def test_the_hubs_own_favicon_passes() -> None:
    assert check_svg((ROOT / "docs/assets/favicon.svg").read_bytes(), "docs/assets/favicon.svg") == []


# ── JavaScript ─────────────────────────────────────────────────────────────────
def _noname(rel: str) -> str:
    return rel


def test_reviewed_script_passes_as_written_and_minified() -> None:
    import jsmin

    source = (ROOT / "docs/javascripts/search.js").read_text(encoding="utf-8")
    minified = jsmin.jsmin(source, quote_chars="'\"`").encode()
    assert check_file("javascripts/search.js", source.encode(), POLICY, "x", _noname) == []
    assert check_file("javascripts/search.min.js", minified, POLICY, "x", _noname) == []


def test_unreviewed_or_changed_script_fails() -> None:
    assert _rules(check_file("javascripts/steal.js", b"fetch('x')", POLICY, "x", _noname)) == {"SEC119"}
    changed = (ROOT / "docs/javascripts/search.js").read_bytes() + b";fetch('x')"
    assert _rules(check_file("javascripts/search.js", changed, POLICY, "x", _noname)) == {"SEC119"}


def test_service_worker_fails_unless_reviewed_as_one() -> None:
    worker = b"self.addEventListener('fetch', e => e.respondWith(fetch(e.request)))"
    # docs/sw.js is the hub's own reviewed worker; any other worker is refused as one.
    assert _rules(check_file("worker.js", worker, POLICY, "docs/worker.js", _noname)) == {"SEC123"}


def test_themes_own_bundle_passes_by_the_installed_packages_bytes() -> None:
    assert POLICY.theme_dir is not None
    rel = "assets/javascripts/bundle.a5f9d56c.min.js"
    assert check_file(rel, (POLICY.theme_dir / rel).read_bytes(), POLICY, "x", _noname) == []
    assert _rules(check_file(rel, b"alert(1)", POLICY, "x", _noname)) == {"SEC119"}


def test_review_records_every_script_and_reviewed_block() -> None:
    reviewed = POLICY.reviewed
    for path in sorted((ROOT / "docs").rglob("*.js")):
        rel = path.relative_to(ROOT).as_posix()
        assert reviewed.get(rel, {}).get("sha256") == sha256(path.read_bytes()), f"run make review ({rel})"
    css = (ROOT / "docs/stylesheets/hub.css").read_text(encoding="utf-8")
    assert "crisis-banner" in [b.name for b in reviewed_blocks(css)]
    for block in reviewed_blocks(css):
        assert f"docs/stylesheets/hub.css#{block.name}" in reviewed, f"run make review ({block.name})"


# ── Search index, file kinds ───────────────────────────────────────────────────
def test_markup_in_the_search_index_fails_naming_the_page() -> None:
    index = {"docs": [{"location": "faq/", "title": "FAQ", "text": "<p>ok</p>", "tags": ["<img src=x onerror=y>"]}]}
    found = check_search_index(json.dumps(index).encode(), POLICY, lambda rel: f"docs/{rel}", "site/search")
    assert _rules(found) == {"SEC121"} and found[0].src == "docs/faq/index.html"
    attributes = {"docs": [{"location": "", "title": "T", "text": '<p class="x">ok</p>'}]}
    assert _rules(check_search_index(json.dumps(attributes).encode(), POLICY, _noname, "s")) == {"SEC121"}
    plain = {"docs": [{"location": "", "title": "<code>cite</code> &amp; more", "text": "<p>a</p><ul><li>b</li></ul>"}]}
    assert check_search_index(json.dumps(plain).encode(), POLICY, _noname, "s") == []


@pytest.mark.parametrize("rel", ["x.xhtml", "feed.xml", "a.mjs", "doc.pdf", "manifest.json", "noext"])
def test_other_kinds_of_file_fail(rel: str) -> None:
    assert _rules(check_file(rel, b"x", POLICY, rel, _noname)) == {"SEC122"}


def test_raw_html_without_banner_or_csp_fails() -> None:
    found = check_file("offer.html", b"<!doctype html><title>x</title><p>Call</p>", POLICY, "docs/offer.html", _noname)
    assert {"SEC112", "SEC132"} <= _rules(found)


# ── mkdocs.yml ─────────────────────────────────────────────────────────────────
def _with(**mkdocs) -> object:
    return dataclasses.replace(POLICY, mkdocs={**POLICY.mkdocs, **mkdocs})


def test_the_real_config_passes() -> None:
    assert check_config(POLICY) == []


def test_missing_hook_fails() -> None:
    assert _rules(check_config(_with(hooks=[]))) == {"SEC117"}


@pytest.mark.parametrize(
    "target", ["https://evil.example/", 'faq.md"+alert(1)+"', "javascript:alert(1)", "nowhere.md", "../README.md"]
)
def test_redirect_outside_the_site_or_unescaped_fails(target: str) -> None:
    plugins = [*POLICY.mkdocs["plugins"], {"redirects": {"redirect_maps": {"old.md": target}}}]
    plugins = [p for p in plugins if not (isinstance(p, dict) and p.get("redirects") == {"redirect_maps": {}})]
    assert _rules(check_config(_with(plugins=plugins))) == {"SEC118"}


def test_unreviewed_extra_javascript_fails() -> None:
    found = check_config(_with(extra_javascript=[*POLICY.mkdocs["extra_javascript"], "javascripts/x.js"]))
    assert _rules(found) == {"SEC119"}


def test_the_hubs_redirect_page_passes_and_any_other_fails() -> None:
    plugins = [{"redirects": {"redirect_maps": {"treatments/old.md": "faq.md#lithium"}}}]
    policy = _with(plugins=plugins)
    assert redirect_href("treatments/old.md", "faq.md#lithium") == "../../faq/#lithium"
    page = redirect_page("treatments/old.md", "faq.md#lithium", policy)
    assert "<script" not in page and "Content-Security-Policy" in page and 'href="tel:988"' in page
    assert check_file("treatments/old/index.html", page.encode(), policy, "mkdocs.yml", _noname) == []
    tampered = page.replace("../../faq/", "https://evil.example/")
    assert _rules(check_file("treatments/old/index.html", tampered.encode(), policy, "m", _noname)) == {"SEC118"}


# ── Early end tags ─────────────────────────────────────────────────────────────
def test_end_tags_that_close_what_was_not_opened_are_found() -> None:
    assert [t for t, _ in stray_end_tags("<p>a</p></article><div>b</div>")] == ["article"]
    assert stray_end_tags("<ul><li>a<li>b</ul><p>c</p><br><img src=x>") == []
    assert _rules(check_fragment("<p>x</p></div></main>", "docs/x.md")) == {"SEC131"}


# ── hub.css ────────────────────────────────────────────────────────────────────
@pytest.fixture(scope="module")
def trees(site_dir: Path) -> tuple[LexborHTMLParser, ...]:
    home = LexborHTMLParser((site_dir / "index.html").read_text(encoding="utf-8"))
    phq9 = LexborHTMLParser((site_dir / "tracking/measurement-based-care/index.html").read_text(encoding="utf-8"))
    return home, phq9


CSS_BAD = {
    "media-query-hides-buttons": "@media (min-width: 368px) and (max-width: 1219px) { .trd-crisis__actions a { display: none } }",
    "has-item-9": 'body:has(input[value="3"]:checked) .md-banner { visibility: hidden }',
    "has-help-link": "html:has(.phq9 input:checked) .trd-help-link { opacity: 0 }",
    "alert-when-shown": ".phq9__alert:not([hidden]) { display: none }",
    "ancestor-opacity": "body { opacity: .1 }",
    "universal-hover": ":hover > a { transform: scale(0) }",
    "fixed-overlay": ".md-typeset .admonition { position: fixed; top: 0 }",
    "z-index": ".md-typeset h1 { z-index: 9 }",
    "print-hides-banner": "@media print { .md-banner { display: none } }",
    "font-size-zero": '.md-typeset a[href^="tel:"] { font-size: 0 }',
}


@pytest.mark.parametrize("name", CSS_BAD, ids=list(CSS_BAD))
def test_css_that_can_hide_or_cover_crisis_help_fails(name: str, trees) -> None:
    found = check_stylesheet_reach(CSS_BAD[name], "docs/stylesheets/hub.css", POLICY, trees)
    assert _rules(found) == {"SEC133"}, [v.format() for v in found]


CSS_GOOD = {
    "content-only": ".md-typeset .care-card { display: none }",
    "print-hides-help-link": "@media print { .trd-help-link { display: none !important } }",
    "banner-made-visible": "@media print { .md-banner { display: block !important } }",
    "text-size": ".md-typeset { font-size: 0.85rem }",
}


@pytest.mark.parametrize("name", CSS_GOOD, ids=list(CSS_GOOD))
def test_css_that_leaves_crisis_help_alone_passes(name: str, trees) -> None:
    assert check_stylesheet_reach(CSS_GOOD[name], "docs/stylesheets/hub.css", POLICY, trees) == []


def test_the_real_stylesheet_passes_and_its_block_is_reviewed(trees) -> None:
    css = (ROOT / "docs/stylesheets/hub.css").read_text(encoding="utf-8")
    assert check_stylesheet_reach(css, "docs/stylesheets/hub.css", POLICY, trees) == []
    edited = css.replace(".md-banner { background-color", ".md-banner { display: none; background-color", 1)
    assert _rules(check_stylesheet_reach(edited, "docs/stylesheets/hub.css", POLICY, trees)) == {"SEC134"}


def test_selectors_are_widened_never_narrowed() -> None:
    import tinycss2

    def widen(text: str) -> str:
        return simplify(tinycss2.parse_component_value_list(text))

    assert widen("body:has(input:checked) .md-banner") == "body .md-banner"
    assert widen(".phq9__alert:not([hidden])") == ".phq9__alert"
    assert widen(":focus-visible") == "*"
    assert re.sub(r"\s+", " ", widen("a:hover > :checked")) == "a > *"
    assert dangerous("display", tinycss2.parse_component_value_list(" none")) is True
    assert dangerous("display", tinycss2.parse_component_value_list(" flex")) is False


# ── The hook and the command agree on a whole site ──────────────────────────────
def test_the_command_checks_every_file_of_a_built_site(site_dir: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    assert check_site(site, POLICY) == []
    (site / "assets" / "badge.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>', "utf-8")
    (site / "worker.js").write_text("self.addEventListener('fetch', e => 0)", "utf-8")
    (site / "raw.html").write_text("<p>hi</p>", "utf-8")
    found = check_site(site, POLICY)
    assert {("SEC120", "site/assets/badge.svg"), ("SEC123", "site/worker.js"), ("SEC112", "site/raw.html")} <= {
        (v.rule, v.src) for v in found
    }
