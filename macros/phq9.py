"""PHQ-9: the severity bands table and the private in-browser self-check form.

Scoring lives in ``score`` and ``band_for`` (tested over every answer combination);
docs/javascripts/phq9.js mirrors them in the browser with the bands this module
writes into the form, so the bands are typed once, in macros/data/phq9.yml.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from macros import _data
from macros._registry import MacroError, macro
from macros._render import attr, sms_href, tel_href, text


def score(answers: Sequence[int]) -> int:
    """Total of nine answers, each 0-3."""
    if len(answers) != 9 or any(not isinstance(a, int) or not 0 <= a <= 3 for a in answers):
        raise ValueError("the PHQ-9 needs nine answers, each 0, 1, 2 or 3")
    return sum(answers)


def band_for(total: int, bands) -> object:
    """The severity band containing ``total``."""
    for band in bands:
        if band.min <= total <= band.max:
            return band
    raise ValueError(f"score {total} is outside 0-27")


def _crisis_routes(data: _data.Data) -> str:
    banner = data.crisis.banner
    region = data.region(banner.region)
    service = next(s for s in region.services if s.id == banner.service)
    links = []
    if service.call:
        links.append(f'<a class="md-button md-button--primary" href="{tel_href(service.call)}">Call {text(service.call)}</a>')
    if service.text:
        links.append(f'<a class="md-button" href="{sms_href(service.text.number, service.text.keyword)}">Text {text(service.text.number)}</a>')
    links.append(f'<a class="md-button" href="{tel_href(region.emergency)}">Call {text(region.emergency)} in an emergency</a>')
    return " ".join(links)


def register(env) -> None:
    data = _data.for_env(env)
    phq9 = data.phq9

    @macro(env)
    def phq9_bands() -> str:
        """The PHQ-9 severity bands as a table, from macros/data/phq9.yml: {{ phq9_bands() }}"""
        rows = [f"| {b.min}–{b.max} | {text(b.label)} | {text(b.meaning)} |" for b in phq9.bands]
        return "\n".join(["| Score | Severity | What it can mean |", "| --- | --- | --- |", *rows]) + "\n"

    @macro(env)
    def phq9_form() -> str:
        """The private PHQ-9 self-check form (works on paper without JavaScript): {{ phq9_form() }}"""
        if len(phq9.items) != 9:
            raise MacroError("macros/data/phq9.yml: the PHQ-9 has exactly nine items")
        bands = json.dumps([{"min": b.min, "max": b.max, "label": b.label, "meaning": b.meaning} for b in phq9.bands])
        fieldsets = []
        for number, item in enumerate(phq9.items, start=1):
            options = "\n".join(
                f'<label class="phq9__option"><input type="radio" name="phq9-{item.id}" value="{a.score}"> '
                f'<span>{text(a.label)} <span class="phq9__points">({a.score})</span></span></label>'
                for a in phq9.answers
            )
            alert = ""
            if item.id == "self-harm":
                alert = (
                    '<div class="phq9__alert" role="alert" data-phq9-alert hidden>'
                    "<p><strong>Thank you for answering honestly. Please talk to someone today.</strong> "
                    "You do not have to wait for the total or for an appointment.</p>"
                    f"<p>{_crisis_routes(data)}</p></div>"
                )
            fieldsets.append(
                f'<fieldset class="phq9__item" data-phq9-item="{attr(item.id)}">'
                f"<legend>{number}. {text(item.text)}</legend>"
                f'<div class="phq9__options">{options}</div>{alert}</fieldset>'
            )
        answers = ", ".join(f"{text(a.label)} = {a.score}" for a in phq9.answers)
        return (
            f'<form class="phq9" data-phq9 data-bands="{attr(bands)}" aria-describedby="phq9-howto" novalidate>\n'
            f'<p id="phq9-howto">Over the <strong>last two weeks</strong>, how often have you been bothered by each of these? '
            f"Scoring: {answers}. Add up the nine answers for a total from 0 to 27.</p>\n"
            + "\n".join(fieldsets)
            + '\n<div class="phq9__actions">'
            '<button type="submit" class="md-button md-button--primary">Show my total</button> '
            '<button type="reset" class="md-button">Clear answers</button></div>\n'
            '<div class="phq9__result" data-phq9-result aria-live="polite" tabindex="-1"></div>\n'
            "</form>\n"
        )
