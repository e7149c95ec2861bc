"""TRD Hub macros: shared facts from macros/data rendered into pages.

Both engines load this file through ``plugins: - macros: module_name: macros``:

- mkdocs-macros (MkDocs, ProperDocs) calls ``define_env`` once per build and the two
  page hooks around each page;
- Zensical execs this file for every page and calls only ``define_env``, with the page
  already set (it has no page hooks).

Each function hands over to the engine's adapter (``macros/adapters/``), chosen by what
``env`` can do. The macros themselves (``macros.catalogue``) import nothing from any
engine. Absolute imports only, and no work at import time: Zensical runs this file
outside the package.
"""

from __future__ import annotations

from types import ModuleType

from macros.adapters import mkdocs_macros, zensical


def _adapter(env) -> ModuleType:
    """mkdocs-macros hands over its MkDocs plugin, which runs page events (``on_page_markdown``);
    Zensical's ``MacroEnv`` is a plain object that has none."""
    return mkdocs_macros if callable(getattr(env, "on_page_markdown", None)) else zensical


def define_env(env) -> None:
    """Validate every data file, then bind each macro to the page being rendered."""
    _adapter(env).define_env(env)


def on_pre_page_macros(env) -> None:  # mkdocs-macros only
    mkdocs_macros.on_pre_page_macros(env)


def on_post_page_macros(env) -> None:  # mkdocs-macros only
    mkdocs_macros.on_post_page_macros(env)
