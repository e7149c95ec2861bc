"""Structure rules: headings, images, titles and the nav."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

import yaml

from macros.errors import closest_path
from tools.checker.core import Problem, rule
from tools.checker.pages import Page
from tools.checker.project import Project
from tools.site import ConfigLoader

_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT_ATTR = re.compile(r"\salt\s*=", re.IGNORECASE)


@rule(
    "ST001",
    "one-h1",
    fix="Give the page exactly one main heading: one line starting with `# `, right after the front matter",
)
def one_h1(page: Page, project: Project) -> Iterator[Problem]:
    """Each page has exactly one main heading (a line starting with `# `). Screen reader
    users jump to it to learn what the page is, and search engines use it as the page's topic."""
    h1s = [h for h in page.headings() if h.level == 1]
    if not h1s:
        title = page.title or "Electroconvulsive therapy (ECT)"
        yield page.problem(
            page.body_start,
            "This page has no main heading (a line starting with '# ')",
            f"Add one after the front matter, e.g. '# {title}'",
        )
    for extra in h1s[1:]:
        yield page.problem(
            extra.line,
            f"A second main heading '# {extra.text}'; a page has only one (the first is on line {h1s[0].line})",
            f"Make it a section heading with two #s: '## {extra.text}'",
        )


@rule("ST002", "skipped-heading-level", fix="Go down one heading level at a time: `#` then `##` then `###`")
def skipped_heading_level(page: Page, project: Project) -> Iterator[Problem]:
    """Headings go down one level at a time (`#` then `##` then `###`). Screen reader users
    move through a page by its headings; a skipped level looks like missing content."""
    previous = 1
    for heading in page.headings():
        if heading.level > previous + 1:
            yield page.problem(
                heading.line,
                f"The heading '{'#' * heading.level} {heading.text}' skips a level: it comes after a level-{previous} heading",
                f"Use {'#' * (previous + 1)} instead: '{'#' * (previous + 1)} {heading.text}'",
            )
        previous = heading.level


@rule(
    "ST003",
    "image-missing-alt",
    fix="Describe every image in its square brackets, e.g. `![A TMS coil held against the side of the head](tms.png)`",
)
def image_missing_alt(page: Page, project: Project) -> Iterator[Problem]:
    """Every image has a text alternative. Blind and low-vision readers hear it instead
    of seeing the image; it also shows if the image fails to load."""
    for link in page.links():
        if link.kind == "image" and not link.text.strip():
            yield page.problem(
                link.line,
                f"The image '{link.dest}' has no description (alt text)",
                f"Write what the image shows between the square brackets, e.g. '![A TMS coil held against the side of the head]({link.dest})'",
            )
    for number, line in enumerate(page.visible, start=1):
        for tag in _IMG_TAG.finditer(line):
            if not _ALT_ATTR.search(tag.group(0)):
                yield page.problem(
                    number,
                    "An <img> tag has no alt attribute",
                    'Add alt="what the image shows", or alt="" only if the image is pure decoration',
                )


@rule(
    "ST004",
    "duplicate-title",
    scope="project",
    fix="Give each page its own title, so readers can tell pages apart in search results and browser tabs",
)
def duplicate_title(project: Project) -> Iterator[Problem]:
    """Every page has its own title. Browser tabs, bookmarks, search results and screen
    readers announce the title; two pages with one title cannot be told apart."""
    by_title: dict[str, list[Page]] = defaultdict(list)
    for page in project.pages:
        if page.title:
            by_title[page.title.casefold()].append(page)
    for pages in by_title.values():
        if len(pages) < 2:
            continue
        for page in pages:
            others = ", ".join(p.path for p in pages if p is not page)
            yield page.problem(
                page.line_of("title"),
                f"The title '{page.title}' is also used by {others}",
                f"Make the titles different, e.g. '{page.title} in older adults' for one of them",
            )


@rule(
    "ST005",
    "page-not-in-nav",
    scope="project",
    fix="Add the page to nav in mkdocs.yml under its section, e.g. `- VNS: treatments/vns.md`",
)
def page_not_in_nav(project: Project) -> Iterator[Problem]:
    """Every page is listed in the site menu (nav in mkdocs.yml). A page missing from it
    is published but readers cannot find it, and the strict build fails."""
    for page in project.pages:
        if page.src_uri not in project.nav and not project.excluded_from_nav(page.src_uri):
            title = page.title or "Page title"
            yield page.problem(
                1,
                f"This page is not in the site menu (nav in mkdocs.yml, line {project.nav_line})",
                f"Add a line under the right section of nav, e.g. '      - {title}: {page.src_uri}'",
            )


