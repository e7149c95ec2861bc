"""Jinja in page text reaches data and macros, never Python's internals.

mkdocs-macros renders every page's Markdown as a Jinja template. In a plain Jinja
environment, ``{{ cycler.__init__.__globals__ }}`` or ``{{ ''.__class__.__mro__ }}`` walks
from any value to ``os`` and runs commands on the build machine (and in CI, next to the
deploy token). Pages get Jinja's immutable sandbox (no underscore attributes, no
changing lists or dicts, so a page cannot rewrite the banner's settings for later pages),
tightened for a build: on the build's own objects (config, plugins, theme, pages) a page
may read values but not call methods, so ``config.theme.get_env()`` or a plugin's
``on_config`` (which would make a new, unsandboxed environment) cannot be reached.

Two ways in, one sandbox: under MkDocs the hook swaps mkdocs-macros' environment for
``sandboxed(env)`` (tools/mkdocs_hooks.py); Zensical builds a fresh environment for every
page inside its macros extension, where no hook reaches, so its adapter lists
``SandboxExtension`` in that environment's Jinja extensions (macros/adapters/zensical.py).
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

from jinja2 import BaseLoader, Environment, Template
from jinja2.exceptions import SecurityError
from jinja2.ext import Extension
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range

from tools.policy.page import rule

SANDBOX = rule(
    "SEC116",
    "jinja-sandbox",
    "Jinja in a page can call macros and read data; it cannot reach Python's internals or the build's machinery",
    "Call a macro from the macro reference (docs/about/macros.md); pages need nothing else from Jinja",
)

# Values whose attributes pages read freely (dict.items, str.upper...); immutable sandbox rules still apply.
_PLAIN = (str, bytes, int, float, bool, type(None), list, tuple, dict, set, frozenset)
# Jinja's own machinery: from these a page could build a template outside the sandbox.
_MACHINERY = (Environment, Template, BaseLoader, types.ModuleType)


class PageSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with method calls on the build's objects refused.

    ``on_refused``, when set, receives each refusal's message before it is raised (the
    MkDocs hook logs it as an error naming the page, so even a quiet build shows it).
    """

    on_refused: Callable[[str], None] | None = None

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, _MACHINERY) or isinstance(value, _MACHINERY):
            return False
        if isinstance(obj, _PLAIN):
            return True
        return not callable(value)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        """Fail at once, with the rule and the fix, instead of an undefined value."""
        message = (
            f"{SANDBOX.id} {SANDBOX.name}: a page cannot use {attribute!r} of a {type(obj).__name__} object. "
            f"{SANDBOX.why}. Fix: {SANDBOX.fix}."
        )
        if self.on_refused is not None:
            self.on_refused(message)
        raise SecurityError(message)


_SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "undefined",
    "finalize",
    "autoescape",
    "loader",
)


def sandboxed(env: Environment) -> PageSandbox:
    """A sandbox with ``env``'s syntax, loader, undefined behaviour, globals, filters and tests."""
    sandbox = PageSandbox(**{name: getattr(env, name) for name in _SETTINGS}, extensions=list(env.extensions))
    sandbox.globals.update(env.globals)
    sandbox.filters.update(env.filters)
    sandbox.tests.update(env.tests)
    return sandbox


# What the Zensical adapter adds to Zensical's macros setting j2_extensions.
SANDBOX_EXTENSION = "tools.policy.jinja.SandboxExtension"


class SandboxExtension(Extension):
    """A Jinja extension that makes the environment it is loaded into a ``PageSandbox``.

    For an engine that builds its page environment where nothing of ours can replace it
    (Zensical: a plain ``jinja2.Environment`` per page, inside its macros preprocessor,
    with ``j2_extensions`` as its only setting for it). Jinja loads extensions while it
    sets the environment up, before any template is compiled, so every template is
    compiled for the sandbox (``environment.call`` and ``getattr`` checks). This adds to
    the environment what ``SandboxedEnvironment.__init__`` adds (jinja2 3.1), nothing else.
    """

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        if isinstance(environment, PageSandbox):
            return
        if type(environment) is not Environment:  # pragma: no cover - an engine with its own class
            raise RuntimeError(
                f"{SANDBOX.id}: cannot sandbox a {type(environment).__name__}; tools/policy/jinja.py knows jinja2.Environment"
            )
        environment.__class__ = PageSandbox
        environment.globals["range"] = safe_range
        environment.binop_table = PageSandbox.default_binop_table.copy()
        environment.unop_table = PageSandbox.default_unop_table.copy()
