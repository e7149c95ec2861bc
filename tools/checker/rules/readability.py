"""Reading level: the same measure as `make report`, on the page's own Markdown."""

from __future__ import annotations

from collections.abc import Iterator

import markdown

from tools.checker.core import Problem, rule
from tools.checker.pages import Page
from tools.checker.project import Project
from tools.prose import MAX_GRADE_ANY_PAGE, prose_blocks, readability

# Generated reference pages are lists of data, not prose to grade (as in tools/report.py).
NOT_GRADED = ("glossary.md", "about/macros.md")
EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "def_list", "pymdownx.details"]
_converter = markdown.Markdown(extensions=EXTENSIONS)


def page_grade(page: Page):
    """The page's reading level, measured on its prose without macro output."""
    _converter.reset()
    html = _converter.convert(page.body_for_reading())
    return readability(prose_blocks(html, root_selector=None))


@rule(
    "READ001",
    "reading-grade",
    fix=f"Shorten the longest sentences and swap long words for short ones until the grade is {MAX_GRADE_ANY_PAGE:g} or lower",
)
def reading_grade(page: Page, project: Project) -> Iterator[Problem]:
    """Pages are written for US reading grade 6 to 8, and no page may go over grade 10.
    Many readers are exhausted, unwell or reading in a second language; depression itself
    makes dense text harder to take in."""
    if page.src_uri in NOT_GRADED:
        return
    result = page_grade(page)
    if result.words and result.grade > MAX_GRADE_ANY_PAGE:
        longest = " ".join(f'({n}) "{s}"' for n, s in enumerate(result.longest(3), start=1))
        yield page.problem(
            page.h1_line(),
            f"The reading grade is {result.grade:.1f}; the limit is {MAX_GRADE_ANY_PAGE:g}. Longest sentences: {longest}",
            "Split these sentences in two and use shorter words, e.g. 'Esketamine is given in a clinic. "
            "You stay for two hours.' instead of one long sentence. Check with: make report",
        )
