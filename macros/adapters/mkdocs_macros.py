"""Adapter for mkdocs-macros (``plugins: - macros: module_name: macros`` in mkdocs.yml).

mkdocs-macros calls ``define_env(env)`` once per build and ``on_pre_page_macros(env)`` /
``on_post_page_macros(env)`` around each page; ``env`` is the plugin. This adapter:

- loads and validates the data once per build (``define_env``), and checks that the
  copies ``make sync`` writes (the banner's static ``extra.crisis``, the search script's
  crisis phrases) match it;
- binds every macro of ``macros.catalogue`` with ``env.macro``, so a call from a page
  receives the data and the context of the page being rendered;
- before a page: builds a fresh ``PageContext`` from ``env.page`` (its ``file.src_uri``,
  ``url`` and ``meta``) and writes the search aliases into ``page.meta["tags"]``;
- after a page: checks that a page that cites lists its references, and appends the
  "About this page" aside (review dates, report link) to the page's Markdown.

It reads ``env`` by duck typing and imports nothing from MkDocs or mkdocs-macros. A
contributor error (``MacroError``, ``DataError``) is logged with its fix and stops the
build, as mkdocs-macros does for an error inside a page with ``on_error_fail: true``.
"""

from __future__ import annotations

import functools
import logging
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from macros import _data, citations, crisis, page_meta, search
from macros.catalogue import MACROS, Macro
from macros.context import PageContext, SiteSettings
from macros.errors import DataError, MacroError

# mkdocs prints records of loggers under "mkdocs."; "macros" is how mkdocs-macros tags its own.
LOG = logging.getLogger("mkdocs.plugins.macros")
_ADAPTERS: weakref.WeakKeyDictionary[Any, Adapter] = weakref.WeakKeyDictionary()


@contextmanager
def _fail_build_on_contributor_errors() -> Iterator[None]:
    """Log a contributor error as one clear message and stop the build (no Python traceback)."""
    try:
        yield
    except (MacroError, DataError) as error:
        LOG.error(str(error))
        raise SystemExit(1) from None


class Adapter:
    """One build: the data, the site settings, and the context of the page being rendered."""

    def __init__(self, env: Any) -> None:
        self.env = env
        conf = env.conf
        docs_dir = conf.get("docs_dir")
        self.docs_dir = Path(docs_dir) if docs_dir else None
        self.data = _data.load_current(self.docs_dir)
        self.site = SiteSettings.from_extra(conf.get("extra"))
        self.page = PageContext(site=self.site)  # outside any page until the first one starts

    def check_static_config(self) -> None:
        """The theme reads the banner from static ``extra.crisis``, and the search script its
        crisis phrases from a generated block: both must match crisis.yml."""
        if self.env.conf.get("extra", {}).get("crisis") != crisis.banner_context(self.data):
            raise DataError("mkdocs.yml extra.crisis is out of date with macros/data/crisis.yml: run make sync")
        if self.docs_dir is None:
            return
        script = self.docs_dir / crisis.SEARCH_SCRIPT
        found = crisis.generated_block(script.read_text(encoding="utf-8")) if script.is_file() else None
        if found != crisis.search_phrases_statement(self.data):
            raise DataError(
                f"docs/{crisis.SEARCH_SCRIPT}: the crisis search phrases are out of date with "
                "macros/data/crisis.yml: run make sync"
            )

    def bind(self) -> None:
        for name, func in MACROS.items():
            self.env.macro(self._bound(func), name)

    def _bound(self, func: Macro) -> Macro:
        @functools.wraps(func)
        def call(*args: Any, **kwargs: Any) -> str:
            return func(self.data, self.page, *args, **kwargs)

        return call

    def start_page(self) -> None:
        page = self.env.page
        meta = page.meta if page.meta is not None else {}
        file = getattr(page, "file", None)
        self.page = PageContext(
            src_uri=getattr(file, "src_uri", "") or "",
            url=getattr(page, "url", None),
            meta=meta,
            site=self.site,
        )
        tags = search.search_tags(self.data, self.page)
        if tags and page.meta is not None:
            page.meta["tags"] = tags

    def finish_page(self) -> None:
        citations.check_listed(self.page)
        self._keep_rendered_title()
        aside = page_meta.about_this_page(self.page)
        if aside:  # after the macros ran: front matter never passes through Jinja
            self.env.markdown = self.env.markdown.rstrip("\n") + "\n\n" + aside

    def _keep_rendered_title(self) -> None:
        """A title may print a crisis number through a macro (docs/988.md). mkdocs-macros
        renders ``page.title``, but Material's <title> reads ``page.meta.title``: copy the
        rendered title back, so the number is still typed only in crisis.yml."""
        page = self.env.page
        meta = getattr(page, "meta", None)
        if isinstance(meta, dict) and "{{" in str(meta.get("title", "")) and "{{" not in str(page.title):
            meta["title"] = page.title


def define_env(env: Any) -> None:
    with _fail_build_on_contributor_errors():
        adapter = Adapter(env)
        adapter.check_static_config()
        adapter.bind()
        _ADAPTERS[env] = adapter


def on_pre_page_macros(env: Any) -> None:
    with _fail_build_on_contributor_errors():
        _ADAPTERS[env].start_page()


def on_post_page_macros(env: Any) -> None:
    with _fail_build_on_contributor_errors():
        _ADAPTERS[env].finish_page()
