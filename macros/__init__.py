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

Live preview: mkdocs-macros imports this package once per process, so ``make serve``
would keep running the macros as they were when it started. Each mkdocs-macros build
therefore checks the modification times of ``macros/**/*.py`` and, when one changed,
imports the core and the adapter afresh (all of them, so no module keeps a stale
reference to another). This file itself is not reloaded: edit it, and restart
``make serve``.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

_HERE = Path(__file__).resolve().parent
_MKDOCS_MACROS = "macros.adapters.mkdocs_macros"
_ZENSICAL = "macros.adapters.zensical"
_loaded: tuple[tuple[str, int], ...] = ()


def _stamp() -> tuple[tuple[str, int], ...]:
    return tuple(
        sorted((str(path), path.stat().st_mtime_ns) for path in _HERE.rglob("*.py") if path.name != "__init__.py")
    )


def _fresh_mkdocs_macros_adapter() -> ModuleType:
    """The mkdocs-macros adapter, imported afresh with the whole core when a core file changed."""
    global _loaded
    stamp = _stamp()
    package = sys.modules.get(__name__)
    if _loaded and stamp != _loaded and package is not None:
        for name in [n for n in sys.modules if n.startswith(f"{__name__}.")]:
            del sys.modules[name]
            child = name[len(__name__) + 1 :]
            if "." not in child and hasattr(package, child):
                delattr(package, child)  # else `from macros import x` finds the old module here
    _loaded = stamp
    return importlib.import_module(_MKDOCS_MACROS)


def _adapter(env) -> ModuleType:
    """mkdocs-macros hands over its MkDocs plugin, which runs page events (``on_page_markdown``);
    Zensical's ``MacroEnv`` is a plain object that has none (and re-runs this file per page)."""
    if callable(getattr(env, "on_page_markdown", None)):
        return _fresh_mkdocs_macros_adapter()
    return importlib.import_module(_ZENSICAL)


def define_env(env) -> None:
    """Validate every data file, then bind each macro to the page being rendered."""
    _adapter(env).define_env(env)


def on_pre_page_macros(env) -> None:  # mkdocs-macros only
    sys.modules[_MKDOCS_MACROS].on_pre_page_macros(env)


def on_post_page_macros(env) -> None:  # mkdocs-macros only
    sys.modules[_MKDOCS_MACROS].on_post_page_macros(env)
