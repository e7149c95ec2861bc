"""Small rendering helpers: escaping data and building links that phones can dial."""

from __future__ import annotations

import re
from urllib.parse import quote

from markupsafe import escape


def text(value: object) -> str:
    """Data as safe inline text: HTML-escaped, and Markdown's link brackets neutralised."""
    return str(escape(str(value))).replace("[", "&#91;").replace("]", "&#93;").replace("|", "&#124;")


def attr(value: object) -> str:
    """Data for a Markdown link title or an HTML attribute value."""
    return text(value).replace('"', "&quot;")


def tel_href(number: str) -> str:
    """'800-950-6264' -> 'tel:8009506264' (keeps a leading + for international numbers)."""
    digits = re.sub(r"[^0-9+]", "", number)
    return f"tel:{digits}"


def sms_href(number: str, keyword: str | None = None) -> str:
    """An sms: link; with a keyword, the message body is pre-filled on iOS and Android.

    The body is URL-encoded, so a keyword can never end the attribute it is written into.
    """
    digits = re.sub(r"[^0-9+]", "", number)
    return f"sms:{digits}?&body={quote(keyword, safe='')}" if keyword else f"sms:{digits}"


def admonition(kind: str, title: str, body: str) -> str:
    """A Material admonition block, body indented so Markdown inside still renders."""
    indented = "\n".join(f"    {line}" if line else "" for line in body.strip().splitlines())
    return f'!!! {kind} "{attr(title)}"\n\n{indented}\n'
