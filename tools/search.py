"""Search as readers use it, in Chromium: the reader-query sets and Material's search box.

The queries are what readers type, each with the page that answers it, in two sets:

- the tuning set (tests/browser/search_queries.yml): a failing query there is fixed in the
  content and the data (headings, descriptions, search_terms, aliases);
- the held-out set (tests/browser/search_queries_heldout.yml): written before looking at
  any result and only ever measured; nothing is chosen for it. Its hit rate says whether
  the fixes carry over to queries nobody tuned on.

tests/browser/test_search.py asserts both hit rates and `make bench` prints both; both
drive the search box through ``SearchBox`` on a Playwright page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from macros._yaml import read_yaml
from macros.errors import DataError
from tools.site import ROOT

QUERIES_FILE = ROOT / "tests" / "browser" / "search_queries.yml"
HELDOUT_FILE = ROOT / "tests" / "browser" / "search_queries_heldout.yml"
# Later rounds of the held-out set, each written before it was ever run (its header says when);
# round 3 covers issue 25's topics 8 and 9 (getting treatment, rights).
HELDOUT_FILES = (
    HELDOUT_FILE,
    ROOT / "tests" / "browser" / "search_queries_heldout2.yml",
    ROOT / "tests" / "browser" / "search_queries_heldout3.yml",
    ROOT / "tests" / "browser" / "search_queries_heldout4.yml",
    ROOT / "tests" / "browser" / "search_queries_heldout5.yml",
    ROOT / "tests" / "browser" / "search_queries_heldout6.yml",
    ROOT / "tests" / "browser" / "search_queries_heldout7.yml",
    ROOT / "tests" / "browser" / "search_queries_heldout8.yml",
    ROOT / "tests" / "browser" / "search_queries_heldout9.yml",
)
# The kinds of query issue 15 asks for, in the order the file lists them.
KINDS = ("names", "misspellings", "questions", "worries", "family", "crisis")
# Crisis queries must all pass; the whole set must reach this hit rate.
MIN_HIT_RATE = 0.95
# The held-out set's floor is what it measured, not a target: 43/65 before issue 23's
# changes, 44/65 after them (6 Dec 2026). Raise it only to a newly measured figure.
# With the typo-tolerant retry (docs/javascripts/search.js) and the content of issues 22 and
# 25: round 1 51/65, round 2 (written before it was run) 36/41, together 87/106 = 82.1 %.
# Round 3 (issue 25 topics 8 and 9, written before their pages existed) measured 2/16 before
# the pages and 10/16 after; rounds 1 and 2 unchanged: together 97/122 = 79.5 % (6 Dec 2026).
# Dropping lunr's stop words from the query the worker gets (docs/javascripts/search.js: each
# had become a prefix, "i*", "me*", "can*", matching headings everywhere), measured on the same
# tree before and after: tuning 133 -> 136 of 138; held-out rounds 1-4 51->53/65, 36->38/41,
# 10->13/16, 36->38/43: together 133/165 = 80.6 % -> 142/165 = 86.1 % (6 Dec 2026).
# Titles and search terms weighed 10 instead of 1000 (mkdocs.yml, plugins: search): 145/165 =
# 87.9 %. That weight was picked among five by both sets' figures, so this set is no longer
# quite untouched for it; round 5, written before it was run (by an engineer who saw only
# the page titles), is the clean measure: 29/40 = 72.5 %, crisis 4/5; rounds 1-5 together
# 174/205 = 84.9 % (6 Dec 2026). Its crisis miss then got a crisis phrase (crisis.yml).
# A query also reaches its page through the crisis box's link above the results (Outcome.hit):
# that round-5 crisis query now counts, 30/40, crisis 5/5; together 175/205 = 85.4 %; tuning
# unchanged at 136/138 (6 Dec 2026).
# Words on at least 80 % of the indexed pages ("depression", "treatment", "help", "work") are
# dropped from a query that has other words (docs/javascripts/search.js works them out from the
# index): lunr weighs words per section, so a heading with one of them outranked the page that
# answers the rest of the query. One share, chosen before measuring, none other tried; same
# tree before and after: tuning 136 -> 138 of 138; held-out rounds 1-5 54->57/65, 39->39/41,
# 13->14/16, 39->39/43, 30->32/40: together 175/205 = 85.4 % -> 181/205 = 88.3 % (6 Dec 2026).
# Every reader page's search_terms written from its own content, page by page, in readers'
# words (worries, everyday names, Spanish on ayuda.md), and descriptions that say what each
# page answers: tuning 138/138 kept; held-out 60/65, 40/41, 15/16, 41/43, 34/40: together
# 190/205 = 92.7 % (6 Dec 2026). One term was taken back because a tuning query dropped:
# "nothing works" on the coping page put it above the FAQ's "Does TRD mean nothing will work
# for me?" (with it, measured outside the browser on the same index: tuning 137, held-out 2
# more). The terms cost 4.9 kB of search index (macros/data/budgets.yml first_search_kb).
# Generic pages crowding out specific ones, in lunr terms: Material indexes each heading's
# section as a document, with the page's tags on every one and the page's boost on each;
# the FAQ's short sections, each a question naming a topic, sat in the top 3 of 37 tuning
# queries that want another page, mostly as second or third. Measured, same tree:
# - the FAQ's own search terms that name other pages' topics (electroshock, manic
#   depression, hypothyroidism, cost, coverage, partial response) left to those pages
#   (manic depression and hypothyroidism added to pseudo-resistance). Kept.
# - the family page's hand-set boost 2 removed: no change on either set alone. Kept (one fewer).
#   The two together: tuning 138 kept; held-out 190 -> 191/205 = 93.2 % (round 5 35/40).
# Queries where the FAQ / What is TRD sat in the top 3 but another page was wanted, before
# this changes and after them: tuning 50 -> 36 / 14 -> 5; held-out 93 -> 63 / 29 -> 8.
# - FAQ boost 2 -> 1: tuning 138 -> 135 (three FAQ answers fall to fourth), held-out +1.
#   Not kept. An overview boost of 0.5 on interventional.md: no change. Not kept.
# Question words taken out of search terms ("how long esketamine", "how many sessions"): a
# tag "long" put the maintenance page first for "how long does ECT/TMS/Spravato take to
# work". Tuning 138 and held-out 191 unchanged. Relabelling the treatment card's "How soon it
# may help" as "How long it takes to work" (macros/treatments.py): no change, not kept.
# Also measured outside the browser and not kept: typo forgiveness for each word that starts
# no indexed word, even when others match (no change on either set); a plural "s" taken off
# query words (tuning -1, held-out -1: "signs" found "sign language").
# Round 6 (71 queries, written at 11:04 UTC on 6 Dec 2026 by an engineer who never ran search
# nor saw a result, while these changes were being made by another who never saw round 6),
# measured once on the merged tree: 61/71 = 85.9 %, crisis 6/7; rounds 1-6 together 252/276 =
# 91.3 %. Its crisis miss then got crisis phrases (crisis.yml, reader safety first): 62/71,
# crisis 7/7, together 253/276 = 91.7 %. Nothing else was tuned on it.
# Issue 23, item 2 (helper s2, 6 Dec 2026, never saw a held-out query nor which one missed):
# - 27 tuning queries added, written before any result was seen: brand names the pages did
#   not spell (Nardil, Cipralex, Priadel ...), typos next to words that match, brand names
#   inside questions, family worries in other words and in Spanish. 4 of them turned out to
#   be held-out queries too (tests/tools/test_search_queries.py); a script dropped them,
#   printing only their count: 23 kept (161 in all). Separately, 13 older tuning queries are
#   also in held-out rounds 2-6 (a count; the test only compares round 1).
# - US and UK brand names beside the generic names on the medication page ("Brand names you
#   may see") and in the data (treatments.yml brand_names, so also page tags); Lamictal and
#   Mirapex/Mirapexin in the other-options text. Tuning (165 then) 157 -> 162; held-out
#   rounds 1-6 60, 40, 15, 41, 35, 62 -> 60, 40, 15, 41, 35, 63: 253 -> 254/276. Kept.
# - Spanish little words ("mi", "de", "con", "cómo" ...) dropped from the query like lunr's
#   English stop words (search.js): as prefixes they matched "mirtazapine", "depression",
#   "consent". Tuning 161: one more Spanish family query; held-out round 6 63 -> 64:
#   254 -> 255/276. Kept.
# - A word of 5 letters or more that starts no word of the index is searched at edit distance
#   1 even when the query's other words match (search.js unknown(); before, only a query that
#   found nothing was retried; the earlier try measured outside the browser changed nothing,
#   this one is measured in it). Tuning 159 -> 160/161; held-out round 6 64 -> 65: 255 ->
#   256/276 = 92.8 %. Kept.
# - Family words readers use (spouse, teenager, relative, lazy, helpless, exhausted, pulling
#   away: what the family page says) in its search_terms, and Spanish family words (familia,
#   hijo, hija, esposo, pareja, deprimida ...) on ayuda.md with a line in its "Si le preocupa
#   otra persona": tuning 160 -> 161/161; held-out unchanged at 256/276. Kept (a longer list
#   of terms went over first_search_kb by 0.1 kB and was cut to these).
# - Measured and not kept: pages ranked by the share of the query's words the whole page
#   has, in any section, instead of its best section's share (search.js): tuning 161/161;
#   held-out round 4 41 -> 40, round 6 65 -> 66, together 256 unchanged.
# - Such an unknown word of 9 letters or more searched at edit distance 2 (one threshold,
#   chosen before measuring, none other tried): tuning 161/161; held-out round 1 60 -> 61:
#   256 -> 257/276 = 93.1 %. Kept.
# - The 17 misspellings typed by hand into treatments.yml aliases (abilfy, seroquil, lithum,
#   spravado ...) taken out, now that search forgives them: tuning 161/161 and held-out
#   257/276 unchanged. Kept (fewer hand-set words).
# - Valproate's brand names (Depakote, Epilim) on the life-stages page, and one tuning query
#   for them: tuning 162/162; held-out 257/276 unchanged. Kept (content readers need).
# Rounds 1-6 together after this kept changes: 253 -> 257/276 = 93.1 % (60->61,
# 40, 15, 41, 35, 62->65); the floor below is left for the integrator to raise after round 7.
# Round 7 (82 queries, written blind at 13:58-14:02 UTC on 6 Dec 2026 while the changes above
# were made by someone who never saw it) measured once on the merged tree: 74/82 = 90.2 %,
# crisis 8/9; rounds 1-7 together 331/358 = 92.5 %. Its crisis miss ("... sent a goodbye text
# ...": no crisis box) then got warning-sign crisis phrases (goodbye text/message/note/letter,
# giving things away; crisis.yml, lock, search.js re-reviewed): round 7 75/82 = 91.5 %, crisis
# 9/9; together 332/358 = 92.7 %. Nothing else was tuned on round 7. Floor: the measured 0.92.
# Issue 23 again (helper s3, 6 Dec 2026, never saw a held-out query nor which one missed; rounds
# 1-7 measured together with the tuning set by /work/wt/tools/measure_tuning_misses.py, which
# prints held-out counts only). Before: tuning 149/149; held-out 61, 40, 15, 41, 35, 65, 75 =
# 332/358 = 92.7 %.
# - Brand names typed once, in treatments.yml `brands:` (medicine, US then UK name, kind): the
#   medication page's list is rendered from it ({{ brand_names(...) }}) and the page's
#   search_terms no longer repeat them. Tuning 149/149, held-out 332/358 unchanged. Kept.
# - One typo mechanism: the retry with 6+-letter words at edit distance 1 when a query found
#   nothing is gone (the forgiving of unknown words already covers it). Unchanged. Kept.
# - Typos by the closest indexed words (search.js closestWords), all measured without the
#   content below, held-out rounds 1-7 in order:
#   a. every unknown word replaced by its closest indexed words (1 edit, 2 from 5 letters on,
#      at most 3 by pages), 4-letter words and plurals too: tuning 149; 61, 40, 15, 40, 35,
#      66, 76 = 333. Two edits in 5-8-letter words turned everyday words the index lacks into
#      others (apathy -> path, shaking -> having): not kept.
#   b. as a with 1 edit for 5-8 letters: 61, 40, 15, 40, 35, 65, 77 = 333. Not kept.
#   c. as a, two edits only with the first letter right, no cap of 3: 61, 40, 15, 40, 35,
#      66, 76 = 333. Not kept (round 4 loses one).
#   With the content below (tuning 158, the 9 queries added below included):
#   c + content: tuning 158/158; 61, 40, 15, 40, 36, 66, 78 = 336/358. Not kept (round 4 -1).
#   d. c without the 4-letter and plural rules + content: tuning 156/158 (the two 4-letter
#      typos miss); held-out 336, the same: those rules cost nothing held out.
#   e. lunr's own edit distance as before (1 for 5-8 letters, 2 from 9), and the closest words
#      only where it finds nothing: two edits with the first letter right for 5-8 letters,
#      a left-out letter in a 4-letter word, a plural the index has in the singular
#      + content: tuning 158/158; 61, 40, 15, 41, 36, 66, 76 = 335/358: no round below
#      its figure before.
#   f. e and c together (both terms for a typo): tuning 157/158 ("depresion test" lost).
#      Not kept.
#   g. e, dropping a guess of more than 3 words two edits away, + content: tuning 158/158;
#      61, 40, 15, 41, 36, 66, 76 = 335/358 = 93.6 %, the same as e. Kept (fewer guesses).
# After: tuning 158/158; held-out 61, 40, 15, 41, 36, 66, 76 = 335/358 = 93.6 % (was 332).
# - Reader words from what each page answers, and a line in two sections: insomnia ("a busy
#   mind you cannot switch off", waking too early; heading "Insomnia: when you cannot
#   sleep"), side effects that look like depression ("emotionally flat": feeling numb, like a
#   zombie); search_terms for the worries the pages answer (whole-person care: lying awake,
#   racing mind; pseudo-resistance: emotional blunting, emotionally numb; medication: sexual
#   side effects, sex drive, nausea, meds, shaking, thirst, twitching; coping: worn out, fed
#   up, let down, losing hope; symptoms: no appetite, sleeping too much, apathy, no
#   motivation; coming off: irritable, sweating, feel sick, stopping meds; esketamine and IV
#   ketamine: detached, spaced, unreal; rTMS: scalp pain, clicking, tapping). With typo rule
#   c: 333 -> 336 (round 5 35 -> 36, round 7 76 -> 78); with e, 335. Kept. It costs 0.6 kB
#   of search index: first_search_kb 131 -> 132 (macros/data/budgets.yml).
# - 9 tuning queries written by s3 after these changes and before running them (4 short-word
#   typos, 5 everyday worries); all pass with e.
# Round 8 (90 queries, written blind by helper q8 at 16:57-16:59 UTC on 6 Dec 2026, while s3
# worked without seeing it) measured once on the merged tree: 80/90 = 88.9 %, crisis 15/16;
# rounds 1-8 together 415/448 = 92.6 %. Its 2 queries also in the tuning set left the tuning
# set (158 -> 156). Its crisis miss (an overdose told in plain words: no crisis box) then got
# past-tense crisis phrases (crisis.yml, lock, search.js re-reviewed): round 8 81/90, crisis
# 16/16; together 416/448 = 92.9 %. Nothing else was tuned on round 8. Floor: still 0.92.
# Issue 23 (helper s4, 6 Dec 2026, never saw a held-out query nor which one missed). 45 tuning
# queries written before measuring (201 in all). Before: tuning 197/201; held-out rounds 1-8
# 61, 40, 15, 41, 36, 66, 76, 81 = 416/448 = 92.9 %.
# - Generic share 0.7 instead of 0.8 (drops "feel", "side", "effects", "medicines" too):
#   tuning 195, held-out 416. Not kept.
# - English endings taken off query words (search.js withoutEndings: the index has no
#   stemmer, so "sleeping" missed "sleep"), plural -s included: tuning 197, held-out 416
#   ("signs" became "sign*", sign language). Not kept. Without the plural rule (-ing, -ed,
#   -ies, -ied only): tuning 198/201; held-out 62, 40, 15, 42, 37, 66, 75, 82 = 419/448 =
#   93.5 %. Kept.
# - A query in Spanish (an accent, ñ, ¿, ¡ or a Spanish little word) also asks for "español",
#   a search term of the one Spanish page (search.js inSpanish): tuning 198; held-out 62, 40,
#   15, 42, 37, 66, 76, 82 = 420/448 = 93.8 %. Kept.
# - Reader words for worries the issue names (alcohol to cope, blame, work, side effects) in
#   search_terms. First with phrases made of common words ("when medicine has not worked",
#   "how long to take antidepressants": every word becomes a tag on every section): tuning
#   200; held-out 420 (round 5 -2). Not kept. Only specific words (whole-person care:
#   drinking to cope, drink to sleep, self-medicating, wine, beer; coping: blame myself,
#   ashamed, shame; maintenance: forever, lifelong, long term; pseudo-resistance: low iron,
#   iron; rights: boss, lose my job, fired, off sick): tuning 200/201; held-out 62, 40, 15,
#   42, 37, 68, 76, 82 = 422/448 = 94.2 %. Kept.
# - Curly apostrophes from phone keyboards made straight, and a possessive 's or s' taken off
#   a query word (search.js withPlainApostrophes): tuning 200; held-out 62, 40, 15, 42, 36,
#   69, 76, 83 = 423/448 = 94.4 %. Kept.
# - Crisis phrases for more everyday ways to say the wish or the feeling, English and
#   Spanish, never a means (crisis.yml, helper s4 block; 2 that happened to be lines of
#   tests/browser/crisis_heldout.yml dropped by a script printing only their count), and 5
#   tuning queries for this and the apostrophes (205 in all): tuning 204/205, crisis 28/28;
#   held-out 423/448 unchanged, crisis all. Kept.
# - A Spanish query kept from the English endings and typo rules: tuning 204; held-out 61,
#   40, 15, 42, 36, 69, 76, 81 = 420 (was 423). Not kept.
# - The FAQ's boost (its only hand-set one) at 1 instead of 2: tuning 201 (three FAQ answers
#   fall to fourth), held-out 425; at 1.5: tuning 203, held-out 424. Not kept (tuning worse).
# - More Spanish little words (cuando, donde, hay, puedo, tengo ...): tuning 204, held-out 423,
#   both unchanged. Not kept (bytes on every page for nothing).
# - A plural -s taken off words of 6 letters or more (so not "signs"): tuning 204, held-out
#   420 (was 423). Not kept.
# After this kept changes: tuning 204/205 (45 + 5 new queries); held-out rounds 1-8
# 416 -> 423/448 = 94.4 % (61->62, 40, 15, 41->42, 36, 66->69, 76, 81->83). Floor: 0.94.
# Round 9, written blind while these changes were made, is the measure that counts.
# Round 9 (100 queries, helper q9, 6 Dec 2026 19:59-20:03 UTC), measured once on the merged
# tree: 84/100 = 84.0 %, crisis 17/18. The crisis miss (asking for someone to talk to right
# now) got crisis phrases (crisis.yml, en and es); nothing else was tuned on round 9. After:
# 85/100, crisis 18/18. Held-out rounds 1-9 together: 508/548 = 92.7 %. Floor: 0.92.
HELDOUT_MIN_HIT_RATE = 0.92
TOP = 3  # a query passes when its page is among the first TOP distinct pages


class QueriesError(Exception):
    """search_queries.yml cannot be read or has the wrong shape; the message says where."""


@dataclass(frozen=True)
class ReaderQuery:
    query: str
    page: str  # site-relative URL of the page that answers it: "faq/", "" for home
    kind: str


@dataclass(frozen=True)
class Outcome:
    query: ReaderQuery
    top: list[str]  # the first TOP distinct pages in the results
    crisis_link: str | None  # the page the crisis link above the results points to, if shown

    @property
    def hit(self) -> bool:
        """The query reached its page: among the first TOP pages, or as the crisis box's link.

        For a crisis phrase (macros/data/crisis.yml search_phrases) the search box shows the
        crisis box above every result: its link to the crisis page, then Call and Text. It is
        the first thing the reader sees and the first stop for the arrow keys and Enter, so a
        query whose page is that link has reached it, wherever ranking puts the page below.
        """
        return self.query.page in self.top or self.query.page == self.crisis_link


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key written twice (plain YAML keeps the last one)."""


