"""Schemas for the data files in macros/data, checked when the build starts.

Every model forbids unknown fields, so a typo in a key is an error, not a silently
ignored value. Cross-file rules (a treatment citing an unknown source) live in
``macros._data`` next to the loader.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PositiveFloat,
    PositiveInt,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

# ── Plain text: what readers see is what the diff shows ───────────────────────
# Every reader-facing string (Text, SearchPhrase, URLs, email) is checked here, so a crisis
# number, keyword or search phrase cannot differ from what a reviewer reads in the diff:
# no invisible characters (zero-width, bidi controls, other format or control characters),
# no letter from another script inside a word ('Сall' with a Cyrillic С), no fullwidth or
# mathematical look-alikes of letters and digits (９８８), and URLs in their ASCII form.
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
_BIDI = {*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}
_WORD = re.compile(r"[^\W\d_]+")
_ALLOWED_CONTROLS = {"\n"}  # a line break inside a block of text (YAML's | and >)


def _char(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}"


def _script(ch: str) -> str:
    """The script of a letter, from its Unicode name: 'LATIN', 'CYRILLIC', 'GREEK', ..."""
    name = unicodedata.name(ch, "")
    return name.split(" ")[0] if name else "UNKNOWN"


def plain_text_problem(value: str) -> str | None:
    """Why ``value`` is not plain text a reader and a reviewer see alike, or None."""
    for index, ch in enumerate(value):
        where = f"character {index + 1}"
        if ch in _ZERO_WIDTH:
            return f"{where} is an invisible zero-width character ({_char(ch)}); delete it"
        if ch in _BIDI:
            return f"{where} is an invisible control that reverses text direction ({_char(ch)}); delete it"
        category = unicodedata.category(ch)
        if (category[0] == "C" or category in ("Zl", "Zp")) and ch not in _ALLOWED_CONTROLS:
            return f"{where} is an invisible or control character ({_char(ch)}); delete it"
        if category[0] in "LN" and ord(ch) > 0x7F:
            plain = unicodedata.normalize("NFKC", ch)
            if plain != ch and plain.isascii():
                return f"{where} ({_char(ch)}) is a look-alike of {plain!r}; type the plain {plain!r}"
            if ch.isdecimal():  # a decimal digit of another script
                return f"{where} ({_char(ch)}) is a digit from another script; type the digit 0-9"
    for match in _WORD.finditer(value):
        scripts = {_script(ch) for ch in match.group(0)}
        if len(scripts) > 1:
            odd = [ch for ch in match.group(0) if _script(ch) != "LATIN"] if "LATIN" in scripts else []
            detail = f": {', '.join(_char(ch) for ch in odd)}" if odd else ""
            return (
                f"the word {match.group(0)!r} mixes letters from {' and '.join(sorted(scripts))} scripts{detail}, "
                "which look alike but are different characters; retype the word on your keyboard"
            )
    return None


def _plain(value: str) -> str:
    problem = plain_text_problem(value)
    if problem:
        raise ValueError(f"not plain text: {problem}")
    return value


def _ascii_url(value: object) -> object:
    """A URL as typed must be ASCII: an international address in its punycode form."""
    if isinstance(value, str):
        _plain(value)
        if not value.isascii():
            host = re.sub(r"^[a-z]+://", "", value).split("/")[0]
            try:
                ascii_host = host.encode("idna").decode("ascii")
            except UnicodeError:
                ascii_host = "its xn-- form"
            odd = next(ch for ch in value if not ch.isascii())
            raise ValueError(
                f"write the address in its ASCII form: {_char(odd)} is not ASCII (a look-alike address can lead "
                f"somewhere else). Fix: for an international domain use its punycode form ({ascii_host}), "
                "and percent-encode other characters"
            )
    return value


PlainText = AfterValidator(_plain)
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True), PlainText]
PhoneNumber = Annotated[str, StringConstraints(pattern=r"^\+?[0-9][0-9 -]*[0-9]$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _unique_ids(kind: str, entries: list) -> list:
    """Each entry's ``id`` once: '<kind> id 'x' appears twice; give each <kind> its own id'."""
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise ValueError(f"{kind} id {entry.id!r} appears twice; give each {kind} its own id")
        seen.add(entry.id)
    return entries


def _https(url: AnyHttpUrl) -> AnyHttpUrl:
    if url.scheme != "https":
        raise ValueError("use an https:// address")
    return url


HttpsUrl = Annotated[AnyHttpUrl, BeforeValidator(_ascii_url), AfterValidator(_https)]


