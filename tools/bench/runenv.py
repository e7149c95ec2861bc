"""What every step of the bench shares: where figures go, the environment its
subprocesses get (nothing may download a browser), and the progress log."""

from __future__ import annotations

import os
import sys

from tools.site import ROOT

ARTIFACTS = ROOT / "artifacts"
# Nothing may fetch a browser of its own: chromium comes from Debian (make browser).
NO_DOWNLOADS = {
    "PUPPETEER_SKIP_DOWNLOAD": "1",
    "PUPPETEER_SKIP_CHROMIUM_DOWNLOAD": "1",
    "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
    "NO_MKDOCS_2_WARNING": "1",
}


def env(**extra: str) -> dict[str, str]:
    """This process's environment, with downloads off and ``extra`` added."""
    return {**os.environ, **NO_DOWNLOADS, **extra}


def log(message: str) -> None:
    """A progress line on stderr; the table goes to stdout."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)
