"""The catalogue: every macro follows the convention, and the reference page lists them all."""

from __future__ import annotations

import pytest

from macros import catalogue
from macros.catalogue import MACROS

# No test per macro for its docstring or its (data, page) arguments: the catalogue refuses such
# a macro when it is imported (the two tests at the end prove it), so those could never fail.
# No list of today's macro names either: a page that calls a removed macro fails the build.


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
