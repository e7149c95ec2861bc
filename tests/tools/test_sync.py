"""`make sync`: mkdocs.yml's static extra.crisis and the search script's crisis phrases are
generated from macros/data/crisis.yml, and the build refuses to run while they differ."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from macros import _data
from macros.adapters.mkdocs_macros import Adapter
from macros.crisis import SCRIPT_BEGIN, SCRIPT_END, SEARCH_SCRIPT, banner_context, search_script_statement
from macros.errors import DataError
from tools import sync
from tools.site import ROOT, build, mkdocs_config

STALE = "mkdocs.yml: SYNC001: extra.crisis is out of date with macros/data/crisis.yml. Fix: run make sync."
# The DataError's own text: the build log adds the rule id and the final full stop (as in STALE).
STALE_SCRIPT = (
    f"docs/{SEARCH_SCRIPT}: the crisis search phrases are out of date with macros/data/crisis.yml. Fix: run make sync"
)


def test_mkdocs_yml_is_in_sync_with_crisis_data() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert sync.synced(config, _data.load()) == config, "run `make sync` and commit mkdocs.yml"


def test_sync_rewrites_only_the_generated_block() -> None:
    data = _data.load()
    config = f"site_name: x\nextra:\n  a: 1\n  {sync.BEGIN}\n  crisis:\n    call: '000'\n  {sync.END}\n  b: 2\n"
    out = sync.synced(config, data)
    assert out.startswith("site_name: x\nextra:\n  a: 1\n") and out.endswith(f"  {sync.END}\n  b: 2\n")
    assert "'000'" not in out and f"call: '{banner_context(data)['call']}'" in out
    assert sync.synced(out, data) == out


@pytest.mark.parametrize("config", ["extra:\n  a: 1\n", f"extra:\n  {sync.END}\n  {sync.BEGIN}\n"])
def test_sync_without_one_marked_block_says_what_it_needs(config: str) -> None:
    with pytest.raises(sync.SyncError, match="exactly one generated block"):
        sync.synced(config, _data.load())


def _run_sync(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tools.sync", *args], cwd=project, capture_output=True, text=True, check=False
    )


@pytest.mark.slow
def test_changed_crisis_number_fails_the_build_until_make_sync(project_copy, tmp_path: Path) -> None:
    """Change the banner service's number once; the build says to sync; after it, every page follows."""
    project = project_copy()
    crisis = project / "macros/data/crisis.yml"
    crisis.write_text(crisis.read_text(encoding="utf-8").replace('call: "988"', 'call: "987"', 1), encoding="utf-8")
    site = tmp_path / "out"

    stale = build(project, site)
    assert stale.returncode != 0
    errors = [line for line in (stale.stdout + stale.stderr).splitlines() if line.startswith("ERROR")]
    # The root cause first; the rest are the policy refusing every page whose banner no longer
    # matches the crisis data (SEC132), which make sync also fixes.
    assert errors[0].endswith(STALE), errors
    assert all(" SEC1" in e or "security policy refused" in e for e in errors[1:]), errors
    assert _run_sync(project, "--check").returncode == 1

    synced = _run_sync(project)
    assert synced.returncode == 0, synced.stderr
    assert _run_sync(project, "--check").returncode == 0
    # make sync rewrote country.js's generated block: a reviewed script, so it is recorded again
    # (make review), as the security owners would after reading the diff.
    reviewed = subprocess.run(
        [sys.executable, "-m", "tools.policy.review", "--service-worker", "docs/sw.js", "--service-worker",
         "docs/javascripts/offline.js"],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert reviewed.returncode == 0, reviewed.stdout + reviewed.stderr
    result = build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = [p for p in site.rglob("*.html") if "assets" not in p.parts]
    stale_pages = [str(p.relative_to(site)) for p in pages if 'href="tel:987"' not in p.read_text(encoding="utf-8")]
    assert not stale_pages, f"pages still without the new number in the banner: {stale_pages}"
    crisis_page = (site / "get-help-now/index.html").read_text(encoding="utf-8")
    assert crisis_page.count('href="tel:987"') >= 2  # the banner and the list of lines


def test_search_script_is_in_sync_with_crisis_data() -> None:
    script = sync.SCRIPT.read_text(encoding="utf-8")
    assert sync.synced_script(script, _data.load()) == script, "run `make sync` and commit docs/javascripts/search.js"


def test_sync_writes_the_phrases_into_the_script_block_only() -> None:
    data = _data.load()
    script = f"(function () {{\n  var a = 1;\n  {SCRIPT_BEGIN}\n  var CRISIS_PHRASES = {{}};\n  {SCRIPT_END}\n}})();\n"
    out = sync.synced_script(script, data)
    assert out.startswith("(function () {\n  var a = 1;\n") and out.endswith(f"  {SCRIPT_END}\n}})();\n")
    assert f"  {search_script_statement(data)}\n" in out
    assert '"suicidio"' in out and "l\\u00ednea de crisis" in out  # ASCII only: accents as escapes
    assert sync.synced_script(out, data) == out


def test_stale_phrases_in_the_search_script_stop_the_build(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    script = docs / SEARCH_SCRIPT
    script.write_text(script.read_text(encoding="utf-8").replace('"suicide", ', "", 1), encoding="utf-8")
    env = SimpleNamespace(conf={"docs_dir": str(docs), "extra": mkdocs_config()["extra"]})
    with pytest.raises(DataError, match=re.escape(STALE_SCRIPT)):
        Adapter(env).check_static_config()
    script.write_text(sync.synced_script(script.read_text(encoding="utf-8"), _data.load()), encoding="utf-8")
    Adapter(env).check_static_config()
