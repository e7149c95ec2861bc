"""The performance budgets, as the Performance page states them: typed once, in budgets.yml."""

from __future__ import annotations

from macros._data import Data
from macros.context import PageContext
from macros.errors import MacroError

BYTE_BUDGETS = ("first_view", "html", "repeat_view", "first_search")


def budget(data: Data, page: PageContext, name: str) -> str:
    """One limit from macros/data/budgets.yml, in words: {{ budget("first_view") }} -> "90 kB"

    ``name`` is a byte budget (first_view, html, repeat_view, first_search) or a
    Lighthouse category (performance, accessibility, best-practices, seo), which gives
    the lowest score we accept, e.g. "95 or more".
    """
    budgets = data.budgets
    if name in BYTE_BUDGETS:
        return f"{getattr(budgets.bytes, f'{name}_kb'):g} kB"
    if name in budgets.lighthouse.min_scores:
        score = budgets.lighthouse.min_scores[name]
        return str(score) if score == 100 else f"{score} or more"
    known = ", ".join([*BYTE_BUDGETS, *budgets.lighthouse.min_scores])
    raise MacroError(
        f"{page.source}: unknown budget {name!r} in budget({name!r}).",
        fix=f"Use one of: {known} (macros/data/budgets.yml)",
    )
