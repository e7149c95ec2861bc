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

from linkcheck.command import linkchecker as cli


def _keep_user() -> None:
    """Stand-in for LinkChecker's privilege drop: keep the current user (see the module docstring)."""


def anchor_plugin_loads() -> bool:
    """True if LinkChecker can find its AnchorCheck plugin as the current user."""
    from linkcheck import plugins

    found = plugins.get_plugin_classes(plugins.get_plugin_modules([]))
    return any(cls.__name__ == "AnchorCheck" for cls in found)


def main() -> int:
    if not anchor_plugin_loads():
        print(
            "LinkChecker cannot load its AnchorCheck plugin, so broken anchors would pass unnoticed. "
            "Check that the user running it can read .venv/lib/*/site-packages/linkcheck/plugins/.",
            file=sys.stderr,
        )
        return 2
    cli.drop_privileges = _keep_user
    return cli.linkchecker() or 0


if __name__ == "__main__":
    sys.exit(main())
