"""Crisis lines: the banner context, the full list by region, and a callout for any page."""

from __future__ import annotations

from macros._data import Data
from macros._render import admonition, attr, sms_href, tel_href, text
from macros.context import PageContext
from macros.errors import MacroError, require_known, require_type

NUMBER_KINDS = ("call", "text", "emergency")


def banner_context(data: Data) -> dict[str, str]:
    """What overrides/partials/crisis-banner.html needs, built from crisis.yml.

    The theme reads it as static ``extra.crisis`` in mkdocs.yml, written by
    ``make sync`` (tools/sync.py); the build fails when the two differ.
    """
    banner = data.crisis.banner
    region = data.region(banner.region)
    service = next(s for s in region.services if s.id == banner.service)
    context = {
        "message": banner.message,
        "service": service.name,
        "region": region.name,
        "emergency": region.emergency,
        "emergency_href": tel_href(region.emergency),
    }
    if service.call:
        context |= {"call": service.call, "call_href": tel_href(service.call)}
    if service.text:
        context |= {"text": service.text.number, "text_href": sms_href(service.text.number, service.text.keyword)}
    return context


def _link(label: str, href: str, button: bool = False) -> str:
    return f"[{label}]({href}){{ .md-button }}" if button else f"[{label}]({href})"


def _ways_to_reach(service) -> list[str]:
    ways = []
    if service.call:
        ways.append(_link(f"Call {text(service.call)}", tel_href(service.call), button=True))
    if service.text:
        label = (
            f"Text {text(service.text.keyword)} to {text(service.text.number)}"
            if service.text.keyword
            else f"Text {text(service.text.number)}"
        )
        ways.append(_link(label, sms_href(service.text.number, service.text.keyword), button=True))
    if service.chat_url:
        ways.append(_link(f"{text(service.name)} website and chat", str(service.chat_url), button=True))
    if service.email:
        ways.append(_link(f"Email {text(service.name)}", f"mailto:{service.email}", button=True))
    return ways


def _service(service, level: int) -> str:
    lines = [f"{'#' * level} {text(service.name)}", "", " ".join(_ways_to_reach(service)), ""]
    lines.append(f"- **When:** {text(service.hours)}")
    lines.append(f"- **Languages:** {text(', '.join(service.languages))}")
    lines += [f"- {text(option)}" for option in service.options]
    checked = service.verified.strftime("%-d %B %Y")
    lines += [
        "",
        f'<small>Details checked {checked} against the [{text(service.name)} website]({service.source_url} "Source for these details").</small>',
        "",
    ]
    return "\n".join(lines)


def render_region(region, level: int = 2) -> str:
    parts = [f"{'#' * level} {text(region.name)}", ""]
    parts.append(
        f"**In immediate danger?** {_link(f'Call {text(region.emergency)}', tel_href(region.emergency))} "
        "for emergency services, or go to the nearest emergency department."
    )
    parts.append("")
    if region.note:
        parts += [text(region.note), ""]
    parts += [_service(service, level + 1) for service in region.services]
    return "\n".join(parts)


def crisis_lines(data: Data, page: PageContext, region: str | None = None, level: int = 2) -> str:
    """Crisis lines for one region, or all when no region is given: {{ crisis_lines("uk") }}

    ``level`` is the heading level for region names (services go one level below).
    Regions: the ``id`` values in macros/data/crisis.yml.
    """
    require_type(page, "crisis_lines()", "level", level, int, 'crisis_lines("us", level=3)')
    if not 1 < level < 6:
        raise MacroError(f"{page.source}: crisis_lines() level must be 2 to 5, got {level}")
    if region is None:
        return "\n".join(render_region(r, level) for r in data.crisis.regions)
    regions = {r.id: r for r in data.crisis.regions}
    require_known(page, "crisis region", region, regions, f"crisis_lines({region!r})")
    return render_region(regions[region], level)


def crisis_callout(data: Data, page: PageContext, title: str = "Need help now?") -> str:
    """A short box with the main crisis lines and a link to all of them: {{ crisis_callout() }}"""
    require_type(page, "crisis_callout()", "title", title, str, 'crisis_callout("If you feel unsafe")')
    c = banner_context(data)
    body = (
        f"If you might act on thoughts of suicide, or you are in danger, "
        f"[call {text(c['emergency'])}]({c['emergency_href']}) in the {text(c['region'])} "
        f"or your local emergency number now. "
        f"In the {text(c['region'])} you can also [call {text(c['call'])}]({c['call_href']}) or "
        f"[text {text(c['text'])}]({c['text_href']}), any time, for free. "
        f"[Crisis lines in other countries]({page.link_to(page.site.crisis_doc)})."
    )
    return admonition("danger", title, body)


def urgent_signs(data: Data, page: PageContext) -> str:
    """The signs that need urgent care even without thoughts of suicide, as a list: {{ urgent_signs() }}"""
    return (
        "\n".join(f"- {text(sign[0].upper() + sign[1:])}" for sign in data.crisis.urgent_without_suicidal_thoughts)
        + "\n"
    )


def crisis_number(data: Data, page: PageContext, kind: str = "call") -> str:
    """A banner number inline, so prose never retypes it: {{ crisis_number("call") }} (call, text or emergency)"""
    require_known(page, "crisis number kind", kind, NUMBER_KINDS, f"crisis_number({kind!r})")
    return attr(banner_context(data)[kind])


def crisis_href(data: Data, page: PageContext, kind: str = "call") -> str:
    """A tel: or sms: address for a banner number, for links and buttons: {{ crisis_href("text") }} (call, text or emergency)"""
    require_known(page, "crisis number kind", kind, NUMBER_KINDS, f"crisis_href({kind!r})")
    return banner_context(data)[f"{kind}_href"]
