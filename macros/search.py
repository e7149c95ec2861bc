"""Search aliases: brand names, generic names and lay terms from the data reach
Material's search index as page tags, so "Spravato" or "shock therapy" finds the right
page without those words cluttering the reading text.

Material's search plugin indexes ``page.meta["tags"]`` with a high boost. The tags
plugin is not enabled, so the tags are never rendered on the page.
A page can add its own words with ``search_terms`` in front matter.
"""

from __future__ import annotations

from macros import _data
from macros._registry import MacroError, page_hook, page_path, page_src


def aliases_for(data: _data.Data, src_uri: str) -> list[str]:
    words: list[str] = []
    for treatment in data.treatments.values():
        if treatment.page == src_uri:
            words += [treatment.name, *treatment.brand_names, *treatment.generic_names, *treatment.aliases]
    return list(dict.fromkeys(words))


@page_hook("pre")
def _add_search_tags(env) -> None:
    page = getattr(env, "page", None)
    if page is None or page.meta is None:
        return
    extra = page.meta.get("search_terms", [])
    if not isinstance(extra, list) or not all(isinstance(w, str) for w in extra):
        raise MacroError(
            f"{page_path(env)}: front matter 'search_terms' must be a list of words, e.g. [thyroid, sleep apnea]"
        )
    words = aliases_for(_data.for_env(env), page_src(env)) + extra
    if words:
        page.meta["tags"] = list(dict.fromkeys([*page.meta.get("tags", []), *words]))


def register(env) -> None:
    """No macros: this module only adds search tags before each page renders."""