def _mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise QueriesError(f"line {key_node.start_mark.line + 1}: {key!r} is listed twice")
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load_heldout() -> list[ReaderQuery]:
    """Every round of the held-out set, in order."""
    return [q for path in HELDOUT_FILES for q in load_queries(path)]


def load_queries(path: Path = QUERIES_FILE) -> list[ReaderQuery]:
    """Every reader query, kind by kind; raise QueriesError naming the file and the problem."""
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    try:
        raw = read_yaml(path, _UniqueKeyLoader)
    except QueriesError as error:
        raise QueriesError(f"{shown}: {error}") from None
    except (OSError, DataError) as error:
        raise QueriesError(f"{shown}: cannot read the queries: {error}") from error
    if not isinstance(raw, dict) or set(raw) != set(KINDS):
        raise QueriesError(f"{shown}: the top level must be exactly these kinds: {', '.join(KINDS)}")
    queries = []
    problems = []
    for kind in KINDS:
        for query, page in (raw[kind] or {}).items():
            if not isinstance(query, str) or not isinstance(page, str) or not (page == "" or page.endswith("/")):
                problems.append(f"{kind}: {query!r}: give the page's URL as built, e.g. faq/ or treatments/ect/")
                continue
            queries.append(ReaderQuery(query, page, kind))
    lowered = [q.query.lower() for q in queries]
    problems += sorted({f"{q!r} is listed twice" for q in lowered if lowered.count(q) > 1})
    if problems:
        raise QueriesError("\n".join(f"{shown}: {p}" for p in problems))
    return queries


