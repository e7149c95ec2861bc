"""Crisis lines: the banner context, the directory of every line by country, the lines for
young people, links to one service with a label in any language, and a callout for any page.

Everything comes from macros/data/crisis.yml. "Free" and "24 hours a day" are printed
from the ``free`` and ``always_open`` fields, never typed in a page, and each line ends
with the date an editor compared it with the pages in ``checked_against``. A line that
could only be checked on other websites says so to the reader (``unconfirmed``).
"""

from __future__ import annotations

import string
from urllib.parse import urlsplit

from macros import models
from macros._data import Data
from macros._render import admonition, attr, sms_href, tel_href, text
from macros.context import PageContext
from macros.errors import MacroError, require_known, require_type

NUMBER_KINDS = ("call", "text", "emergency")
LINK_KINDS = ("call", "text", "chat", "emergency")
PLACEHOLDERS = ("number", "keyword", "press", "name")
BANNER = "banner"  # crisis_link("banner", ...): the banner's service, whatever its id
# The page about calling or texting the banner's line. Its file name is the number, so
# pages link to it through what_to_expect_link() and never type it.
WHAT_TO_EXPECT_PAGE = "988.md"


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
        "note": service.availability,
        "emergency": region.emergency,
        "emergency_href": tel_href(region.emergency),
    }
    if service.call:
        context |= {"call": service.call, "call_href": tel_href(service.call)}
    if service.text:
        context |= {"text": service.text.number, "text_href": sms_href(service.text.number, service.text.keyword)}
    return context


def _date(day) -> str:
    """US style, without platform-specific strftime flags: 'November 22, 2026'."""
    return f"{day:%B} {day.day}, {day.year}"


def _text_href(line: models.TextLine) -> str:
    """sms: link; sms_href URL-encodes the keyword, so no character in the data can break the link."""
    return sms_href(line.number, line.keyword)


def _button(label: str, href: str) -> str:
    return f"[{label}]({href}){{ .md-button }}"


def _call_label(service: models.CrisisService) -> str:
    label = f"Call {text(service.call)}"
    return f"{label} and press {text(service.press)}" if service.press else label


def _text_label(line: models.TextLine) -> str:
    if line.keyword:
        return f"Text {text(line.keyword)} to {text(line.number)}"
    return f"Text {text(line.number)}"


def _buttons(service: models.CrisisService) -> list[str]:
    ways = []
    if service.call:
        ways.append(_button(_call_label(service), tel_href(service.call)))
    if service.text:
        ways.append(_button(_text_label(service.text), _text_href(service.text)))
    if service.chat_url:
        ways.append(_button(f"{text(service.name)} website and chat", str(service.chat_url)))
    if service.email:
        ways.append(_button(f"Email {text(service.name)}", f"mailto:{service.email}"))
    return ways


def _cost(service: models.CrisisService) -> str:
    if service.free:
        return "Free." + (f" {text(service.cost_note)}" if service.cost_note else "")
    return text(service.cost_note)


def _checked(service: models.CrisisService) -> str:
    """'Checked November 22, 2026 against: samhsa.gov, 988lifeline.org.' One link per website."""
    links, hosts = [], set()
    for page in service.checked_against:
        host = (urlsplit(str(page.url)).hostname or "").removeprefix("www.")
        if host in hosts:
            continue
        hosts.add(host)
        links.append(f"[{text(host)}]({page.url})")
    return f"<small data-search-exclude>Checked {_date(service.verified)} against: {', '.join(links)}.</small>"


def render_service(service: models.CrisisService, level: int) -> str:
    lines = [f"{'#' * level} {text(service.name)}", "", " ".join(_buttons(service)), ""]
    # Search finds a line by its name and its buttons (numbers, keywords); the details
    # below repeat across lines, so they stay out of the search index (its size budget).
    lines += ['<div class="crisis-line__details" data-search-exclude markdown>', ""]
    if service.youth:
        lines.append(f"- **For:** {text(service.youth)}")
    lines.append(f"- **When:** {text(service.hours)}")
    lines.append(f"- **Cost:** {_cost(service)}")
    lines.append(f"- **Languages:** {text(', '.join(service.languages))}")
    if not service.crisis:
        lines.append("- **Not a crisis line.** If you feel unsafe, use a crisis line or your emergency number.")
    lines += [f"- {text(option)}" for option in service.options]
    if service.unconfirmed:
        lines.append(f"- **Please note:** {text(service.unconfirmed)}")
    lines += ["", "</div>", "", _checked(service), ""]
    return "\n".join(lines)


def render_region(region: models.Region, level: int) -> str:
    parts = [f"{'#' * level} {text(region.name)}", ""]
    parts.append(
        f"**In immediate danger?** [Call {text(region.emergency)}]({tel_href(region.emergency)}) "
        "for emergency services, or go to the nearest emergency department."
    )
    parts.append("")
    if region.note:
        parts += [text(region.note), ""]
    parts += [render_service(service, level + 1) for service in region.services]
    return "\n".join(parts)


def render_youth(data: Data) -> str:
    """One list item per service with a ``youth`` field, grouped by country in file order."""
    items = []
    for region in data.crisis.regions:
        for service in region.services:
            if not service.youth:
                continue
            ways = " ".join(_buttons(service))
            caution = (
                " We have not checked all of it on its own website: see its entry below." if service.unconfirmed else ""
            )
            items.append(f"- **{text(region.name)}: {text(service.name)}**, for {text(service.youth)}.{caution} {ways}")
    # The same lines are in the directory below: keep this short copy out of the search index.
    return '<div class="youth-lines" data-search-exclude markdown>\n\n' + "\n".join(items) + "\n\n</div>\n"


