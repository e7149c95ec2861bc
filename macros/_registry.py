"""Registration helpers shared by the macro modules.

``macro(env)`` registers a function with mkdocs-macros *and* records it for the
generated macro reference page, so the reference cannot drift from the code.
Errors raised here name the page being rendered and, where they can, the fix.
"""

from __future__ import annotations

import difflib
import inspect
import posixpath
from collections.abc import Callable, Iterable
from typing import Any

from mkdocs.exceptions import PluginError

MACROS: dict[str, Callable[..., str]] = {}
_PAGE_HOOKS: dict[str, list[Callable[[Any], None]]] = {"pre": [], "post": []}


class MacroError(PluginError):
    """A contributor-facing mistake in a macro call; the message says how to fix it."""


def macro(env) -> Callable[[Callable[..., str]], Callable[..., str]]:
    """Decorator: register ``func`` as a macro and in the reference registry."""

    def decorate(func: Callable[..., str]) -> Callable[..., str]:
        doc = inspect.getdoc(func) or ""
        if not doc or "{{" not in doc.splitlines()[0]:
            raise TypeError(f"macro {func.__name__} needs a one-line docstring with a usage example")
        MACROS[func.__name__] = func
        env.macro(func)
        return func

    return decorate


def page_hook(stage: str) -> Callable[[Callable[[Any], None]], Callable[[Any], None]]:
    """Decorator: run ``func(env)`` before ("pre") or after ("post") each page's macros."""

    def decorate(func: Callable[[Any], None]) -> Callable[[Any], None]:
        if func not in _PAGE_HOOKS[stage]:
            _PAGE_HOOKS[stage].append(func)
        return func

    return decorate


def run_page_hooks(stage: str, env) -> None:
    for hook in _PAGE_HOOKS[stage]:
        hook(env)


def page_src(env) -> str:
    """The page's path inside docs/, e.g. ``treatments/ect.md`` ("" outside a page)."""
    return getattr(getattr(getattr(env, "page", None), "file", None), "src_uri", None) or ""


def page_path(env) -> str:
    """The Markdown source path of the page being rendered, e.g. ``treatments/ect.md``."""
    src = page_src(env)
    return f"docs/{src}" if src else "<unknown page>"


def require_known(env, kind: str, value: object, known: Iterable[str], call: str) -> str:
    """Return ``value`` if it is a known id; otherwise raise naming the page and close matches."""
    known = sorted(known)
    if not isinstance(value, str):
        raise MacroError(
            f"{page_path(env)}: {call} expects a {kind} id as text in quotes, "
            f"got {type(value).__name__} {value!r}. Known: {', '.join(known)}"
        )
    if value in known:
        return value
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.5)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise MacroError(
        f"{page_path(env)}: unknown {kind} {value!r} in {call}.{hint} "
        f"Known: {', '.join(known)}. Ids live in macros/data/."
    )


def require_type(env, call: str, name: str, value: object, expected: type | tuple[type, ...], example: str) -> None:
    """Raise a MacroError when an argument has the wrong type, with an example of the right one."""
    types = expected if isinstance(expected, tuple) else (expected,)
    # bool is a subclass of int in Python; a True where a number belongs is still a mistake.
    ok = isinstance(value, types) and not (isinstance(value, bool) and bool not in types)
    if not ok:
        names = " or ".join(t.__name__ for t in types)
        raise MacroError(
            f"{page_path(env)}: {call} argument {name!r} should be {names}, "
            f"got {type(value).__name__} {value!r}. Example: {example}"
        )


def link_from_page(env, target: str) -> str:
    """A relative Markdown link from the current page to ``target`` (a docs/ path + #anchor)."""
    path, _, anchor = target.partition("#")
    base = posixpath.dirname(page_src(env))
    rel = posixpath.relpath(path, base or ".") if path else ""
    return rel + (f"#{anchor}" if anchor else "")
