"""TRD Hub macros: shared facts from macros/data rendered into pages.

mkdocs-macros loads this package (``module_name: macros``) and calls the three
functions below; each hands over to the mkdocs-macros adapter. The macros themselves
(``macros.catalogue``) import nothing from any engine.

Live preview: mkdocs-macros imports this package once per process, so ``make serve``
would keep running the macros as they were when it started. Each build therefore
checks the modification times of ``macros/**/*.py`` and, when one changed, imports
the core and the adapter afresh (all of them, so no module keeps a stale reference
to another). This file itself is not reloaded: edit it, and restart ``make serve``.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

_HERE = Path(__file__).resolve().parent
_ADAPTER = "macros.adapters.mkdocs_macros"
_loaded: tuple[tuple[str, int], ...] = ()


def _stamp() -> tuple[tuple[str, int], ...]:
    return tuple(
        sorted((str(path), path.stat().st_mtime_ns) for path in _HERE.rglob("*.py") if path.name != "__init__.py")
    )


def _adapter() -> ModuleType:
    """The adapter module, imported afresh with the whole core when a core file changed."""
    global _loaded
    stamp = _stamp()
    if _loaded and stamp != _loaded:
        package = sys.modules[__name__]
        for name in [n for n in sys.modules if n.startswith(f"{__name__}.")]:
            del sys.modules[name]
            child = name[len(__name__) + 1 :]
            if "." not in child and hasattr(package, child):
                delattr(package, child)  # else `from macros import x` finds the old module here
    _loaded = stamp
    return importlib.import_module(_ADAPTER)


def define_env(env) -> None:
    """Validate every data file, then bind each macro to the page being rendered."""
    _adapter().define_env(env)


def on_pre_page_macros(env) -> None:
    sys.modules[_ADAPTER].on_pre_page_macros(env)


def on_post_page_macros(env) -> None:
    sys.modules[_ADAPTER].on_post_page_macros(env)