def _placeholders(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


def _placeholders(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


def _services(data: Data) -> dict[str, tuple[models.Region, models.CrisisService]]:
    found = {s.id: (r, s) for r in data.crisis.regions for s in r.services}
    found[BANNER] = found[data.crisis.banner.service]
    return found


def crisis_lines(data: Data, page: PageContext, region: str | None = None, level: int = 2) -> str:
    """Crisis lines by country, each with cost, hours and where it was checked: {{ crisis_lines("uk") }}

    With no region, every region in macros/data/crisis.yml, in file order. ``level``
    is the heading level for country names (lines go one level below).
    """
    require_type(page, "crisis_lines()", "level", level, int, 'crisis_lines("us", level=3)')
    if not 1 < level < 6:
        raise MacroError(f"{page.source}: crisis_lines() level must be 2 to 5, got {level}")
    if region is None:
        return "\n".join(render_region(r, level) for r in data.crisis.regions)
    regions = {r.id: r for r in data.crisis.regions}
    require_known(page, "crisis region", region, regions, f"crisis_lines({region!r})")
    return render_region(regions[region], level)


def youth_lines(data: Data, page: PageContext) -> str:
    """Lines made for children, teens and young adults (the services with `youth:`), as a list: {{ youth_lines() }}"""
    if not any(s.youth for r in data.crisis.regions for s in r.services):
        raise MacroError(
            f"{page.source}: youth_lines() found no service with a 'youth' field in macros/data/crisis.yml"
        )
    return render_youth(data)


def crisis_link(data: Data, page: PageContext, service: str, kind: str, label: str, button: bool = False) -> str:
    """A call, text, chat or emergency link to one service, its label filled from data: {{ crisis_link("crisis-text-line-spanish", "text", "Envíe {keyword} al {number}") }}

    ``service`` is an id in crisis.yml, or "banner" for the banner's service. ``label``
    may use {number}, {keyword}, {press} and {name}; the values come from crisis.yml,
    so a page never types the number. "emergency" is the emergency number of the
    service's country. ``button=True`` shows the link as a button.
    """
    services = _services(data)
    call = f"crisis_link({service!r}, {kind!r}, ...)"
    require_known(page, "crisis service", service, services, call)
    require_known(page, "crisis link kind", kind, LINK_KINDS, call)
    require_type(page, "crisis_link()", "label", label, str, 'crisis_link("lifeline-988", "call", "Call {number}")')
    require_type(page, "crisis_link()", "button", button, bool, 'crisis_link("lifeline-988", "call", "Call", True)')
    region, found = services[service]
    values: dict[str, str | None] = {"name": found.name, "press": found.press, "number": None, "keyword": None}
    if kind == "call":
        values["number"], href = found.call, tel_href(found.call) if found.call else ""
    elif kind == "text":
        values["number"] = found.text.number if found.text else None
        values["keyword"] = found.text.keyword if found.text else None
        href = _text_href(found.text) if found.text else ""
    elif kind == "chat":
        href = str(found.chat_url) if found.chat_url else ""
    else:
        values["number"], href = region.emergency, tel_href(region.emergency)
    if not href:
        raise MacroError(
            f"{page.source}: {call}: {service!r} has no {kind} line in macros/data/crisis.yml; "
            f"use a kind it has, or another service"
        )
    try:
        names = _placeholders(label)
    except ValueError as exc:
        raise MacroError(f"{page.source}: {call}: the label {label!r} is not a valid template ({exc})") from None
    for name in names:
        if name not in PLACEHOLDERS:
            raise MacroError(
                f"{page.source}: {call}: unknown placeholder {{{name}}} in the label; "
                f"use {', '.join('{' + p + '}' for p in PLACEHOLDERS)}"
            )
        if values[name] is None:
            raise MacroError(
                f"{page.source}: {call}: the label uses {{{name}}}, but {service!r} has no {name} "
                f"for a {kind} link in macros/data/crisis.yml"
            )
    shown = text(label).format(**{k: text(v) for k, v in values.items() if v is not None})
    return _button(shown, href) if button else f"[{shown}]({href})"


def what_to_expect_link(
    data: Data, page: PageContext, label: str = "what happens when you call or text {number}"
) -> str:
    """A link to the page about calling or texting the banner's line: {{ what_to_expect_link() }}

    ``label`` may use {number} (the banner's call number, from crisis.yml).
    """
    require_type(page, "what_to_expect_link()", "label", label, str, 'what_to_expect_link("what a call is like")')
    number = _services(data)[BANNER][1].call or ""
    try:
        shown = text(label).format(number=text(number))
    except (KeyError, IndexError, ValueError) as exc:
        raise MacroError(
            f"{page.source}: what_to_expect_link({label!r}): the label may use only {{number}} ({exc!r})"
        ) from None
    return f"[{shown}]({page.link_to(WHAT_TO_EXPECT_PAGE)})"


def crisis_callout(data: Data, page: PageContext, title: str = "Need help now?") -> str:
    """A short box with the main crisis lines and a link to all of them: {{ crisis_callout() }}"""
    require_type(page, "crisis_callout()", "title", title, str, 'crisis_callout("If you feel unsafe")')
    c = banner_context(data)
    body = (
        f"If you might act on thoughts of suicide, or you are in danger, "
        f"[call {text(c['emergency'])}]({c['emergency_href']}) in the {text(c['region'])} "
        f"or your local emergency number now. "
        f"In the {text(c['region'])} you can also [call {text(c['call'])}]({c['call_href']}) or "
        f"[text {text(c['text'])}]({c['text_href']}) ({text(c['note'])}). "
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