# ── Sources ────────────────────────────────────────────────────────────────────
class Source(_Strict):
    id: Id
    authors: Text = Field(description="Authors ('Rush AJ, Trivedi MH, et al.') or organisation")
    title: Text
    venue: Text = Field(description="Journal, publisher or website")
    year: int = Field(ge=1950, le=2100)
    type: Literal["guideline", "regulatory", "trial", "review", "study", "patient-resource"]
    doi: Annotated[str, StringConstraints(pattern=r"^10\.[0-9]{4,9}/[!-~]+$")] | None = None
    url: HttpsUrl | None = None

    @model_validator(mode="after")
    def _findable(self) -> Source:
        if not (self.doi or self.url):
            raise ValueError("give a doi or a url so readers can find the source")
        if self.year > dt.date.today().year:
            raise ValueError(f"year {self.year} is in the future: give the year the source was published")
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


class CheckedPage(_Strict):
    """One page an editor compared a crisis-line entry with (see the header of crisis.yml)."""

    url: HttpsUrl = Field(description="The address of the page compared (for a stored copy, the page it copies)")
    own: bool = Field(
        description="True for the service's own page, or its operator's, funder's or government owner's; "
        "false for a news story, a partner's list or any other copy"
    )


class CrisisService(_Strict):
    id: Id
    name: Text
    call: PhoneNumber | None = None
    press: Annotated[str, StringConstraints(pattern=r"^[0-9]$")] | None = Field(
        None, description="The key to press after the recorded greeting to reach this service, e.g. '2'"
    )
    text: TextLine | None = None
    chat_url: HttpsUrl | None = None
    whatsapp: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z][0-9A-Z -]*[0-9A-Z]$")] | None = Field(
        None, description="The WhatsApp number or name to write to, as the service writes it, e.g. 442-AYUDAME"
    )
    email: Annotated[str, StringConstraints(pattern=r"^[!-?A-~]+@[-.0-9A-Za-z]+\.[a-z]+$")] | None = None
    hours: Text
    languages: list[Text] = Field(min_length=1)
    options: list[Text] = []
    crisis: bool = Field(True, description="False for non-crisis support lines")
    # Required, with no default: a new entry must say whether it is free and always open.
    free: bool = Field(description="True if the service does not charge you (your phone plan still may)")
    always_open: bool = Field(description="True if it is open 24 hours a day, 7 days a week")
    cost_note: Text | None = Field(None, description="What calls or texts may cost, in a few plain words")
    youth: Text | None = Field(
        None, description="Who it is for, when it is made for children, teens or young adults, e.g. 'ages 5 to 25'"
    )
    source_url: HttpsUrl = Field(description="The service's own website, where readers can confirm the details")
    checked_against: list[CheckedPage] = Field(min_length=1)
    verified: dt.date = Field(description="The date an editor compared this entry with the checked_against pages")
    unconfirmed: Text | None = Field(
        None,
        description="For readers: what could not be checked on the service's own website, and what to do instead",
    )

    @model_validator(mode="after")
    def _reachable(self) -> CrisisService:
        if not (self.call or self.text or self.chat_url or self.email):
            raise ValueError("give at least one way to reach the service: call, text, chat_url or email")
        return self

    @model_validator(mode="after")
    def _press_needs_call(self) -> CrisisService:
        if self.press and not self.call:
            raise ValueError("'press' is the key to press on a call; add 'call:' or remove 'press:'")
        return self

    @model_validator(mode="after")
    def _hours_agree_with_always_open(self) -> CrisisService:
        says_24_7 = bool(re.search(r"24 hours a day|24/7", self.hours, re.IGNORECASE))
        if self.always_open and not says_24_7:
            raise ValueError("always_open is true, so 'hours' must say so: hours: 24 hours a day, 7 days a week")
        if not self.always_open and says_24_7:
            raise ValueError(
                "'hours' says 24 hours a day, but always_open is false; check which is right and fix the other"
            )
        return self

    @model_validator(mode="after")
    def _cost_explained(self) -> CrisisService:
        if not self.free and not self.cost_note:
            raise ValueError("free is false, so add cost_note: saying what a call or text costs")
        return self

    @model_validator(mode="after")
    def _own_check_or_caution(self) -> CrisisService:
        if not self.checked_on_own_site and not self.unconfirmed:
            raise ValueError(
                "no page in checked_against is the service's own (own: true), so readers must be told: "
                "add unconfirmed: with what we could not check on its own website and what to do instead"
            )
        return self

    @property
    def checked_on_own_site(self) -> bool:
        return any(page.own for page in self.checked_against)

    @property
    def availability(self) -> str:
        """'free, 24/7' from the booleans: what the banner says after the service's name."""
        return ", ".join(word for word, on in (("free", self.free), ("24/7", self.always_open)) if on)


class FirstLines(_Strict):
    """The lines a reader in this country sees first: the banner (chosen in the browser from
    the time zone and languages below) and the top of the country's section on Get help now."""

    call: Id = Field(description="Id of a service in this country with a call: line (the Call button)")
    text: Id | None = Field(None, description="Id of a service in this country with a text: line (the Text button)")


