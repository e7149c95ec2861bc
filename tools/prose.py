"""Prose extraction and reading level, shared by the report and the content checker.

Reading level is measured on prose only: paragraphs and list items in the article,
not headings, tables, code, citations, reference lists, treatment cards, forms or
the review-date footer. textstat is pinned to 0.7.3, which works offline.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

import textstat
from selectolax.lexbor import LexborHTMLParser

# What is not prose: data tables, code, citation marks, generated cards and forms.
NOT_PROSE = (
    "table",
    "pre",
    "code",
    "sup.cite",
    "ol.references",
    ".treatment-card",
    "form",
    ".phq9",
    ".trd-page-meta",
    ".md-source-file",
    ".headerlink",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "small",
    "nav",
    ".md-content__button",
    "script",
    "style",
    # Spanish text: an English reading-level formula means nothing there.
    "[lang=es]",
)
MAX_GRADE_ANY_PAGE = 10.0
MAX_GRADE_MEDIAN = 8.0


@dataclass(frozen=True)
class Readability:
    grade: float
    words: int
    sentences: list[str]

    def longest(self, n: int = 3) -> list[str]:
        return sorted(self.sentences, key=lambda s: len(s.split()), reverse=True)[:n]


def prose_blocks(html: str, root_selector: str | None = "article") -> list[str]:
    """The text of each paragraph and list item, each ending in sentence punctuation."""
    tree = LexborHTMLParser(html)
    root = (tree.css_first(root_selector) if root_selector else None) or tree.root
    for selector in NOT_PROSE:
        for node in root.css(selector):
            node.decompose()
    blocks = []
    for node in root.css("p, li, dd"):
        # A container: its children are counted instead (traverse starts at the node itself).
        inside = list(node.traverse(include_text=False))[1:]
        if any(child.tag in ("p", "li", "ul", "ol") for child in inside):
            continue
        words = " ".join(node.text(separator=" ").split())
        if len(words.split()) < 3:
            continue
        blocks.append(words if words[-1] in ".!?:" else words + ".")
    return blocks


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])", text) if s.strip()]


def readability(blocks: list[str]) -> Readability:
    text = " ".join(blocks)
    sentences = [s for block in blocks for s in split_sentences(block)]
    if not text.strip():
        return Readability(grade=0.0, words=0, sentences=[])
    return Readability(grade=float(textstat.flesch_kincaid_grade(text)), words=len(text.split()), sentences=sentences)


def median_grade(grades: list[float]) -> float:
    return statistics.median(grades) if grades else 0.0
