"""The contributor-facing macro reference, generated from the macros' own docstrings."""

from __future__ import annotations

import inspect

from macros._registry import MACROS, macro
from macros._render import text


def register(env) -> None:
    @macro(env)
    def macro_reference() -> str:
        """Every macro with its arguments and a usage example, from the docstrings: {{ macro_reference() }}"""
        parts = []
        for name in sorted(MACROS):
            func = MACROS[name]
            summary, _, details = (inspect.getdoc(func) or "").partition("\n")
            what, _, example = summary.partition(": {{")
            parts += [f"## `{name}` {{ #{name} }}", "", text(what.strip()) + ".", ""]
            parts += ["```jinja", "{{" + example, "```", ""]
            parts += [f"Arguments: `{name}{inspect.signature(func)}`", ""]
            if details.strip():
                parts += [text(details.strip()), ""]
        return "\n".join(parts)
