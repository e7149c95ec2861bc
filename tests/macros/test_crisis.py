"""Crisis macros: every region with dialable links, the callout, and the banner's numbers."""

from __future__ import annotations

import re

import pytest

from macros import crisis
from macros.crisis import banner_context
from macros.errors import MacroError
from tests.macros.conftest import page_at


def test_crisis_lines_render_every_region_with_dialable_links(data, page) -> None:
    out = crisis.crisis_lines(data, page)
    for region in data.crisis.regions:
        assert f"## {region.name}" in out
        assert f"(tel:{re.sub(r'[^0-9+]', '', region.emergency)})" in out
    assert "(tel:988)" in out and "(sms:988)" in out
    assert "(sms:741741?&body=HOME)" in out


def test_crisis_lines_for_one_region(data, page) -> None:
    out = crisis.crisis_lines(data, page, "uk", level=3)
    assert out.startswith("### United Kingdom") and "#### Samaritans" in out and "United States" not in out


def test_crisis_lines_unknown_region_suggests_close_ids(data, page) -> None:
    with pytest.raises(
        MacroError, match=r"docs/treatments/esketamine.md: unknown crisis region 'ukk'.*Did you mean 'uk'"
    ):
        crisis.crisis_lines(data, page, "ukk")


def test_crisis_lines_wrong_level_type_says_what_is_expected(data, page) -> None:
    with pytest.raises(MacroError, match=r"'level' should be int, got str"):
        crisis.crisis_lines(data, page, "us", level="3")
    with pytest.raises(MacroError, match=r"level must be 2 to 5"):
        crisis.crisis_lines(data, page, "us", level=9)
    with pytest.raises(MacroError, match=r"'level' should be int, got bool"):
        crisis.crisis_lines(data, page, "us", level=True)


def test_country_choices_lists_every_region_by_default(data, page) -> None:
    out = crisis.country_choices(data, page)
    assert out.count("<li>") == len(data.crisis.regions) and 'aria-label="Crisis lines by country"' in out


def test_country_choices_for_another_page_lists_only_its_countries_in_its_order(data, page) -> None:
    # issue 25: Getting treatment where you live reuses the row (and country.js's likely country).
    out = crisis.country_choices(data, page, ["uk", "us"], "Getting treatment by country")
    assert re.findall(r'href="#([a-z-]+)" data-country', out) == ["uk", "us"]
    assert 'aria-label="Getting treatment by country"' in out


def test_country_choices_unknown_region_suggests_close_ids(data, page) -> None:
    with pytest.raises(MacroError, match=r"unknown crisis region 'ukk'.*Did you mean 'uk'"):
        crisis.country_choices(data, page, ["ukk"])
    with pytest.raises(MacroError, match=r"'only' should be list, got str"):
        crisis.country_choices(data, page, "uk")


def test_crisis_callout_links_to_crisis_page_relative_to_the_page(data, page) -> None:
    out = crisis.crisis_callout(data, page)
    assert out.startswith('!!! danger "Need help now?"')
    assert "(../get-help-now.md)" in out and "(tel:988)" in out and "(sms:988)" in out and "(tel:911)" in out
    assert "(get-help-now.md)" in crisis.crisis_callout(data, page_at("faq.md"))


def test_crisis_callout_title_must_be_text(data, page) -> None:
    with pytest.raises(MacroError, match="'title' should be str"):
        crisis.crisis_callout(data, page, 3)


def test_crisis_number_and_href_are_the_banner_numbers(data, page) -> None:
    banner = data.crisis.banner
    service = next(s for s in data.region(banner.region).services if s.id == banner.service)
    assert crisis.crisis_number(data, page, "call") == service.call
    assert crisis.crisis_number(data, page, "emergency") == data.region(banner.region).emergency
    with pytest.raises(MacroError, match="Did you mean 'call'"):
        crisis.crisis_number(data, page, "cal")
    context = banner_context(data)
    assert crisis.crisis_href(data, page, "text") == context["text_href"]
    assert crisis.crisis_href(data, page, "emergency") == context["emergency_href"]
    with pytest.raises(MacroError, match="Did you mean 'text'"):
        crisis.crisis_href(data, page, "txt")


def test_urgent_signs_lists_each_sign_capitalised(data, page) -> None:
    signs = crisis.urgent_signs(data, page)
    assert signs.count("\n- ") + 1 == len(data.crisis.urgent_without_suicidal_thoughts)
    assert all(line[2].isupper() for line in signs.strip().splitlines())


def test_banner_context_has_every_number_and_its_link(data) -> None:
    context = banner_context(data)
    assert {"message", "service", "region", "call", "call_href", "text", "text_href", "emergency"} <= set(context)
    assert context["call_href"] == "tel:988" and context["emergency_href"] == "tel:911"
