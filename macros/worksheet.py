"""Fillable worksheets: a table on paper and on wide screens, one card per row on a phone.

Every cell is a labelled box (``textarea``) a reader can type in; nothing a reader types
can leave the page (no <form>, no ``name``, ``autocomplete`` and ``spellcheck`` off).
Each box's <label> is visually hidden in table layout, where the column header says
the same, and shown on a phone, where each row is a card (docs/stylesheets/hub.css,
"Worksheets"). Without JavaScript the boxes still fill in and print with what was typed;
with it, the page's keep tool (``data-keep``, docs/javascripts/keep.js) adds Print,
Download, "Save on this device" and "Delete from this device".
"""

from __future__ import annotations

from collections.abc import Sequence

from macros._data import Data
from macros._render import attr, text
from macros.context import PageContext
from macros.errors import MacroError


def _box(box_id: str, label: str) -> str:
    return (
        f'<label class="worksheet__label" for="{attr(box_id)}">{label}</label>'
        f'<textarea class="worksheet__box" id="{attr(box_id)}" rows="1" autocomplete="off" spellcheck="false"></textarea>'
    )


def worksheet(
    data: Data,
    page: PageContext,
    name: str,
    columns: Sequence[str],
    rows: int | Sequence[str] = 4,
    row_name: str = "Row",
) -> str:
    """A fillable table, one card per row on a phone: {{ worksheet("meds", ["Medicine", "Dose"], rows=8, row_name="Treatment") }}

    ``rows`` is a number of empty numbered rows, or a list of row headings (the first
    column then holds them and each row gets one box per remaining column).
    """
    if not name.replace("-", "").isalnum() or not columns:
        raise MacroError("worksheet() needs a name of letters, digits and hyphens, and a list of column headings")
    fixed = not isinstance(rows, int)
    headings = list(rows) if fixed else [f"{row_name} {n}" for n in range(1, int(rows) + 1)]
    boxes = list(columns[1:]) if fixed else list(columns)
    head = "".join(f'<th scope="col">{text(c)}</th>' for c in columns)
    if not fixed:
        head = f'<th scope="col"><span class="worksheet__sr">{text(row_name)}</span></th>' + head
    body = []
    for r, heading in enumerate(headings, start=1):
        # A grid's row heading reads "Treatment 3"; the table shows "3", the phone's card all of it.
        row_head = text(heading) if fixed else f'<span class="worksheet__rowname">{text(row_name)} </span>{r}'
        cells = [f'<th scope="row">{row_head}</th>']
        for c, column in enumerate(boxes, start=1):
            where = f": {text(heading)}" if fixed else f" ({text(heading)})"
            label = f'{text(column)}<span class="worksheet__sr">{where}</span>'
            cells.append(f'<td data-label="{attr(column)}">{_box(f"ws-{name}-{r}-{c}", label)}</td>')
        body.append(f'<tr class="worksheet__row">{"".join(cells)}</tr>')
    kind = "worksheet--topics" if fixed else "worksheet--grid"
    return (
        f'<div class="worksheet worksheet--fill {kind}" data-search-exclude>'
        f'<table class="worksheet__table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>\n"
    )
