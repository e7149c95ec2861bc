"""Debian's Chromium, as the browser tests and `make bench` drive it: never a downloaded browser.

Two builds of the same Debian source and version (tests/browser/test_browser.py checks they
match): ``CHROMIUM``, the whole browser, for what only a browser has (Back served from the
back/forward cache; Lighthouse in `make bench`; the engine canary); and ``HEADLESS_SHELL``,
Debian's chromium-headless-shell, the same Blink and V8 without the browser around them, for
every other browser test. It is what Playwright itself runs headless by default, and on the
page sweeps it used about a sixth less CPU than the whole browser (49-56 against 42-45 CPU
seconds for the phone sweep, alternating runs), the suite's largest cost.
"""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
HEADLESS_SHELL = os.environ.get("HEADLESS_SHELL", "/usr/bin/chromium-headless-shell")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
