"""Search in Chromium: it finds the page a reader needs, puts the crisis page first for a
crisis query, and costs nothing until the reader opens it.

The reader queries are data (tests/browser/search_queries.yml to tune on and
search_queries_heldout.yml, only ever measured; read by tools/search.py, which
`make bench` shares): brand and generic names, phone-keyboard misspellings,
questions, worries, family questions and crisis words in English and Spanish, each
expecting one page among the first three. Lay terms and misspellings reach the index
through the data (treatments.yml aliases, front matter search_terms), never through
hidden text or special cases here.

Search loads on demand (docs/javascripts/search.js): no page requests Material's search
worker or index before the reader opens search, however they open it.

The query sets run from inside the page, one call per set (tools/search.py SearchBox.results_of),
each set once per module, its outcomes shared by the tests that read them (all on one pytest
worker: xdist_group); a sample is also typed key by key, and both ways must give the same results.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from macros import _data
from macros.models import crisis_search_lang, is_search_term, phrase_tag
from tests.browser import sweep as sweeps
from tests.browser.sweep import VIEWPORTS
from tests.browser.sweep import describe as _describe
from tests.browser.sweep import run_axe as _run_axe
from tests.conftest import STARTED, Page
from tools.checker.project import Project
from tools.search import (
    HELDOUT_MIN_HIT_RATE,
    KINDS,
    MIN_HIT_RATE,
    Outcome,
    ReaderQuery,
    SearchBox,
    load_heldout,
    load_queries,
    run_queries,
)
from tools.site import ROOT, mkdocs_config
from tools.weight import SEARCH_INDEX

pytestmark = pytest.mark.browser

QUERIES = load_queries()
HELDOUT = load_heldout()
PHRASES = _data.load().crisis.search_phrases
EXTRA = mkdocs_config()["extra"]
# The page each language's phrases lead to (mkdocs.yml extra, typed there once).
CRISIS_PAGE = {"en": EXTRA["crisis_page"], "es": EXTRA["crisis_page_es"]}
# Each phrase typed as its words (a pattern's `*` left out: macros/models.py phrase_tag).
SEARCH_TERMS = {p for lang in ("en", "es") for p in getattr(PHRASES, lang) if is_search_term(p)}
PHRASE_PAGE = {phrase_tag(phrase): CRISIS_PAGE[lang] for lang in ("en", "es") for phrase in getattr(PHRASES, lang)}
# Mixed queries: a crisis phrase inside a question about something else. "First" means the
# crisis link comes before every result (on screen, for the arrow keys, for Enter), while
# the page the reader asked about stays in the top three below it (search_queries.yml).
MIXED = {
    "lithium suicide risk": "treatments/medication-strategies/",
    "does esketamine help suicidal thoughts": "treatments/esketamine/",
    "ECT for suicidal thoughts": "treatments/ect/",
}


def _crisis_page_for(query: str) -> str | None:
    """The crisis page a query must show first: the page of the first phrase it matches
    (Spanish before English, as the search box checks them; macros/models.py), or None."""
    lang = crisis_search_lang(query, PHRASES)
    return CRISIS_PAGE[lang] if lang else None


def _search_files(urls: list[str]) -> list[str]:
    """The requests among ``urls`` that belong to search: the index and Material's worker."""
    return [u for u in urls if urlsplit(u).path.endswith(SEARCH_INDEX) or "/workers/search." in urlsplit(u).path]


def _open_page(page, url: str) -> None:
    """Load ``url`` and wait until Material has started: by then it has asked for all it asks
    for at start-up, its search worker and index included unless search.js holds them.

    ``goto`` returns at the load event: every script has run, DOMContentLoaded included, where
    Material starts. At start-up it also asks for sitemap.xml (instant navigation), its one
    request made alongside the search index; that file's arrival is the sign. Playwright logs
    each request as it is made, so a request for search made at start-up is logged by then.
    """
    page.goto(url)
    page.wait_for_function(STARTED)


@pytest.fixture(scope="module")
def search(browser, base_url: str) -> Iterator[SearchBox]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(base_url)
    box = SearchBox(page, base_url)
    box.open()
    yield box
    context.close()


# The tests reading the module's `search` run on one pytest worker each (--dist loadgroup): the
# index loads once there and each query set runs once. The held-out set, the longest, has its own.
OUTCOMES = pytest.mark.xdist_group("search-outcomes")
HELD_OUT = pytest.mark.xdist_group("search-heldout")


