"""Data is escaped into Markdown and HTML: a hostile or careless data edit stays text."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from macros import _data, glossary
from macros._render import sms_href
from tests.macros.conftest import page_at


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