TimeZone = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]+(?:[/_+-][A-Za-z0-9]+)*$")]
LanguageTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(?:-[A-Z]{2})?$")]


class Region(_Strict):
    id: Id
    name: Text
    short: Text | None = Field(None, description="Short name for buttons and the banner, e.g. 'UK'; default: name")
    emergency: PhoneNumber
    services: list[CrisisService] = []
    note: Text | None = None
    first: FirstLines | None = Field(
        None, description="The lines shown first for this country (banner with JavaScript, top of its section)"
    )
    time_zones: list[TimeZone] = Field(
        [], description="IANA time zones of this country: a browser in one of them shows this country's lines first"
    )
    languages: list[LanguageTag] = Field(
        [], description="Browser languages (e.g. en-GB) that point to this country when the time zone does not"
    )

    @property
    def label(self) -> str:
        return self.short or self.name

    def get(self, service_id: str) -> CrisisService | None:
        return next((s for s in self.services if s.id == service_id), None)

    @model_validator(mode="after")
    def _first_lines_exist_and_qualify(self) -> Region:
        if self.first is None:
            return self
        for kind in ("call", "text"):
            service_id = getattr(self.first, kind)
            if service_id is None:
                continue
            service = self.get(service_id)
            if service is None:
                raise ValueError(f"first.{kind}: no service with id {service_id!r} in {self.name}")
            if not getattr(service, kind):
                raise ValueError(f"first.{kind}: {service_id!r} has no {kind}: line")
            gaps = [need for field_name, need in BANNER_NEEDS[:3] if not getattr(service, field_name)]
            if gaps:
                raise ValueError(f"first.{kind}: {service_id!r} is shown in the banner, so it needs " + ", ".join(gaps))
        return self


class Banner(_Strict):
    region: Id
    service: Id
    message: Text


# What the banner on every page needs from its service, with the reason readers see.
BANNER_NEEDS: tuple[tuple[str, str], ...] = (
    ("crisis", "crisis: true (it is a crisis line)"),
    ("free", "free: true (the banner says free)"),
    ("always_open", "always_open: true (the banner says 24/7)"),
    ("call", "a call: line (the banner's Call button)"),
    ("text", "a text: line (the banner's Text button)"),
)


def banner_gaps(service: CrisisService) -> list[str]:
    """What ``service`` lacks to be the banner's service; empty when it qualifies."""
    return [need for field_name, need in BANNER_NEEDS if not getattr(service, field_name)]


SearchPhrase = Annotated[
    str, StringConstraints(min_length=1, strip_whitespace=True, pattern=r"^[^|]*[^\W_][^|]*$"), PlainText
]

# The crisis search rule, the same as words() and compile() in docs/javascripts/search.js
# (tests/browser/test_crisis_search.py checks both give the same answer in Chromium).
_HIDDEN = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")  # zero-width, soft hyphen
_APOSTROPHES = re.compile("['`\u00b4\u2018\u2019\u02bc]")
# Look-alikes between two letters read as the letter: "k!ll" -> "kill", "su1c1de" -> "suicide".
_LOOK_ALIKES = {"0": "o", "1": "i", "3": "e", "4": "a", "@": "a", "$": "s", "!": "i", "|": "i"}
_LOOK_ALIKE = re.compile(r"(?<=[a-z])[0134@$!|]+(?=[a-z])")
# One spelling for what readers write two ways.
_SAME = (
    (" cannot ", " cant "),
    (" can not ", " cant "),
    (" do not ", " dont "),
    (" is not ", " isnt "),
    (" i am ", " im "),
    (" any more ", " anymore "),
    (" no one ", " nobody "),
    (" wanna ", " want to "),
)


def phrase_words(text: str, pattern: bool = False) -> str:
    """The form a search phrase and a query are compared in, the same rule as
    docs/javascripts/search.js: lower case, no accents, no hidden characters or
    apostrophes, look-alikes read as letters, letters and digits only, words padded by
    single spaces, a few two-way spellings made one. "Línea de  crisis" -> " linea de
    crisis ", "Don't" -> " dont ", "I CANNOT" -> " i cant ". With ``pattern``, a phrase's
    ``*`` is kept (see phrase_regex)."""
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in plain if not "\u0300" <= c <= "\u036f")
    plain = _APOSTROPHES.sub("", _HIDDEN.sub("", plain))
    plain = _LOOK_ALIKE.sub(lambda m: "".join(_LOOK_ALIKES[c] for c in m.group()), plain)
    keep = _ASCII_WORD | {"*"} if pattern else _ASCII_WORD
    form = " " + " ".join("".join(c if c in keep else " " for c in plain).split()) + " "
    for written, same in _SAME:
        form = form.replace(written, same)
    return form


