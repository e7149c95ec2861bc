"""The contributor-facing macro reference, generated from the macros' own docstrings."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping

from macros._render import text


def author_signature(func: Callable[..., str]) -> inspect.Signature:
    """The arguments a page author passes: the signature without ``data`` and ``page``."""
    signature = inspect.signature(func)
    return signature.replace(parameters=list(signature.parameters.values())[2:])


def describe(macros: Mapping[str, Callable[..., str]]) -> str:
    """Every macro with its arguments and a usage example, as Markdown."""
    parts = []
    for name in sorted(macros):
        func = macros[name]
        summary, _, details = (inspect.getdoc(func) or "").partition("\n")
        what, _, example = summary.partition(": {{")
        parts += [f"## `{name}` {{ #{name} }}", "", text(what.strip()) + ".", ""]
        parts += ["```jinja", "{{" + example, "```", ""]
        parts += [f"Arguments: `{name}{author_signature(func)}`", ""]
        if details.strip():
            parts += [text(details.strip()), ""]
    return "\n".join(parts)
