"""The Zensical adapter, as Zensical 0.0.73 drives it (zensical/extensions/macros.py, context.py).

Zensical execs macros/__init__.py for every page and calls ``define_env(env)`` with the page
already set; it has no page-end hook, so the adapter's Markdown extension ends the page
right after Zensical's macros preprocessor. ``ZensicalEnv`` and ``RenderingContext`` below are
the parts of Zensical's objects the adapter touches, nothing more; the real engine runs in
`make canary`, which builds the whole hub with it.
"""

from __future__ import annotations

import ast
import re
from typing import Any

import markdown
import pytest
from jinja2 import Environment
from jinja2.exceptions import SecurityError
from markdown.preprocessors import Preprocessor

import macros
from macros.adapters import mkdocs_macros, zensical
from macros.errors import DataError, MacroError
from tests.macros.conftest import EXTRA
from tools.policy.jinja import SANDBOX_EXTENSION, PageSandbox
from tools.site import ROOT


class ZensicalEnv:
    """Zensical's MacroEnv: conf, page, macro(fn, name)."""

    def __init__(self, page: Any) -> None:
        self.conf = {"root_dir": str(ROOT), "docs_dir": "docs", "extra": EXTRA}
        self.page = page
        self.macros: dict[str, Any] = {}

    def macro(self, fn: Any, name: str | None = None) -> Any:
        self.macros[name or fn.__name__] = fn
        return fn


class RenderingContext(Preprocessor):
    """Zensical's ContextPreprocessor: registered as "rendering_context", holds the page."""

    def __init__(self, md: markdown.Markdown, page: Any) -> None:
        super().__init__(md)
        self.page = page

    def run(self, lines: list[str]) -> list[str]:
        return lines


class Page:
    """Zensical's Page: path inside docs/, url, meta (front matter, read from JSON: dates are text)."""

    def __init__(self, path: str, url: str, **meta: Any) -> None:
        self.path, self.url = path, url
        self.meta = {"sources_checked": "2026-11-01", "clinical_review": "pending", "review_due": "2027-05-01", **meta}


def _render(page: Page, body: str) -> tuple[ZensicalEnv, str]:
    """One page as Zensical renders it: define_env, the macros (here: called directly), the Markdown."""
    env = ZensicalEnv(page)
    macros.define_env(env)
    text = re.sub(r"\{\{ (\w+)\((.*?)\) \}\}", lambda m: env.macros[m[1]](*ast.literal_eval(f"[{m[2]}]")), body)
    md = markdown.Markdown(extensions=["md_in_html", zensical.makeExtension()])
    md.preprocessors.register(RenderingContext(md, page), "rendering_context", 0)
    return env, md.convert(text)


def test_env_picks_its_adapter_by_what_it_can_do() -> None:
    class MkDocsMacrosPlugin:
        def on_page_markdown(self, markdown: str, **kwargs: Any) -> str:
            return markdown

    assert macros._adapter(MkDocsMacrosPlugin()) is mkdocs_macros
    assert macros._adapter(ZensicalEnv(None)) is zensical


def test_links_come_from_the_page_path_and_citations_restart_per_page() -> None:
    for path, url, glossary in (
        ("treatments/ect.md", "treatments/ect/", "../glossary.md"),
        ("faq.md", "faq/", "glossary.md"),
    ):
        _env, html = _render(Page(path, url), '{{ term("remission") }} {{ cite("rush-2006") }}\n\n{{ references() }}')
        assert f'href="{glossary}#remission"' in html, html
        assert '">1</a>]</sup>' in html, "each page numbers its citations from 1"


def test_the_page_ends_with_the_about_aside_from_iso_text_dates() -> None:
    _env, html = _render(Page("faq.md", "faq/"), "Some text.")
    assert html.rstrip().endswith("</aside>")
    assert '<time datetime="2026-11-01">November 1, 2026</time>' in html
    assert "page=faq.md" in html


def test_raw_html_links_are_markdown_links_which_zensical_rewrites() -> None:
    """Zensical rewrites every address in a page against its source file, raw HTML too: the
    aside's "How review works" link written as MkDocs' URL (../#review) was published as
    ../../#review on about/evidence/, a broken anchor; the PHQ-9 crisis link climbed one
    folder too many (hidden only because a site at the root of its host clamps it)."""
    _env, html = _render(Page("about/evidence.md", "about/evidence/"), "Text.")
    assert '<a href="index.md#review">How review works</a>' in html
    _env, html = _render(
        Page("tracking/measurement-based-care.md", "tracking/measurement-based-care/"), "{{ phq9_form() }}"
    )
    assert '<a href="../get-help-now.md">crisis lines in other countries</a>' in html


def test_search_tags_and_docs_path_reach_the_page_meta() -> None:
    page = Page("treatments/esketamine.md", "treatments/esketamine/")
    _render(page, "Text.")
    assert "Spravato" in page.meta["tags"]
    assert page.meta["docs_path"] == "treatments/esketamine.md"


def test_citing_without_references_stops_the_page_naming_the_fix() -> None:
    with pytest.raises(MacroError, match=r"docs/faq.md: cites 1 source\(s\) but has no reference list"):
        _render(Page("faq.md", "faq/"), '{{ cite("rush-2006") }}')


class MacrosSettings:
    """Zensical's MacrosConfig, the part the adapter touches."""

    def __init__(self) -> None:
        self.j2_extensions: list[str] = []


class ZensicalMacros(Preprocessor):
    """Zensical's macros preprocessor (priority 35): builds the page's Jinja environment with
    the j2_extensions its settings hold when it runs, and renders the page in it."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.config = MacrosSettings()
        self.env: Environment | None = None

    def run(self, lines: list[str]) -> list[str]:
        self.env = Environment(extensions=self.config.j2_extensions)
        return self.env.from_string("\n".join(lines)).render().split("\n")


def test_zensicals_page_environment_is_built_as_the_sandbox() -> None:
    page = Page("faq.md", "faq/")
    md = markdown.Markdown(extensions=[zensical.makeExtension()])
    md.preprocessors.register(RenderingContext(md, page), "rendering_context", 0)
    md.preprocessors.register(ZensicalMacros(md), "macros", 35)
    with pytest.raises(SecurityError, match="SEC116"):
        md.convert("{{ cycler.__init__.__globals__.os }}")
    assert isinstance(md.preprocessors["macros"].env, PageSandbox)
    assert md.preprocessors["macros"].config.j2_extensions == [SANDBOX_EXTENSION]
    assert zensical.SANDBOX_EXTENSION == SANDBOX_EXTENSION, "the adapter names the extension tools/policy defines"


def test_under_mkdocs_the_extension_does_nothing() -> None:
    md = markdown.Markdown(extensions=[zensical.makeExtension()])
    assert md.convert("Text.") == "<p>Text.</p>"


def test_a_stale_banner_block_stops_the_page() -> None:
    env = ZensicalEnv(Page("faq.md", "faq/"))
    env.conf["extra"] = {**EXTRA, "crisis": {**EXTRA["crisis"], "call": "999"}}
    with pytest.raises(
        DataError, match=r"extra\.crisis is out of date with macros/data/crisis\.yml\. Fix: run make sync"
    ):
        macros.define_env(env)
