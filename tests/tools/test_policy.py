"""The rendered-HTML security policy (tools/policy/), rule by rule, on small pages.

Each case is a piece of page content placed in a minimal page that otherwise passes,
and the rule it must trip. Several cases are parser differentials: HTML that looks
harmless (or harmful) to a line-by-line reading and is the opposite to a browser.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from jinja2 import Environment
from jinja2.exceptions import SecurityError

from tools.policy import check_page, check_stylesheet, csp, find_symlinks, load, outside_files
from tools.policy.config import CSP_PLACEHOLDER, page_base
from tools.policy.jinja import SANDBOX_EXTENSION, PageSandbox, SandboxExtension, sandboxed
from tools.site import mkdocs_config

POLICY = load(mkdocs_config())
CSP = csp.content(POLICY, ["../.."])  # the documents below sit at treatments/ect/
PALETTE = POLICY.inline_scripts["material-palette"]


def document(
    content: str = "", *, head: str = "", banner: str = "", csp_meta: str | None = None, theme: str = ""
) -> str:
    """A page shaped like Material's: CSP first in <head>, a banner, an article."""
    if csp_meta is None:
        csp_meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    return (
        f'<!doctype html><html lang="en"><head>{csp_meta}<meta name="referrer" content="no-referrer">'
        f'<meta charset="utf-8"><title>T</title>{head}</head><body>'
        f'<div data-md-component="announce"><aside class="md-banner">{banner}<a href="tel:988">Call 988</a>'
        '<a href="sms:988">Text 988</a><a href="tel:911">Call 911</a></aside></div>'
        f"<script>{PALETTE}</script>{theme}"
        f'<main><article class="md-content__inner md-typeset"><h1>T</h1>{content}</article></main>'
        '<script src="../../assets/javascripts/bundle.a5f9d56c.min.js" defer></script></body></html>'
    )


def rules(html: str, url: str = "treatments/ect/") -> list[str]:
    return sorted({v.rule for v in check_page(html, "docs/x.md", policy=POLICY, url=url, csp=CSP)})


def test_a_plain_page_passes() -> None:
    assert rules(document("<p>Hello <a href='https://www.nhs.uk/'>NHS</a></p>")) == []


