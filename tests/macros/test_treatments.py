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


def test_treatment_table_by_category_has_header_and_links(data, page) -> None:
    table = treatments.treatment_table(data, page, category="interventional", columns=["schedule", "onset"])
    lines = table.strip().splitlines()
    assert lines[0] == "| Treatment | Typical schedule | How soon it may help |"
    interventional = [t for t in data.treatments.values() if t.category == "interventional"]
    assert len(lines) == 2 + len(interventional)
    assert "[IV ketamine](iv-ketamine.md)" in table
    from_faq = treatments.treatment_table(data, page_at("faq.md"), category="interventional")
    assert "[IV ketamine](treatments/iv-ketamine.md)" in from_faq


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
