"""Check every internal link and anchor of the built site with LinkChecker.

Builds the site strictly into .build/linkcheck, serves it on 127.0.0.1 (anchor checks
need directory URLs served over HTTP, not files), runs LinkChecker with the settings
in tools/linkcheckerrc, and stops the server. Exits with LinkChecker's status.

    python -m tools.linkcheck              # internal links and anchors (make test)
    python -m tools.linkcheck --external   # also every outside link (weekly workflow)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tools.site import ROOT, QuietHandler, build_or_fail, serve

SITE = ROOT / ".build" / "linkcheck"
CONFIG = Path(__file__).resolve().parent / "linkcheckerrc"
EXTERNAL_CONFIG = CONFIG.with_name("linkcheckerrc-external")


class _LinkCheckerHandler(QuietHandler):
    def end_headers(self) -> None:
        # LinkChecker waits 0.1-0.6 s between requests to a host unless the server
        # answers with a "LinkChecker" header; our own local server opts in.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()


def check(site: Path, config: Path = CONFIG) -> int:
    """Serve ``site`` on 127.0.0.1, run LinkChecker over it, stop the server; LinkChecker's exit code."""
    with serve(site, _LinkCheckerHandler) as url:
        print(f"LinkChecker: links and anchors of {url}", flush=True)
        # Through tools/_linkchecker.py: LinkChecker's own command drops root privileges
        # before loading its plugins, which silently disables the anchor check.
        command = [sys.executable, "-m", "tools._linkchecker", "--config", str(config), url]
        return subprocess.run(command, cwd=ROOT).returncode


def main() -> int:
    build_or_fail(ROOT, SITE)
    return check(SITE, EXTERNAL_CONFIG if "--external" in sys.argv[1:] else CONFIG)


if __name__ == "__main__":
    sys.exit(main())
