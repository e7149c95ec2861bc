"""Search aliases: brand names, generic names and lay terms from the data reach
Material's search index as page tags, so "Spravato" or "shock therapy" finds the right
page without those words cluttering the reading text.

Material's search plugin indexes ``page.meta["tags"]`` with a high boost; the adapter
writes ``search_tags`` there before the page renders. The tags plugin is not enabled,
so the tags are never rendered on the page. A page can add its own words with
``search_terms`` in front matter. The crisis pages also get the suicide-related phrases
of macros/data/crisis.yml (``search_phrases``), so a crisis query ranks them first; the
search box shows a link to them above the results as well (docs/javascripts/search.js).
"""

from __future__ import annotations

from macros._data import Data
from macros.context import PageContext
from macros.errors import MacroError


def aliases_for(data: Data, src_uri: str) -> list[str]:
    words: list[str] = []
    for treatment in data.treatments.values():
        if treatment.page == src_uri:
            words += [treatment.name, *treatment.brand_names, *treatment.generic_names, *treatment.aliases]
    return list(dict.fromkeys(words))


def crisis_phrases_for(data: Data, page: PageContext) -> list[str]:
    """The crisis search phrases that lead to this page: English ones to the crisis page,
    Spanish ones to the Spanish crisis page, none elsewhere."""
    phrases = data.crisis.search_phrases
    if page.src_uri == page.site.crisis_doc:
        return list(phrases.en)
    if page.src_uri and page.src_uri == page.site.crisis_doc_es:
        return list(phrases.es)
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
