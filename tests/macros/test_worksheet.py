"""Fillable worksheets (macros/worksheet.py): every box labelled, nothing that could send."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from macros import _data
from macros.context import PageContext, SiteSettings
from macros.errors import MacroError
from macros.worksheet import worksheet

DATA = _data.load()


@pytest.fixture
def page() -> PageContext:
    return PageContext(SiteSettings("get-help-now/"), "planning/treatment-history.md", "planning/treatment-history/")


def test_a_grid_has_one_labelled_box_per_cell_and_numbered_rows(page: PageContext) -> None:
    html = worksheet(DATA, page, "meds", ["Medicine", "Dose"], rows=3, row_name="Treatment")
    soup = BeautifulSoup(html, "html.parser")
    boxes = soup.find_all("textarea")
    assert len(boxes) == 6
    assert not soup.find(["form", "script", "input", "button"]) and "name=" not in html
    for box in boxes:
        label = soup.find("label", attrs={"for": box["id"]})
        assert label is not None and label.get_text(strip=True)
        assert box["autocomplete"] == "off" and box["spellcheck"] == "false"
    assert soup.find("label", attrs={"for": "ws-meds-3-2"}).get_text() == "Dose (Treatment 3)"
    assert [th.get_text() for th in soup.select("tbody th")] == ["Treatment 1", "Treatment 2", "Treatment 3"]


def test_topic_rows_name_each_box_by_its_topic(page: PageContext) -> None:
    html = worksheet(DATA, page, "other", ["Topic", "My notes"], rows=["Sleep", "Alcohol <b>"])
    soup = BeautifulSoup(html, "html.parser")
    assert [lab.get_text() for lab in soup.find_all("label")] == ["My notes: Sleep", "My notes: Alcohol <b>"]
    assert "<b>" not in html, "row headings are data: escaped"


def test_a_bad_name_is_refused(page: PageContext) -> None:
    with pytest.raises(MacroError):
        worksheet(DATA, page, "bad name!", ["A"])
