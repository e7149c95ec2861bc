"""LinkChecker's command line, run as the user who started it.

Started as root, LinkChecker switches its *effective* user to ``nobody`` after reading its
settings and before loading its plugins (``linkcheck/command/linkchecker.py``,
``drop_privileges``). When the project and its ``.venv`` sit in a folder ``nobody`` cannot
enter (a fresh clone in a ``mktemp -d`` folder is mode 700; so is ``/root``), Python cannot
list LinkChecker's own plugin package, ``pkgutil`` skips it without a word, and the
AnchorCheck plugin never loads: every broken anchor passes, in the tests and in the check
of the whole site. That is why ``make test`` failed from fresh clones but passed run alone
from a readable checkout.

We only ever point LinkChecker at our own files served on 127.0.0.1, so it keeps the user
it was started with, and ``check`` refuses to report success if the anchor plugin did not
load (see ``tools/linkcheck.py``).

    python -m tools._linkchecker [linkchecker arguments]
"""

from __future__ import annotations

import sys
import threading
import urllib.parse

from linkcheck.checker.urlbase import UrlBase
from linkcheck.command import linkchecker as cli
from linkcheck.htmlutil import linkparse
from linkcheck.plugins import anchorcheck


def _keep_user() -> None:
    """Stand-in for LinkChecker's privilege drop: keep the current user (see the module docstring)."""


def anchor_plugin_loads() -> bool:
    """True if LinkChecker can find its AnchorCheck plugin as the current user."""
    from linkcheck import plugins

    found = plugins.get_plugin_classes(plugins.get_plugin_modules([]))
    return any(cls.__name__ == "AnchorCheck" for cls in found)


def _page(url_data: UrlBase) -> str:
    """The URL without its anchor: the page whose content it names."""
    return urllib.parse.urldefrag(url_data.url)[0]


def _read_each_page_once() -> None:
    """Parse each page once, not once per anchor that links to it.

    With the AnchorCheck plugin on, LinkChecker checks ``page/#a`` and ``page/#b`` as two
    URLs (rightly: each anchor must exist), but it also downloads, parses and follows the
    links of the whole page again for each one: on the hub, 1,016 parses of 88 pages, about
    nine tenths of its time. Here a page's links are followed from the first of its URLs
    only (the others would add the same links, which LinkChecker then finds in its cache),
    and its list of anchors is read once and kept; every anchor is still checked against it.
    """
    lock = threading.Lock()
    followed: set[str] = set()
    anchors: dict[str, list] = {}
    allows_recursion = UrlBase.allows_recursion

    def recurse_once(self: UrlBase) -> bool:
        with lock:
            if _page(self) in followed:
                return False
        if not allows_recursion(self):  # also parses the page, for its robots meta tag
            return False
        with lock:
            if _page(self) in followed:
                return False
            followed.add(_page(self))
        return True

    def check(self: anchorcheck.AnchorCheck, url_data: UrlBase) -> None:
        with lock:
            known = anchors.get(_page(url_data))
        if known is None:
            found = anchorcheck.UrlAnchorCheck()
            linkparse.find_links(url_data.get_soup(), found.add_anchor, linkparse.AnchorTags)
            known = found.anchors
            with lock:
                anchors[_page(url_data)] = known
        checked = anchorcheck.UrlAnchorCheck()
        checked.anchors = known
        checked.check_anchor(url_data)

    UrlBase.allows_recursion = recurse_once
    anchorcheck.AnchorCheck.check = check


def main() -> int:
    if not anchor_plugin_loads():
        print(
            "LinkChecker cannot load its AnchorCheck plugin, so broken anchors would pass unnoticed. "
            "Check that the user running it can read .venv/lib/*/site-packages/linkcheck/plugins/.",
            file=sys.stderr,
        )
        return 2
    cli.drop_privileges = _keep_user
    _read_each_page_once()
    return cli.linkchecker() or 0


if __name__ == "__main__":
    sys.exit(main())
