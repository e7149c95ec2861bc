"""Citations: ``cite`` numbers sources in the order a page first uses them, and
``references`` lists them at the end of the page. A page that cites but has no
reference list, or lists references without citing, fails the build."""

from __future__ import annotations

from dataclasses import dataclass, field

from macros import _data
from macros._registry import MacroError, macro, page_hook, page_path, require_known
from macros._render import attr, text


@dataclass
class _PageCitations:
    page: str = ""
    order: list[str] = field(default_factory=list)
    listed: bool = False


_STATE = _PageCitations()


def format_source(source) -> str:
    """One reference-list entry, APA-like, with a DOI or URL link."""
    title = text(source.title.rstrip("."))
    link = f"https://doi.org/{source.doi}" if source.doi else str(source.url)
    label = f"doi:{text(source.doi)}" if source.doi else "Link"
    return (
        f"{text(source.authors)} ({source.year}). {title}. <em>{text(source.venue)}</em>. "
        f'<a href="{attr(link)}">{label}<span class="md-sr-only"> to {title}</span></a>'
    )


def number_for(source_id: str) -> int:
    if source_id not in _STATE.order:
        _STATE.order.append(source_id)
    return _STATE.order.index(source_id) + 1


@page_hook("pre")
def _reset(env) -> None:
    global _STATE
    _STATE = _PageCitations(page=page_path(env))


@page_hook("post")
def _check_listed(env) -> None:
    if _STATE.order and not _STATE.listed:
        raise MacroError(
            f"{_STATE.page}: cites {len(_STATE.order)} source(s) but has no reference list. "
            "Add {{ references() }} at the end of the page."
        )


def register(env) -> None:
    data = _data.for_env(env)

    @macro(env)
    def cite(*source_ids: str) -> str:
        """Cite one or more sources by id, numbered per page: {{ cite("rush-2006", "pigott-2023") }}"""
        if not source_ids:
            raise MacroError(f'{page_path(env)}: cite() needs at least one source id, e.g. cite("rush-2006")')
        if _STATE.listed:
            raise MacroError(
                f"{page_path(env)}: cite() after references(); move {{{{ references() }}}} to the end of the page"
            )
        numbered = []
        for source_id in source_ids:
            require_known(env, "source", source_id, data.sources, f"cite({source_id!r})")
            numbered.append((number_for(source_id), data.sources[source_id]))
        links = [f'[{n}](#ref-{s.id} "{attr(s.authors)}, {s.year}")' for n, s in sorted(numbered, key=lambda p: p[0])]
        return f'<sup class="cite">[{", ".join(links)}]</sup>'

    @macro(env)
    def references() -> str:
        """The numbered reference list for the sources this page cited; put it last: {{ references() }}"""
        if not _STATE.order:
            raise MacroError(
                f'{page_path(env)}: references() but the page cites nothing; add {{{{ cite("id") }}}} or remove it'
            )
        _STATE.listed = True
        items = "\n".join(
            f'<li id="ref-{source_id}">{format_source(data.sources[source_id])}</li>' for source_id in _STATE.order
        )
        return f'## References {{ #references }}\n\n<ol class="references" data-search-exclude>\n{items}\n</ol>\n'