_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def phrase_regex(phrase: str) -> re.Pattern[str]:
    """A phrase as a pattern on a query's phrase_words: whole words in order; ``word*``
    matches any word that starts with ``word``; a lone ``*`` stands for up to two words."""
    parts = []
    for word in phrase_words(phrase, pattern=True).split():
        if word == "*":
            parts.append("(?:[a-z0-9]+ ){0,2}")
        else:
            parts.append(re.escape(word.rstrip("*").replace("*", "")) + ("[a-z0-9]* " if word.endswith("*") else " "))
    return re.compile(" " + "".join(parts))


def phrase_tag(phrase: str) -> str:
    """A query the phrase matches: its words without ``*``."""
    return " ".join(word.rstrip("*") for word in phrase.split() if word != "*")


def is_search_term(phrase: str) -> bool:
    """True for a one-word phrase without ``*``, which is also a search term of its crisis
    page (macros/search.py says why the others are not)."""
    return len(phrase.split()) == 1 and "*" not in phrase


class SearchPhrases(_Strict):
    """Suicide-related phrases that put a crisis page first in search, by the page they lead to.

    Spanish phrases are checked first: they are Spanish words, and an English pattern such
    as ``crisis`` would otherwise send "línea de crisis" to the English page."""

    en: list[SearchPhrase] = Field(min_length=1, description="Lead to the crisis page (extra.crisis_page)")
    es: list[SearchPhrase] = Field(min_length=1, description="Lead to the Spanish page (extra.crisis_page_es)")

    @model_validator(mode="after")
    def _each_once(self) -> SearchPhrases:
        seen: dict[str, str] = {}
        twice = []
        for phrase in [*self.en, *self.es]:
            key = phrase_words(phrase, pattern=True)
            if key in seen:
                twice.append(f"{phrase!r} (same words as {seen[key]!r})")
            seen.setdefault(key, phrase)
        if twice:
            raise ValueError("each phrase once, in one language: " + ", ".join(twice))
        return self

    @model_validator(mode="after")
    def _patterns(self) -> SearchPhrases:
        wrong = []
        for phrase in [*self.en, *self.es]:
            words = phrase_words(phrase, pattern=True).split()
            stems = [w for w in words if w != "*"]
            if (
                not stems
                or words[0] == "*"
                or words[-1] == "*"
                or any("*" in w.rstrip("*") or (w.endswith("*") and len(w) < 4) for w in stems)
            ):
                wrong.append(repr(phrase))
        if wrong:
            raise ValueError(
                "a * ends a word of 3 letters or more (suicid*), or stands alone between two words"
                " (want * die): " + ", ".join(wrong)
            )
        return self


def crisis_search_lang(query: str, phrases: SearchPhrases) -> str | None:
    """The language of the crisis page a search for ``query`` shows first ("es" or "en"),
    or None: Spanish phrases first, as docs/javascripts/search.js checks them."""
    form = phrase_words(query)
    for lang in ("es", "en"):
        if any(phrase_regex(p).search(form) for p in getattr(phrases, lang)):
            return lang
    return None


class CrisisFile(_Strict):
    banner: Banner
    regions: list[Region] = Field(min_length=1)
    urgent_without_suicidal_thoughts: list[Text] = Field(min_length=1)
    search_phrases: SearchPhrases

    def banner_line(self) -> tuple[Region, CrisisService] | None:
        """The banner's region and service, or None when banner: names one crisis.yml does not list
        (macros/_data.py reports that; tools/policy/crisis.py then compares nothing)."""
        for region in self.regions:
            if region.id == self.banner.region:
                return next(((region, s) for s in region.services if s.id == self.banner.service), None)
        return None

    def first_of(self, region: Region) -> FirstLines | None:
        """The lines shown first for ``region``: its ``first``, or for the banner's country the
        banner's own service (so the banner's lines are named once, under banner:)."""
        if region.first is None and region.id == self.banner.region:
            return FirstLines(call=self.banner.service, text=self.banner.service)
        return region.first

    @model_validator(mode="after")
    def _zones_choose_first_lines(self) -> CrisisFile:
        for region in self.regions:
            if (region.time_zones or region.languages) and self.first_of(region) is None:
                raise ValueError(
                    f"region {region.id!r}: time_zones and languages choose this country's first lines: "
                    "add first: {call: <service id>, text: <service id>}"
                )
        return self

    @field_validator("regions")
    @classmethod
    def _one_country_per_zone_and_language(cls, regions: list[Region]) -> list[Region]:
        _unique_ids("region", regions)
        for what in ("time_zones", "languages"):
            seen: dict[str, str] = {}
            for region in regions:
                for value in getattr(region, what):
                    if value in seen:
                        raise ValueError(f"{what}: {value!r} is listed under both {seen[value]!r} and {region.id!r}")
                    seen[value] = region.id
        return regions

    def service(self, service_id: str) -> tuple[Region, CrisisService] | None:
        """The region and service with this id, or None."""
        for region in self.regions:
            for service in region.services:
                if service.id == service_id:
                    return region, service
        return None

    @property
    def banner_note(self) -> str:
        """'free, 24/7' for the banner, derived from its service's data (never typed)."""
        found = self.service(self.banner.service)
        return found[1].availability if found else ""


