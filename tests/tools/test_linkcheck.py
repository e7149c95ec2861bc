"""LinkChecker's settings catch what they must: a broken anchor (a warning) and a broken
link (an error) each make the check fail; a clean site passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.linkcheck import check

GOOD = '<html><body><h1 id="top">Top</h1><a href="other.html#part">other</a></body></html>'
OTHER = '<html><body><h2 id="part">Part</h2><a href="index.html#top">back</a> <a href="tel:988">Call</a></body></html>'


def _site(tmp_path: Path, index: str, other: str = OTHER) -> Path:
    (tmp_path / "index.html").write_text(index, encoding="utf-8")
    (tmp_path / "other.html").write_text(other, encoding="utf-8")
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


# tools/_linkchecker.py reads each page once, however many of its anchors are linked: a
# broken anchor must still fail whichever of the page's URLs is checked first, and the links
# of a page reached only through its anchors must still be followed.
TWO_ANCHORS = (
    '<html><body><h1 id="top">Top</h1><a href="other.html#{}">a</a> <a href="other.html#{}">b</a></body></html>'
)


@pytest.mark.parametrize(
    ("index", "other"),
    [
        (TWO_ANCHORS.format("part", "missing"), OTHER),
        # Found only when other.html is read, so checked after its anchors are kept:
        (TWO_ANCHORS.format("part", "part2"), OTHER.replace("index.html#top", "other.html#missing")),
        (TWO_ANCHORS.format("part", "part2"), OTHER.replace("index.html#top", "gone.html")),
        (TWO_ANCHORS.format("part", "part2"), OTHER.replace("index.html#top", "index.html#nowhere")),
    ],
    ids=[
        "one-anchor-broken",
        "anchor-broken-after-the-page-was-read",
        "broken-link-on-anchored-page",
        "broken-anchor-on-anchored-page",
    ],
)
def test_every_anchor_and_link_of_a_page_linked_by_several_anchors_is_checked(
    tmp_path: Path, index: str, other: str, fixed_site_passes
) -> None:
    other = other.replace('<h2 id="part">', '<h2 id="part2">P2</h2><h2 id="part">')
    assert check(_site(tmp_path, index, other)) != 0
    fixed = (
        index.replace("missing", "part"),
        other.replace("gone.html", "index.html").replace("#nowhere", "#top").replace("#missing", "#part"),
    )
    assert fixed_site_passes(*fixed), f"the fixed site fails: {fixed}"


@pytest.fixture(scope="module")
def fixed_site_passes(tmp_path_factory: pytest.TempPathFactory):
    """Whether LinkChecker passes a site of these two pages; three of the cases above fix to the
    same site, which is checked once."""
    found: dict[tuple[str, str], bool] = {}

    def passes(index: str, other: str) -> bool:
        if (index, other) not in found:
            found[index, other] = check(_site(tmp_path_factory.mktemp("fixed"), index, other)) == 0
        return found[index, other]

    return passes


def test_linkchecker_keeps_its_user_so_the_anchor_plugin_loads(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Run as root, LinkChecker's own command switches to `nobody` before loading its plugins;
    from a fresh clone in a folder `nobody` cannot enter, the anchor check then silently
    vanished (tools/_linkchecker.py). Our entry point keeps the user."""
    assert check(_site(tmp_path, GOOD)) == 0
    assert "dropping privileges" not in capfd.readouterr().err


def test_linkchecker_refuses_to_run_without_its_anchor_plugin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from linkcheck import plugins

    from tools import _linkchecker

    monkeypatch.setattr(plugins, "get_plugin_modules", lambda folders: iter(()))
    assert _linkchecker.main() == 2
    assert "cannot load its AnchorCheck plugin" in capsys.readouterr().err
