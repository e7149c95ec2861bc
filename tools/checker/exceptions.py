"""Line-level exceptions: an HTML comment that lets one rule pass on one line, with a reason.

    ECT was once called "shock therapy". <!-- allow LANG001 shock-therapy: explaining the lay term -->

The comment covers its own line and the line below it. The reason is required: it
tells the next reviewer why the rule does not apply here. Readers never see it.

Security rules (SEC...) have no exceptions: a comment in a page cannot let code, an
embed or a tracker through (issue 12). The rendered-HTML policy (tools/policy/) has no
exception mechanism at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tools.checker.core import RULES, Problem, rule
from tools.checker.pages import Page
from tools.checker.project import Project

_ALLOW = re.compile(r"<!--\s*allow\b(?P<body>.*?)-->", re.IGNORECASE)
_BODY = re.compile(
    r"^\s*(?P<rule>[A-Za-z]+\d{3})(?:\s+(?P<tag>[a-z0-9]+(?:-[a-z0-9]+)*))?\s*(?::\s*(?P<reason>.*?))?\s*$"
)
EXAMPLE = "<!-- allow LANG001 shock-therapy: explaining the lay term -->"


@dataclass(frozen=True)
class Allow:
    line: int
    rule: str
    tag: str | None
    reason: str

    def covers(self, problem: Problem) -> bool:
        return (
            problem.rule == self.rule and problem.line in (self.line, self.line + 1) and self.tag in (None, problem.tag)
        )


def allows(page: Page) -> list[Allow]:
    """Every exception comment on the page, outside code."""
    found = []
    for number, line in enumerate(page.nocode, start=1):
        for match in _ALLOW.finditer(line):
            body = _BODY.match(match.group("body"))
            if body:
                found.append(
                    Allow(number, body.group("rule").upper(), body.group("tag"), (body.group("reason") or "").strip())
                )
            else:
                found.append(Allow(number, "", None, ""))
    return found


@rule("ALLOW001", "bad-exception", fix=f"Write the exception as `{EXAMPLE}`")
def bad_exception(page: Page, project: Project) -> Iterator[Problem]:
    """An exception comment names a real rule and gives a reason. The reason is how the
    next reviewer knows the exception was a decision, not a way around the check."""
    known_tags = {entry.id for entry in project.language}
    for allow in allows(page):
        if allow.rule.startswith("SEC"):
            yield page.problem(
                allow.line,
                f"Security rules cannot be excused by a comment: 'allow {allow.rule}' does not apply",
                "Remove the comment and the code it tries to excuse; if a page really needs it, a maintainer "
                "changes the policy in tools/policy/policy.yml in a reviewed pull request",
            )
        elif allow.rule not in RULES or allow.rule.startswith("ALLOW"):
            yield page.problem(
                allow.line,
                "This exception comment does not name a rule id the checker knows",
                f"Name the rule from the checker's message, e.g. {EXAMPLE}. List them with: python -m tools.checker --rules",
            )
        elif allow.rule == "LANG001" and allow.tag and allow.tag not in known_tags:
            yield page.problem(
                allow.line,
                f"The exception names '{allow.tag}', which is not an id in tools/checker/language.yml",
                f"Use the id shown in the LANG001 message, e.g. {EXAMPLE}",
            )
        elif not allow.reason:
            yield page.problem(
                allow.line,
                f"The exception for {allow.rule} gives no reason, so it does not apply",
                f"Add a colon and the reason, e.g. {EXAMPLE}",
            )


@rule(
    "ALLOW002",
    "unused-exception",
    severity="WARNING",
    fix="Remove the exception comment: nothing on its line or the next one breaks that rule",
)
def unused_exception(page: Page, project: Project) -> Iterator[Problem]:
    """An exception that no longer excuses anything is removed, so old exceptions do not
    hide new problems."""
    # The work happens in apply(), after every other rule has run.
    return iter(())


def _valid(allow: Allow, language_ids: set[str]) -> bool:
    """An exception applies only if ALLOW001 has nothing to say about it."""
    if allow.rule not in RULES or allow.rule.startswith(("ALLOW", "SEC")) or not allow.reason:
        return False
    return not (allow.rule == "LANG001" and allow.tag and allow.tag not in language_ids)


def apply(problems: Iterable[Problem], project: Project) -> list[Problem]:
    """Drop problems covered by a valid exception; warn about exceptions that cover nothing."""
    problems = list(problems)
    kept: list[Problem] = []
    used: set[tuple[str, Allow]] = set()
    tags = {entry.id for entry in project.language}
    valid = {page.path: [a for a in allows(page) if _valid(a, tags)] for page in project.pages}
    for problem in problems:
        cover = next((a for a in valid.get(problem.path, []) if a.covers(problem)), None)
        if cover is None:
            kept.append(problem)
        else:
            used.add((problem.path, cover))
    unused = RULES["ALLOW002"]
    for page in project.pages:
        for allow in valid[page.path]:
            if (page.path, allow) not in used:
                tag = f" {allow.tag}" if allow.tag else ""
                kept.append(
                    Problem(
                        page.path,
                        allow.line,
                        f"The exception 'allow {allow.rule}{tag}' is not needed: nothing here breaks that rule",
                        unused.fix,
                        rule=unused.id,
                        severity=unused.severity,
                    )
                )
    return kept