@pytest.fixture(scope="module")
def outcomes(search: SearchBox) -> list[Outcome]:
    return run_queries(search, QUERIES)


@pytest.fixture(scope="module")
def heldout_outcomes(search: SearchBox) -> list[Outcome]:
    return run_queries(search, HELDOUT)


@pytest.fixture(scope="module")
def phrase_outcomes(search: SearchBox) -> dict[str, Outcome]:
    phrases = [ReaderQuery(phrase, page, "crisis") for phrase, page in PHRASE_PAGE.items()]
    return {o.query.query: o for o in run_queries(search, phrases)}


# ── Answers ────────────────────────────────────────────────────────────────────
def test_the_query_sets_have_queries_of_every_kind() -> None:
    assert len(QUERIES) >= 110, f"only {len(QUERIES)} reader queries to tune on"
    assert len(HELDOUT) >= 40, f"only {len(HELDOUT)} held-out reader queries"
    assert {q.kind for q in QUERIES} == {q.kind for q in HELDOUT} == set(KINDS)


@OUTCOMES
def test_reader_queries_find_their_page_in_the_top_3(outcomes: list[Outcome]) -> None:
    missed = [f"  [{o.query.kind}] {o.query.query!r}: want {o.query.page}, got {o.top}" for o in outcomes if not o.hit]
    rate = 1 - len(missed) / len(outcomes)
    assert rate >= MIN_HIT_RATE, f"hit rate {rate:.1%} < {MIN_HIT_RATE:.0%}; missed:\n" + "\n".join(missed)


@HELD_OUT
def test_held_out_queries_reach_their_measured_floor(heldout_outcomes: list[Outcome]) -> None:
    # Never tuned on: the floor is the figure measured, not a target (tools/search.py).
    outcomes = heldout_outcomes
    hits = sum(o.hit for o in outcomes)
    assert hits / len(outcomes) >= HELDOUT_MIN_HIT_RATE, (
        f"held-out hit rate {hits}/{len(outcomes)} < {HELDOUT_MIN_HIT_RATE:.0%}, the figure it measured: a change "
        "made search worse for queries nobody tuned on"
    )


@OUTCOMES
def test_every_crisis_query_finds_its_page(outcomes: list[Outcome]) -> None:
    missed = [
        f"  {o.query.query!r}: want {o.query.page}, got {o.top}"
        for o in outcomes
        if o.query.kind == "crisis" and not o.hit
    ]
    assert not missed, "crisis queries that miss their page:\n" + "\n".join(missed)


@HELD_OUT
def test_held_out_crisis_queries_all_reach_help(heldout_outcomes: list[Outcome]) -> None:
    # Counted, never listed: the held-out queries are only ever measured (tools/search.py).
    outcomes = [o for o in heldout_outcomes if o.query.kind == "crisis"]
    hits = sum(o.hit for o in outcomes)
    assert hits == len(outcomes), f"held-out crisis queries reach their page {hits}/{len(outcomes)}, not all"


@pytest.mark.parametrize(
    ("top", "crisis_link", "hit"),
    [
        (["faq/", "", "living/coping/"], "get-help-now/", True),  # the crisis box above the results
        (["get-help-now/", "faq/"], None, True),  # ranked in the top 3
        (["faq/", "", "living/coping/"], None, False),
        (["faq/", "", "living/coping/"], "ayuda/", False),  # a crisis box, to another page
    ],
)
def test_the_crisis_box_link_counts_as_reaching_its_page(top: list[str], crisis_link: str | None, hit: bool) -> None:
    outcome = Outcome(ReaderQuery("cant go on", "get-help-now/", "crisis"), top, crisis_link)
    assert outcome.hit is hit


def test_every_page_a_query_expects_exists(pages: list[Page]) -> None:
    built = {p.url for p in pages}
    assert not {q.page for q in QUERIES} - built, "search_queries.yml names pages the build does not have"


def test_every_page_in_search_says_what_it_covers() -> None:
    # Each reader page carries a description (what it answers) and search_terms (its topics
    # in readers' words); maintainers' pages are out of search (search: exclude: true).
    missing = [
        page.src_uri
        for page in Project.load(ROOT).pages  # the checker's own reading of each page's front matter
        if not (page.value("search") or {}).get("exclude")
        and not (page.value("description") and page.value("search_terms"))
    ]
    assert not missing, f"pages in search without a description or search_terms: {missing}"


