"""Getting treatment where you live (issue 25, topic 8) as a reader in the UK or the US finds it.

The page reuses Get help now's row of countries (``country_choices`` with ``only``), so the
script that guesses the reader's country from the browser's time zone and language
(docs/javascripts/country.js) puts their own country first there too. A reader on a phone
sees their country first, in the first screen, and one tap takes them to its section.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}
# How a reader in each country has the browser set up (as in test_crisis_routes.py).
READERS = {
    "uk": ("Europe/London", "en-GB", "United Kingdom"),
    "us": ("America/Chicago", "en-US", "United States"),
}


@pytest.mark.parametrize("country", sorted(READERS))
def test_a_reader_sees_their_country_first_and_one_tap_reaches_its_section(browser, base_url, country) -> None:
    zone, locale, heading = READERS[country]
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, timezone_id=zone, locale=locale, reduced_motion="reduce"
    )
    try:
        page = context.new_page()
        page.goto(base_url + "planning/getting-treatment/")
        row = page.get_by_role("navigation", name="Getting treatment by country")
        first = row.get_by_role("link").first
        expect(first).to_have_attribute("data-country", country)
        box = first.bounding_box()
        assert box and box["y"] + box["height"] <= PHONE["height"], f"{country}: the row is below the first screen"
        first.tap()
        page.wait_for_url(f"**#{country}")
        # The heading's name ends with its permalink sign (Material's "¶").
        section = page.get_by_role("heading", name=re.compile(rf"^{heading}\b"), level=2)
        expect(section).to_be_in_viewport()
    finally:
        context.close()
