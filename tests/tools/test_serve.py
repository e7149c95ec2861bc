"""`make serve` (live preview) on a copy of the project (issue 11):

- an edit to a core module under macros/ shows on the next rebuild, without a restart
  (mkdocs-macros imports the package once; ``macros/__init__.py`` imports it afresh);
- a mistake in a page is one line in the terminal, the preview keeps serving, the browser
  is told to reload (its live-reload request returns) and the page shows the mistake;
  after the fix, the next rebuild clears it. Before, mkdocs-macros exited the process;
- a Python mistake saved in macros/*.py is one PY001 line, and pages keep answering without
  macro output (MkDocs holds every request after a failed build); the fix brings them back.

The four share one preview (its first build is most of their time): each test puts back what
it changed and waits until the preview serves the untouched copy again, and reads only the
terminal output printed since it started.

Waits poll the server with a deadline; nothing sleeps for a fixed time.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.tools.test_make_check import after_h1, plant_python_syntax_error, venv_copy

pytestmark = pytest.mark.slow
DEADLINE = 120  # seconds; a rebuild takes a few


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Preview:
    def __init__(self, project: Path, log: Path) -> None:
        self.port = _free_port()
        self.log = log
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "-o", ".venv/.installed", "serve", f"PORT={self.port}"],
            cwd=project,
            stdout=log.open("w", encoding="utf-8"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so the test stops exactly what it started
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )

    since = 0  # where the current test's part of the terminal output starts

    @property
    def output(self) -> str:
        """What `make serve` printed in the terminal since the current test started."""
        return self.log.read_text(encoding="utf-8")[self.since :]

    def get(self, path: str, timeout: float = 10) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=timeout) as response:
            return response.read().decode("utf-8")

    def wait_for(self, what: str, check: Callable[[], bool]) -> None:
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            assert self.process.poll() is None, f"make serve exited while waiting for {what}:\n{self.output[-3000:]}"
            try:
                if check():
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}:\n{self.output[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Preview]]:
    """One `make serve` on one copy for the tests below (its first build is most of their time);
    each test puts back every file it changed and waits until the preview shows it again."""
    base = tmp_path_factory.mktemp("serve")
    project = venv_copy(base / "project")
    server = Preview(project, base / "serve.log")
    try:
        server.wait_for("the first build", lambda: "Serving on" in server.output)
        yield project, server
    finally:
        server.stop()


@pytest.fixture
def preview(server: tuple[Path, Preview]) -> Iterator[tuple[Path, Preview]]:
    """The shared preview, serving the untouched copy; afterwards every file a test changed is
    restored, and the preview has rebuilt it."""
    project, preview = server
    watched = [project / "docs/faq.md", project / "macros/page_meta.py", project / "macros/glossary.py"]
    watched.append(project / "macros/data/crisis.yml")
    originals = {path: path.read_text(encoding="utf-8") for path in watched}
    preview.since = len(preview.log.read_text(encoding="utf-8"))
    try:
        yield project, preview
    finally:
        changed = [path for path, text in originals.items() if path.read_text(encoding="utf-8") != text]
        for path in changed:
            path.write_text(originals[path], encoding="utf-8")
        if changed:
            preview.wait_for("the untouched copy again", lambda: _untouched(preview.get("/faq/")))


def _untouched(faq: str) -> bool:
    return "Sources last checked:" in faq and "Clinical review" in faq and "trd-build-error" not in faq


PREVIEW = pytest.mark.xdist_group("serve-preview")


@PREVIEW
def test_edit_to_a_core_macro_module_shows_without_a_restart(preview) -> None:
    project, server = preview
    assert "Sources last checked:" in server.get("/faq/")
    module = project / "macros/page_meta.py"
    module.write_text(
        module.read_text(encoding="utf-8").replace("Sources last checked:", "Last checked:"), encoding="utf-8"
    )
    server.wait_for("the edited macro on the page", lambda: "Last checked:" in server.get("/faq/"))


@PREVIEW
def test_mistake_during_preview_is_one_line_and_the_browser_reloads(preview) -> None:
    project, server = preview
    epoch = re.search(r"livereload\((\d+), (\d+)\)", server.get("/faq/"))
    assert epoch, "the preview injects its live-reload script"
    line = after_h1(project, "docs/faq.md", 'As shown before {{ cite("nope-2020") }}.')

    # The browser's waiting request returns with a newer version: it reloads, it does not hang.
    newer = server.get(f"/livereload/{epoch[1]}/{epoch[2]}", timeout=DEADLINE)
    assert int(newer) > int(epoch[1])
    server.wait_for("the mistake in the terminal", lambda: f"docs/faq.md:{line}: MACRO001:" in server.output)
    reported = [text for text in server.output.splitlines() if "MACRO001" in text]
    assert reported == [
        f"ERROR   -  docs/faq.md:{line}: MACRO001: unknown source 'nope-2020' in cite('nope-2020'). Did you mean "
        "'noetel-2024' or 'cole-2022' or 'cuijpers-2020'? Fix: Use 'noetel-2024' if that is the one you mean, or "
        "another id from macros/data/."
    ], reported
    assert "Traceback" not in server.output
    server.wait_for("the mistake shown in the page", lambda: "trd-build-error" in server.get("/faq/"))

    page = project / "docs/faq.md"
    page.write_text(page.read_text(encoding="utf-8").replace('{{ cite("nope-2020") }}', ""), encoding="utf-8")
    server.wait_for("the fixed page", lambda: "trd-build-error" not in server.get("/faq/"))


@PREVIEW
def test_python_mistake_in_the_macros_is_one_line_and_pages_keep_answering(preview) -> None:
    project, server = preview
    assert "Clinical review" in server.get("/faq/")  # the macros' "About this page" aside
    original = (project / "macros/glossary.py").read_text(encoding="utf-8")
    line = plant_python_syntax_error(project)
    expected = f"macros/glossary.py:{line}: PY001: The macros' Python code did not load"
    server.wait_for("the mistake in the terminal", lambda: expected in server.output)
    # Answers within 10 s, served without macro output (not a stale copy, not a held request).
    assert "Clinical review" not in server.get("/faq/", timeout=10)
    assert "Traceback" not in server.output
    (project / "macros/glossary.py").write_text(original, encoding="utf-8")
    server.wait_for("the macros back after the fix", lambda: "Clinical review" in server.get("/faq/"))


@PREVIEW
def test_a_data_mistake_during_preview_shows_on_every_page(preview) -> None:
    """Broken data used to serve every page without its facts and no notice: "Call" with no
    number on the crisis page, looking finished. Then the policy's own reading of the crisis
    data stopped the preview with a traceback; now it leaves the mistake to the build."""
    project, server = preview
    data = project / "macros/data/crisis.yml"
    original = data.read_text(encoding="utf-8")
    data.write_text(original.replace('        call: "988"\n', '        call: "98x8"\n', 1), encoding="utf-8")
    server.wait_for("the data mistake in the terminal", lambda: "DATA001" in server.output)
    for path in ("/get-help-now/", "/faq/"):
        server.wait_for(f"the notice on {path}", lambda p=path: "The shared data has a mistake" in server.get(p))
    data.write_text(original, encoding="utf-8")
    server.wait_for("the data back", lambda: "The shared data has a mistake" not in server.get("/get-help-now/"))


def test_a_taken_port_is_one_sentence_with_the_fix(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        from tests.conftest import ROOT

        result = subprocess.run(
            ["make", "--no-print-directory", "-o", ".venv/.installed", "serve", f"PORT={port}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode != 0
    assert f"Port {port} is in use" in result.stdout and f"make serve PORT={port + 1}" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
