"""Data is escaped into Markdown and HTML: a hostile or careless data edit stays text."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from macros import _data, glossary
from macros._render import sms_href
from tests.macros.conftest import page_at
from tools.site import build


def test_data_is_escaped_into_html(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(_data.DATA_DIR, data_dir)
    terms = yaml.safe_load((data_dir / "glossary.yml").read_text(encoding="utf-8"))
    terms["terms"][0]["definition"] = "<script>alert(1)</script> [x](javascript:alert(1))"
    (data_dir / "glossary.yml").write_text(yaml.safe_dump(terms), encoding="utf-8")
    data = _data.load(data_dir)
    page = page_at("faq.md")
    out = glossary.glossary(data, page) + glossary.term(data, page, terms["terms"][0]["id"])
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "[x](javascript" not in out


def test_sms_body_is_url_encoded() -> None:
    assert sms_href("741741", "HOME") == "sms:741741?&body=HOME"
    href = sms_href("741741", 'HOME" onclick="x <b>&')
    assert href == "sms:741741?&body=HOME%22%20onclick%3D%22x%20%3Cb%3E%26"
    assert not set('"<> ') & set(href)
    assert sms_href("988") == "sms:988"


HOSTILE_MESSAGE = 'Help <b>now</b> "quoted" <script>alert(1)</script> & <img src=x onerror=alert(1)>'
HOSTILE_KEYWORD = 'HOME" onmouseover="alert(1)" x="<b>'


@pytest.mark.slow
def test_hostile_banner_data_is_inert_on_every_page(project_copy, tmp_path: Path) -> None:
    """A " or <b> in the banner message or SMS keyword stays text on every page (issue 12)."""
    project = project_copy()
    crisis = project / "macros/data/crisis.yml"
    content = yaml.safe_load(crisis.read_text(encoding="utf-8"))
    content["banner"]["message"] = HOSTILE_MESSAGE
    banner_service = next(
        s
        for r in content["regions"]
        if r["id"] == content["banner"]["region"]
        for s in r["services"]
        if s["id"] == content["banner"]["service"]
    )
    banner_service["text"]["keyword"] = HOSTILE_KEYWORD
    crisis.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), encoding="utf-8")
    synced = subprocess.run([sys.executable, "-m", "tools.sync"], cwd=project, capture_output=True, text=True)
    assert synced.returncode == 0, synced.stderr
    # Since issue 20 the policy also refuses a banner text link whose keyword the reader does
    # not see (SEC124): the hostile keyword never reaches a reader. Without it, the message
    # must still build and stay text everywhere.
    refused = build(project, tmp_path / "refused")
    assert refused.returncode != 0 and "SEC124" in refused.stdout + refused.stderr
    del banner_service["text"]["keyword"]
    crisis.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "tools.sync"], cwd=project, capture_output=True, text=True, check=True)
    site = tmp_path / "out"
    result = build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr

    pages = [p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in ("assets", "search")]
    assert len(pages) > 5
    live = []
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        banner = soup.select_one(".trd-crisis")
        name = str(path.relative_to(site))
        if banner is None:
            live.append(f"{name}: no banner")
            continue
        if banner.select("b, script, img") or any(a.startswith("on") for tag in banner.find_all() for a in tag.attrs):
            live.append(f"{name}: markup from data in the banner")
        if banner.select_one(".trd-crisis__message").get_text() != HOSTILE_MESSAGE:
            live.append(f"{name}: banner message not shown as text")
        hrefs = [a["href"] for a in banner.select("a[href^='sms:']")]
        if hrefs != ["sms:988"]:
            live.append(f"{name}: sms link {hrefs}")
    assert not live, "\n".join(live)
