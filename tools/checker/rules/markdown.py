"""Markdown that builds without a warning but shows readers something broken.

Python-Markdown never fails on these: a table without its divider row is a paragraph of
pipes, an admonition body indented 2 spaces is an empty box, a list nested by 2 spaces is
flat, an unclosed comment hides the rest of the page, a footnote without its definition
prints "[^1]", an icon shortcode prints its own name. Each is found in the source, at its
line, with the fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tools.checker.core import Problem, rule
from tools.checker.pages import Page
from tools.checker.project import Project

_TABLE_ROW = re.compile(r"^\s{0,3}\|.*\|\s*$")
_DIVIDER = re.compile(r"^\s{0,3}\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_ADMONITION = re.compile(r"^(?P<indent>\s*)(?:!!!|\?\?\?\+?)\s+\w")
_LIST_ITEM = re.compile(r"^(?P<indent> *)(?:[-*+]|\d+[.)])\s+\S")
_FOOTNOTE_REF = re.compile(r"\[\^(?P<id>[^\]\s]+)\](?!:)")
_FOOTNOTE_DEF = re.compile(r"^\s{0,3}\[\^(?P<id>[^\]\s]+)\]:")
_ICON = re.compile(r":(?:material|octicons|fontawesome|simple)-[a-z0-9-]+:")
VAGUE = ("click here", "here", "this link", "link", "read more", "more", "this page")


@rule(
    "MD001",
    "broken-table",
    fix="Give the table a header row, then a divider row like `| --- | --- |`, with a blank line before the table",
)
def broken_table(page: Page, project: Project) -> Iterator[Problem]:
    """A table needs a header row, a divider row (`| --- | --- |`) and a blank line before it.
    Without them Markdown prints the rows as one paragraph full of `|` characters."""
    lines = page.visible
    i = page.body_start - 1
    while i < len(lines):
        if not _TABLE_ROW.match(lines[i]):
            i += 1
            continue
        start = i
        while i < len(lines) and _TABLE_ROW.match(lines[i]):
            i += 1
        block = lines[start:i]
        before = lines[start - 1] if start else ""
        if before.strip() and not before.lstrip().startswith(("<", "{{", "{%")):
            yield page.problem(
                start + 1,
                "This table starts right after a line of text, so it is shown as a paragraph of '|' characters",
                "Put a blank line before the table",
            )
        elif len(block) < 2 or not _DIVIDER.match(block[1]):
            yield page.problem(
                start + 2 if len(block) > 1 else start + 1,
                "This table has no divider row under its header, so it is shown as a paragraph of '|' characters",
                "Add a line like '| --- | --- |' (one '---' per column) right under the header row",
            )


@rule("MD002", "admonition-indent", fix="Indent the box's text by 4 spaces under its `!!!` line")
def admonition_indent(page: Page, project: Project) -> Iterator[Problem]:
    """The text of a box (`!!! note`, `??? tip`) is indented 4 spaces under it. With less,
    the box is shown empty and its text falls out below it."""
    lines = page.visible
    for i in range(page.body_start - 1, len(lines) - 1):
        m = _ADMONITION.match(lines[i])
        if not m:
            continue
        base = len(m.group("indent"))
        nxt = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
        if nxt is None:
            continue
        indent = len(lines[nxt]) - len(lines[nxt].lstrip(" "))
        if base < indent < base + 4:
            yield page.problem(
                nxt + 1,
                f"The box on line {i + 1} is shown empty: its text is indented {indent - base} spaces, not 4",
                f"Indent this text by {base + 4} spaces",
            )


@rule("MD003", "list-indent", fix="Indent a nested list item by 4 spaces under its parent item")
def list_indent(page: Page, project: Project) -> Iterator[Problem]:
    """A list inside a list is indented 4 spaces. With 2 or 3, Markdown does not nest it:
    the items are shown flat, or joined into the item above."""
    lines = page.visible
    parent: int | None = None
    for i in range(page.body_start - 1, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        m = _LIST_ITEM.match(line)
        if not m:
            if not line.startswith(" "):
                parent = None
            continue
        indent = len(m.group("indent"))
        if indent == 0:
            parent = 0
        elif parent is not None and indent % 4:
            yield page.problem(
                i + 1,
                f"This list item is indented {indent} spaces, so it is not nested under the item above",
                f"Indent it by {4 * (indent // 4 + 1)} spaces",
            )


@rule("MD004", "unclosed-comment", fix="Close the comment with `-->`")
def unclosed_comment(page: Page, project: Project) -> Iterator[Problem]:
    """An HTML comment (`<!--`) is closed with `-->`. An unclosed one is shown to readers as
    text, or hides everything after it."""
    text = "\n".join(page.nocode)
    pos = 0
    while (start := text.find("<!--", pos)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            yield page.problem(
                text.count("\n", 0, start) + 1,
                "This comment is never closed: '<!--' has no '-->' after it",
                "Add '-->' where the comment should end",
            )
            return
        pos = end + 3


@rule("MD005", "footnote-without-definition", fix="Add the footnote's text on its own line: `[^1]: The note.`")
def footnote_without_definition(page: Page, project: Project) -> Iterator[Problem]:
    """Every footnote mark (`[^1]`) has its text (`[^1]: ...`) on the page. Without it readers
    see a literal "[^1]"."""
    defined = {m.group("id") for line in page.nocode if (m := _FOOTNOTE_DEF.match(line))}
    for number, line in enumerate(page.visible, start=1):
        if _FOOTNOTE_DEF.match(line):
            continue
        for m in _FOOTNOTE_REF.finditer(line):
            if m.group("id") not in defined:
                yield page.problem(
                    number,
                    f"The footnote '[^{m.group('id')}]' has no text on this page, so readers see '[^{m.group('id')}]'",
                    f"Add a line '[^{m.group('id')}]: the note' at the end of the page, or cite a source with cite()",
                )


@rule("MD006", "icon-shortcode", fix="Write the words instead of an icon; icons are not turned on in this hub")
def icon_shortcode(page: Page, project: Project) -> Iterator[Problem]:
    """Icon shortcodes (`:material-phone:`) need an extension this hub does not load (it
    would add bytes to every page); readers would see the code as text."""
    for number, line in enumerate(page.visible, start=1):
        for m in _ICON.finditer(line):
            yield page.problem(
                number, f"The icon code '{m.group(0)}' is shown as text", "Remove it, or say it in words"
            )


@rule(
    "MD007",
    "vague-link-text",
    fix="Make the link's words say where it goes, e.g. `[how ECT is given](../treatments/ect.md#how-it-works)`",
)
def vague_link_text(page: Page, project: Project) -> Iterator[Problem]:
    """Link text says where the link goes. Screen reader users list a page's links out of
    context, where "click here" says nothing (WCAG 2.4.4)."""
    for link in page.links():
        if link.kind in ("inline", "reference") and link.text.strip().lower() in VAGUE:
            yield page.problem(
                link.line,
                f"The link text '{link.text.strip()}' does not say where it goes",
                "Use words that name the page or section",
            )


@rule("ST008", "page-twice-in-nav", scope="project", fix="Keep one nav entry per page; remove the second one")
def page_twice_in_nav(project: Project) -> Iterator[Problem]:
    """Each page is in the menu once. A second entry makes the menu show one page in two
    places, and Material marks only one of them as the current page."""
    for src_uri, line in project.nav_repeats:
        yield Problem(
            "mkdocs.yml",
            line,
            f"'{src_uri}' is listed in nav a second time (first on line {project.nav[src_uri]})",
            "Remove one of the two entries",
        )