def _generic_words(site_dir: Path) -> list[str]:
    """The words on at least 80 % of the indexed pages, most common first: the rule that
    docs/javascripts/search.js applies to the index it hands to the worker."""
    pages: dict[str, set[str]] = {}
    for doc in json.loads((site_dir / SEARCH_INDEX).read_text(encoding="utf-8"))["docs"]:
        text = re.sub(r"<[^>]*>", " ", " ".join([doc["title"], doc["text"], *doc.get("tags", [])]))
        words = {_edges(w) for w in re.split(r"[\s\-]+", text)}
        pages.setdefault(doc["location"].split("#")[0], set()).update(words - {""})
    counts = Counter(w for words in pages.values() for w in words)
    return [w for w, n in counts.most_common() if n >= 0.8 * len(pages)]


def _edges(word: str) -> str:
    return re.sub(r"^[^0-9a-z\u00c0-\u024f]+|[^0-9a-z\u00c0-\u024f]+$", "", word.lower())


@OUTCOMES
def test_words_on_nearly_every_page_do_not_change_the_results(search: SearchBox, site_dir: Path) -> None:
    # "depression", "treatment", "help" are on almost every page: in a query with other words
    # they would only pull up the headings that have them ("What is treatment-resistant
    # depression?" for "benefits for depression"), so search.js drops them.
    generic = _generic_words(site_dir)
    assert {"depression", "treatment", "help"} <= set(generic), generic
    bare = ("disability benefits", "thyroid", "exercise")
    queries = [*bare, *(f"{query} {word}" for word in generic[:5] for query in bare), "depression treatment"]
    top = {q: search.distinct(shown["links"], 10) for q, shown in zip(queries, search.results_of(queries), strict=True)}
    changed = [
        f"{query!r} + {word!r}" for word in generic[:5] for query in bare if top[f"{query} {word}"] != top[query]
    ]
    assert not changed, f"a word on nearly every page changed the first 10 results: {changed}"
    assert top["depression treatment"], "a query of only such words still finds pages"


@OUTCOMES
def test_a_typo_is_forgiven_even_when_the_other_words_match(search: SearchBox) -> None:
    # "ketamne" starts no word of the index, so search.js asks for it at edit distance 1;
    # before, only a query that found nothing at all was retried, and "safe" alone found the
    # safety plan.
    assert "treatments/iv-ketamine/" in search.top_pages("is ketamne safe")
    # A long word may have two typos (edit distance 2 from 9 letters on).
    assert "treatments/medication-strategies/" in search.top_pages("is tranilcipromine safe")


@OUTCOMES
def test_spanish_little_words_do_not_match_english_words(search: SearchBox) -> None:
    # "mi", "con", "cómo" were prefixes of "mirtazapine", "consent", "combining": search.js
    # drops them from Spanish questions as it drops lunr's English stop words.
    full = search.top_pages("cómo ayudar a mi esposo con depresión", 10)
    assert full == search.top_pages("ayudar esposo depresión", 10), full


# ── Crisis first ───────────────────────────────────────────────────────────────
@OUTCOMES
@pytest.mark.parametrize("phrase", list(PHRASE_PAGE))
def test_every_crisis_phrase_puts_its_crisis_page_first(phrase_outcomes: dict[str, Outcome], phrase: str) -> None:
    # First: the crisis box, above every result. One-word phrases are also search terms of
    # the crisis page, which brings it into the top three by ranking alone (macros/search.py
    # says why longer ones are not); ranking cannot guarantee first place (the FAQ answer
    # "What if I have thoughts of suicide?" can outrank it), so the box is what makes it first.
    outcome = phrase_outcomes[phrase]
    assert outcome.crisis_link == PHRASE_PAGE[phrase], f"{phrase!r}: crisis link {outcome.crisis_link}"
    if phrase in SEARCH_TERMS:
        assert PHRASE_PAGE[phrase] in outcome.top, f"{phrase!r}: crisis page not in the top 3 results {outcome.top}"


@OUTCOMES
def test_crisis_link_shows_exactly_for_queries_with_a_crisis_phrase(outcomes: list[Outcome]) -> None:
    wrong = {o.query.query: o.crisis_link for o in outcomes if o.crisis_link != _crisis_page_for(o.query.query)}
    assert not wrong, f"crisis link shown (or not) against crisis.yml search_phrases: {wrong}"
    assert any(o.crisis_link for o in outcomes) and any(not o.crisis_link for o in outcomes)


