"""PHQ-9: the severity bands table and the private in-browser self-check form.

Scoring lives in ``score`` and ``band_for`` (tested over every answer combination);
docs/javascripts/phq9.js mirrors them in the browser with the bands this module
writes into the form, so the bands are typed once, in macros/data/phq9.yml.

The form works on paper: without JavaScript it is a plain questionnaire with the
scoring rule and a line for the total, and its buttons stay hidden. The script
unhides them and scores in the browser. The form sits in a keep tool (``data-keep``):
docs/javascripts/keep.js adds Print, Download, "Save on this device" (off until the
reader ticks it) and "Delete from this device". Once a question is answered, the print
CSS prints the self-check alone, its result first.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from macros import models
from macros._data import Data
from macros._render import attr, text
from macros.context import PageContext
from macros.crisis import banner_context
from macros.errors import MacroError

ITEMS = 9
MAX_ANSWER = 3


def score(answers: Sequence[int]) -> int:
    """Total of nine answers, each 0-3."""
    if len(answers) != ITEMS or any(type(a) is not int or not 0 <= a <= MAX_ANSWER for a in answers):
        raise ValueError(f"the PHQ-9 needs nine answers, each 0, 1, 2 or 3; got {list(answers)!r}")
    return sum(answers)


def band_for(total: int, bands: Sequence[models.Band]) -> models.Band:
    """The severity band containing ``total``."""
    if type(total) is not int:
        raise ValueError(f"a PHQ-9 total is a whole number from 0 to 27; got {total!r}")
    for band in bands:
        if band.min <= total <= band.max:
            return band
    raise ValueError(f"score {total} is outside 0-27")


def _crisis_routes(data: Data, crisis_page: str) -> str:
    c = banner_context(data)  # the same lines the banner shows
    links = []
    if "call" in c:
        links.append(f'<a class="md-button md-button--primary" href="{c["call_href"]}">Call {text(c["call"])}</a>')
    if "text" in c:
        links.append(f'<a class="md-button" href="{c["text_href"]}">Text {text(c["text"])}</a>')
    links.append(f'<a class="md-button" href="{c["emergency_href"]}">Call {text(c["emergency"])} in an emergency</a>')
    return (
        f"<p>In the {text(c['region'])}, call or text the {text(c['service'])} ({text(c['note'])}):</p>"
        f'<p class="phq9__routes">{" ".join(links)}</p>'
        f'<p>Outside the {text(c["region"])}? See <a href="{attr(crisis_page)}">crisis lines in other countries</a>.</p>'
    )


def _fieldset(number: int, item: models.Item, answers: Sequence[models.Answer], alert: str) -> str:
    options = "\n".join(
        f'<label class="phq9__option"><input type="radio" name="phq9-{attr(item.id)}" value="{a.score}"> '
        f'<span>{text(a.label)} <span class="phq9__points">({a.score})</span></span></label>'
        for a in answers
    )
    return (
        f'<fieldset class="phq9__item" data-phq9-item="{attr(item.id)}" data-phq9-number="{number}">'
        f"<legend>{number}. {text(item.text)}</legend>"
        f'<div class="phq9__options">{options}</div>{alert}</fieldset>'
    )


def phq9_bands(data: Data, page: PageContext) -> str:
    """The PHQ-9 severity bands as a table, from macros/data/phq9.yml: {{ phq9_bands() }}"""
    rows = [f"| {b.min}–{b.max} | {text(b.label)} | {text(b.meaning)} |" for b in data.phq9.bands]
    return "\n".join(["| Score | Severity | What it can mean |", "| --- | --- | --- |", *rows]) + "\n"


def phq9_form(data: Data, page: PageContext) -> str:
    """The private PHQ-9 self-check form (works on paper without JavaScript): {{ phq9_form() }}"""
    if len(data.phq9.items) != ITEMS:
        raise MacroError(f"macros/data/phq9.yml: the PHQ-9 has exactly nine items, found {len(data.phq9.items)}")
    bands = json.dumps([{"min": b.min, "max": b.max, "label": b.label, "meaning": b.meaning} for b in data.phq9.bands])
    never = next(a.label for a in data.phq9.answers if a.score == 0)
    top = data.phq9.bands[-1].max
    fieldsets = []
    for number, item in enumerate(data.phq9.items, start=1):
        alert = ""
        if item.suicide_item:
            alert = (
                f'<p class="phq9__note">Any answer other than “{text(never)}” here means: please talk to someone today.</p>'
                '<div class="phq9__alert" role="alert" data-phq9-alert hidden>'
                "<p><strong>Thank you for answering honestly. Please talk to someone today.</strong> "
                "You do not have to wait for your total or for an appointment.</p>"
                f"{_crisis_routes(data, page.href_to(page.site.crisis_doc))}</div>"
            )
        fieldsets.append(_fieldset(number, item, data.phq9.answers, alert))
    answers = ", ".join(f"{text(a.label)} = {a.score}" for a in data.phq9.answers)
    return (
        '<div class="keep keep--phq9" data-keep="phq9" data-keep-title="PHQ-9 self-check" '
        'data-keep-what="your answers" data-keep-print="answered">\n'
        # method="dialog" and no action: the form has nowhere to send answers, with or without
        # JavaScript (pressing Enter does nothing); autocomplete="off": Back does not refill it.
        f'<form class="phq9" data-phq9 data-bands="{attr(bands)}" method="dialog" autocomplete="off" '
        'aria-label="PHQ-9 self-check" aria-describedby="phq9-howto" novalidate>\n'
        '<p id="phq9-howto">Over the <strong>last two weeks</strong>, how often have you been bothered by each of these? '
        f"Scoring: {answers}. Add up the nine answers for a total from 0 to {top}.</p>\n"
        + "\n".join(fieldsets)
        + f'\n<p class="phq9__paper" data-phq9-paper>My total: ________ out of {top}. Date: ______________</p>\n'
        # Hidden until phq9.js runs: without the script these buttons would do nothing.
        '<div class="phq9__actions" data-phq9-actions hidden>'
        '<button type="submit" class="md-button md-button--primary">Show my total</button> '
        '<button type="reset" class="md-button">Clear answers</button></div>\n'
        '<div class="phq9__result" data-phq9-result data-keep-text aria-live="polite" tabindex="-1"></div>\n'
        "</form>\n</div>\n"
    )
