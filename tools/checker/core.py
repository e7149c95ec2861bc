"""The checker's building blocks: a problem, a rule and the rule registry.

A rule is one small function decorated with ``@rule(...)``. Page rules take
``(page, project)``; project rules take ``(project)``. Both yield ``Problem``s
without a rule id or severity: the registry stamps those on, so a rule function
only says *where* and *what to change*.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["ERROR", "WARNING"]
Scope = Literal["page", "project"]


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the project root, e.g. "docs/treatments/ect.md"
    line: int  # 1-based
    message: str
    fix: str
    rule: str = ""
    severity: Severity = "ERROR"
    tag: str = ""  # a sub-id an exception can name, e.g. the language entry "shock-therapy"

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.severity} {self.rule}: {_sentence(self.message)} Fix: {_sentence(self.fix)}"

    @property
    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path, self.line, self.rule, self.message)


# What other tools leave in their messages that a reader of ours should not see: terminal
# colour codes, and pydantic's "Value error, " before a validator's own sentence.
_NOISE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]|\b(?:Value|Assertion) error, ")


def _sentence(text: str) -> str:
    text = _NOISE.sub("", text).strip()
    return text if text.endswith((".", "!", "?")) else text + "."


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    scope: Scope
    severity: Severity
    summary: str  # why the rule matters: the first paragraph of the function's docstring
    fix: str  # how to fix it, in general, for the rule table
    func: Callable[..., Iterable[Problem]]

    def run(self, *args: Any) -> Iterator[Problem]:
        for found in self.func(*args):
            yield dataclasses.replace(found, rule=self.id, severity=self.severity)


RULES: dict[str, Rule] = {}


def rule(rule_id: str, name: str, *, scope: Scope = "page", severity: Severity = "ERROR", fix: str):
    """Register a rule function under ``rule_id``; its docstring says why the rule matters."""

    def decorate(func: Callable[..., Iterable[Problem]]) -> Callable[..., Iterable[Problem]]:
        if rule_id in RULES:
            raise ValueError(f"rule id {rule_id} is registered twice")
        doc = (func.__doc__ or "").strip()
        if not doc:
            raise TypeError(f"rule {rule_id} needs a docstring saying why it matters")
        summary = " ".join(doc.split("\n\n")[0].split())
        RULES[rule_id] = Rule(rule_id, name, scope, severity, summary, fix, func)
        return func

    return decorate


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
