"""PHQ-9 scoring and the self-check form, without a browser.

The severity bands are typed once, in macros/data/phq9.yml. Python scores with them
(``macros.phq9.score`` / ``band_for``) and the form hands the same bands to
docs/javascripts/phq9.js through its ``data-bands`` attribute, so these tests check
the scoring over every answer combination, the published band boundaries, and that
the browser receives exactly the YAML bands.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from macros import _data, phq9
from tests.macros.conftest import page_at
from tools.site import ROOT

SCRIPT = ROOT / "docs" / "javascripts" / "phq9.js"
BANDS = _data.load().phq9.bands
TOP = BANDS[-1].max

answer = st.integers(min_value=0, max_value=3)
nine_answers = st.lists(answer, min_size=9, max_size=9)


@pytest.fixture(scope="module")
def form() -> BeautifulSoup:
    """The form as rendered on its page, docs/tracking/measurement-based-care.md."""
    html = phq9.phq9_form(_data.load(), page_at("tracking/measurement-based-care.md"))
    return BeautifulSoup(html, "html.parser").form


# ── Scoring ────────────────────────────────────────────────────────────────────
def test_every_answer_combination_scores_its_sum_and_lands_in_one_band() -> None:
    totals: Counter[int] = Counter()
    for answers in itertools.product(range(4), repeat=9):
        total = phq9.score(answers)
        assert total == sum(answers)
        totals[total] += 1
    assert sorted(totals) == list(range(28)), "the totals are exactly 0 to 27"
    for total in totals:
        containing = [b for b in BANDS if b.min <= total <= b.max]
        assert containing == [phq9.band_for(total, BANDS)]


@given(nine_answers)
def test_score_is_the_sum_and_its_band_contains_it(answers: list[int]) -> None:
    total = phq9.score(answers)
    assert 0 <= total <= TOP
    band = phq9.band_for(total, BANDS)
    assert band.min <= total <= band.max


@given(nine_answers, st.integers(min_value=0, max_value=8))
def test_a_higher_answer_never_lowers_the_band(answers: list[int], index: int) -> None:
    higher = [*answers]
    higher[index] = min(3, higher[index] + 1)
    assert phq9.band_for(phq9.score(higher), BANDS).min >= phq9.band_for(phq9.score(answers), BANDS).min


def test_yaml_bands_are_the_published_phq9_bands() -> None:
    """Kroenke, Spitzer & Williams 2001: 0-4, 5-9, 10-14, 15-19, 20-27."""
    assert [(b.min, b.max) for b in BANDS] == [(0, 4), (5, 9), (10, 14), (15, 19), (20, 27)]


@pytest.mark.parametrize(("below", "above"), list(itertools.pairwise(BANDS)), ids=lambda b: b.id)
def test_band_boundaries_fall_between_neighbouring_bands(below, above) -> None:
    assert phq9.band_for(below.max, BANDS) is below
    assert phq9.band_for(above.min, BANDS) is above
    assert above.min == below.max + 1


@pytest.mark.parametrize(
    ("total", "label"),
    [
        (4, "Minimal"),
        (5, "Mild"),
        (9, "Mild"),
        (10, "Moderate"),
        (14, "Moderate"),
        (15, "Moderately severe"),
        (19, "Moderately severe"),
        (20, "Severe"),
        (27, "Severe"),
    ],
)
def test_band_labels_at_the_boundaries(total: int, label: str) -> None:
    assert phq9.band_for(total, BANDS).label == label


# ── Invalid input raises ───────────────────────────────────────────────────────
@given(st.lists(answer).filter(lambda a: len(a) != 9))
def test_score_rejects_anything_but_nine_answers(answers: list[int]) -> None:
    with pytest.raises(ValueError, match="nine answers"):
        phq9.score(answers)


@given(
    nine_answers,
    st.integers(min_value=0, max_value=8),
    st.one_of(
        st.integers(max_value=-1),
        st.integers(min_value=4),
        st.floats(allow_nan=True),
        st.text(max_size=2),
        st.none(),
        st.booleans(),
    ),
)
def test_score_rejects_an_answer_outside_0_to_3(answers: list[int], index: int, bad: object) -> None:
    answers[index] = bad
    with pytest.raises(ValueError, match="each 0, 1, 2 or 3"):
        phq9.score(answers)


@given(st.one_of(st.integers(max_value=-1), st.integers(min_value=28)))
def test_band_for_rejects_totals_outside_0_to_27(total: int) -> None:
    with pytest.raises(ValueError, match="outside 0-27"):
        phq9.band_for(total, BANDS)


@given(st.one_of(st.floats(allow_nan=True), st.text(max_size=3), st.none(), st.booleans()))
def test_band_for_rejects_a_total_that_is_not_a_whole_number(total: object) -> None:
    with pytest.raises(ValueError, match="whole number"):
        phq9.band_for(total, BANDS)


# ── The form hands the browser the same bands ─────────────────────────────────
def test_form_data_bands_equal_the_yaml_bands(form) -> None:
    expected = [{"min": b.min, "max": b.max, "label": b.label, "meaning": b.meaning} for b in BANDS]
    assert json.loads(form["data-bands"]) == expected


def test_form_has_nine_labelled_radio_groups_scored_from_the_yaml_answers(form) -> None:
    answers = _data.load().phq9.answers
    fieldsets = form.select("fieldset[data-phq9-item]")
    assert len(fieldsets) == 9
    names = set()
    for number, fieldset in enumerate(fieldsets, start=1):
        assert fieldset.legend.get_text().startswith(f"{number}. ")
        radios = fieldset.select("input[type=radio]")
        assert [r["value"] for r in radios] == [str(a.score) for a in answers]
        assert all(r.find_parent("label") for r in radios), "each radio sits inside its label"
        assert len({r["name"] for r in radios}) == 1
        names.add(radios[0]["name"])
    assert len(names) == 9


def test_form_works_on_paper_without_javascript(form) -> None:
    """No script: nothing submits anywhere, the buttons stay hidden, the scoring rule is printed."""
    assert form.has_attr("novalidate")
    # No action, and method="dialog": with or without JavaScript, the form has nowhere to send
    # the answers (a GET form puts all nine in the address bar when Enter is pressed).
    assert not form.has_attr("action") and form["method"] == "dialog"
    assert form["autocomplete"] == "off", "Back/Forward and reload do not refill the answers"
    assert form.select_one("[data-phq9-actions]").has_attr("hidden")
    howto = form.select_one("#phq9-howto").get_text()
    assert "Not at all = 0" in howto and "Nearly every day = 3" in howto and f"0 to {TOP}" in howto
    assert form.select_one("[data-phq9-paper]") is not None


def test_self_harm_item_carries_hidden_crisis_routes_next_to_it(form) -> None:
    alert = form.select_one("[data-phq9-alert]")
    assert alert.has_attr("hidden")
    assert alert.find_parent("fieldset")["data-phq9-item"] == "self-harm"
    assert alert.select('a[href^="tel:"]'), "the routes include a number to call"
    # Raw HTML is not rewritten by the engine: the crisis page link is relative to this page.
    assert alert.select_one('a[href="../../get-help-now/"]'), "the alert links to the crisis page"
    result = form.select_one("[data-phq9-result]")
    assert result["aria-live"] == "polite" and result["tabindex"] == "-1"


# ── The script sends, stores and logs nothing, and types no band ──────────────
def test_script_sends_stores_and_logs_nothing() -> None:
    source = SCRIPT.read_text(encoding="utf-8")
    for api in (
        "fetch",
        "XMLHttpRequest",
        "sendBeacon",
        "WebSocket",
        "EventSource",
        "cookie",
        "localStorage",
        "sessionStorage",
        "indexedDB",
        "console",
        "innerHTML",
        "eval",
    ):
        assert api not in source, f"docs/javascripts/phq9.js must not use {api}"


def test_script_reads_bands_from_the_form_not_from_numbers_in_code() -> None:
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", SCRIPT.read_text(encoding="utf-8"), flags=re.S)
    numbers = {int(n) for n in re.findall(r"\b\d+\b", code)}
    band_numbers = {n for b in BANDS for n in (b.min, b.max)} - {0, 1, 2}
    assert not numbers & band_numbers, f"band numbers typed in phq9.js: {sorted(numbers & band_numbers)}"
    assert "data-bands" in code
