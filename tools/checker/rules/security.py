"""Security rules: pages hold words and links, never code that runs in the reader's browser.

The site promises no tracking (see about/privacy.md). A pasted embed or script could
track readers or break the crisis banner, so raw code is refused at the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tools.checker.core import Problem, rule
from tools.checker.pages import Page
from tools.checker.project import Project

_RAW_CODE = re.compile(r"<\s*(script|iframe|style|object|embed|frame|frameset)\b", re.IGNORECASE)
_EVENT_IN_TAG = re.compile(r"<[A-Za-z][^>]*?\s(on[a-z]+)\s*=", re.IGNORECASE)
_EVENT_IN_ATTR_LIST = re.compile(r"\{:?[^}\n]*?(?:^|[\s{])(on[a-z]+)\s*=", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript)\s*:", re.IGNORECASE)
# In a tag or attribute list: href="javascript:...", { data-x='vbscript:...' }.
_SCRIPT_URL_IN_ATTR = re.compile(r"=\s*[\"']?\s*(javascript|vbscript)\s*:", re.IGNORECASE)


@rule(
    "SEC001",
    "raw-script-iframe-style",
    fix="Remove the tag. Styles go in docs/stylesheets/, behaviour in docs/javascripts/, and videos are linked, not embedded",
)
def raw_script_iframe_style(page: Page, project: Project) -> Iterator[Problem]:
    """No `<script>`, `<iframe>`, `<style>` or other embedded code in pages. Embeds load other
    sites that can track readers; scripts and styles in a page escape review and can hide
    or break the crisis banner."""
    for number, line in enumerate(page.visible, start=1):
        for match in _RAW_CODE.finditer(line):
            tag = match.group(1).lower()
            fix = {
                "style": "Remove it and ask a maintainer to add the style to a file in docs/stylesheets/",
                "script": "Remove it; interactive features are added by maintainers in docs/javascripts/",
            }.get(
                tag,
                "Remove it and link to the content instead, e.g. '[Watch the NHS video about ECT](https://www.nhs.uk/...)'",
            )
            article = "an" if tag[0] in "aeiou" else "a"
            yield page.problem(
                number,
                f"The page contains {article} <{tag}> tag, which runs or loads code in the reader's browser",
                fix,
            )


@rule("SEC002", "inline-event-handler", fix="Remove the `on...=` attribute; pages cannot run code")
def inline_event_handler(page: Page, project: Project) -> Iterator[Problem]:
    """No `onclick=`, `onload=` or other event handlers in HTML or attribute lists. They run
    code in the reader's browser and slip past the no-script rule."""
    for number, line in enumerate(page.visible, start=1):
        for pattern in (_EVENT_IN_TAG, _EVENT_IN_ATTR_LIST):
            for match in pattern.finditer(line):
                yield page.problem(
                    number,
                    f"The attribute {match.group(1)}= runs code when the reader interacts with the page",
                    f'Remove {match.group(1)}="..." from the tag; use a plain link such as [Get help now](get-help-now.md)',
                )


@rule(
    "SEC003",
    "javascript-url",
    fix="Replace the `javascript:` address with a real link, e.g. `[Get help now](get-help-now.md)`",
)
def javascript_url(page: Page, project: Project) -> Iterator[Problem]:
    """No `javascript:` (or `vbscript:`) addresses. They run code when a reader clicks a link
    that looks ordinary."""
    seen: set[tuple[int, str]] = set()
    for link in page.links():
        match = _SCRIPT_URL.match(link.dest)
        if match:
            seen.add((link.line, match.group(1).lower()))
    for number, line in enumerate(page.visible, start=1):
        for match in _SCRIPT_URL_IN_ATTR.finditer(line):
            seen.add((number, match.group(1).lower()))
    for number, scheme in sorted(seen):
        yield page.problem(
            number,
            f"A link uses a {scheme}: address, which runs code when clicked",
            "Link to a page or a web address instead, e.g. '[Get help now](get-help-now.md)'",
        )
