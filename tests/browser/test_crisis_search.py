"""The crisis box in search offers the call (issue 19, item 5), measured in Chromium.

A query that says it (slang, misspellings, Spanish, "unalive", indirect statements) shows
the crisis box above the results, with the crisis page link first and the reader's Call
and Text buttons, copied from the banner's tel:/sms: links when the box is shown (so the
box follows the banner's country; the Spanish box offers that country's line in Spanish
where crisis.yml has one, checked in each country by test_crisis_routes.py). The phrase
patterns are data (macros/data/crisis.yml search_phrases); this file checks them three ways:

- every pattern of the tuning list shows the box (a query written from the pattern);
- phrasings in rounds (tests/browser/crisis_heldout*.yml, each written before the tuning it
  measures) show it at a stated rate, printed with -s: the HELD-OUT round (6, never copied
  into the list) and the rounds read or seen for tuning (1 to 5); the floors are what each
  measured last (search_record.md has every figure before and after each change);
- ordinary queries from the same files do not show it (one known false positive, named).

The Python mirror of the matching rule (macros/models.py crisis_search_lang, used by
tests/browser/test_search.py) must give the browser's answer for every query here.

Every query of those lists is searched once, from inside the page (tools/search.py
SearchBox.results_of), and what the box shows is shared by the tests (all on one pytest worker:
xdist_group); the odd spellings are also typed key by key, and both ways must show the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from macros import _data
from macros._render import sms_href, tel_href
from macros.models import crisis_search_lang, phrase_tag
from tests.browser.sweep import VIEWPORTS
from tools.search import SearchBox
from tools.site import mkdocs_config

pytestmark = pytest.mark.browser


def _round(name: str) -> dict[str, list[str]]:
    return yaml.safe_load(Path(__file__).with_name(name).read_text(encoding="utf-8"))


# Round 1 (crisis_heldout.yml) was written before the list was tuned; round 2 after round 1
# was measured, before round 2 of tuning. Round 3 of tuning (7 Dec 2026) read the misses of
# both, round 4 of tuning those of rounds 3 and 4, so they are reported from then on but no
# longer held out; round 5's phrasings were seen before round 4 of tuning (not its misses),
# so it is reported too. Round 3 was written by a maintainer who had read the phrase list;
# rounds 4 to 6 by helpers who never opened the list, the search code or any earlier round
# (each file's header says so). Round 6 is the one held out.
ROUNDS = {f"round {n}": _round(f"crisis_heldout{'' if n == 1 else f'_{n}'}.yml") for n in range(1, 7)}
HELD_OUT = ("round 6",)
CRISIS = _data.load().crisis
PHRASES = CRISIS.search_phrases
EXTRA = mkdocs_config()["extra"]
CRISIS_PAGE = {"en": EXTRA["crisis_page"], "es": EXTRA["crisis_page_es"]}
# The crisis pages: the two above and the page about calling or texting 988.
CRISIS_PAGES = {*CRISIS_PAGE.values(), "988/"}
# The floors: what each round measured after round 4 of tuning, so losing ground fails.
# Each round's figures before and after each change: tests/browser/search_record.md. Phrase
# lists generalize poorly to free wording: raise a held-out floor only with a new round (new
# phrasings first, then tuning).
HELDOUT_FLOOR = {"round 1": 1.0, "round 2": 1.0, "round 3": 0.94, "round 4": 0.98, "round 5": 0.78, "round 6": 0.78}

# Every Call and Text link crisis.yml can produce: whatever country the banner shows, the
# box's buttons must be among these.
TEL = {tel_href(s.call) for r in CRISIS.regions for s in r.services if s.call} | {
    tel_href(r.emergency) for r in CRISIS.regions if r.emergency
}
SMS = {sms_href(s.text.number, s.text.keyword) for r in CRISIS.regions for s in r.services if s.text}


# A query each pattern must match: its words, each `*` (a word's ending, or a gap of up
# to two words) left out.
TUNING = {phrase_tag(p): lang for lang in ("en", "es") for p in getattr(PHRASES, lang)}

BOX = """() => {
  const region = document.querySelector('[data-trd-search-crisis]')
  const links = [...region.querySelectorAll('a')]
  const shown = links.filter((a) => a.getClientRects().length > 0)
  const banner = [...document.querySelectorAll('.trd-crisis a')].map((a) => a.getAttribute('href'))
  return {
    page: links.length ? links[0].href : null,
    tel: shown.filter((a) => a.protocol === 'tel:').map((a) => a.getAttribute('href')),
    sms: shown.filter((a) => a.protocol === 'sms:').map((a) => a.getAttribute('href')),
    buttons: shown.filter((a) => /^(tel|sms):$/.test(a.protocol)).map((a) => a.getAttribute('href')),
    banner: banner.filter((h) => /^(tel|sms):/.test(h)),
  }
}"""


# The tests on the module's `search` run on one pytest worker (--dist loadgroup): search opens
# once there, and each query is searched once (`boxes`).
ONE_BOX = pytest.mark.xdist_group("crisis-search-box")


@pytest.fixture(scope="module")
def search(browser, base_url: str) -> Iterator[SearchBox]:
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(base_url + "treatments/ect/")
    box = SearchBox(page, base_url)
    box.open()
    yield box
    context.close()


def _state(search: SearchBox, state: dict) -> dict:
    state["page"] = search.relative(state["page"]) if state["page"] else None
    return state


def box(search: SearchBox, query: str) -> dict:
    """What the crisis box shows for ``query``: the page it links to first (site-relative,
    or None), and its visible tel: and sms: links."""
    return _state(search, search.results(query, BOX))


# Every query of the lists above and of both held-out rounds.
LISTED = list(
    dict.fromkeys([*TUNING, *(q for held in ROUNDS.values() for part in ("en", "es", "ordinary") for q in held[part])])
)


@pytest.fixture(scope="module")
def boxes(search: SearchBox) -> dict[str, dict]:
    """What the box shows for each query in LISTED, all searched in one call into the page."""
    return {q: _state(search, state) for q, state in zip(LISTED, search.results_of(LISTED, BOX), strict=True)}


def offers_the_call(state: dict) -> bool:
    return bool(state["page"] and state["tel"] and state["sms"])


def _rate(boxes: dict[str, dict], queries: list[str]) -> tuple[float, list[str]]:
    missed = [q for q in queries if not offers_the_call(boxes[q])]
    return 1 - len(missed) / len(queries), missed


# ── Data ───────────────────────────────────────────────────────────────────────
def test_each_round_has_20_crisis_phrasings_in_both_languages_and_10_ordinary_queries() -> None:
    for name, held in ROUNDS.items():
        assert len(held["en"]) + len(held["es"]) >= 20 and len(held["es"]) >= 8, name
        assert len(held["ordinary"]) >= 10, name


# Rounds 1 and 2 were read for round 3 of tuning, which took some of their lines: only the
# held-out rounds must share no line with the list.
def test_no_heldout_phrasing_was_copied_into_the_tuning_list() -> None:
    tuned = {" ".join(p.lower().split()) for lang in ("en", "es") for p in getattr(PHRASES, lang)}
    heldout = [q for name in HELD_OUT for q in ROUNDS[name]["en"] + ROUNDS[name]["es"]]
    copied = {q for q in heldout if " ".join(q.lower().split()) in tuned}
    assert not copied, f"held-out phrasings copied into crisis.yml search_phrases: {copied}"


# ── The box offers the call ────────────────────────────────────────────────────
@ONE_BOX
def test_every_tuning_phrase_shows_the_box_with_call_and_text(boxes: dict[str, dict]) -> None:
    wrong = {}
    for query, lang in TUNING.items():
        state = boxes[query]
        if not offers_the_call(state) or state["page"] != CRISIS_PAGE[lang]:
            wrong[query] = state
    assert not wrong, f"{len(wrong)} of {len(TUNING)} tuning phrases fail: {wrong}"


@ONE_BOX
@pytest.mark.parametrize("round_", list(ROUNDS))
def test_each_round_shows_the_box_with_call_and_text_at_its_floor(boxes: dict[str, dict], round_: str) -> None:
    queries = ROUNDS[round_]["en"] + ROUNDS[round_]["es"]
    rate, missed = _rate(boxes, queries)
    kind = "held out" if round_ in HELD_OUT else "read for tuning"
    print(f"\n{round_} ({kind}): {rate:.1%} of {len(queries)} show the crisis box with Call and Text; missed: {missed}")
    floor = HELDOUT_FLOOR[round_]
    assert rate >= floor, f"{round_} ({kind}): {rate:.1%} < {floor:.0%}; missed: {missed}"


# Ordinary queries that show the box, kept knowingly: a goodbye said by someone at risk is a
# warning sign (the "saying goodbye" phrase, after held-out search round 7), and the box above
# the results of a goodbye to a therapist is the price of showing it there.
KNOWN_FALSE_POSITIVES = {"saying goodbye to my therapist who is retiring"}


@ONE_BOX
def test_ordinary_queries_show_no_box_but_the_known_false_positive(boxes: dict[str, dict]) -> None:
    shown = {q for held in ROUNDS.values() for q in held["ordinary"] if boxes[q]["page"]}
    assert not shown - KNOWN_FALSE_POSITIVES, f"crisis box shown for ordinary queries: {shown - KNOWN_FALSE_POSITIVES}"
    assert shown == KNOWN_FALSE_POSITIVES, (
        f"no longer shows the box, drop it from the list: {KNOWN_FALSE_POSITIVES - shown}"
    )


@ONE_BOX
def test_the_box_numbers_are_the_banners_and_in_crisis_yml(search: SearchBox) -> None:
    for query in ("kill myself", "me quiero morir"):
        state = box(search, query)
        assert state["tel"] and state["sms"], state
        assert set(state["tel"]) <= TEL and set(state["sms"]) <= SMS, f"numbers not in crisis.yml: {state}"
    # Copied from the banner on this page, in its order: the box follows its country. (The
    # Spanish box offers the country's line in Spanish: test_crisis_routes.py, each country.)
    state = box(search, "kill myself")
    assert state["buttons"] == state["banner"], state


ODD = {
    "SUI\u200bCIDE": "en",  # a zero-width space inside the word
    "\ufeffkill my\u00adself": "en",  # byte-order mark, soft hyphen
    "I CANNOT GO ON!!!": "en",
    "i can\u2019t   go on": "en",  # curly apostrophe, extra spaces
    "k!ll myself": "en",  # letters swapped for look-alikes
    "su1c1de": "en",
    "un-alive": "en",
    "¿ME QUIERO MORIR?": "es",
    "ya no puedo más": "es",
    "suicídio": "es",
    "988": "en",
    "spravato 988": "en",
    "the 1988 study": None,  # a number inside another is not 988
    "sh": None,
}


@pytest.fixture(scope="module")
def odd_boxes(search: SearchBox) -> dict[str, dict]:
    return {q: _state(search, state) for q, state in zip(ODD, search.results_of(list(ODD), BOX), strict=True)}


@ONE_BOX
@pytest.mark.parametrize(("query", "lang"), ODD.items())
def test_matching_tolerates_case_accents_punctuation_and_hidden_characters(
    odd_boxes: dict[str, dict], query: str, lang: str | None
) -> None:
    want = CRISIS_PAGE[lang] if lang else None
    assert odd_boxes[query]["page"] == want


@ONE_BOX
def test_typing_the_odd_spellings_shows_what_searching_from_inside_the_page_shows(
    search: SearchBox, odd_boxes: dict[str, dict]
) -> None:
    # Typed key by key as a reader does (tools/search.py SearchBox.search), every state of the
    # box the same as when the query is searched from inside the page, as every list here is.
    typed = {q: _state(search, search.typed_results(q, BOX)) for q in ODD}
    differ = {q: {"typed": typed[q], "inside": odd_boxes[q]} for q in ODD if typed[q] != odd_boxes[q]}
    assert not differ, f"{len(differ)} of {len(ODD)} queries show another box when typed: {differ}"


@ONE_BOX
def test_the_python_rule_gives_the_browsers_answer(boxes: dict[str, dict]) -> None:
    queries = [q for held in ROUNDS.values() for part in ("en", "es", "ordinary") for q in held[part]]
    differ = {}
    for query in queries:
        browser = boxes[query]["page"]
        lang = crisis_search_lang(query, PHRASES)
        if browser != (CRISIS_PAGE[lang] if lang else None):
            differ[query] = (browser, lang)
    assert not differ, f"macros/models.py and search.js disagree: {differ}"


@ONE_BOX
def test_the_buttons_can_be_reached_and_tapped(search: SearchBox) -> None:
    box(search, "i can't go on")
    page = search.page
    call = page.locator("[data-trd-search-crisis] a[href^='tel:']").first
    text = page.locator("[data-trd-search-crisis] a[href^='sms:']").first
    for link in (call, text):
        size = link.bounding_box()
        assert size["width"] >= 44 and size["height"] >= 44, f"target too small: {size}"
    # Only everyday words are left once the stop words go ("can't go"): there may be no result
    # below the box, and then the box is all there is; any result comes after the buttons.
    results = page.locator(".md-search-result__item")
    if results.count():
        assert call.bounding_box()["y"] < results.first.bounding_box()["y"]
    # Enter still goes to the crisis page (the link's score is Infinity, the buttons' lowest).
    page.keyboard.press("Enter")
    page.wait_for_url("**/" + CRISIS_PAGE["en"])


# ── "crisis" finds the crisis page ─────────────────────────────────────────────
CRISIS_WORDS = ["crisis", "crisis line", "crisis text line", "hotline", "helpline"]


@pytest.fixture(scope="module")
def crisis_word_tops(browser, base_url: str) -> dict[str, list[str]]:
    """The first pages each of CRISIS_WORDS finds on a desktop, from the home page."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(base_url)
    search = SearchBox(page, base_url)
    search.open()
    shown = search.results_of(CRISIS_WORDS)
    context.close()
    return {q: search.distinct(s["links"]) for q, s in zip(CRISIS_WORDS, shown, strict=True)}


@pytest.mark.xdist_group("crisis-search-desktop")
@pytest.mark.parametrize("query", CRISIS_WORDS)
def test_crisis_words_rank_the_crisis_page_first(crisis_word_tops: dict[str, list[str]], query: str) -> None:
    top = crisis_word_tops[query]
    assert top[:1] and top[0] in CRISIS_PAGES, f"{query!r}: first results {top}"
