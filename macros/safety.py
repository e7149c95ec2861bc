"""Safety notes that many pages repeat, such as not changing medicine alone."""

from __future__ import annotations

from macros._data import Data
from macros._render import admonition, text
from macros.context import PageContext
from macros.errors import require_known


def safety_note(data: Data, page: PageContext, note_id: str) -> str:
    """A highlighted safety note from macros/data/safety.yml: {{ safety_note("medication-changes") }}"""
    require_known(page, "safety note", note_id, data.safety, f"safety_note({note_id!r})")
    note = data.safety[note_id]
    return admonition("warning", note.title, text(note.text))
