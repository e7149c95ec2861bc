"""Errors a contributor can fix, and the argument checks that raise them.

Both are plain exceptions: the core knows no engine. Each engine's adapter turns them
into a failed build (``macros/adapters/``). Messages name the page or file and the fix,
e.g. ``docs/faq.md: unknown treatment 'esketamin' in treatment_card('esketamin').
Did you mean 'esketamine'? Known: ect, esketamine, ...``
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Protocol


class _Page(Protocol):
    """What an argument check needs of the page being rendered (a ``PageContext``)."""

    @property
    def source(self) -> str: ...


class MacroError(Exception):
    """A contributor-facing mistake in a macro call or a page; the message says how to fix it.

    ``fix`` (optional) is the change to make, printed after the message as "Fix: ...".
    ``field`` names the front matter field at fault, so an adapter can point at its line;
    ``rule`` is the id contributors see (the checker's id when it is the same mistake).
    """

    def __init__(self, message: str, *, fix: str = "", field: str = "", rule: str = "MACRO001") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.field = field
        self.rule = rule

    def __str__(self) -> str:
        return f"{self.message} Fix: {self.fix}" if self.fix else self.message


class DataError(Exception):
    """A data file in macros/data does not match its schema, or points at an unknown id."""


# Beyond this many, a list of known ids is noise: name the file that holds them instead.
_MAX_KNOWN_SHOWN = 12


def closest(value: str, known: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The known ids nearest to ``value``, ignoring case ("tDCS" finds "tdcs")."""
    by_lower: dict[str, str] = {}
    for k in known:
        by_lower.setdefault(k.lower(), k)
    if value.lower() in by_lower:
        return [by_lower[value.lower()]]
    return [by_lower[c] for c in difflib.get_close_matches(value.lower(), list(by_lower), n=n, cutoff=cutoff)]


def closest_path(path: str, known: Iterable[str]) -> str | None:
    """The known file nearest to ``path``: the same file name in another folder first
    ("get-help-now.md" from a subfolder, "RTMS.md"), then the nearest name, then the nearest path."""
    known = list(known)
    name = path.rsplit("/", 1)[-1]
    names = {k.rsplit("/", 1)[-1].lower(): k for k in sorted(known, key=len, reverse=True)}
    if name.lower() in names:
        return names[name.lower()]
    near = closest(name, names, cutoff=0.75)
    if near:
        return names[near[0]]
    near = closest(path, known)
    return near[0] if near else None


def require_known(page: _Page, kind: str, value: object, known: Iterable[str], call: str) -> str:
    """Return ``value`` if it is a known id; otherwise raise naming the page and close matches."""
    known = sorted(known)
    shown = f" Known: {', '.join(known)}." if len(known) <= _MAX_KNOWN_SHOWN else ""
    if not isinstance(value, str):
        raise MacroError(
            f"{page.source}: {call} expects a {kind} id as text in quotes, got {type(value).__name__} {value!r}.",
            fix=f"Put the id in quotes.{shown}",
        )
    if value in known:
        return value
    close = closest(value, known, n=3, cutoff=0.5)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    first = f"Use {close[0]!r} if that is the one you mean, or another id" if close else "Use an id"
    raise MacroError(
        f"{page.source}: unknown {kind} {value!r} in {call}.{hint}",
        fix=f"{first} from macros/data/.{shown}",
    )


def require_type(
    page: _Page, call: str, name: str, value: object, expected: type | tuple[type, ...], example: str
) -> None:
    """Raise a MacroError when an argument has the wrong type, with an example of the right one."""
    types = expected if isinstance(expected, tuple) else (expected,)
    # bool is a subclass of int in Python; a True where a number belongs is still a mistake.
    ok = isinstance(value, types) and not (isinstance(value, bool) and bool not in types)
    if not ok:
        names = " or ".join(t.__name__ for t in types)
        raise MacroError(
            f"{page.source}: {call} argument {name!r} should be {names}, got {type(value).__name__} {value!r}.",
            fix=f"Write it like this: {{{{ {example} }}}}",
        )
