"""Search aliases: brand names, generic names and lay terms from the data reach
Material's search index as page tags, so "Spravato" or "shock therapy" finds the right
page without those words cluttering the reading text.

Material's search plugin indexes ``page.meta["tags"]`` with a high boost; the adapter
writes ``search_tags`` there before the page renders. The tags plugin is not enabled,
so the tags are never rendered on the page. A page can add its own words with
``search_terms`` in front matter. The crisis pages also get the one-word suicide-related
phrases of macros/data/crisis.yml (``search_phrases``), so such a query ranks them high;
the search box shows a crisis box above the results for every phrase
(docs/javascripts/search.js).
"""

from __future__ import annotations

from macros._data import Data
from macros.context import PageContext
from macros.errors import MacroError
from macros.models import is_search_term


def aliases_for(data: Data, src_uri: str) -> list[str]:
    words: list[str] = []
    for treatment in data.treatments.values():
        if treatment.page == src_uri:
            words += [treatment.name, *treatment.brand_names, *treatment.medicine_names, *treatment.aliases]
    return list(dict.fromkeys(words))


def crisis_phrases_for(data: Data, page: PageContext) -> list[str]:
    """The crisis search phrases that are search terms of this page: English ones of the
    crisis page, Spanish ones of the Spanish crisis page, none elsewhere. Only one-word
    phrases without ``*`` ("suicide", "unalive", "988"): statements such as "cant go on" or
    "no way out" are made of everyday words, and as index terms they would pull the crisis
    page into results for "can I stop my antidepressant" or "what if nothing works". The
    crisis box puts the crisis page first for every phrase anyway (docs/javascripts/search.js);
    other words the page should rank for go in its front matter ``search_terms``."""
    phrases = data.crisis.search_phrases
    if page.src_uri == page.site.crisis_doc:
        return [p for p in phrases.en if is_search_term(p)]
    if page.src_uri and page.src_uri == page.site.crisis_doc_es:
        return [p for p in phrases.es if is_search_term(p)]
    return []


def search_tags(data: Data, page: PageContext) -> list[str]:
    """The page's tags for the search index: its own ``tags``, the data's aliases, its
    ``search_terms`` and, on a crisis page, the crisis search phrases.

    Empty when the page has nothing to add (its tags stay as they are).
    """
    extra = page.meta.get("search_terms", [])
    if not isinstance(extra, list) or not all(isinstance(w, str) for w in extra):
        raise MacroError(
            f"{page.source}: front matter 'search_terms' must be a list of words, e.g. [thyroid, sleep apnea]"
        )
    words = aliases_for(data, page.src_uri) + extra + crisis_phrases_for(data, page)
    if not words:
        return []
    return list(dict.fromkeys([*page.meta.get("tags", []), *words]))