IGNORES = {
    "I DON'T WANT TO LIVE": CRISIS_PAGE["en"],
    "dont want to live anymore": CRISIS_PAGE["en"],
    "Self-Harm": CRISIS_PAGE["en"],
    "LINEA DE CRISIS": CRISIS_PAGE["es"],
    "suicidio y ayuda": CRISIS_PAGE["es"],
    "help for my friend": None,  # "help" is not a crisis word (but "helpline" is)
    "killer side effects": None,  # whole words only
}


@OUTCOMES
@pytest.mark.parametrize(("query", "page"), IGNORES.items(), ids=list(IGNORES))
def test_crisis_link_ignores_case_accents_and_apostrophes(search: SearchBox, query: str, page: str | None) -> None:
    shown = search.results(query)
    crisis_link = search.relative(shown["crisis"]) if shown["crisis"] else None
    assert (crisis_link, _crisis_page_for(query)) == (page, page)


@OUTCOMES
@pytest.mark.parametrize(("query", "asked_about"), MIXED.items(), ids=list(MIXED))
def test_mixed_queries_show_the_crisis_link_and_keep_the_page_asked_about(
    search: SearchBox, query: str, asked_about: str
) -> None:
    [outcome] = run_queries(search, [ReaderQuery(query, asked_about, "crisis")])
    assert (outcome.crisis_link, asked_about in outcome.top) == (CRISIS_PAGE["en"], True), (
        f"{query!r}: top 3 {outcome.top}"
    )


# A sample typed key by key, as a reader does, and searched from inside the page, as the query
# sets are (tools/search.py): every result link and the crisis link must be the same. Tuning
# queries of every kind, crisis phrases, the mixed and odd-case queries above, and a query
# ending in a letter no key makes (typed, it is filled in and End pressed).
TYPED_SAMPLE = [
    *(q.query for q in QUERIES[::10]),
    *list(PHRASE_PAGE)[::20],
    *MIXED,
    *IGNORES,
    "ayuda para mí",
]


@OUTCOMES
def test_searching_from_inside_the_page_shows_what_typing_shows(search: SearchBox) -> None:
    inside = search.results_of(TYPED_SAMPLE)
    typed = [search.typed_results(query) for query in TYPED_SAMPLE]
    differ = {q: {"typed": t, "inside": i} for q, t, i in zip(TYPED_SAMPLE, typed, inside, strict=True) if t != i}
    assert not differ, f"{len(differ)} of {len(TYPED_SAMPLE)} queries show other results when typed: {differ}"
    assert {q.kind for q in QUERIES[::10]} == set(KINDS) and any(t["crisis"] for t in typed), "a sample of every kind"


def test_crisis_link_is_first_for_the_arrow_keys_and_enter(browser, base_url: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(base_url + "treatments/ect/")
    search = SearchBox(page, base_url)
    search.open()
    search.search("lithium suicide risk")
    status = page.locator("[data-trd-search-crisis]")
    assert status.get_attribute("role") == "status", "the crisis link must be announced (a status region)"
    link = status.locator("a").first  # the crisis page link; the Call and Text buttons follow
    first_result = page.locator(".md-search-result__item").first
    assert link.is_visible() and link.bounding_box()["y"] < first_result.bounding_box()["y"]
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.closest('[data-trd-search-crisis]') !== null")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.matches('[data-md-component=search-query]')")
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + CRISIS_PAGE["en"])
    context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_no_axe_violations_with_search_open_and_the_crisis_link_shown(browser, base_url: str, viewport: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS[viewport], reduced_motion="reduce")
    page = context.new_page()
    page.goto(base_url + "faq/")
    search = SearchBox(page, base_url)
    search.open()
    search.search("suicidio")
    assert search.crisis_link() == CRISIS_PAGE["es"]
    violations = _run_axe(page)
    context.close()
    assert not violations, f"axe violations with search open at {viewport}:\n{_describe(violations)}"