# ── Treatments ─────────────────────────────────────────────────────────────────
Category = Literal["medication-strategy", "psychotherapy", "interventional", "whole-person"]


class Brand(_Strict):
    """One medicine's brand names, typed once: the page's brand-name list (treatments.brand_names)
    and the search index (macros/search.py) both read them."""

    medicine: Text = Field(description="The medicine's own (generic) name: 'sertraline'")
    names: list[Text] = Field(
        min_length=1, max_length=2, description="US name first, then the UK one; one name when both use it"
    )
    only: Literal["US", "UK"] | None = Field(None, description="The one country where this single name is used")
    note: Text | None = Field(None, description="Shown after the medicine's name: 'as a skin patch'")
    group: Text | None = Field(None, description="The list's line for this kind of medicine: 'SSRIs'")

    @model_validator(mode="after")
    def _one_country_one_name(self) -> Brand:
        if self.only and len(self.names) != 1:
            raise ValueError(f"{self.medicine}: 'only: {self.only}' goes with one name; two names are US, then UK")
        return self


class Treatment(_Strict):
    id: Id
    name: Text
    page: Annotated[str, StringConstraints(pattern=r"^[a-z0-9/_-]+\.md$")]
    category: Category
    generic_names: list[Text] = Field([], description="Medicines without a brand entry below")
    brands: list[Brand] = []
    aliases: list[Text] = Field([], description="Lay terms readers search for (misspellings need none: search forgives typos)")
    how_given: Text
    setting: Text
    schedule: Text
    onset: Text = Field(description="How soon it may help")
    status: Text = Field(description="Regulatory status, with the year")
    side_effects: list[Text] = Field(min_length=1)
    practical: list[Text] = []
    not_for: list[Text] = Field(
        min_length=1, description="At a glance: who it may not suit, as plain phrases (required, no default)"
    )
    access: Text = Field(description="At a glance: where it is available and what it may cost (required)")
    sources: list[Id] = Field(min_length=1)

    @property
    def brand_names(self) -> list[str]:
        return [name for brand in self.brands for name in brand.names]

    @property
    def medicine_names(self) -> list[str]:
        """The generic names: those with brands, then the others."""
        return list(dict.fromkeys([*(brand.medicine for brand in self.brands), *self.generic_names]))


class TreatmentsFile(_Strict):
    treatments: list[Treatment]


# ── Evidence: the studies behind each treatment (macros/data/evidence/<id>.yml) ───
# Ids keep the plan's spelling ("randomised"); readers see US words from study_designs.yml.
# No label is derived here: what readers are told about strength comes from guideline
# bodies and systematic reviews, quoted and cited (guidelines, certainty, benefit below).
# Every field that changes what a reader is told has no default: a file that leaves one
# out fails the build instead of silently showing a milder or stronger picture.
Design = Literal[
    "randomised-sham", "randomised-placebo", "randomised-active", "open-label", "registry", "meta-analysis"
]
Pooled = Literal["randomised-sham", "randomised-placebo", "randomised-active", "observational"]
RANDOMISED: tuple[str, ...] = ("randomised-sham", "randomised-placebo", "randomised-active")


