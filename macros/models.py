"""Schemas for the data files in macros/data, checked when the build starts.

Every model forbids unknown fields, so a typo in a key is an error, not a silently
ignored value. Cross-file rules (a treatment citing an unknown source) live in
``macros._data`` next to the loader.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
PhoneNumber = Annotated[str, StringConstraints(pattern=r"^\+?[0-9][0-9 -]*[0-9]$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _https(url: AnyHttpUrl) -> AnyHttpUrl:
    if url.scheme != "https":
        raise ValueError("use an https:// address")
    return url


HttpsUrl = Annotated[AnyHttpUrl, AfterValidator(_https)]


# ── Sources ────────────────────────────────────────────────────────────────────
class Source(_Strict):
    id: Id
    authors: Text = Field(description="Authors ('Rush AJ, Trivedi MH, et al.') or organisation")
    title: Text
    venue: Text = Field(description="Journal, publisher or website")
    year: int = Field(ge=1950, le=2100)
    type: Literal["guideline", "regulatory", "trial", "review", "study", "patient-resource"]
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    url: HttpsUrl | None = None

    @model_validator(mode="after")
    def _findable(self) -> Source:
        if not (self.doi or self.url):
            raise ValueError("give a doi or a url so readers can find the source")
        return self

    @property
    def href(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else str(self.url)


class SourcesFile(_Strict):
    sources: list[Source]


# ── Crisis lines ───────────────────────────────────────────────────────────────
class TextLine(_Strict):
    number: PhoneNumber
    keyword: Text | None = None


class CrisisService(_Strict):
    id: Id
    name: Text
    call: PhoneNumber | None = None
    text: TextLine | None = None
    chat_url: HttpsUrl | None = None
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]+$")] | None = None
    hours: Text
    languages: list[Text] = Field(min_length=1)
    options: list[Text] = []
    crisis: bool = Field(True, description="False for non-crisis support lines")
    source_url: HttpsUrl
    verified: dt.date

    @model_validator(mode="after")
    def _reachable(self) -> CrisisService:
        if not (self.call or self.text or self.chat_url or self.email):
            raise ValueError("give at least one way to reach the service: call, text, chat_url or email")
        return self


class Region(_Strict):
    id: Id
    name: Text
    emergency: PhoneNumber
    services: list[CrisisService] = []
    note: Text | None = None


class Banner(_Strict):
    region: Id
    service: Id
    message: Text


class CrisisFile(_Strict):
    banner: Banner
    regions: list[Region] = Field(min_length=1)
    urgent_without_suicidal_thoughts: list[Text] = Field(min_length=1)


# ── Treatments ─────────────────────────────────────────────────────────────────
Category = Literal["medication-strategy", "psychotherapy", "interventional", "whole-person"]


class Treatment(_Strict):
    id: Id
    name: Text
    page: Annotated[str, StringConstraints(pattern=r"^[a-z0-9/_-]+\.md$")]
    category: Category
    generic_names: list[Text] = []
    brand_names: list[Text] = []
    aliases: list[Text] = Field([], description="Lay terms and common misspellings readers search for")
    how_given: Text
    setting: Text
    schedule: Text
    onset: Text = Field(description="How soon it may help")
    status: Text = Field(description="Regulatory status, with the year")
    side_effects: list[Text] = Field(min_length=1)
    practical: list[Text] = []
    sources: list[Id] = Field(min_length=1)


class TreatmentsFile(_Strict):
    treatments: list[Treatment]


# ── Glossary ───────────────────────────────────────────────────────────────────
class Term(_Strict):
    id: Id
    term: Text
    definition: Text
    aliases: list[Text] = []

    @field_validator("definition")
    @classmethod
    def _one_or_two_sentences(cls, value: str) -> str:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", value.strip()) if s]
        if len(sentences) > 2:
            raise ValueError(f"keep definitions to one or two sentences (found {len(sentences)})")
        return value


class GlossaryFile(_Strict):
    terms: list[Term]


# ── Safety notes ───────────────────────────────────────────────────────────────
class SafetyNote(_Strict):
    id: Id
    title: Text
    text: Text


class SafetyFile(_Strict):
    notes: list[SafetyNote]


# ── PHQ-9 ──────────────────────────────────────────────────────────────────────
class Band(_Strict):
    id: Id
    label: Text
    min: int = Field(ge=0, le=27)
    max: int = Field(ge=0, le=27)
    meaning: Text


class Item(_Strict):
    id: Id
    text: Text


class Answer(_Strict):
    score: int = Field(ge=0, le=3)
    label: Text


class Phq9File(_Strict):
    source: Id
    bands: list[Band]
    items: list[Item] = Field(min_length=9, max_length=9)
    answers: list[Answer] = Field(min_length=4, max_length=4)
    official_form_url: HttpsUrl

    @model_validator(mode="after")
    def _bands_cover_0_to_27(self) -> Phq9File:
        expected = 0
        for band in self.bands:
            if band.min != expected or band.max < band.min:
                raise ValueError(
                    f"bands must cover 0-27 in order without gaps; band {band.id!r} starts at {band.min}, expected {expected}"
                )
            expected = band.max + 1
        if expected != 28:
            raise ValueError(f"bands must end at 27; they end at {expected - 1}")
        return self
