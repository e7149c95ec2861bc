"""Every macro page authors can call, by name: the static catalogue each engine's adapter binds.

A macro is a plain function ``f(data, page, *args)``: ``data`` is the validated data
(``macros._data.Data``), ``page`` the ``PageContext`` of the page being rendered, and
``args`` what the page author typed. Its docstring's first line says what it renders and
ends with a usage example; the generated macro reference (docs/about/macros.md) reads it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

from macros import (
    citations,
    crisis,
    evidence,
    glossary,
    performance,
    phq9,
    reference,
    safety,
    safety_plan,
    treatments,
    worksheet,
)
from macros._data import Data
from macros.context import PageContext

Macro = Callable[..., str]


def macro_reference(data: Data, page: PageContext) -> str:
    """Every macro with its arguments and a usage example, from the docstrings: {{ macro_reference() }}"""
    return reference.describe(MACROS)


def _catalogue(*funcs: Macro) -> dict[str, Macro]:
    for func in funcs:
        first = (inspect.getdoc(func) or "").splitlines()[:1]
        if not first or "{{ " + func.__name__ not in first[0]:
            raise TypeError(f"macro {func.__name__} needs a one-line docstring with a usage example")
        if list(inspect.signature(func).parameters)[:2] != ["data", "page"]:
            raise TypeError(f"macro {func.__name__} must take (data, page, ...) first")
    return {func.__name__: func for func in funcs}


MACROS: dict[str, Macro] = _catalogue(
    crisis.crisis_lines,
    crisis.country_choices,
    crisis.youth_lines,
    crisis.crisis_link,
    crisis.what_to_expect_link,
    crisis.crisis_callout,
    crisis.urgent_signs,
    crisis.crisis_number,
    crisis.crisis_href,
    crisis.crisis_whatsapp,
    citations.cite,
    citations.references,
    treatments.treatment_card,
    treatments.treatment_table,
    treatments.treatment_fact,
    treatments.brand_names,
    evidence.evidence_table,
    evidence.at_a_glance,
    evidence.study_kinds,
    evidence.feedback_link,
    glossary.term,
    glossary.glossary,
    safety.safety_note,
    safety_plan.safety_plan_form,
    worksheet.worksheet,
    performance.budget,
    phq9.phq9_bands,
    phq9.phq9_form,
    macro_reference,
)