# ── Content that must fail, by rule ────────────────────────────────────────────
BAD = {
    # SEC101 scripts
    "inline-script": ("<script>alert(1)</script>", "SEC101"),
    "outside-script": ('<script src="https://evil.example/x.js"></script>', "SEC101"),
    "scheme-relative-script": ('<script src="//evil.example/x.js"></script>', "SEC101"),
    "own-host-script-not-listed": ('<script src="../../javascripts/steal.js"></script>', "SEC101"),
    "module-script": ('<script type="module">import("/x.js")</script>', "SEC101"),
    "script-in-svg": ("<svg><script>alert(1)</script></svg>", "SEC101"),
    "theme-config-in-content": ('<script id="__config" type="application/json">{"search": "x.js"}</script>', "SEC101"),
    # Parser differentials: <!--> and --!> close a comment, so the script is live.
    "empty-comment-then-script": ("<!--><script>alert(1)</script>", "SEC101"),
    "bang-comment-end-then-script": ("<!-- x --!><script>alert(1)</script>", "SEC101"),
    "script-after-unclosed-code": ("<pre><code>```\n</code></pre><script>alert(1)</script>", "SEC101"),
    # SEC102 event handlers
    "onerror": ('<img src="a.png" onerror="alert(1)">', "SEC102"),
    "handler-on-next-line": ('<a href="x/"\nonmouseover="alert(1)">x</a>', "SEC102"),
    "handler-upper-case": ('<p ONCLICK="alert(1)">x</p>', "SEC102"),
    "svg-onload": ('<svg onload="alert(1)"></svg>', "SEC102"),
    # SEC103 schemes, however spelt
    "javascript-url": ('<a href="javascript:alert(1)">x</a>', "SEC103"),
    "entity-javascript": ('<a href="&#106;avascript:alert(1)">x</a>', "SEC103"),
    "hex-entity-colon": ('<a href="javascript&colon;alert(1)">x</a>', "SEC103"),
    "tab-inside-scheme": ('<a href="java&#x09;script:alert(1)">x</a>', "SEC103"),
    "leading-space-upper-case": ('<a href="  JAVASCRIPT:alert(1)">x</a>', "SEC103"),
    "named-tab-entity": ('<a href="&Tab;javascript:alert(1)">x</a>', "SEC103"),
    "vbscript": ('<a href="vbscript:msgbox(1)">x</a>', "SEC103"),
    "data-link": ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "SEC103"),
    "data-image": ('<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="">', "SEC103"),
    "svg-xlink-javascript": ('<svg><a xlink:href="javascript:alert(1)"><path d="M0"/></a></svg>', "SEC103"),
    "file-url": ('<img src="file:///etc/passwd" alt="">', "SEC103"),
    # SEC104 embedding
    "base": ('<base href="https://evil.example/">', "SEC104"),
    "iframe": ('<iframe src="https://www.youtube.com/embed/x"></iframe>', "SEC104"),
    "object": ('<object data="x.swf"></object>', "SEC104"),
    "embed": ('<embed src="x.swf">', "SEC104"),
    # SEC105 elements nobody writes in Markdown
    "math-href": ('<math href="javascript:alert(1)"><mi>x</mi></math>', "SEC105"),
    "video": ('<video src="a.mp4"></video>', "SEC105"),
    "audio": ('<audio src="a.mp3"></audio>', "SEC105"),
    "noscript-tracker": ('<noscript><img src="https://evil.example/t.png" alt=""></noscript>', "SEC105"),
    "template": ("<template><p>x</p></template>", "SEC105"),
    "svg-animate-href": ('<svg><a><animate attributeName="href" to="javascript:alert(1)"/></a></svg>', "SEC105"),
    "svg-use": ('<svg><use href="#x"/></svg>', "SEC105"),
    "svg-foreign-object": ("<svg><foreignObject><p>x</p></foreignObject></svg>", "SEC105"),
    "dialog": ("<dialog open>x</dialog>", "SEC105"),
    # SEC106 meta and link
    "meta-refresh": ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "SEC106"),
    "meta-referrer-in-body": ('<meta name="referrer" content="unsafe-url">', "SEC106"),
    "meta-csp-in-body": (
        '<meta http-equiv="Content-Security-Policy" content="script-src \'unsafe-inline\'">',
        "SEC106",
    ),
    "link-in-body": ('<link rel="stylesheet" href="x.css">', "SEC106"),
    # SEC107 forms
    "form-with-action": ('<form action="https://evil.example/"><input name="q"></form>', "SEC107"),
    "plain-form": ('<form><input name="q"></form>', "SEC107"),
    "formaction": ('<button formaction="https://evil.example/">Go</button>', "SEC107"),
    "phq9-form-get": ('<form class="phq9" data-phq9><input type="radio" name="a"></form>', "SEC107"),
    "search-form-in-content": ('<form class="md-search__form" name="search"></form>', "SEC107"),
    # SEC108 outside resources
    "outside-img": ('<img src="https://evil.example/t.png" alt="">', "SEC108"),
    "scheme-relative-img": ('<img src="//evil.example/t.png" alt="">', "SEC108"),
    "backslash-img": ('<img src="/\\evil.example/t.png" alt="">', "SEC108"),
    "https-no-slashes": ('<img src="https:evil.example/t.png" alt="">', "SEC108"),
    "srcset": ('<img src="a.png" srcset="a.png 1x, https://evil.example/b.png 2x" alt="">', "SEC108"),
    "picture-source": ('<picture><source srcset="//evil.example/b.png"><img src="a.png" alt=""></picture>', "SEC108"),
    "ping": ('<a href="x/" ping="x/">x</a>', "SEC108"),
    "input-image": ('<input type="image" src="https://evil.example/t.png" alt="go">', "SEC108"),
    "table-background": ('<table background="https://evil.example/t.png"><tr><td>x</td></tr></table>', "SEC108"),
    # SEC109 styles
    "style-attribute": (
        '<div style="position:fixed;top:0;left:0;right:0;height:9em;background:#fff">x</div>',
        "SEC109",
    ),
    "style-element": ("<style>.md-banner{display:none}</style>", "SEC109"),
    "svg-style": ("<svg><style>.md-banner{display:none}</style></svg>", "SEC109"),
    # SEC110 addresses in CSS (reported with SEC109)
    "style-url": ('<p style="background:url(https://evil.example/t.png)">x</p>', "SEC110"),
    "style-escaped-url": ('<p style="background:\\75 rl(https://evil.example/t.png)">x</p>', "SEC110"),
    "style-image-set": ("<p style=\"background:image-set('//evil.example/t.png' 1x)\">x</p>", "SEC110"),
    "style-import": ("<style>@import url(https://evil.example/x.css);</style>", "SEC110"),
    "style-import-string": ('<style>@import "//evil.example/x.css";</style>', "SEC110"),
    # SEC111 target
    "target-blank": ('<a href="https://evil.example/" target="_blank">x</a>', "SEC111"),
    # SEC113 theme handles
    "data-md-component": ('<div data-md-component="announce">Fake banner</div>', "SEC113"),
    "theme-id": ('<input type="checkbox" id="__search">', "SEC113"),
    # Issue 20: crisis links match macros/data/crisis.yml and show their number (SEC124)
    "tel-not-in-data": ('<a href="tel:898">Call 898</a>', "SEC124"),
    "tel-text-other-number": ('<a href="tel:988">Call 898</a>', "SEC124"),
    "tel-text-no-number": ('<a href="tel:988">Call now</a>', "SEC124"),
    "tel-text-two-numbers": ('<a href="tel:988">Call 988 or 555-0100</a>', "SEC124"),
    "sms-unknown-keyword": ('<a href="sms:741741?&body=WIN">Text WIN to 741741</a>', "SEC124"),
    "sms-keyword-not-shown": ('<a href="sms:741741?&body=HOME">Text 741741</a>', "SEC124"),
    "tel-aria-label-differs": ('<a href="tel:988" aria-label="Call 898">Call 988</a>', "SEC124"),
    "tel-extra-parts": ('<a href="tel:988?x=1">Call 988</a>', "SEC124"),
    "tel-entity-spelt": ('<a href="&#116;el:898">Call 898</a>', "SEC124"),
    # SEC125 numbers in hover text
    "abbr-fake-number": ('<abbr title="Busy? Call 1-900-555-0100">Lifeline</abbr>', "SEC125"),
    "title-fake-number": ('<a href="../../faq/" title="Call 898">FAQ</a>', "SEC125"),
    # SEC126 duplicate ids, SEC127 tabindex
    "duplicate-id": ('<h2 id="crisis">A</h2><p id="crisis">B</p>', "SEC126"),
    "positive-tabindex": ('<a href="../../faq/" tabindex="2">FAQ</a>', "SEC127"),
    # SEC128 the theme's classes, SEC129 attributes that hide or lift
    "consent-class": ('<div class="md-consent__inner">Lifeline is busy</div>', "SEC128"),
    "header-class": ('<p class="md-header">x</p>', "SEC128"),
    "banner-class": ('<p class="trd-crisis__message">x</p>', "SEC128"),
    "unknown-class": ('<p class="sticky-bar">x</p>', "SEC128"),
    "popover": ('<div popover id="p">x</div>', "SEC129"),
    "hidden": ("<div hidden><p>x</p></div>", "SEC129"),
    "inert": ("<div inert><p>x</p></div>", "SEC129"),
    "autofocus": ('<input aria-label="x" autofocus>', "SEC129"),
    "role-dialog": ('<div role="dialog">x</div>', "SEC129"),
    # SEC130 crisis links inside something hidden
    "hidden-crisis-link": ('<div hidden><a href="tel:988">Call 988</a></div>', "SEC130"),
    "aria-hidden-crisis-link": ('<div aria-hidden="true"><a href="tel:988">Call 988</a></div>', "SEC130"),
    "closed-details-crisis-link": ('<details><summary>More</summary><a href="tel:988">Call 988</a></details>', "SEC130"),
    "sr-only-crisis-link": ('<span class="md-sr-only"><a href="tel:988">Call 988</a></span>', "SEC130"),
    # SEC131 end tags that close the theme's elements
    "early-article-end": ('</article><div data-md-component="announce">All is well</div>', "SEC131"),
    "early-main-end": ("</main><p>x</p>", "SEC131"),
}


