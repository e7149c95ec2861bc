"""Glossary: the full glossary page and inline terms that link to it with a tooltip."""

from __future__ import annotations

from macros._data import Data
from macros._render import attr, text
from macros.context import PageContext
from macros.errors import require_known, require_type

GLOSSARY_PAGE = "glossary.md"


def _in_sentence(term: str) -> str:
    """'Dissociation' -> 'dissociation' mid-sentence; keeps 'PHQ-9', 'NMDA receptor', 'Maudsley Staging Method'."""
    words = term.split()
    first = words[0]
    proper = first.isupper() or any(c.isdigit() for c in first) or (len(words) > 1 and words[1][:1].isupper())
    return term if proper or not first[:1].isupper() else first[:1].lower() + term[1:]


def term(data: Data, page: PageContext, term_id: str, label: str | None = None) -> str:
    """A glossary term linked to its definition, shown as a tooltip: {{ term("remission") }} or {{ term("rtms", "TMS") }}"""
    require_known(page, "glossary term", term_id, data.glossary, f"term({term_id!r})")
    if label is not None:
        require_type(page, "term()", "label", label, str, 'term("remission", "in remission")')
    entry = data.glossary[term_id]
    shown = label if label is not None else _in_sentence(entry.term)
    return f'[{text(shown)}]({page.link_to(GLOSSARY_PAGE)}#{entry.id} "{attr(entry.definition)}"){{ .glossary-term }}'


def glossary(data: Data, page: PageContext) -> str:
    """Every glossary term with its definition, A to Z: {{ glossary() }}"""
    parts = []
    for entry in sorted(data.glossary.values(), key=lambda e: e.term.lower()):
        parts += [f"## {text(entry.term)} {{ #{entry.id} }}", "", text(entry.definition), ""]
        # Only true synonyms are "also called"; aliases ("mania" for hypomania) are related words.
        # Both stay in the page text, so search finds the term by either, as before.
        if entry.synonyms:
            parts += [f"<small>Also called: {text(', '.join(entry.synonyms))}</small>", ""]
        if entry.aliases:
            parts += [f"<small>Related words: {text(', '.join(entry.aliases))}</small>", ""]
    return "\n".join(parts)
