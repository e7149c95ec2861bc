"""Check every internal link and anchor of the built site with LinkChecker.

Builds the site strictly into .build/linkcheck, serves it on 127.0.0.1 (anchor checks
need directory URLs served over HTTP, not files), runs LinkChecker with the settings
in tools/linkcheckerrc, and stops the server. Exits with LinkChecker's status.

    python -m tools.linkcheck              # internal links and anchors (make test)
    python -m tools.linkcheck --external   # also every outside link (weekly workflow)
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from tools.site import ROOT, QuietHandler, build_or_fail, serve
from tools.weight import html_pages, page_url

SITE = ROOT / ".build" / "linkcheck"
CONFIG = Path(__file__).resolve().parent / "linkcheckerrc"
EXTERNAL_CONFIG = CONFIG.with_name("linkcheckerrc-external")


class _LinkCheckerHandler(QuietHandler):
    def end_headers(self) -> None:
        # LinkChecker waits 0.1-0.6 s between requests to a host unless the server
        # answers with a "LinkChecker" header; our own local server opts in.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()


def pages(site: Path) -> list[str]:
    """Every HTML page of ``site`` as a site-relative URL: LinkChecker starts from each, so a
    page no link reaches (the 404 page) is checked too."""
    return [page_url(site, path) for path in html_pages(site)]


def _command(config: Path, url: str, site: Path, *options: str) -> list[str]:
    # Through tools/_linkchecker.py: LinkChecker's own command drops root privileges
    # before loading its plugins, which silently disables the anchor check.
    return [
        sys.executable,
        "-m",
        "tools._linkchecker",
        "--config",
        str(config),
        *options,
        *(url + p for p in pages(site)),
    ]


def check(site: Path, config: Path = CONFIG) -> int:
    """Serve ``site`` on 127.0.0.1, run LinkChecker over it, stop the server; LinkChecker's exit code."""
    with serve(site, _LinkCheckerHandler) as url:
        print(f"LinkChecker: links and anchors of {url}", flush=True)
        return subprocess.run(_command(config, url, site), cwd=ROOT).returncode


def broken(site: Path) -> list[dict[str, str]]:
    """LinkChecker's record of each broken link, anchor or image of ``site`` (its CSV output:
    ``urlname`` as written, ``parentname`` the page, ``line``, ``valid``, ``result``,
    ``warningstring``...): the same run as ``check``, as data. ``make check`` reads these."""
    with serve(site, _LinkCheckerHandler) as url:
        result = subprocess.run(
            _command(CONFIG, url, site, "--no-status", "--output", "csv"), cwd=ROOT, capture_output=True, text=True
        )
    # LinkChecker's comment lines start "# "; a row may start with "#" (a link to an anchor).
    lines = [line for line in result.stdout.splitlines() if line and not line.startswith("# ")]
    rows = list(csv.DictReader(lines, delimiter=";"))
    if result.returncode not in (0, 1) or (result.returncode == 1 and not rows):
        raise RuntimeError(f"LinkChecker did not run (exit {result.returncode}): {result.stderr.strip()[-2000:]}")
    for row in rows:
        for key in ("parentname", "url"):
            row[key] = row[key].removeprefix(url)
        row["warningstring"] = row["warningstring"].replace(url, "/")
    return rows


def main() -> int:
    build_or_fail(ROOT, SITE)
    return check(SITE, EXTERNAL_CONFIG if "--external" in sys.argv[1:] else CONFIG)


if __name__ == "__main__":
    sys.exit(main())
