"""Citations: ``cite`` numbers sources in the order a page first uses them, and
``references`` lists them at the end of the page. A page that cites but has no
reference list (``check_listed``, run when the page ends), or lists references
without citing, fails the build. The numbers live in the page's context
(``PageContext.citations``), so each page starts again at 1."""

from __future__ import annotations

from macros._data import Data
from macros._render import attr, text
from macros.context import PageContext
from macros.errors import MacroError, require_known
from macros.models import Source


def format_source(source) -> str:
    """One reference-list entry, APA-like, with a DOI or URL link."""
    title = text(source.title.rstrip("."))
    link = f"https://doi.org/{source.doi}" if source.doi else str(source.url)
    label = f"doi:{text(source.doi)}" if source.doi else "Link"
    return (
        f"{text(source.authors)} ({source.year}). {title}. <em>{text(source.venue)}</em>. "
        f'<a href="{attr(link)}">{label}<span class="md-sr-only"> to {title}</span></a>'
    )


def _numbered(data: Data, page: PageContext, source_ids: tuple[str, ...], call: str) -> list[tuple[int, Source]]:
    """The sources with this page's numbers, in number order; numbers are given on first use."""
    if not source_ids:
        raise MacroError(f"{page.source}: {call} needs at least one source id.", fix='{{ cite("rush-2006") }}')
    if page.citations.listed:
        raise MacroError(
            f"{page.source}: {call} after references().", fix="Move {{ references() }} to the end of the page"
        )
    numbered = []
    for source_id in source_ids:
        require_known(page, "source", source_id, data.sources, f"{call.removesuffix('()')}({source_id!r})")
        numbered.append((page.citations.number_for(source_id), data.sources[source_id]))
    return sorted(numbered, key=lambda pair: pair[0])


def cite(data: Data, page: PageContext, *source_ids: str) -> str:
    """Cite one or more sources by id, numbered per page: {{ cite("rush-2006", "pigott-2023") }}"""
    numbered = _numbered(data, page, source_ids, "cite()")
    links = [f'[{n}](#ref-{s.id} "{attr(s.authors)}, {s.year}")' for n, s in numbered]
    return f'<sup class="cite">[{", ".join(links)}]</sup>'


def cite_html(data: Data, page: PageContext, *source_ids: str) -> str:
    """The same citation as ``cite``, as plain HTML for a raw HTML block (a table) where Markdown is not read."""
    numbered = _numbered(data, page, source_ids, "cite()")
    links = [f'<a href="#ref-{attr(s.id)}" title="{attr(s.authors)}, {s.year}">{n}</a>' for n, s in numbered]
    return f'<sup class="cite">[{", ".join(links)}]</sup>'


def references(data: Data, page: PageContext) -> str:
    """The numbered reference list for the sources this page cited; put it last: {{ references() }}"""
    if not page.citations.order:
        raise MacroError(
            f"{page.source}: references() but the page cites nothing.",
            fix='Cite a source with {{ cite("id") }}, or remove {{ references() }}',
        )
    page.citations.listed = True
    items = "\n".join(
        f'<li id="ref-{source_id}">{format_source(data.sources[source_id])}</li>' for source_id in page.citations.order
    )
    return f'## References {{ #references }}\n\n<ol class="references" data-search-exclude>\n{items}\n</ol>\n'


def check_listed(page: PageContext) -> None:
    """At the end of a page: a page that cites must list its references."""
    if page.citations.order and not page.citations.listed:
        raise MacroError(
            f"{page.source}: cites {len(page.citations.order)} source(s) but has no reference list.",
            fix="Add {{ references() }} at the end of the page",
        )
