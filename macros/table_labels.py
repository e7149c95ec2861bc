"""Python-Markdown extension: every Markdown table reads as cards on a phone, with no script.

Each body cell after the first gets ``data-label`` with its column's heading, and the table
gets the class ``trd-stack``: below 45em hub.css shows each row as a card whose cells start
with their heading (``td[data-label]::before``), so no table on a phone needs sideways
scrolling, JavaScript on or off. Tables the macros build already carry both.

Listed in mkdocs.yml as ``macros.table_labels`` after ``tables``; a plain Markdown extension,
so it runs under any engine that runs Python-Markdown.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor, UnescapeTreeprocessor

# After inline processing (20), so a heading's emphasis is resolved to text.
PRIORITY = 15


class TableLabels(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            head = table.find("thead/tr")
            if head is None:
                continue
            labels = [_text(self.md, th) for th in head]
            for row in table.iterfind("tbody/tr"):
                for i, cell in enumerate(row):
                    if i and i < len(labels) and labels[i] and "data-label" not in cell.attrib:
                        cell.set("data-label", labels[i])
            table.set("class", " ".join(filter(None, [table.get("class"), "trd-stack"])))


def _text(md: Markdown, element: etree.Element) -> str:
    """The heading as plain text: escapes restored, raw HTML placeholders dropped."""
    text = re.sub(r"\x02wzxhzdk:\d+\x03", "", "".join(element.itertext()))
    return " ".join(UnescapeTreeprocessor(md).unescape(text).split())


class TableLabelsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(TableLabels(md), "table_labels", PRIORITY)


def makeExtension(**kwargs: object) -> TableLabelsExtension:
    return TableLabelsExtension(**kwargs)
