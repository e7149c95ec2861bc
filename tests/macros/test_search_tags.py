"""Search aliases from the data and front matter become the page's search tags; crisis
search phrases become search terms of the crisis pages and are checked when loaded."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from macros.errors import MacroError
from macros.models import SearchPhrases, is_search_term, phrase_words
from macros.search import search_tags
from tests.macros.conftest import SITE, page_at


def test_search_tags_carry_brand_generic_and_lay_names(data) -> None:
    assert "shock therapy" in search_tags(data, page_at("treatments/ect.md"))
    assert {"Spravato", "esketamine"} <= set(search_tags(data, page_at("treatments/esketamine.md")))


def test_search_terms_from_front_matter_join_the_tags_once(data) -> None:
    page = page_at("faq.md", meta={"tags": ["a"], "search_terms": ["thyroid", "a"]})
    assert search_tags(data, page) == ["a", "thyroid"]


def test_a_page_with_nothing_to_add_gets_no_tags(data) -> None:
    assert search_tags(data, page_at("about/privacy.md", meta={"tags": ["kept"]})) == []


@pytest.mark.parametrize("terms", ["thyroid", [1, 2], {"a": 1}])
def test_search_terms_front_matter_must_be_a_list_of_words(data, terms) -> None:
    with pytest.raises(MacroError, match=r"docs/faq.md: front matter 'search_terms' must be a list"):
        search_tags(data, page_at("faq.md", meta={"search_terms": terms}))


def test_crisis_phrases_are_search_terms_of_the_crisis_page_for_their_language(data) -> None:
    phrases = data.crisis.search_phrases
    phrases = type(phrases).model_construct(
        en=[p for p in phrases.en if is_search_term(p)], es=[p for p in phrases.es if is_search_term(p)]
    )
    assert phrases.en and phrases.es
    english = search_tags(data, page_at(SITE.crisis_doc))
    spanish = search_tags(data, page_at(SITE.crisis_doc_es))
    assert set(phrases.en) <= set(english) and not set(phrases.es) & set(english)
    assert set(phrases.es) <= set(spanish) and not set(phrases.en) & set(spanish)
    assert not set(phrases.en) & set(search_tags(data, page_at("faq.md")))


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("Línea de  crisis", " linea de crisis "),
        ("I DON'T want to live", " i dont want to live "),
        ("don\u2019t", " dont "),
        ("self-harm!", " self harm "),
        ("  ", "  "),
    ],
)
def test_phrase_words_ignore_case_accents_apostrophes_and_punctuation(text: str, form: str) -> None:
    # The same rule as words() in docs/javascripts/search.js (checked in Chromium on every
    # reader query by tests/browser/test_search.py).
    assert phrase_words(text) == form


def _phrases(**change) -> dict:
    raw = {"en": ["suicide", "kill myself"], "es": ["suicidio"]}
    return raw | change


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (_phrases(es=["Suicide"]), "'Suicide' (same words as 'suicide')"),
        (_phrases(en=["suicide", "kill  myself!", "kill myself"]), "'kill myself' (same words as 'kill  myself!')"),
        (_phrases(en=["kill|myself"]), "String should match pattern"),
        (_phrases(en=["!!"]), "String should match pattern"),
        (_phrases(es=[]), "at least 1 item"),
    ],
)
def test_crisis_phrases_are_listed_once_with_words_and_no_bar(raw: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        SearchPhrases.model_validate(raw)


def test_search_js_drops_exactly_the_stop_words_of_the_installed_lunr() -> None:
    """docs/javascripts/search.js drops lunr's English stop words from a query (Material would
    turn each into a prefix). Its copy of the list must be the one the installed theme's lunr
    leaves out of the index: a word added there, or one we typed wrong, fails here."""
    from pathlib import Path

    import material

    from tools.site import ROOT

    workers = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    (worker,) = workers.glob("search.*.min.js")
    lunr = re.search(r"stopWordFilter=\w+\.generateStopWordFilter\(\[([^\]]*)\]\)", worker.read_text(encoding="utf-8"))
    assert lunr, f"no stop-word list found in {worker.name}"
    ours = re.search(
        r'var STOP_WORDS = " ([a-z ]+) ";', (ROOT / "docs/javascripts/search.js").read_text(encoding="utf-8")
    )
    assert ours, "no STOP_WORDS line in docs/javascripts/search.js"
    assert ours.group(1).split() == re.findall(r'"([^"]*)"', lunr.group(1))
