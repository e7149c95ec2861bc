"""The catalogue: every macro follows the convention, and the reference page lists them all."""

from __future__ import annotations

import inspect

import pytest

from macros import catalogue
from macros.catalogue import MACROS

EXPECTED = {
    "cite", "references", "crisis_lines", "crisis_callout", "urgent_signs", "crisis_number", "crisis_href",
    "crisis_link", "youth_lines", "what_to_expect_link", "safety_plan_form", "budget",
    "treatment_card", "treatment_table", "treatment_fact", "term", "glossary", "safety_note",
    "phq9_bands", "phq9_form", "macro_reference", "evidence_table", "at_a_glance", "study_kinds", "feedback_link",
}  # fmt: skip


def test_page_authors_keep_every_macro_name() -> None:
    assert set(MACROS) == EXPECTED


@pytest.mark.parametrize("name", sorted(MACROS))
def test_every_macro_has_a_docstring_with_an_example(name: str) -> None:
    first = (inspect.getdoc(MACROS[name]) or "").splitlines()[0]
    assert "{{ " + name in first, f"{name}: the docstring's first line needs a usage example"


@pytest.mark.parametrize("name", sorted(MACROS))
def test_every_macro_takes_data_and_page_first(name: str) -> None:
    assert list(inspect.signature(MACROS[name]).parameters)[:2] == ["data", "page"]


def test_macro_reference_lists_every_macro_with_the_authors_arguments(data, page) -> None:
    reference = MACROS["macro_reference"](data, page)
    for name in MACROS:
        assert f"## `{name}` {{ #{name} }}" in reference
    assert "Arguments: `crisis_lines(region: 'str | None' = None, level: 'int' = 2) -> 'str'`" in reference
    assert "data" not in reference.split("Arguments: `cite", 1)[1].split("`", 1)[0]


def test_a_macro_without_an_example_is_refused() -> None:
    def bare(data, page) -> str:
        """Renders something."""
        return ""

    with pytest.raises(TypeError, match="usage example"):
        catalogue._catalogue(bare)


def test_a_macro_without_data_and_page_is_refused() -> None:
    def loose(name: str) -> str:
        """Renders a name: {{ loose("x") }}"""
        return name

    with pytest.raises(TypeError, match=r"\(data, page, \.\.\.\)"):
        catalogue._catalogue(loose)