@pytest.mark.parametrize("name", BAD, ids=list(BAD))
def test_bad_content_trips_its_rule(name: str) -> None:
    snippet, rule = BAD[name]
    found = check_page(document(snippet), "docs/x.md", policy=POLICY, url="treatments/ect/", csp=CSP)
    assert rule in {v.rule for v in found}, f"{name}: expected {rule}, got {[v.format() for v in found]}"
    violation = next(v for v in found if v.rule == rule)
    assert violation.src == "docs/x.md" and violation.element.startswith("<") and violation.fix
    assert violation.format().startswith("docs/x.md: <"), violation.format()


GOOD = {
    "outside-link": '<a href="https://www.nhs.uk/mental-health/">NHS</a>',
    "phone-and-text-links": '<a href="tel:988">Call 988</a> <a href="sms:988">Text 988</a> <a href="mailto:a@b.org">Mail</a>',
    "crisis-links-as-written": '<a href="tel:18664887386">Call 1-866-488-7386</a> <a href="tel:988">call 988 and press 1</a>'
    '<a href="sms:741741?&body=HOME">Text HOME to 741741</a> <a href="tel:131114">Call 13 11 14</a>',
    "citation-title-with-year-and-crisis-number": '<a href="#r" title="988 Suicide &amp; Crisis Lifeline, 2025">1</a>',
    "phq9-alert-hidden": '<div class="phq9__alert" role="alert" data-phq9-alert hidden><a href="tel:988">Call 988</a></div>',
    "open-details-crisis-link": '<details class="note" open><summary>More</summary><a href="tel:988">Call 988</a></details>',
    "own-image": '<img src="../../assets/favicon.svg" alt="">',
    "own-host-absolute": '<img src="https://trd-hub.github.io/assets/x.png" alt="">',
    "commented-out-script": "<!-- <script>alert(1)</script> -->",
    "escaped-script-in-code": "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>",
    "phq9-form": '<form class="phq9" data-phq9 method="dialog" autocomplete="off"><input type="radio" name="a"></form>',
    "own-page-script": '<script src="../../javascripts/phq9.js" defer></script>',
    "icon-svg": '<svg viewBox="0 0 24 24" xmlns="http://www.w3.org/2000/svg"><path d="M0 0h24v24H0z"/></svg>',
    "tabbed-ids": '<input type="radio" id="__tabbed_1_1" name="__tabbed_1">',
    "text-that-looks-like-code": "<p>Type javascript:alert(1) or onclick= in a sentence.</p>",
}


