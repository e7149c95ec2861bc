"""LinkChecker's settings catch what they must: a broken anchor (a warning) and a broken
link (an error) each make the check fail; a clean site passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.linkcheck import check

GOOD = '<html><body><h1 id="top">Top</h1><a href="other.html#part">other</a></body></html>'
OTHER = '<html><body><h2 id="part">Part</h2><a href="index.html#top">back</a> <a href="tel:988">Call</a></body></html>'


def _site(tmp_path: Path, index: str) -> Path:
    (tmp_path / "index.html").write_text(index, encoding="utf-8")
    (tmp_path / "other.html").write_text(OTHER, encoding="utf-8")
    return tmp_path


def test_clean_site_passes(tmp_path: Path) -> None:
    assert check(_site(tmp_path, GOOD)) == 0


@pytest.mark.parametrize(
    "index",
    [GOOD.replace("#part", "#missing"), GOOD.replace("other.html", "gone.html")],
    ids=["broken-anchor", "broken-link"],
)
def test_broken_anchor_or_link_fails(tmp_path: Path, index: str) -> None:
    assert check(_site(tmp_path, index)) != 0
