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

A mistake in that Python code (a syntax error, a bad import) must not stop live preview:
MkDocs holds every page request after a failed build, so the browser would hang. It is
logged as one line with the file and line (``macros/glossary.py:12: PY001: ...``), pages
render without macro output, and the next save rebuilds with the fixed code. The error is
logged at ERROR, so the strict build (``make build``, ``make check``, CI) still fails.
"""

from __future__ import annotations

import importlib
import logging
import re
import sys
import traceback
from pathlib import Path
from types import ModuleType

_HERE = Path(__file__).resolve().parent
_MKDOCS_MACROS = "macros.adapters.mkdocs_macros"
_ZENSICAL = "macros.adapters.zensical"
_loaded: tuple[tuple[str, int], ...] = ()
_code_error: str | None = None  # set while the macros' own Python code fails to import
# mkdocs prints records of loggers under "mkdocs."; the adapter logs under the same name.
_LOG = logging.getLogger("mkdocs.plugins.macros")
CODE_FIX = "Correct the Python on that line; make serve rebuilds when you save, make check shows it again"


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


def _describe_code_error(error: BaseException) -> str:
    """One line for a mistake in the macros' Python code: 'macros/x.py:12: PY001: ... Fix: ...'."""
    root = _HERE.parent
    if isinstance(error, SyntaxError) and error.filename:
        path, line, message = error.filename, error.lineno, f"SyntaxError: {error.msg}"
    else:
        ours = [
            f for f in traceback.extract_tb(error.__traceback__) if Path(f.filename).resolve().is_relative_to(_HERE)
        ]
        path, line = (ours[-1].filename, ours[-1].lineno) if ours else (str(_HERE / "__init__.py"), None)
        message = f"{type(error).__name__}: {error}"
    resolved = Path(path).resolve()
    where = resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else path
    where = f"{where}:{line}" if line else where
    message = message.rstrip(".")
    return f"{where}: PY001: The macros' Python code did not load ({message}); pages show no macro output. Fix: {CODE_FIX}."


def _macro_names() -> list[str]:
    """The names in macros/catalogue.py's MACROS, read as text (the module may be the broken one)."""
    try:
        text = (_HERE / "catalogue.py").read_text(encoding="utf-8")
    except OSError:
        return []
    return re.findall(r"^\s+(?:\w+\.)?(\w+),\s*$", text.partition("MACROS")[2], flags=re.MULTILINE)


def define_env(env) -> None:
    """Validate every data file, then bind each macro to the page being rendered."""
    global _code_error
    try:
        adapter = _adapter(env)
    except Exception as error:  # a mistake in our own Python code, not in a page or the data
        if not callable(getattr(env, "on_page_markdown", None)):
            raise  # Zensical reports it itself
        _code_error = _describe_code_error(error)
        _LOG.error(_code_error)
        for name in _macro_names():  # pages build without macro output instead of one error each
            env.macro(lambda *args, **kwargs: "", name)
        return
    _code_error = None
    adapter.define_env(env)


def on_pre_page_macros(env) -> None:  # mkdocs-macros only
    if _code_error is None:
        sys.modules[_MKDOCS_MACROS].on_pre_page_macros(env)


def on_post_page_macros(env) -> None:  # mkdocs-macros only
    if _code_error is None:
        sys.modules[_MKDOCS_MACROS].on_post_page_macros(env)
