"""MkDocs hook: give each task-list checkbox its item's text as a label.

pymdownx.tasklist renders ``<li class="task-list-item"><input type="checkbox" ...> text``,
which leaves the checkbox without an accessible name (axe: "label", WCAG 1.3.1/4.1.2).
Wrapping the item's text in a <label> names the checkbox and lets readers tick items on
screen before printing a checklist. Items that contain a nested list are left alone.
"""

from __future__ import annotations

import re

_ITEM = re.compile(
    r'<li class="task-list-item">\s*(<input type="checkbox"[^>]*?)\s*(?:disabled(?:="disabled")?)?\s*/?>(?P<text>(?:(?!<li|<ul|<ol|</li>).)*)</li>',
    re.DOTALL,
)


def label_task_items(html: str) -> str:
    return _ITEM.sub(lambda m: f'<li class="task-list-item"><label>{m.group(1)} />{m.group("text")}</label></li>', html)


def on_page_content(html: str, **_kwargs) -> str:
    return label_task_items(html)
