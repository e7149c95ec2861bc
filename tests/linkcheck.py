"""Check every internal link and anchor of the built site with LinkChecker.

Builds the site strictly into .build/linkcheck, serves it on 127.0.0.1 (anchor checks
need directory URLs served over HTTP, not files), runs LinkChecker with the settings
in tests/linkcheckerrc, and stops the server. Exits with LinkChecker's status.

    python -m tests.linkcheck              # internal links and anchors (make test)
    python -m tests.linkcheck --external   # also every outside link (weekly workflow)
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / ".build" / "linkcheck"
CONFIG = ROOT / "tests" / "linkcheckerrc"
EXTERNAL_CONFIG = ROOT / "tests" / "linkcheckerrc-external"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        # LinkChecker waits 0.1-0.6 s between requests to a host unless the server
        # answers with a "LinkChecker" header; our own local server opts in.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()


def check(site: Path, config: Path = CONFIG) -> int:
    """Serve ``site`` on 127.0.0.1, run LinkChecker over it, stop the server; LinkChecker's exit code."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    linkchecker = shutil.which("linkchecker", path=str(Path(sys.executable).parent)) or "linkchecker"
    try:
        print(f"LinkChecker: internal links and anchors of {url}", flush=True)
        return subprocess.run([linkchecker, "--config", str(config), url], cwd=ROOT).returncode
    finally:
        server.shutdown()
        server.server_close()


def main() -> int:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--quiet", "--site-dir", str(SITE)]
    subprocess.run(build, cwd=ROOT, check=True, env=env)
    return check(SITE, EXTERNAL_CONFIG if "--external" in sys.argv[1:] else CONFIG)


if __name__ == "__main__":
    sys.exit(main())