@pytest.mark.parametrize("name", GOOD, ids=list(GOOD))
def test_harmless_content_passes(name: str) -> None:
    assert rules(document(GOOD[name])) == []


def test_a_page_lists_every_violation_not_just_the_first() -> None:
    html = document('<img src="https://a.example/x.png" alt=""><p onclick="x()">y</p><iframe></iframe>')
    assert rules(html) == ["SEC102", "SEC104", "SEC108"]


def test_violations_say_where_they_are() -> None:
    url = "treatments/ect/"
    found = check_page(document(banner='<span style="display:none">x</span>'), "docs/x.md", policy=POLICY, url=url)
    assert [(v.rule, v.where) for v in found] == [("SEC109", "crisis banner")]
    found = check_page(document(head='<meta http-equiv="refresh" content="0">'), "docs/x.md", policy=POLICY, url=url)
    assert [(v.rule, v.where) for v in found] == [("SEC106", "page head")]


# ── The page as a whole: the CSP and referrer meta ─────────────────────────────
def test_page_without_csp_fails() -> None:
    assert "SEC112" in rules(document(csp_meta=""))


def test_csp_must_be_first_in_head() -> None:
    late = document(csp_meta="").replace(
        "<title>T</title>", f'<title>T</title><meta http-equiv="Content-Security-Policy" content="{CSP}">'
    )
    assert {"SEC106", "SEC112"} <= set(rules(late))