# ── Search on demand ───────────────────────────────────────────────────────────
@sweeps.GROUP
def test_no_page_downloads_search_before_it_is_opened(sweep, pages: list[Page]) -> None:
    """Read from the page sweeps (tests/browser/sweep.py): every request made while each page
    was open, from its load to the end of its checks (a scroll to the end included), with the
    browser's cache off, at both widths in both schemes. Search is never opened there."""
    early = {}
    for viewport in VIEWPORTS:
        for scheme in sweeps.SCHEMES:
            swept = sweep(viewport, scheme)
            assert [v.url for v in swept.visits] == [p.url for p in pages], "the sweep did not visit every page"
            for visit in swept.visits:
                assert visit.requests, f"no request recorded on {visit.name}: the record is broken"
                if _search_files(visit.requests):
                    early[f"{visit.name} ({viewport}, {scheme})"] = _search_files(visit.requests)
    assert not early, f"pages that download search before it is opened: {early}"


OPENERS = {
    "slash": lambda page: page.keyboard.press("/"),
    "s": lambda page: page.keyboard.press("s"),
    "f": lambda page: page.keyboard.press("f"),
    "click on the search box": lambda page: page.locator("[data-md-component=search-query]").click(),
}


@pytest.mark.parametrize("opener", list(OPENERS))
def test_opening_search_any_way_loads_it_and_finds_results(browser, base_url: str, opener: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    _open_page(page, base_url + "treatments/vns/")
    assert _search_files(requests) == []
    # A reader types once the box is open (keys typed before it has focus are Material's page
    # shortcuts: "n" is the next page), and presses the key again if nothing opened: under two
    # busy test workers, 1 press in about 30 was lost before it reached the page.
    box = page.locator("[data-md-component=search-query]")
    for _ in range(2):
        OPENERS[opener](page)
        try:
            expect(box).to_be_focused(timeout=3000)
            break
        except AssertionError:
            continue
    expect(box).to_be_focused()
    page.keyboard.type("ketamine")
    page.wait_for_selector(".md-search-result__item")
    assert len(_search_files(requests)) == 2, f"expected the worker and the index once: {_search_files(requests)}"
    context.close()


def test_tapping_the_search_icon_on_a_phone_loads_search(browser, base_url: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS["phone"], has_touch=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    _open_page(page, base_url + "faq/")
    assert _search_files(requests) == []
    page.locator("label.md-header__button[for=__search]").tap()
    expect(page.locator("[data-md-component=search-query]")).to_be_focused()
    page.keyboard.type("lithium")
    page.wait_for_selector(".md-search-result__item")
    assert len(_search_files(requests)) == 2
    context.close()


@pytest.mark.parametrize(("query", "crisis_page"), [("spravato", None), ("kill myself", CRISIS_PAGE["en"])])
def test_a_search_link_opens_search_with_its_results(browser, base_url: str, query: str, crisis_page) -> None:
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(f"{base_url}?q={query}")
    page.wait_for_selector(".md-search-result__item")
    search = SearchBox(page, base_url)
    assert search.relative(page.locator(".md-search-result__link").first.evaluate("a => a.href")) != ""
    assert search.crisis_link() == crisis_page
    context.close()


def test_search_keeps_working_across_instant_navigation_with_one_download(site_host) -> None:
    browser, base_url = site_host
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    # Material closes search 125 ms after every navigation (a timer in its bundle); the
    # page's clock is Playwright's, so the test moves it past that instead of sleeping.
    page.clock.install()
    page.goto(base_url, wait_until="networkidle")
    page.evaluate("() => { window.samePage = true }")
    # Navigate before search was ever opened: the held worker and index must still load
    # from the right address on the new page.
    page.locator("a.md-nav__link[href$='faq/']").first.click()
    page.wait_for_url(base_url + "faq/")
    page.clock.run_for(1000)
    search = SearchBox(page, base_url)
    search.open()
    assert search.top_pages("esketamine")[0] == "treatments/esketamine/"
    page.locator(".md-search-result__link").first.click()
    page.wait_for_url(base_url + "treatments/esketamine/")
    page.clock.run_for(1000)
    search.open()
    assert "treatments/ect/" in search.top_pages("shock therapy")
    assert page.evaluate("() => window.samePage") is True, "a link caused a full page load, not instant navigation"
    assert len(_search_files(requests)) == 2, f"search downloaded more than once: {_search_files(requests)}"
    page.close()


@OUTCOMES
def test_results_never_put_the_query_in_a_link(search: SearchBox) -> None:
    # search.highlight is off: it added ?h=<terms> to result links, sending what the
    # reader typed to the server with the next page request.
    search.search("lithium")
    hrefs = search.page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
    assert hrefs and not [h for h in hrefs if "?" in h], hrefs
