"""The macro core, called directly: real data, and a ``PageContext`` per test.

No engine and no fake of one: a macro is ``f(data, page, *args)``, so a test makes the
context a page render would get and calls the function.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from macros import _data
from macros.context import PageContext, SiteSettings
from tools.site import ROOT, mkdocs_config

DATA = _data.load(_data.DATA_DIR, ROOT / "docs")
EXTRA = mkdocs_config()["extra"]
SITE = SiteSettings.from_extra(EXTRA)  # the real settings, as the build reads them


def page_at(src_uri: str = "treatments/esketamine.md", meta: dict | None = None) -> PageContext:
    """The context of one render of the page ``src_uri`` (directory URLs, as mkdocs.yml builds them)."""
    stem = src_uri.removesuffix(".md")
    url = "" if stem == "index" else stem.removesuffix("/index") + "/"
    return PageContext(src_uri=src_uri, url=url, meta=meta or {}, site=SITE)


@pytest.fixture
def data() -> _data.Data:
    return DATA


@pytest.fixture
def page() -> PageContext:
    """A fresh render of docs/treatments/esketamine.md."""
    return page_at()


@pytest.fixture
def new_page() -> Callable[..., PageContext]:
    return page_at