class Study(_Strict):
    id: Id = Field(description="Unique within the file, e.g. rush-2005-d02")
    source: Id = Field(description="The study's id in sources.yml")
    name: Text | None = Field(
        None, description="A short plain label readers see, e.g. 'D-02, the trial before approval'"
    )
    design: Design
    pools: Pooled | None = Field(
        None, description="Meta-analysis only: the kind of studies it pooled (randomised-sham ... or observational)"
    )
    people: StrictInt = Field(ge=1, description="How many people took part; for a meta-analysis, the total")
    comparison: Text = Field(description="What was compared, in plain words")
    outcome: Text = Field(description="What the study found on its main measure, in plain words")
    primary_met: StrictBool | None = Field(
        description="true or false: did it meet its main goal (primary outcome)? null when it had no single main "
        "goal (a registry, most pooled analyses). Required: write null on purpose, never leave it out"
    )
    funder: Text = Field(description="Who paid for it; say so when it was not stated in the sources checked")
    general_depression: StrictBool = Field(
        description="Required. true when the people studied were not chosen because earlier treatment had not "
        "helped them (depression in general); the table then says so"
    )
    peer_reviewed: StrictBool = Field(
        description="Required. false while the results are only the maker's announcement (press release, "
        "conference); the table then says so"
    )

    @property
    def randomised(self) -> bool:
        """A randomized trial, or a pooled analysis of randomized trials."""
        return self.design in RANDOMISED or (self.design == "meta-analysis" and self.pools in RANDOMISED)

    @model_validator(mode="after")
    def _pools_only_for_meta_analysis(self) -> Study:
        if self.design == "meta-analysis" and self.pools is None:
            raise ValueError(
                "a meta-analysis needs pools: the kind of studies it combined "
                "(randomised-sham, randomised-placebo, randomised-active or observational)"
            )
        if self.design != "meta-analysis" and self.pools is not None:
            raise ValueError(f"pools is only for a meta-analysis; remove it from this {self.design} study")
        return self

    @model_validator(mode="after")
    def _sham_or_placebo_trial_says_if_it_met_its_goal(self) -> Study:
        if self.design in ("randomised-sham", "randomised-placebo") and self.primary_met is None:
            raise ValueError(
                f"a {self.design} trial has a main goal: set primary_met to true or false (it beat the sham or placebo "
                "on its main measure, or it did not)"
            )
        return self


class Excluded(_Strict):
    study: Text = Field(description="The study left out of the table, e.g. 'Bauer & Döpfmer 1999 (pooled trials)'")
    why: Text = Field(description="Why it is not in the table")


class Search(_Strict):
    """How an editor looked for guideline positions, reviews and trials: readers and reviewers can redo it."""

    date: dt.date = Field(description="The day the search was made")
    where: list[Text] = Field(min_length=1, description="Each place searched, e.g. 'NICE NG222 recommendations'")
    inclusion: Text = Field(description="Which studies go in the table, in one or two plain sentences")
    excluded: list[Excluded] = Field(
        description="Notable studies left out, and why; write [] on purpose when there were none"
    )


SHORT_POSITION = 70  # characters: one or two lines of the At a glance box at 360 px


class GuidelinePosition(_Strict):
    """What one guideline body says, from its own text, with the exact place it says it."""

    body: Text = Field(
        description="Who says it, as readers know them, with the year when it is not the latest "
        "version we checked, e.g. 'NICE (England)', 'CANMAT 2016 (Canada)'"
    )
    source: Id = Field(description="The guideline's id in sources.yml")
    where: Text = Field(description="The exact place: a recommendation number, section or table")
    in_short: Text = Field(
        description=f"The position in a few plain words for the At a glance box on a phone (at most {SHORT_POSITION} "
        "characters), e.g. 'a first choice after one antidepressant'"
    )
    says: Text = Field(description="The position in plain words, paraphrased from that place")
    label: Text | None = Field(
        description="Required: the guideline's own grading word(s), quoted exactly (e.g. 'not recommended', "
        "'special arrangements'), or null when it uses none. Never a word of ours"
    )

    @field_validator("in_short")
    @classmethod
    def _fits_a_phone(cls, value: str) -> str:
        if len(value) > SHORT_POSITION:
            raise ValueError(
                f"in_short has {len(value)} characters: keep it to at most {SHORT_POSITION} characters so the At a "
                "glance box stays short on a phone; the full position goes in says"
            )
        return value


class Certainty(_Strict):
    """How sure the best systematic review is, in its own words (GRADE where it uses it)."""

    source: Id = Field(description="The review's id in sources.yml")
    label: Text = Field(description="The review's certainty wording, quoted exactly, e.g. 'very low certainty'")
    says: Text = Field(description="What it is certain or uncertain about, in plain words")


class Benefit(_Strict):
    """How much it helps, as absolute figures from a named source."""

    source: Id = Field(description="The study or review's id in sources.yml")
    says: Text = Field(
        description="Absolute figures in plain words: 'x in 100 with it vs y in 100 with ...', or the NNT, with "
        "what was measured and when"
    )


