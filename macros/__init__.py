"""TRD Hub macros: shared facts from macros/data rendered into pages.

mkdocs-macros loads this package (``module_name: macros``) and calls the three
functions below; each hands over to the mkdocs-macros adapter. The macros themselves
(``macros.catalogue``) import nothing from any engine.
"""

from __future__ import annotations

from macros.adapters import mkdocs_macros as _adapter


def define_env(env) -> None:
    """Validate every data file, then bind each macro to the page being rendered."""
    _adapter.define_env(env)


def on_pre_page_macros(env) -> None:
    _adapter.on_pre_page_macros(env)


def on_post_page_macros(env) -> None:
    _adapter.on_post_page_macros(env)
