"""Treatments: a card for one treatment, a comparison table, and single facts inline."""

from __future__ import annotations

from macros._data import Data
from macros._render import text
from macros.citations import cite
from macros.context import PageContext
from macros.errors import MacroError, require_known, require_type
from macros.evidence import benefit_line, cell

COLUMNS = {
    "how_given": "How it is given",
    "setting": "Where",
    "schedule": "Typical schedule",
    "onset": "How soon it may help",
    "status": "Approval status",
    "side_effects": "Common side effects",
    "practical": "Practical points",
    "benefit": "How well it works",
}
DEFAULT_COLUMNS = ("how_given", "schedule", "onset", "status")
CATEGORIES = ("medication-strategy", "psychotherapy", "interventional", "whole-person")


def _value(treatment, column: str) -> str:
    value = getattr(treatment, column)
    if isinstance(value, list):
        # Practical points are sentences; side effects and names are short phrases.
        return (" " if column == "practical" else "; ").join(text(v) for v in value)
    return text(value)


def _known(data: Data, page: PageContext, treatment_id: object, call: str):
    return data.treatments[require_known(page, "treatment", treatment_id, data.treatments, call)]


def treatment_card(data: Data, page: PageContext, treatment_id: str) -> str:
    """A summary card for one treatment, with its sources cited: {{ treatment_card("esketamine") }}"""
    t = _known(data, page, treatment_id, f"treatment_card({treatment_id!r})")
    names = t.brand_names + t.medicine_names
    lines = ['<div class="treatment-card" markdown>', "", f"**{text(t.name)}** {cite(data, page, *t.sources)}", ""]
    if names:
        lines += [f"Also known as: {text(', '.join(names))}", ""]
    for column in ("how_given", "setting", "schedule", "onset", "status", "side_effects"):
        lines += [COLUMNS[column], f":   {_value(t, column)}", ""]
    if t.practical:
        lines += [COLUMNS["practical"], f":   {_value(t, 'practical')}", ""]
    lines += ["</div>", ""]
    return "\n".join(lines)


def treatment_table(
    data: Data, page: PageContext, ids: list | None = None, category: str | None = None, columns: list | None = None
) -> str:
    """A comparison table by ids or category: {{ treatment_table(category="interventional", columns=["schedule", "onset"]) }}"""
    if (ids is None) == (category is None):
        raise MacroError(
            f'{page.source}: treatment_table() needs either ids=[...] or category="...", not both or neither'
        )
    if ids is not None:
        require_type(page, "treatment_table()", "ids", ids, list, 'treatment_table(ids=["ect", "rtms"])')
        chosen = [_known(data, page, i, f"treatment_table(ids=[... {i!r} ...])") for i in ids]
    else:
        require_known(page, "treatment category", category, CATEGORIES, f"treatment_table(category={category!r})")
        chosen = [t for t in data.treatments.values() if t.category == category]
    columns = list(DEFAULT_COLUMNS) if columns is None else columns
    require_type(page, "treatment_table()", "columns", columns, list, 'columns=["schedule", "onset"]')
    for column in columns:
        require_known(page, "table column", column, COLUMNS, f"treatment_table(columns=[... {column!r} ...])")
    head = "".join(f'<th scope="col">{COLUMNS[c]}</th>' for c in columns)
    rows = []
    for t in chosen:
        cells = "".join(cell(COLUMNS[c], _cell(data, page, t, c)) for c in columns)
        rows.append(f'<tr><th scope="row"><a href="{page.href_to(t.page)}">{text(t.name)}</a></th>{cells}</tr>')
    return "\n".join(
        [
            '<table class="trd-stack trd-compare">',
            f'<thead><tr><th scope="col">Treatment</th>{head}</tr></thead>',
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
            "",
        ]
    )


def _cell(data: Data, page: PageContext, treatment, column: str) -> str:
    if column == "benefit":  # from the evidence file, with its source: the same words as the page's box
        return benefit_line(data, page, data.evidence[treatment.id])
    return _value(treatment, column)


def treatment_fact(data: Data, page: PageContext, treatment_id: str, field: str) -> str:
    """One fact from the treatment data, inline in a sentence: {{ treatment_fact("rtms", "status") }}"""
    t = _known(data, page, treatment_id, f"treatment_fact({treatment_id!r}, {field!r})")
    facts = {k: v for k, v in COLUMNS.items() if k != "benefit"}
    require_known(page, "treatment field", field, facts, f"treatment_fact({treatment_id!r}, {field!r})")
    return _value(t, field)


def _brand(brand) -> str:
    """'sertraline (Zoloft / Lustral)', 'bupropion (Wellbutrin, US)', 'fluoxetine (Prozac)'."""
    medicine = f"{brand.medicine} {brand.note}" if brand.note else brand.medicine
    names = " / ".join(brand.names) + (f", {brand.only}" if brand.only else "")
    return f"{text(medicine)} ({text(names)})"


def brand_names(data: Data, page: PageContext, *treatment_ids: str) -> str:
    """The brand names of these treatments' medicines, one line per kind: {{ brand_names("switching", "augment-lithium") }}"""
    if not treatment_ids:
        raise MacroError(
            f"{page.source}: brand_names() needs at least one treatment id", fix='Call it like this: {{ brand_names("switching") }}'
        )
    groups: dict[str, list[str]] = {}
    for treatment_id in treatment_ids:
        t = _known(data, page, treatment_id, f"brand_names({treatment_id!r})")
        if not t.brands:
            raise MacroError(
                f"{page.source}: treatment {treatment_id!r} has no brand names in brand_names({treatment_id!r})",
                fix="Give it `brands:` in macros/data/treatments.yml, or leave it out of the call",
            )
        for brand in t.brands:
            groups.setdefault(brand.group or t.name, []).append(_brand(brand))
    lines = [f"- **{text(group)}:** {', '.join(dict.fromkeys(items))}." for group, items in groups.items()]
    return "\n".join(lines) + "\n"