def test_csp_placeholder_left_unfilled_fails() -> None:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP_PLACEHOLDER}">'
    found = check_page(document(csp_meta=meta), "docs/x.md", policy=POLICY, url="")
    assert any(v.rule == "SEC112" and "not filled" in v.message for v in found)


def test_csp_that_differs_from_the_computed_one_fails() -> None:
    weak = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'unsafe-inline'\">"
    assert "SEC112" in rules(document(csp_meta=weak))


def test_referrer_policy_is_required() -> None:
    assert "SEC112" in rules(document().replace('<meta name="referrer" content="no-referrer">', ""))


def test_charset_must_stay_within_the_first_1024_bytes() -> None:
    assert "SEC112" in rules(
        document(csp_meta=f'<meta http-equiv="Content-Security-Policy" content="{CSP} {"x" * 1024}">')
    )


def test_inline_theme_script_must_match_this_pages_depth() -> None:
    """The storage script of a page two levels down names base "../.."; any other text is refused."""
    storage = POLICY.inline_scripts["material-storage"]
    right = document(theme=f"<script>{storage.replace('{base}', '../..')}</script>")
    assert rules(right, url="treatments/ect/") == []
    assert rules(right, url="faq/") == ["SEC101"]
    tampered = storage.replace("{base}", "../..").replace("localStorage", "sessionStorage")
    assert rules(document(theme=f"<script>{tampered}</script>")) == ["SEC101"]


@pytest.mark.parametrize(
    ("url", "base"), [("", "."), ("faq/", ".."), ("treatments/ect/", "../.."), ("a/b.html", ".."), ("404.html", "/")]
)
def test_page_base_is_the_one_material_writes(url: str, base: str) -> None:
    assert page_base(url, "/", template=url == "404.html") == base


def test_csp_hashes_each_theme_inline_script_as_written_on_the_page() -> None:
    content = csp.content(POLICY, ["../.."])
    for name, template in POLICY.inline_scripts.items():
        assert csp.script_hash(template.replace("{base}", "../..")) in content, name
    assert csp.script_hash(POLICY.inline_scripts["material-storage"].replace("{base}", ".")) not in content
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-src 'none'",
    ):
        assert directive in content
    assert "unsafe-inline" not in content.split("script-src", 1)[1].split(";", 1)[0]


def test_stylesheet_with_outside_import_fails() -> None:
    found = check_stylesheet(
        '@import "https://fonts.example/x.css"; a{background:url(data:image/png;base64,AA)}', "x.css", POLICY
    )
    assert [v.rule for v in found] == ["SEC110"]


# ── Files ───────────────────────────────────────────────────────────────────────
def test_symlinks_in_docs_are_found_files_and_folders(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "ok.md").write_text("x", encoding="utf-8")
    os.symlink("/etc/hostname", docs / "notes.md")
    os.symlink("/etc", docs / "sub" / "etc")
    found = find_symlinks([docs], tmp_path)
    assert [(v.rule, v.src) for v in found] == [("SEC114", "docs/notes.md"), ("SEC114", "docs/sub/etc")]