# True once the result list has items, or is empty and the count says ``translation``.
_SHOWS = """(translation) => {
  const list = document.querySelector('.md-search-result__list')
  const meta = document.querySelector('.md-search-result__meta').textContent.trim()
  const text = JSON.parse(document.getElementById('__config').textContent).translations[translation]
  return translation === 'search.result.none' ? list.children.length > 0 || meta === text
                                              : list.children.length === 0 && meta === text
}"""

# What a search shows once its results are in: every result's page link, in order, and the
# crisis link above them (None when no crisis box is shown).
READ = """() => ({
  links: [...document.querySelectorAll('.md-search-result__item > .md-search-result__link')].map((a) => a.href),
  crisis: (document.querySelector('[data-trd-search-crisis] a') || {}).href || null,
})"""

# SearchBox.search for each of a list of queries, in one call into the page: the box is
# focused and cleared, then given the whole query, each time with the events a key press
# makes on it (keydown, input, keyup: Material searches on keyup, the crisis box follows
# input); in between, the same conditions as _SHOWS are awaited, checked at every change to
# the results (where they can become true). ``read`` (READ by default) then says what is
# shown. A failure names the query's place in the list, not the query (held-out queries are
# never printed).
_SEARCH_IN_PAGE = """async ([queries, timeout]) => {
  const box = document.querySelector('[data-md-component=search-query]')
  const results = document.querySelector('.md-search-result')
  const shows = __SHOWS__
  const read = __READ__
  const until = (translation, ms, what) => new Promise((done, fail) => {
    if (shows(translation)) return done()
    const watch = new MutationObserver(() => {
      if (shows(translation)) { watch.disconnect(); clearTimeout(timer); done() }
    })
    const timer = setTimeout(() => { watch.disconnect(); fail(new Error(`${what}: no ${translation} in ${ms} ms`)) }, ms)
    watch.observe(results, { childList: true, subtree: true, characterData: true })
  })
  const key = (value, name) => {
    box.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true }))
    box.value = value
    box.dispatchEvent(new InputEvent('input', { bubbles: true }))
    box.dispatchEvent(new KeyboardEvent('keyup', { key: name, bubbles: true }))
  }
  const shown = []
  for (const [i, query] of queries.entries()) {
    const what = `query ${i + 1} of ${queries.length}`
    if (document.activeElement !== box) box.focus()
    key('', 'Backspace')
    await until('search.result.placeholder', 30000, what)
    key(query, query.slice(-1))
    await until('search.result.none', timeout, what)
    shown.push(read())
  }
  return shown
}"""


