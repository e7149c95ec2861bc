"""The Content-Security-Policy and referrer policy every page carries, as <meta> tags.

GitHub Pages sets no response headers, so the policy is a <meta http-equiv> placed first
in <head>, before anything it governs. Inline scripts are allowed one by one by the
sha256 hash of their text: the theme's own (policy.yml), for every base URL of the site,
because instant navigation swaps a page of another depth into the same document and the
first page's policy stays in force.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable

from tools.policy.config import BASE, Policy


def script_hash(text: str) -> str:
    """The CSP source for an inline script: 'sha256-<base64 of the UTF-8 text's digest>'."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_texts(policy: Policy, bases: Iterable[str]) -> dict[str, str]:
    """Every allowed inline script text on a site with these base URLs -> its name."""
    texts = {}
    for name, template in policy.inline_scripts.items():
        for base in bases:
            texts[template.replace(BASE, base)] = name
    return texts


def content(policy: Policy, bases: Iterable[str]) -> str:
    """The CSP for every page of a site whose pages have these base URLs."""
    hashes = sorted({script_hash(text) for text in inline_texts(policy, list(bases))})
    directives = []
    for name, sources in policy.csp.items():
        extra = hashes if name == "script-src" else []
        directives.append(" ".join([name, *sources, *extra]))
    return "; ".join(directives)
