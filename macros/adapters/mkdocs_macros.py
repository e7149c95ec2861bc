"""Adapter for mkdocs-macros (``plugins: - macros: module_name: macros`` in mkdocs.yml).

mkdocs-macros calls ``define_env(env)`` once per build and ``on_pre_page_macros(env)`` /
``on_post_page_macros(env)`` around each page; ``env`` is the plugin. This adapter:

- loads and validates the data once per build (``define_env``), and checks that the
  copies ``make sync`` writes (the banner's static ``extra.crisis``, the search script's
  crisis phrases) match it;
- binds every macro of ``macros.catalogue`` with ``env.macro``, so a call from a page
  receives the data and the context of the page being rendered;
- before a page: builds a fresh ``PageContext`` from ``env.page`` (its ``file.src_uri``,
  ``url`` and ``meta``); ``macros.lifecycle.start_page`` writes the search aliases and
  the page's docs/ path into ``page.meta``;
- after a page: checks that a page that cites lists its references, and appends the
  "About this page" aside (review dates, report link) to the page's Markdown.

Each step is ``macros.lifecycle``'s, shared with the Zensical adapter (``zensical.py``).

It reads ``env`` by duck typing and imports nothing from MkDocs or mkdocs-macros. A
contributor error (``MacroError``, ``DataError``) is logged with its fix and stops the
build, as mkdocs-macros does for an error inside a page with ``on_error_fail: true``.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from macros import _data, lifecycle
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
        lifecycle.check_config(self.env.conf.get("extra"), self.data, self.docs_dir)

    def bind(self) -> None:
        for name, func in lifecycle.bind(self.data, lambda: self.page).items():
            self.env.macro(func, name)

    def start_page(self) -> None:
        page = self.env.page
        if page.meta is None:
            page.meta = {}
        file = getattr(page, "file", None)
        self.page = lifecycle.start_page(
            self.data,
            self.site,
            src_uri=getattr(file, "src_uri", "") or "",
            url=getattr(page, "url", None),
            meta=page.meta,
        )

    def finish_page(self) -> None:
        self._keep_rendered_title()
        aside = lifecycle.finish_page(self.page)
        if aside:  # after the macros ran: front matter never passes through Jinja
            self.env.markdown = self.env.markdown.rstrip("\n") + "\n\n" + aside

    def _keep_rendered_title(self) -> None:
        """A title may print a crisis number through a macro (docs/988.md). mkdocs-macros
        renders ``page.title``, but Material's <title> reads ``page.meta.title``: copy the
        rendered title back, so the number is still typed only in crisis.yml. (Zensical
        does this itself.)"""
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