class SearchBox:
    """Material's search on a Playwright page: open it, type a query, read the results.

    Two ways to search, which give the same results (tests/browser/test_search.py compares
    them on a sample of queries and fails when they differ):

    - ``search`` types as a reader does, with Playwright's key presses (about 6 calls into
      the browser per query);
    - ``results``, ``results_of`` (and ``top_pages``, ``run_queries``) set the box and send
      the same key events from inside the page, one call into it for a whole query set.
    """

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.box = page.locator("[data-md-component=search-query]")

    def open(self) -> None:
        """Open search with the / shortcut and wait until the index is ready."""
        self.page.keyboard.press("/")
        self.page.wait_for_function(
            "() => document.querySelector('.md-search-result__meta').textContent.trim() !== 'Initializing search'"
        )

    def search(self, query: str) -> None:
        """Type ``query`` and wait for its results, or for Material to say there are none.

        Material searches on key presses. The box is cleared with a key press first, then
        the query is filled in silently and its last character typed, so the only results
        that can appear are the ones for the whole query (no waiting on a clock). A last
        character no key makes ("mí") is filled in too, and End pressed.
        """
        self.box.fill("")
        self.box.press("Backspace")
        self.page.wait_for_function(_SHOWS, arg="search.result.placeholder")
        if query[-1].isascii() and query[-1].isprintable():
            self.box.fill(query[:-1])
            self.box.press(query[-1])
        else:
            self.box.fill(query)
            self.box.press("End")
        self.page.wait_for_function(_SHOWS, arg="search.result.none", timeout=5000)

    def results(self, query: str, read: str = READ) -> Any:
        """What ``read`` (a JavaScript function, READ by default) finds once the results for
        ``query`` are shown, searched from inside the page (class docstring)."""
        return self.results_of([query], read)[0]

    def results_of(self, queries: list[str], read: str = READ) -> list[Any]:
        """``results`` for each of ``queries``, in order, in one call into the page."""
        script = _SEARCH_IN_PAGE.replace("__SHOWS__", _SHOWS).replace("__READ__", read)
        return self.page.evaluate(script, [queries, 5000]) if queries else []

    def typed_results(self, query: str, read: str = READ) -> Any:
        """``results``, with the query typed by key presses."""
        self.search(query)
        return self.page.evaluate(read)

    def top_pages(self, query: str, n: int = TOP) -> list[str]:
        """The first ``n`` distinct pages in the results for ``query``, as site-relative URLs."""
        return self.distinct(self.results(query)["links"], n)

    def outcome(self, query: ReaderQuery, shown: dict[str, Any]) -> Outcome:
        """Where ``query`` led, from what READ found for it: its top pages and crisis link."""
        crisis = self.relative(shown["crisis"]) if shown["crisis"] else None
        return Outcome(query, self.distinct(shown["links"]), crisis)

    def crisis_link(self) -> str | None:
        """The page the crisis link above the results points to, or None when none is shown."""
        href = self.page.evaluate(READ)["crisis"]
        return self.relative(href) if href else None

    def distinct(self, links: list[str], n: int = TOP) -> list[str]:
        """The first ``n`` distinct pages among result ``links``, as site-relative URLs."""
        return list(dict.fromkeys(self.relative(href) for href in links))[:n]

    def relative(self, href: str) -> str:
        return href.split("#")[0].split("?")[0].replace(self.base_url, "")


def run_queries(search: SearchBox, queries: list[ReaderQuery], typed: bool = False) -> list[Outcome]:
    """Each query searched in ``search`` (already open), with the pages it brought up: all
    in one call into the page, or typed by key presses, query by query, when ``typed``."""
    texts = [q.query for q in queries]
    shown = [search.typed_results(t) for t in texts] if typed else search.results_of(texts)
    return [search.outcome(q, s) for q, s in zip(queries, shown, strict=True)]