class EvidenceFile(_Strict):
    treatment: Id = Field(description="The treatment's id in treatments.yml; the file is named after it")
    search: Search = Field(description="Required: how the evidence was searched for")
    guidelines: list[GuidelinePosition] = Field(
        description="Required: each major guideline's position; [] on purpose when none speaks to it (readers are "
        "then told no position was found, with the search date)"
    )
    certainty: Certainty | None = Field(
        description="Required: certainty from the best systematic review, or null on purpose when none grades it "
        "(readers are then told so, with the search date)"
    )
    benefit: Benefit | None = Field(
        description="Required: absolute figures, or null on purpose when no source gives them (readers are told so)"
    )
    note: Text | None = Field(description="Required: one plain line shown under the table, or null")
    studies: list[Study] = Field(description="Required: the key trials readers see in the table; [] on purpose")
    # After `studies`, so its check can read them (fields are validated in this order).
    no_controlled_evidence: StrictBool = Field(
        description="true only when no randomized controlled study in treatment-resistant depression is listed; "
        "the table then says so to readers"
    )

    @field_validator("studies")
    @classmethod
    def _unique_ids(cls, studies: list[Study]) -> list[Study]:
        return _unique_ids("study", studies)

    @field_validator("studies")
    @classmethod
    def _controlled_first(cls, studies: list[Study]) -> list[Study]:
        first_uncontrolled = next((s for s in studies if not s.randomised), None)
        if first_uncontrolled is not None:
            late = [s.id for s in studies[studies.index(first_uncontrolled) :] if s.randomised]
            if late:
                raise ValueError(
                    f"list randomized studies before uncontrolled ones: move {', '.join(repr(i) for i in late)} "
                    f"above {first_uncontrolled.id!r} ({first_uncontrolled.design})"
                )
        return studies

    @field_validator("no_controlled_evidence")
    @classmethod
    def _flag_matches_the_studies(cls, flag: bool, info: ValidationInfo) -> bool:
        if "studies" not in info.data:
            return flag  # the studies have their own errors
        controlled = [s for s in info.data["studies"] if s.randomised and not s.general_depression]
        if flag and controlled:
            ids = ", ".join(repr(s.id) for s in controlled)
            raise ValueError(
                f"it is true, but {ids} {'is a randomized study' if len(controlled) == 1 else 'are randomized studies'} "
                "in treatment-resistant depression: set no_controlled_evidence: false"
            )
        if not flag and not controlled:
            raise ValueError(
                "it is false, but no study listed is randomized and in treatment-resistant depression, so readers "
                "must be told: set no_controlled_evidence: true (the table then says so), or add the controlled study"
            )
        return flag

    def sources(self) -> list[str]:
        """Every source id the file points at, for the cross-file check."""
        ids = [s.source for s in self.studies] + [g.source for g in self.guidelines]
        ids += [x.source for x in (self.certainty, self.benefit) if x is not None]
        return ids


class StudyDesign(_Strict):
    id: Design
    label: Text = Field(description="What readers see in the table, e.g. 'Randomized vs sham'")
    definition: Text = Field(description="One plain line shown under any table that lists this kind of study")


class PooledKind(_Strict):
    id: Pooled
    label: Text = Field(description="The table's label for a meta-analysis that pooled these studies")


class Caveats(_Strict):
    general_depression: Text = Field(description="After the kind of study, for a study in depression in general")
    not_peer_reviewed: Text = Field(description="After the kind of study, for results not yet peer-reviewed")


def _covers(kind: str, items: list, ids: tuple[str, ...]) -> None:
    got = [item.id for item in items]
    missing = [i for i in ids if i not in got]
    twice = sorted({i for i in got if got.count(i) > 1})
    if missing or twice:
        parts = ([f"add {', '.join(missing)}"] if missing else []) + (
            [f"{', '.join(twice)} appear twice"] if twice else []
        )
        raise ValueError(f"list every {kind} exactly once: {'; '.join(parts)}")


class StudyDesignsFile(_Strict):
    """The kinds of study in plain words (macros/data/study_designs.yml): no strength rules."""

    study_designs: list[StudyDesign]
    pooled: list[PooledKind]
    caveats: Caveats

    @model_validator(mode="after")
    def _every_id_once(self) -> StudyDesignsFile:
        _covers("study design", self.study_designs, Design.__args__)
        _covers("pooled kind", self.pooled, Pooled.__args__)
        return self

    def design(self, design_id: str) -> StudyDesign:
        return next(d for d in self.study_designs if d.id == design_id)

    def pooled_label(self, pooled_id: str) -> str:
        return next(p.label for p in self.pooled if p.id == pooled_id)


# ── Clinical reviewers (macros/data/reviewers.yml) ────────────────────────────
class Reviewer(_Strict):
    id: Id
    name: Text
    qualification: Text = Field(description="e.g. 'Consultant psychiatrist, MRCPsych'")
    registration: Text | None = Field(None, description="Professional registration, e.g. 'GMC 7012345'")
    url: HttpsUrl = Field(description="The public register entry or professional profile that confirms it")
    date: dt.date = Field(description="The date an editor checked the registration or profile")


class ReviewersFile(_Strict):
    reviewers: list[Reviewer] = []


# ── Glossary ───────────────────────────────────────────────────────────────────
class Term(_Strict):
    id: Id
    term: Text
    definition: Text
    synonyms: list[Text] = Field([], description="True other names for the same thing, shown as 'Also called'")
    aliases: list[Text] = Field(
        [], description="Related words (brand names, broader terms): shown as 'Related words', never as a synonym"
    )

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
    suicide_item: bool = Field(
        False,
        description="True on the one item that asks about thoughts of death or self-harm: "
        "the form shows crisis routes beside it",
    )


