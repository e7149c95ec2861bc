"""My safety plan: a labelled box for each step, to fill in on screen and print.

What it renders: {{ safety_plan_form() }}

The steps live in macros/data/safety_plan.yml. Nothing a reader types can leave the
page: there is no <form> (so nothing to submit), no script, and no ``name`` on any box;
``autocomplete`` and ``spellcheck`` are off, so neither the browser's form memory nor a
spelling service sees the words. The crisis lines under the "professionals" step come
from crisis.yml, like the banner.
"""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import quote

from macros import _data, models
from macros._registry import link_from_page, macro
from macros._render import sms_href, tel_href, text

DATA_FILE = _data.DATA_DIR / "safety_plan.yml"
CRISIS_PAGE = "get-help-now.md#crisis-lines-by-country"


@functools.cache
def _load(path: Path, stamp: int) -> models.SafetyPlanFile:
    return _data._validate(path, models.SafetyPlanFile)  # the build's own messages: file, entry, field


def load(path: Path = DATA_FILE) -> models.SafetyPlanFile:
    """The validated safety plan steps; read again when the file changes (live preview)."""
    return _load(path, path.stat().st_mtime_ns if path.exists() else 0)


def _crisis_lines(data: _data.Data, crisis_page: str) -> str:
    """The banner's lines in one sentence, for the plan (and its printout)."""
    found = data.crisis.service(data.crisis.banner.service)
    if found is None:  # _data has already rejected this; keep the renderer total
        return ""
    region, service = found
    ways = []
    if service.call:
        ways.append(f"[call {text(service.call)}]({tel_href(service.call)})")
    if service.text:
        line = service.text
        label = f"text {text(line.keyword)} to {text(line.number)}" if line.keyword else f"text {text(line.number)}"
        ways.append(f"[{label}]({sms_href(line.number, quote(line.keyword, safe='') if line.keyword else None)})")
    return (
        f"**Crisis lines, at any hour:** in the {text(region.name)}, {' or '.join(ways)} "
        f"({text(service.name)}, {text(service.availability)}). "
        f"In an emergency, [call {text(region.emergency)}]({tel_href(region.emergency)}). "
        f"In another country, find your line in the [crisis lines by country]({crisis_page})."
    )


def _step(number: int, step: models.SafetyPlanStep) -> list[str]:
    box = f"plan-{step.id}"
    parts = [f"### Step {number}: {text(step.title)} {{ #{box}-step }}", ""]
    if step.hub_addition:
        parts += [
            '<p class="safety-plan__note">We added this step. It is not one of the six steps in the '
            "original safety plan.</p>",
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


def render(plan: models.SafetyPlanFile, data: _data.Data, crisis_page: str) -> str:
    parts: list[str] = []
    for number, step in enumerate(plan.steps, start=1):
        parts += _step(number, step)
        if step.crisis_lines:
            parts += [_crisis_lines(data, crisis_page), ""]
    return "\n".join(parts)


def register(env) -> None:
    data = _data.for_env(env)
    plan = load()
    if plan.source not in data.sources:
        raise _data.DataError(
            f"{_data._display(DATA_FILE)}: field 'source': unknown source id {plan.source!r}; "
            "add it to sources.yml or fix the id"
        )

    @macro(env)
    def safety_plan_form() -> str:
        """A safety plan to fill in on screen and print; it stores and sends nothing: {{ safety_plan_form() }}"""
        return render(load(), data, link_from_page(env, CRISIS_PAGE))
