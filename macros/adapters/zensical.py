"""Adapter for Zensical's macros extension (it reads the same ``plugins: - macros:`` block).

Zensical re-implements mkdocs-macros as a Python-Markdown preprocessor (priority 35) and
differs from it in ways this adapter absorbs:

- **Per page, not per build.** For every page Zensical execs ``macros/__init__.py`` by
  file and calls ``define_env(env)`` with ``env.page`` already set (``path`` inside docs/,
  ``url``, ``meta``). So ``define_env`` is the page start: it builds the page's context
  (``macros.lifecycle.start_page``) and binds the macros to it. The data is loaded once
  per build all the same (``_data.load_current`` is cached).
- **No page-end hook** (no ``on_post_page_macros``). This module is also a Markdown
  extension, listed in mkdocs.yml ``markdown_extensions`` as ``macros.adapters.zensical``:
  its preprocessor runs right after Zensical's macros (priority 34), finds Zensical's
  page through Zensical's ``rendering_context`` preprocessor, runs the page-end checks
  (``macros.lifecycle.finish_page``) and appends the "About this page" aside. Under
  MkDocs and ProperDocs there is no ``rendering_context``: the preprocessor does nothing.
- **Every address in the page is rewritten**, raw HTML included, against the page's
  source file as Markdown links are (MkDocs leaves raw HTML as written): the page's
  context says so, and macros link from raw HTML with ``PageContext.href_to``.
- **Its Jinja environment is built per page**, inside its macros preprocessor, where the
  MkDocs hook that sandboxes mkdocs-macros' environment cannot reach. Right before it
  (priority 36), this extension adds Jinja's sandbox to that page's settings
  (``j2_extensions``: tools/policy/jinja.py ``SandboxExtension``), so page text gets the
  same sandbox under both engines.
- **Front matter arrives as JSON** (dates as "2026-11-21" text; the core reads both),
  and writes to ``env.conf`` never reach the theme (the theme reads static ``extra``).

Like every adapter it reads ``env`` by duck typing and imports nothing from Zensical.
A contributor error (``MacroError``, ``DataError``) propagates: Zensical stops the build
and prints its message.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

if TYPE_CHECKING:
    from macros import _data
    from macros.context import PageContext

# The core is imported inside the functions, not here: Python-Markdown loads this extension
# under MkDocs too (where it does nothing), and a mistake in the core's Python must reach the
# contributor as the one PY001 line of macros/__init__.py, not fail every page's Markdown.

# Imported by name, not from tools: Jinja imports it when Zensical builds the environment.
SANDBOX_EXTENSION = "tools.policy.jinja.SandboxExtension"

# Each page whose macros ran and whose end has not: Zensical's page -> (data, context).
_STARTED: weakref.WeakKeyDictionary[Any, tuple[_data.Data, PageContext]] = weakref.WeakKeyDictionary()


def define_env(env: Any) -> None:
    """Start the page Zensical is rendering and bind every macro to it."""
    from macros import _data, lifecycle
    from macros.context import PageContext, SiteSettings

    conf = env.conf
    root = Path(conf.get("root_dir") or ".")
    docs_dir = (root / conf.get("docs_dir", "docs")).resolve()
    data = _data.load_current(docs_dir)
    lifecycle.check_config(conf.get("extra"), data, docs_dir)
    site = SiteSettings.from_extra(conf.get("extra"))
    page = env.page
    if page is None:  # Markdown rendered outside any page: no page state to keep
        context = PageContext(site=site)
    else:
        src_uri = str(page.path).replace("\\", "/")
        # Zensical rewrites every relative address in the page, raw HTML too, as it does
        # Markdown links: macros write raw-HTML links as Markdown links here (PageContext.href_to).
        context = lifecycle.start_page(
            data, site, src_uri=src_uri, url=page.url or "", meta=page.meta, engine_resolves_html=True
        )
        _STARTED[page] = (data, context)
    for name, func in lifecycle.bind(data, lambda: context).items():
        env.macro(func, name)


class _FinishPage(Preprocessor):
    """Right after Zensical's macros: the page-end checks, then the aside at the end of the page."""

    def run(self, lines: list[str]) -> list[str]:
        if "rendering_context" not in self.md.preprocessors:  # not Zensical
            return lines
        started = _STARTED.pop(self.md.preprocessors["rendering_context"].page, None)
        if started is None:  # macros did not run on this page (or it already ended)
            return lines
        from macros import lifecycle

        aside = lifecycle.finish_page(*started)
        if not aside:
            return lines
        while lines and not lines[-1].strip():
            lines = lines[:-1]
        return [*lines, "", *aside.splitlines()]


class _Sandbox(Preprocessor):
    """Right before Zensical's macros: its page's Jinja environment is built as a sandbox.

    Zensical reads ``j2_extensions`` from this page's copy of the macros settings (a
    dataclass made per Markdown instance) when it builds the environment, after this runs.
    """

    def run(self, lines: list[str]) -> list[str]:
        if "rendering_context" not in self.md.preprocessors or "macros" not in self.md.preprocessors:
            return lines  # not Zensical, or Zensical without macros
        settings = self.md.preprocessors["macros"].config
        if SANDBOX_EXTENSION not in settings.j2_extensions:
            settings.j2_extensions = [*settings.j2_extensions, SANDBOX_EXTENSION]
        return lines


class FinishPageExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Zensical's macros preprocessor has priority 35; higher runs first.
        md.preprocessors.register(_Sandbox(md), "trd_sandbox", 36)
        md.preprocessors.register(_FinishPage(md), "trd_finish_page", 34)


def makeExtension(**kwargs: Any) -> FinishPageExtension:
    return FinishPageExtension(**kwargs)
