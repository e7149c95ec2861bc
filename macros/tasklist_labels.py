"""Python-Markdown extension: each task-list checkbox is labelled by its item's text.

pymdownx.tasklist renders ``<li class="task-list-item"><input type="checkbox"/> text``,
which leaves the checkbox without an accessible name (axe: "label", WCAG 1.3.1/4.1.2).
Wrapping the item's content in a <label> names the checkbox and lets readers tick items
on screen before printing a checklist. Items that contain a nested list are left alone
(one label would then name the whole sub-list).

Each checkbox also gets ``autocomplete="off"``: a tick is the reader's own, kept only if
they choose "Save on this device" (docs/javascripts/keep.js); without it, Chromium puts
the ticks back on Back or reload.

Listed in mkdocs.yml as ``macros.tasklist_labels`` after ``pymdownx.tasklist``; it is a
plain Markdown extension, so it runs under any engine that runs Python-Markdown.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

# After inline processing (20), so the item's links and emphasis move into the label too.
PRIORITY = 15


class TasklistLabels(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for li in root.iter("li"):
            if "task-list-item" in li.get("class", "").split():
                self._no_autocomplete(li)
                if not _has_nested_list(li):
                    _wrap_in_label(li)

    def _no_autocomplete(self, li: etree.Element) -> None:
        """pymdownx.tasklist stashes each checkbox as raw HTML; add autocomplete="off" there."""
        first = li if li.text else next(iter(li), None)
        for match in re.finditer(r"\x02wzxhzdk:(\d+)\x03", (first.text or "") if first is not None else ""):
            blocks = self.md.htmlStash.rawHtmlBlocks
            index = int(match.group(1))
            html = str(blocks[index])
            if html.startswith('<input type="checkbox"') and "autocomplete" not in html:
                blocks[index] = html.replace('<input type="checkbox"', '<input type="checkbox" autocomplete="off"', 1)


def _has_nested_list(li: etree.Element) -> bool:
    return any(child.tag in ("ul", "ol") for child in li.iter() if child is not li)


def _wrap_in_label(li: etree.Element) -> None:
    label = etree.Element("label")
    label.text, li.text = li.text, None
    for child in list(li):
        li.remove(child)
        label.append(child)
    li.append(label)


class TasklistLabelsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(TasklistLabels(md), "tasklist_labels", PRIORITY)


def makeExtension(**kwargs: object) -> TasklistLabelsExtension:
    return TasklistLabelsExtension(**kwargs)
