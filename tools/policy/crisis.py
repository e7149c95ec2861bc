"""The crisis routes a page may link to, read from macros/data/crisis.yml by the project's
own loader (macros/_yaml.py ``validated`` against macros/models.py ``CrisisFile``).

Every ``tel:`` link must dial a number crisis.yml gives as a service's ``call`` or a
region's ``emergency``; every ``sms:`` link must text a service's ``text.number``, with no
body or that service's ``keyword``. And the link's visible text must show the same number
(``visible_numbers`` defines exactly what that means).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote

# A phone number as written in text: digits, with single spaces, hyphens, dots or
# parentheses between them ("988", "1-866-488-7386", "0477 13 11 14", "(800) 950-6264").
_WRITTEN = re.compile(r"\+?\(?\d(?:[ .\-()]{0,2}\d)*")
# In hover text (title=, abbreviations, tooltips): three or more digits that are not a year.
_YEAR = re.compile(r"^(19|20)\d\d$")


def digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


@dataclass(frozen=True)
class CrisisNumbers:
    calls: frozenset[str]  # digits of every service's call and every region's emergency
    texts: dict[str, frozenset[str]]  # digits of every text number -> its keywords (upper case)
    banner: tuple[str, ...]  # the banner's hrefs: call, text, emergency

    @property
    def known(self) -> frozenset[str]:
        """Every number crisis.yml lists (hover text may name one: "988 Suicide & Crisis Lifeline")."""
        return self.calls | frozenset(self.texts)

    def check_link(self, href: str, visible: str) -> str | None:
        """Why this tel:/sms: link does not match crisis.yml, or None when it does."""
        scheme, _, rest = href.strip().partition(":")
        scheme = scheme.lower()
        number_part, _, query = rest.partition("?")
        number_part = unquote(number_part).split(";", 1)[0]
        number = digits(number_part)
        if not number or re.search(r"[^0-9+\-. ()]", number_part):
            return f"{href!r} is not a plain phone number"
        if scheme == "tel":
            if query:
                return f"{href!r} carries extra parts after the number"
            if number not in self.calls:
                return f"{number} is not a call or emergency number in macros/data/crisis.yml"
        else:
            if number not in self.texts:
                return f"{number} is not a text number in macros/data/crisis.yml"
            body = [
                value for key, value in parse_qsl(query.lstrip("&"), keep_blank_values=True) if key.lower() == "body"
            ]
            others = [key for key, _ in parse_qsl(query.lstrip("&"), keep_blank_values=True) if key.lower() != "body"]
            if others or len(body) > 1:
                return f"{href!r} carries parts other than one body="
            if body and body[0].strip().upper() not in self.texts[number]:
                return f"the message {body[0]!r} is not a keyword crisis.yml gives for {number}"
            if body and body[0].strip().upper() not in visible.upper():
                return f"the link sends {body[0]!r} but its text does not show that word"
        return visible_mismatch(number, visible)


def visible_mismatch(number: str, visible: str) -> str | None:
    """The rule for a crisis link's text: it shows the number it dials, written with optional
    spaces, hyphens, dots or parentheses between the digits ("Call 988", "Call 1-866-488-7386",
    "Text HOME to 741741"); any other number in the text is one digit (a key to press:
    "call 988 and press 1"). None when the text follows it."""
    written = [digits(m.group(0)) for m in _WRITTEN.finditer(visible)]
    if number not in written:
        return f"the link dials {number} but its text ({visible.strip()[:60]!r}) does not show {number}"
    others = [w for w in written if w != number and len(w) > 1]
    if others:
        return f"the link dials {number} but its text also shows {', '.join(others)}"
    return None


def phone_like(text: str) -> list[str]:
    """Numbers of three or more digits in hover text, years (1900-2099) aside."""
    found = []
    for match in _WRITTEN.finditer(text):
        number = digits(match.group(0))
        if len(number) >= 3 and not _YEAR.match(number):
            found.append(match.group(0).strip())
    return found


@functools.cache
def _load(path: Path, stamp: int) -> CrisisNumbers:
    from macros._yaml import validated
    from macros.errors import DataError
    from macros.models import CrisisFile

    data = validated(path, CrisisFile)
    calls, texts = set(), {}
    for region in data.regions:
        calls.add(digits(region.emergency))
        for service in region.services:
            if service.call:
                calls.add(digits(service.call))
            if service.text:
                words = texts.setdefault(digits(service.text.number), set())
                if service.text.keyword:
                    words.add(service.text.keyword.upper())
    line = data.banner_line()
    if line is None:
        raise DataError(f"the banner's service {data.banner.region}/{data.banner.service} is not in crisis.yml")
    region, service = line
    banner = (f"tel:{digits(service.call or '')}", f"sms:{digits(service.text.number if service.text else '')}")
    banner += (f"tel:{digits(region.emergency)}",)
    return CrisisNumbers(frozenset(calls), {k: frozenset(v) for k, v in texts.items()}, banner)


def numbers(root: Path) -> CrisisNumbers | None:
    """The crisis routes of the project at ``root`` (macros/data/crisis.yml), read once per change.

    None for a folder without crisis data, or with data that has a mistake: the build reports
    that mistake itself (DATA001, macros/_data.py) and fails; live preview goes on and shows it
    on every page, with no number to compare the pages' links with."""
    from macros.errors import DataError

    path = (root / "macros" / "data" / "crisis.yml").resolve()
    if not path.is_file():
        return None
    try:
        return _load(path, path.stat().st_mtime_ns)
    except DataError:
        return None