def test_files_from_outside_the_project_are_found(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text("x", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "in.md").write_text("x", encoding="utf-8")
    found = outside_files([project / "in.md", outside], [project], project)
    assert [v.rule for v in found] == ["SEC115"]


# ── Jinja in page text ──────────────────────────────────────────────────────────
ESCAPES = [
    "{{ cycler.__init__.__globals__ }}",
    "{{ ''.__class__.__mro__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ lipsum.__globals__['os'] }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ (1).__class__.__base__.__subclasses__() }}",
    "{{ config.theme.get_env().from_string('x') }}",
    "{{ plugin.on_config(config) }}",
    "{{ config.extra.crisis.update({'call': '555'}) }}",
    "{{ ''|attr('__class__') }}",
    "{{ env.from_string('x') }}",
]


class _Theme:
    def get_env(self) -> Environment:
        return Environment()


class _Plugin:
    def on_config(self, config: object) -> None:  # mkdocs-macros would build an unsandboxed env here
        raise AssertionError("a page reached the plugin")


@pytest.mark.parametrize("template", ESCAPES)
def test_jinja_in_pages_cannot_reach_python_internals(template: str) -> None:
    sandbox = sandboxed(Environment())
    config = {"theme": _Theme(), "extra": {"crisis": {"call": "988"}}}
    with pytest.raises(SecurityError):
        sandbox.from_string(template).render(config=config, plugin=_Plugin(), env=sandbox)
    assert config["extra"]["crisis"]["call"] == "988"


@pytest.mark.parametrize("template", ESCAPES)
def test_the_extension_makes_a_plain_environment_the_same_sandbox(template: str) -> None:
    """Zensical builds a plain Environment per page; its adapter lists SandboxExtension in it."""
    env = Environment(extensions=[SANDBOX_EXTENSION], comment_start_string="{#jinja", comment_end_string="jinja#}")
    assert isinstance(env, PageSandbox) and env.sandboxed and env.comment_start_string == "{#jinja"
    config = {"theme": _Theme(), "extra": {"crisis": {"call": "988"}}}
    with pytest.raises(SecurityError):
        env.from_string(template).render(config=config, plugin=_Plugin(), env=env)
    assert config["extra"]["crisis"]["call"] == "988"
    assert env.from_string("{{ cite('x') }} {{ range(3) | list }}").render(cite=lambda s: f"[{s}]") == "[x] [0, 1, 2]"
    assert isinstance(sandboxed(Environment(extensions=[SandboxExtension])), PageSandbox)


def test_jinja_sandbox_error_names_the_rule_and_the_fix() -> None:
    with pytest.raises(SecurityError, match=r"SEC116 jinja-sandbox: a page cannot use '__class__'.*Fix: Call a macro"):
        PageSandbox().from_string("{{ ''.__class__ }}").render()


def test_jinja_sandbox_keeps_what_pages_use() -> None:
    env = Environment(comment_start_string="{#jinja", comment_end_string="jinja#}")
    env.globals["cite"] = lambda source: f"[{source}]"
    sandbox = sandboxed(env)
    text = "{{ cite('rush-2005') }} {#jinja note jinja#}{{ page.meta.title }} {{ extra.items() | list | length }}"
    assert sandbox.from_string(text).render(page={"meta": {"title": "ECT"}}, extra={"a": 1}) == "[rush-2005] ECT 1"


def test_policy_core_imports_nothing_from_mkdocs() -> None:
    """Other engines' builds are checked with the same rules (python -m tools.policy site/)."""
    core = Path(__file__).resolve().parents[2] / "tools" / "policy"
    for source in sorted(core.glob("*.py")):
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from) mkdocs\b", text, re.MULTILINE), source.name


def test_sandbox_reports_refusals_to_the_build_before_raising() -> None:
    heard: list[str] = []
    sandbox = PageSandbox()
    sandbox.on_refused = heard.append
    with pytest.raises(SecurityError):
        sandbox.from_string("{{ ''.__class__ }}").render()
    # Jinja's compile-time constant folding may try the same lookup first: one message, maybe repeated.
    assert len(set(heard)) == 1 and heard[0].startswith("SEC116")
