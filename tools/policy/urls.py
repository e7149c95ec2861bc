"""URLs as a browser reads them (WHATWG URL Standard), reduced to what the policy asks:
which scheme, and whether the address leaves the site.

The HTML parser has already decoded character references (``&#106;avascript:``), so what
is left are the URL parser's own forgiving steps: leading and trailing C0 controls and
spaces are stripped, tabs and newlines anywhere are removed (``java\\tscript:``), and for
web addresses a backslash counts as a slash (``/\\evil.example`` goes to another host).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_STRIP = "".join(chr(c) for c in range(0x21))  # C0 controls and space
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# Schemes whose addresses name a host (the URL Standard's "special" schemes, minus file).
_WEB = frozenset({"http", "https", "ws", "wss", "ftp"})


@dataclass(frozen=True)
class Url:
    raw: str
    scheme: str | None  # lowercased; None for a relative address
    host: str | None  # lowercased; None when the address stays on the page's own host

    def outside(self, site_host: str) -> bool:
        """True if fetching or opening this address reaches a host other than the site's."""
        return self.host is not None and self.host != site_host


def parse(value: str) -> Url:
    """The scheme and host a browser would see in ``value`` (an attribute's decoded text)."""
    text = _TAB_OR_NEWLINE.sub("", value.strip(_STRIP))
    match = _SCHEME.match(text)
    if match:
        scheme = match.group(1).lower()
        if scheme not in _WEB:
            return Url(value, scheme, None)
        # http:, https:/ and https:\\ all name a host after any run of slashes.
        rest = text[match.end() :].replace("\\", "/").lstrip("/")
        return Url(value, scheme, _host(rest))
    text = text.replace("\\", "/")
    if text.startswith("//"):  # scheme-relative: another host, same scheme
        return Url(value, None, _host(text.lstrip("/")))
    return Url(value, None, None)


def _host(rest: str) -> str:
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    authority = authority.rsplit("@", 1)[-1]  # drop user:password@
    if authority.startswith("["):  # IPv6 literal
        return authority.split("]", 1)[0].lower() + "]"
    return authority.split(":", 1)[0].lower().rstrip(".")


_DESCRIPTOR = re.compile(r"^\d+(?:\.\d+)?[wxh]$", re.IGNORECASE)


def srcset_urls(value: str) -> list[str]:
    """The image addresses in a ``srcset`` (or ``imagesrcset``) value.

    Conservative: every whitespace-separated token that is not a width or density
    descriptor counts as an address, so a malformed list cannot hide one.
    """
    urls = []
    for token in re.split(r"[\s,]+", _TAB_OR_NEWLINE.sub(" ", value)):
        token = token.strip(",")
        if token and not _DESCRIPTOR.match(token):
            urls.append(token)
    return urls