class Answer(_Strict):
    score: int = Field(ge=0, le=3)
    label: Text


class Phq9File(_Strict):
    source: Id
    bands: list[Band]
    items: list[Item] = Field(min_length=9, max_length=9)
    answers: list[Answer] = Field(min_length=4, max_length=4)
    official_form_url: HttpsUrl

    @field_validator("items")
    @classmethod
    def _ids_unique_and_one_suicide_item(cls, items: list[Item]) -> list[Item]:
        seen: dict[str, int] = {}
        for number, item in enumerate(items, start=1):
            if item.id in seen:
                raise ValueError(
                    f"item id {item.id!r} appears twice (items {seen[item.id]} and {number}); give each item its own id"
                )
            seen[item.id] = number
        flagged = [f"{n} ({i.id!r})" for n, i in enumerate(items, start=1) if i.suicide_item]
        if len(flagged) != 1:
            found = f"items {', '.join(flagged)} have it" if flagged else "no item has it"
            raise ValueError(
                f"exactly one item needs suicide_item: true, so its crisis routes show beside it; {found}. "
                "Put suicide_item: true on the item about thoughts of death or self-harm only"
            )
        return items

    @property
    def suicide_item(self) -> Item:
        """The item that carries the crisis routes (exactly one, checked on load)."""
        return next(item for item in self.items if item.suicide_item)

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


# ── Safety plan ────────────────────────────────────────────────────────────────
class SafetyPlanStep(_Strict):
    id: Id
    title: Text = Field(description="The step's heading, in the first person: 'My warning signs'")
    prompt: Text = Field(description="The question above the box; it is the box's visible label")
    examples: Text | None = Field(None, description="A few short examples shown under the question")
    rows: int = Field(4, ge=2, le=12, description="Height of the box on screen, in lines")
    crisis_lines: bool = Field(False, description="Show the banner's crisis lines under this step's box")
    hub_addition: bool = Field(
        False, description="True for a step the hub added that is not in Stanley and Brown's plan (say so on the page)"
    )


class SafetyPlanFile(_Strict):
    source: Id = Field(description="The source the steps follow, an id in sources.yml")
    steps: list[SafetyPlanStep] = Field(min_length=1)

    @field_validator("steps")
    @classmethod
    def _unique_ids(cls, steps: list[SafetyPlanStep]) -> list[SafetyPlanStep]:
        return _unique_ids("step", steps)


# ── Performance budgets (budgets.yml) ──────────────────────────────────────────
# Read by the Performance page (macros/performance.py) and by tools/budgets.py (tests,
# make check, make bench): the limits are typed once, in macros/data/budgets.yml.
KB = 1000  # bytes in a kB, the unit of budgets.yml


class ByteBudgets(_Strict):
    first_view_kb: PositiveFloat
    html_kb: PositiveFloat
    repeat_view_kb: PositiveFloat
    first_search_kb: PositiveFloat

    @property
    def first_view(self) -> int:
        """Bytes a first visit to any page may download before the reader opens search."""
        return round(self.first_view_kb * KB)

    @property
    def html(self) -> int:
        """Bytes any one page's HTML may take."""
        return round(self.html_kb * KB)

    @property
    def repeat_view(self) -> int:
        """Bytes a later page may download with the theme's files cached."""
        return round(self.repeat_view_kb * KB)

    @property
    def first_search(self) -> int:
        """Bytes opening search the first time may download (worker and index)."""
        return round(self.first_search_kb * KB)


Category = Literal["performance", "accessibility", "best-practices", "seo"]
Score = Annotated[int, Field(ge=0, le=100)]


class LighthouseBudgets(_Strict):
    min_scores: dict[Category, Score] = Field(min_length=1)
    pages: dict[str, str] = Field(min_length=1)

    def targets(self) -> str:
        """The minimum scores in the order Lighthouse lists them: '>= 95/100/100/100'."""
        return ">= " + "/".join(str(score) for score in self.min_scores.values())


class BuildBudgets(_Strict):
    scale_pages: list[PositiveInt] = Field(min_length=2)
    scale_max_ratio: PositiveFloat

    @field_validator("scale_pages")
    @classmethod
    def _increasing(cls, sizes: list[int]) -> list[int]:
        if sizes != sorted(set(sizes)):
            raise ValueError("list the sizes from smallest to largest, each once, e.g. [100, 500, 1000]")
        return sizes

    @property
    def scale_ratio_of(self) -> str:
        """Which two builds the ratio compares: '1000/100'."""
        return f"{self.scale_pages[-1]}/{self.scale_pages[0]}"


class Budgets(_Strict):
    bytes: ByteBudgets
    lighthouse: LighthouseBudgets
    build: BuildBudgets
