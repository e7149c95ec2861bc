"""My safety plan: a labelled box for each step, to fill in on screen, keep and print.

The steps live in macros/data/safety_plan.yml. Nothing a reader types can leave the
page: there is no <form> (so nothing to submit) and no ``name`` on any box;
``autocomplete`` and ``spellcheck`` are off, so neither the browser's form memory nor a
spelling service sees the words. The plan is a keep tool (``data-keep``): keep.js adds
Print, Download, "Save on this device" and "Delete from this device", and asks before
the reader leaves with unsaved text; the print CSS prints the plan alone. The crisis
lines under the "professionals" step come from crisis.yml, like the banner; keep.js opens
the link to other countries' lines in a new tab, so the plan stays as typed.
"""

from __future__ import annotations

from macros import models
from macros._data import Data
from macros._render import attr, sms_href, tel_href, text
from macros.context import PageContext

# Where the plan sends readers outside the banner's country: the directory on the crisis page.
DIRECTORY_ANCHOR = "crisis-lines-by-country"


def _crisis_lines(data: Data, crisis_page: str) -> str:
    """The banner's lines in one paragraph, for the plan (its printout and its download)."""
    found = data.crisis.service(data.crisis.banner.service)
    if found is None:  # _data has already rejected this; keep the renderer total
        return ""
    region, service = found
    ways = []
    if service.call:
        ways.append(f'<a href="{attr(tel_href(service.call))}">call {text(service.call)}</a>')
    if service.text:
        line = service.text
        label = f"text {text(line.keyword)} to {text(line.number)}" if line.keyword else f"text {text(line.number)}"
        ways.append(f'<a href="{attr(sms_href(line.number, line.keyword))}">{label}</a>')
    return (
        '<p class="safety-plan__crisis" data-keep-text>'
        f"<strong>Crisis lines, at any hour:</strong> in the {text(region.name)}, {' or '.join(ways)} "
        f"({text(service.name)}, {text(service.availability)}). "
        f'In an emergency, <a href="{attr(tel_href(region.emergency))}">call {text(region.emergency)}</a>. '
        f'In another country, find your line in the <a href="{attr(crisis_page)}">crisis lines by country</a>.</p>'
    )


def _step(number: int, step: models.SafetyPlanStep) -> list[str]:
    box = f"plan-{step.id}"
    parts = [f"### Step {number}: {text(step.title)} {{ #{box}-step }}", ""]
    if step.hub_addition:
        parts += [
            '<p class="safety-plan__note">The original plan ends with one thing worth living for. '
            "We made it a step of its own, with room for more than one.</p>",
            "",
        ]
    hint = (
        f'<p class="safety-plan__hint" id="{box}-hint">For example: {text(step.examples)}</p>' if step.examples else ""
    )
    described = f' aria-describedby="{box}-hint"' if step.examples else ""
    parts += [
        # The questions repeat the page's own words; the step headings stay in search.
        '<div class="safety-plan__step" data-search-exclude>'
        f'<label class="safety-plan__label" for="{box}">{text(step.prompt)}</label>'
        f"{hint}"
        f'<textarea class="safety-plan__box" id="{box}" rows="{step.rows}"{described} '
        'autocomplete="off" spellcheck="false"></textarea>'
        "</div>",
        "",
    ]
    return parts


def safety_plan_form(data: Data, page: PageContext) -> str:
    """A safety plan to fill in on screen and print; it stores and sends nothing: {{ safety_plan_form() }}"""
    directory = page.href_to(f"{page.site.crisis_doc}#{DIRECTORY_ANCHOR}")
    parts: list[str] = [
        '<div class="keep safety-plan" data-keep="safety-plan" data-keep-title="My safety plan" '
        'data-keep-what="your plan" data-keep-print="alone" markdown>',
        "",
    ]
    for number, step in enumerate(data.safety_plan.steps, start=1):
        parts += _step(number, step)
        if step.crisis_lines:
            parts += [_crisis_lines(data, directory), ""]
    parts += ["</div>", ""]
    return "\n".join(parts)
