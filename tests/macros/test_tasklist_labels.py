"""The task-list labels extension: each checkbox is named by its item's text."""

from __future__ import annotations

import markdown
from bs4 import BeautifulSoup

from tests.conftest import Page

CONFIG = {"pymdownx.tasklist": {"clickable_checkbox": True}}


def _render(source: str) -> BeautifulSoup:
    html = markdown.markdown(
        source, extensions=["pymdownx.tasklist", "macros.tasklist_labels"], extension_configs=CONFIG
    )
    return BeautifulSoup(html, "html.parser")


def test_each_checkbox_sits_in_a_label_with_the_whole_item() -> None:
    soup = _render("- [ ] Call *my* [doctor](x.md)\n- [x] Done\n")
    labels = soup.select("li.task-list-item > label")
    assert [label.get_text() for label in labels] == [" Call my doctor", " Done"]
    assert all(label.select_one("input[type=checkbox]") for label in labels)
    assert labels[1].input.has_attr("checked")
    assert labels[0].select_one("em") and labels[0].select_one("a[href='x.md']")


def test_an_item_with_a_nested_list_is_left_alone() -> None:
    soup = _render("- [ ] Parent\n    - [ ] Child\n")
    parent = soup.select_one("ul > li.task-list-item")
    assert parent.find("label", recursive=False) is None
    assert parent.select_one("ul li.task-list-item > label").get_text() == " Child"


def test_ordinary_lists_are_untouched() -> None:
    assert not _render("- one\n- two\n").select("label")


def test_every_checkbox_on_the_site_has_a_label(pages: list[Page]) -> None:
    boxes = [(p.url, box) for p in pages for box in p.soup.select("article input[type=checkbox]")]
    assert boxes, "the hub has checklists (planning pages)"
    unlabelled = sorted({url for url, box in boxes if box.find_parent("label") is None})
    assert not unlabelled, f"task-list checkboxes without a label on: {unlabelled}"
