"""Treatment macros: card, comparison table and inline facts, with every argument error."""

from __future__ import annotations

import re

import pytest

from macros import treatments
from macros.errors import MacroError
from tests.macros.conftest import page_at


def test_treatment_card_shows_data_and_cites_sources(data, page) -> None:
    card = treatments.treatment_card(data, page, "esketamine")
    t = data.treatments["esketamine"]
    assert 'class="treatment-card" markdown' in card
    assert t.status in card and "Spravato" in card
    for source in t.sources:
        assert f"#ref-{source}" in card
    assert page.citations.order[: len(t.sources)] == list(dict.fromkeys(t.sources)), "the card numbers its sources"


def test_treatment_card_unknown_id(data, page) -> None:
    with pytest.raises(MacroError, match=r"unknown treatment 'esketamin'.*Did you mean 'esketamine'"):
        treatments.treatment_card(data, page, "esketamin")


def test_treatment_table_by_category_has_header_links_and_labelled_cells(data, page) -> None:
    from bs4 import BeautifulSoup

    html = treatments.treatment_table(data, page, category="interventional", columns=["schedule", "onset"])
    table = BeautifulSoup(html, "html.parser").table
    assert "trd-stack" in table["class"], "rows stack as cards on a phone (hub.css)"
    assert [th.get_text() for th in table.thead.find_all("th")] == [
        "Treatment",
        "Typical schedule",
        "How soon it may help",
    ]
    interventional = [t for t in data.treatments.values() if t.category == "interventional"]
    rows = table.tbody.find_all("tr")
    assert len(rows) == len(interventional)
    assert all(r.th["scope"] == "row" for r in rows)
    assert [td["data-label"] for td in rows[0].find_all("td")] == ["Typical schedule", "How soon it may help"]
    assert '<a href="../iv-ketamine/">IV ketamine</a>' in html
    from_faq = treatments.treatment_table(data, page_at("faq.md"), category="interventional")
    assert '<a href="../treatments/iv-ketamine/">IV ketamine</a>' in from_faq


def test_treatment_table_by_ids_keeps_order(data, page) -> None:
    table = treatments.treatment_table(data, page, ids=["ect", "rtms"])
    assert table.index("Electroconvulsive") < table.index("magnetic stimulation")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "either ids"),
        ({"ids": ["ect"], "category": "interventional"}, "either ids"),
        ({"ids": "ect"}, "'ids' should be list"),
        ({"category": "brain"}, "unknown treatment category 'brain'"),
        ({"category": "interventional", "columns": ["cost"]}, "unknown table column 'cost'"),
        ({"category": "interventional", "columns": "onset"}, "'columns' should be list"),
        ({"ids": ["ect", "tms"]}, "unknown treatment 'tms'"),
    ],
)
def test_treatment_table_argument_errors(data, page, kwargs: dict, message: str) -> None:
    with pytest.raises(MacroError, match=re.escape(message)):
        treatments.treatment_table(data, page, **kwargs)


def test_treatment_fact(data, page) -> None:
    assert treatments.treatment_fact(data, page, "rtms", "status") == data.treatments["rtms"].status
    with pytest.raises(MacroError, match="unknown treatment field 'price'"):
        treatments.treatment_fact(data, page, "rtms", "price")
