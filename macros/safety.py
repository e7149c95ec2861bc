"""Safety notes that many pages repeat, such as not changing medicine alone."""

from __future__ import annotations

from macros import _data
from macros._registry import macro, require_known
from macros._render import admonition, text


def register(env) -> None:
    data = _data.for_env(env)

    @macro(env)
    def safety_note(note_id: str) -> str:
        """A highlighted safety note from macros/data/safety.yml: {{ safety_note("medication-changes") }}"""
        require_known(env, "safety note", note_id, data.safety, f"safety_note({note_id!r})")
        note = data.safety[note_id]
        return admonition("warning", note.title, text(note.text))