@rule(
    "ST006",
    "nav-entry-missing-page",
    scope="project",
    fix="Fix the path in nav so it names a file in docs/, or create the page",
)
def nav_entry_missing_page(project: Project) -> Iterator[Problem]:
    """Every nav entry points at a page that exists. A typo in a nav path gives readers
    a menu link that goes nowhere."""
    known = project.src_uris
    for src_uri, line in project.nav.items():
        if src_uri not in known:
            near = closest_path(src_uri, [k for k in known if k not in project.nav])
            hint = f"Did you mean '{near}'? " if near else ""
            yield Problem(
                "mkdocs.yml",
                line,
                f"The menu (nav) lists '{src_uri}', but docs/{src_uri} does not exist",
                f"{hint}Correct the path (it is relative to docs/ and ends in .md), or create the page from "
                ".github/PAGE_TEMPLATE.md",
            )


@rule(
    "ST007",
    "nav-structure",
    scope="project",
    fix="Write each nav entry as `- Title: page.md`, or `- Section:` with its pages indented 4 spaces deeper",
)
def nav_structure(project: Project) -> Iterator[Problem]:
    """The site menu (nav in mkdocs.yml) is a list of pages and sections. An indentation
    slip still reads as YAML but means something else: a section with no pages, or two
    entries merged into one, and the menu silently loses pages."""
    try:
        node = yaml.compose((project.root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return  # CONF001 and ENC001 report an unreadable mkdocs.yml
    nav = next((v for k, v in node.value if k.value == "nav"), None) if isinstance(node, yaml.MappingNode) else None
    if nav is None:
        return
    if not isinstance(nav, yaml.SequenceNode):
        yield Problem(
            "mkdocs.yml", nav.start_mark.line + 1, "nav must be a list of '- Title: page.md' entries", _NAV_FIX
        )
        return
    yield from _walk_nav_items(nav)


_NAV_FIX = (
    "Write each entry as '- Title: page.md', and a section as '- Section:' with its pages indented 4 spaces deeper"
)


def _walk_nav_items(seq: yaml.SequenceNode) -> Iterator[Problem]:
    for item in seq.value:
        line = item.start_mark.line + 1
        if isinstance(item, yaml.ScalarNode):
            continue  # "- page.md": ST006 checks that it exists
        if not isinstance(item, yaml.MappingNode):
            yield Problem("mkdocs.yml", line, "This nav entry is a list inside a list", _NAV_FIX)
            continue
        if len(item.value) > 1:
            names = " and ".join(f"'{k.value}'" for k, _ in item.value)
            yield Problem(
                "mkdocs.yml",
                line,
                f"The nav entries {names} are read as one entry: a '- ' is missing, or one is indented differently",
                "Start each entry with '- ' and indent it exactly like the entries beside it",
            )
            continue
        key, value = item.value[0]
        if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null"):
            yield Problem(
                "mkdocs.yml",
                line,
                f"The nav section '{key.value}' has no pages under it (its pages are probably not indented deeper than it)",
                f"Indent the pages of '{key.value}' 4 spaces deeper than its '- {key.value}:' line",
            )
        elif isinstance(value, yaml.SequenceNode):
            yield from _walk_nav_items(value)
        elif not isinstance(value, yaml.ScalarNode):
            yield Problem("mkdocs.yml", line, f"The nav entry '{key.value}' is neither a page nor a section", _NAV_FIX)


@rule(
    "TAB001",
    "tab-indent",
    fix="Indent with spaces only: 4 spaces for each level of a nested list",
)
def tab_indent(page: Page, project: Project) -> Iterator[Problem]:
    """Indent with spaces, never tabs. Markdown counts a tab as up to 4 spaces, so a tab
    can silently make a list item part of the item above it, or turn a paragraph into a
    code block; the editor shows nothing wrong."""
    for number, line in enumerate(page.nocode, start=1):
        indent = line[: len(line) - len(line.lstrip())]
        if "\t" in indent and line.strip():
            yield page.problem(
                number,
                "This line is indented with a tab, which can nest it under the list item above without showing it",
                "Replace the tab with spaces: 4 spaces for each level of a nested list",
            )


@rule(
    "ST009",
    "treatment-page-without-treatment",
    scope="project",
    fix="Add the treatment to macros/data/treatments.yml with `page:` naming this file (CONTRIBUTING.md: Add a treatment)",
)
def treatment_page_without_treatment(project: Project) -> Iterator[Problem]:
    """Every page in docs/treatments/ is the page of a treatment in treatments.yml (or a listed
    overview). A page no treatment names skips the evidence table and the DISCERN sections
    that every treatment page must have."""
    from macros._yaml import read_yaml
    from tools.checker.rules.evidence import SECTIONS_FILE, treatment_pages

    named = treatment_pages(project)
    overviews = set(read_yaml(SECTIONS_FILE).get("overviews") or [])
    for page in project.pages:
        if page.src_uri.startswith("treatments/") and page.src_uri not in named and page.src_uri not in overviews:
            yield page.problem(
                1,
                f"{page.path} is in docs/treatments/ but no treatment in macros/data/treatments.yml names it as its page",
                f"Add the treatment with 'page: {page.src_uri}', or list the page under overviews: in "
                "tools/checker/treatment_pages.yml if it compares several treatments",
            )
