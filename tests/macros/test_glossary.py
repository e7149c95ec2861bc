"""Glossary terms, the glossary page and safety notes."""

from __future__ import annotations

import pytest

from macros import glossary, safety
from macros.errors import MacroError
from tests.macros.conftest import page_at


def test_term_links_to_glossary_with_definition_tooltip(data, page) -> None:
    out = glossary.term(data, page, "remission")
    assert out.startswith("[remission](../glossary.md#remission ")
    assert data.glossary["remission"].definition in out
    assert glossary.term(data, page, "phq-9").startswith("[PHQ-9]")
    assert glossary.term(data, page, "rtms", "TMS").startswith("[TMS]")
    assert glossary.term(data, page_at("faq.md"), "remission").startswith("[remission](glossary.md#remission ")


def test_term_errors(data, page) -> None:
    with pytest.raises(MacroError, match="Did you mean 'remission'"):
        glossary.term(data, page, "remision")
    with pytest.raises(MacroError, match="'label' should be str"):
        glossary.term(data, page, "remission", 3)


def test_glossary_lists_every_term_with_its_anchor(data, page) -> None:
    out = glossary.glossary(data, page)
    for entry in data.glossary.values():
        assert f"{{ #{entry.id} }}" in out


def test_safety_note(data, page) -> None:
    assert safety.safety_note(data, page, "medication-changes").startswith('!!! warning "Talk to your prescriber')
    with pytest.raises(MacroError, match="unknown safety note"):
        safety.safety_note(data, page, "driving")


def test_glossary_shows_only_true_synonyms_as_also_called(data) -> None:
    """Issue 22: "Hypomania, also called: mania" and "NMDA receptor, also called: glutamate" showed
    related search words as synonyms. Only `synonyms` are "Also called"; `aliases` are "Related words"."""
    out = glossary.glossary(data, page_at("glossary.md"))
    hypomania = out.split("## Hypomania", 1)[1].split("\n## ", 1)[0]
    nmda = out.split("## NMDA receptor", 1)[1].split("\n## ", 1)[0]
    assert "Also called" not in hypomania and "Related words: mania, manic episode" in hypomania
    assert "Also called" not in nmda and "Related words: glutamate" in nmda
    assert "Also called: CBT, cognitive behavioural therapy" in out
