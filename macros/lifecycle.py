"""What every engine's adapter does, in the same order, so the pages come out the same.

- ``check_config``: once per build (per page under Zensical): the copies ``make sync``
  writes must match crisis.yml: the banner data the theme reads (static ``extra.crisis``)
  and the crisis search phrases in the search script (docs/javascripts/search.js).
- ``bind``: the catalogue's macros as the page calls them: ``data`` and the page's
  context filled in, the author's arguments passed on.
- ``start_page``: a fresh ``PageContext`` for one page render, and the theme-facing
  facts written into the page's front matter (``meta``, the engine's own dict, so the
  writes reach the theme and the search index): search aliases as ``tags`` and the
  page's docs/ path as ``docs_path`` (the "Edit this page" link under every engine).
- ``finish_page``: after the macros ran: a page that cites must list its references;
  returns the "About this page" aside, which the adapter appends to the page's Markdown
  (front matter never passes through Jinja, so the aside is added after the macros).

Nothing here knows an engine: adapters pass plain values in.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, MutableMapping
from pathlib import Path
from typing import Any

from macros import _data, citations, crisis, page_meta, search
from macros.catalogue import MACROS, Macro
from macros.context import PageContext, SiteSettings
from macros.errors import DataError


def check_config(extra: Mapping[str, Any] | None, data: _data.Data, docs_dir: Path | None = None) -> None:
    """The theme reads the banner from static ``extra.crisis``, and the search script its
    crisis phrases from a generated block (checked when ``docs_dir`` is given): both must
    match crisis.yml."""
    if (extra or {}).get("crisis") != crisis.banner_context(data):
        raise DataError("mkdocs.yml: extra.crisis is out of date with macros/data/crisis.yml. Fix: run make sync")
    if docs_dir is None:
        return
    generated = (
        (crisis.SEARCH_SCRIPT, crisis.search_script_statement(data), "the crisis search phrases"),
        (crisis.COUNTRY_SCRIPT, crisis.countries_statement(data), "the crisis lines by country"),
    )
    for name, expected, what in generated:
        script = docs_dir / name
        found = crisis.generated_block(script.read_text(encoding="utf-8")) if script.is_file() else None
        if found != expected:
            raise DataError(f"docs/{name}: {what} are out of date with macros/data/crisis.yml. Fix: run make sync")


def bind(data: _data.Data, current_page: Callable[[], PageContext]) -> dict[str, Macro]:
    """Every macro by name, called with ``data`` and the context of the page rendering now."""

    def bound(func: Macro) -> Macro:
        @functools.wraps(func)
        def call(*args: Any, **kwargs: Any) -> str:
            return func(data, current_page(), *args, **kwargs)

        return call

    return {name: bound(func) for name, func in MACROS.items()}


def start_page(
    data: _data.Data,
    site: SiteSettings,
    *,
    src_uri: str,
    url: str | None,
    meta: MutableMapping[str, Any],
    engine_resolves_html: bool = False,
) -> PageContext:
    """The context of one page render; writes the page's search tags and docs path into ``meta``.

    ``engine_resolves_html``: the engine rewrites addresses in raw HTML like Markdown links
    (Zensical; see ``PageContext.href_to``)."""
    page = PageContext(site=site, src_uri=src_uri, url=url, meta=meta, engine_resolves_html=engine_resolves_html)
    tags = search.search_tags(data, page)
    if tags:
        meta["tags"] = tags
    if src_uri:
        meta["docs_path"] = src_uri
    return page


def finish_page(data: _data.Data, page: PageContext) -> str:
    """End-of-page checks; the Markdown to append to the page ("" when none)."""
    citations.check_listed(page)
    return page_meta.about_this_page(data, page)
