"""Language rules: words we avoid (from language.yml) and help routes on pages about suicide."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from tools.checker.core import Problem, rule
from tools.checker.pages import Page
from tools.checker.project import Project

# "There is no cure", "nothing is guaranteed": honest, not a promise. Checked in the
# same clause, before the phrase, for entries with skip_if_negated: true.
_NEGATION = re.compile(
    r"\b(no|not|never|nothing|none|nor|cannot|can't|isn't|aren't|doesn't|don't|won't|without)\b", re.IGNORECASE
)
_CLAUSE_END = re.compile(r"[.;:!?]")
_SUICIDE = re.compile(r"\bsuicid(e|es|al|ality)\b", re.IGNORECASE)
# Macros that put crisis lines on the page (phq9_form shows them beside item 9).
HELP_MACROS = (
    "crisis_callout(",
    "crisis_lines(",
    "crisis_number(",
    "crisis_link(",
    "youth_lines(",
    "phq9_form(",
    "safety_plan_form(",
)
# Title and description are read in search results and browser tabs, so they are
# checked too. search_terms is not: it exists to catch the words readers type.
_READER_FIELDS = ("title", "description")


def reader_lines(page: Page) -> Iterator[tuple[int, str]]:
    """(line number, text) for every line a reader sees: title, description and body words."""
    for key in _READER_FIELDS:
        value = page.value(key)
        if isinstance(value, str):
            yield page.line_of(key), value
    for number, line in enumerate(page.words, start=1):
        if line.strip():
            yield number, line


@rule(
    "LANG001",
    "avoid-phrase",
    fix="Use the wording the message suggests (from tools/checker/language.yml), or add an exception comment with a reason",
)
def avoid_phrase(page: Page, project: Project) -> Iterator[Problem]:
    """Words shape how readers feel about themselves and about getting help. We follow
    safe-messaging guidance on suicide (no method or location detail, no "epidemic"),
    use non-stigmatising words ("person with depression", never "sufferer"), and make no
    promises ("cure", "guaranteed") that set readers up to feel they failed. The phrases
    and what to say instead live in tools/checker/language.yml."""
    for number, text in reader_lines(page):
        for entry in project.language:
            for match in entry.pattern.finditer(text):
                if entry.skip_if_negated and _negated(text, match.start()):
                    continue
                yield page.problem(
                    number,
                    f'"{match.group(0)}" is a phrase we avoid: {entry.reason.rstrip(".")}',
                    f"Instead: {entry.prefer.rstrip('.')}. If this use is right (for example, quoting or explaining the term), "
                    f"put <!-- allow LANG001 {entry.id}: your reason --> on this line or the line above",
                    tag=entry.id,
                )


def _negated(text: str, start: int) -> bool:
    clause = _CLAUSE_END.split(text[:start])[-1]
    return bool(_NEGATION.search(clause))


def _links_to_help_page(page: Page, help_page: str) -> bool:
    base = posixpath.dirname(page.src_uri)
    for link in page.links():
        path = link.dest.split("#", 1)[0]
        if path.endswith(".md") and posixpath.normpath(posixpath.join(base, path)) == help_page:
            return True
    return False


@rule(
    "LANG002",
    "suicide-mention-without-help-route",
    fix="Add `{{ crisis_callout() }}` near the mention, or link to the crisis page: `[Get help now](get-help-now.md)`",
)
def suicide_mention_without_help_route(page: Page, project: Project) -> Iterator[Problem]:
    """A page that mentions suicide also tells the reader where to get help, on the page
    itself. Safe-messaging guidance asks for a help route wherever suicide comes up:
    the reader may be at risk right now."""
    help_page = project.crisis_page  # mkdocs.yml extra.crisis_page
    if page.src_uri == help_page:
        return
    first = next((number for number, text in reader_lines(page) if _SUICIDE.search(text)), None)
    if first is None:
        return
    markup = "\n".join(page.markup)
    if any(name in markup for name in HELP_MACROS) or _links_to_help_page(page, help_page):
        return
    link = posixpath.relpath(help_page, posixpath.dirname(page.src_uri) or ".")
    yield page.problem(
        first,
        "This page mentions suicide but gives no way to get help on the page",
        f"Add {{{{ crisis_callout() }}}} on its own line near this mention, or a link such as '[Get help now]({link})'",
    )
