"""The Content-Security-Policy and referrer policy every page carries, as <meta> tags.

GitHub Pages sets no response headers, so the policy is a <meta http-equiv> placed first
in <head>, before anything it governs. Inline scripts are allowed one by one by the
sha256 hash of their text: the theme's own (policy.yml), as written on this page (one of
them names the page's base URL, so it differs with the page's depth).

Per-page hashes suffice with Material's instant navigation, which swaps a page of
another depth into the same document, where the first page's policy stays in force (and
the new page's <meta> is added to it): Material does not run the new page's <head>
scripts, and the only inline script it re-runs (the tabbed-anchor script in the content
area) is the same on every page. tests/browser/test_security.py navigates instantly
across depths and sees no violation.

``fill`` writes the policy into a page: the MkDocs hook calls it on every page as it is
written; for engines that run no hooks (Zensical), ``python -m tools.policy --fill-csp
SITE`` calls it on every page of the built site.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable

from tools.policy.config import BASE, CSP_PLACEHOLDER, Policy


def script_hash(text: str) -> str:
    """The CSP source for an inline script: 'sha256-<base64 of the UTF-8 text's digest>'."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_texts(policy: Policy, bases: Iterable[str]) -> dict[str, str]:
    """Every allowed inline script text on pages with these base URLs -> its name."""
    texts = {}
    for name, template in policy.inline_scripts.items():
        for base in bases:
            texts[template.replace(BASE, base)] = name
    return texts


def content(policy: Policy, bases: Iterable[str]) -> str:
    """The CSP for a page with one of these base URLs (normally just the page's own): the
    hashes of the theme's inline scripts in script-src, of the <style> elements its script
    writes (policy.yml style_hashes; Material writes none) in style-src."""
    hashes = sorted({script_hash(text) for text in inline_texts(policy, list(bases))})
    added = {"script-src": hashes, "style-src": list(policy.style_hashes.values())}
    directives = []
    for name, sources in policy.csp.items():
        directives.append(" ".join([name, *sources, *added.get(name, [])]))
    return "; ".join(directives)


def fill(html: str, policy: Policy, base: str) -> str:
    """The page with our placeholder (overrides/main.html) replaced by its policy, for a page
    with this base URL. Only a page with exactly one placeholder is filled: a filled page
    comes back unchanged (so filling twice changes nothing), and a page whose text repeats
    the placeholder is left for the check to refuse."""
    if html.count(CSP_PLACEHOLDER) != 1:
        return html
    return html.replace(CSP_PLACEHOLDER, content(policy, [base]))
