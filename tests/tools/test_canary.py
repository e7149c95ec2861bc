"""The engine canary's own checks on small hand-made sites: every page of another engine's
build must carry the crisis banner and a header "Get help now" link that leads to the
crisis page. (The builds themselves run in `make canary`, not here.)"""

from __future__ import annotations

from pathlib import Path

from tools.canary import Summary, crisis_phrases, crisis_routes

BANNER = '<div class="trd-crisis"><a href="tel:988">Call 988</a></div>'
HELP = '<header><a class="trd-help-link" href="{href}">Get help now</a></header>'


def _write(site: Path, url: str, html: str) -> None:
    path = site / url / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><body>{html}</body></html>", encoding="utf-8")


def test_pages_with_banner_and_help_link_pass(tmp_path: Path) -> None:
    _write(tmp_path, "", BANNER + HELP.format(href="./get-help-now/"))
    _write(tmp_path, "treatments/ect", BANNER + HELP.format(href="../../get-help-now/"))
    assert crisis_routes(tmp_path, "get-help-now/") == {}


def test_missing_banner_missing_link_and_wrong_target_are_named_per_page(tmp_path: Path) -> None:
    _write(tmp_path, "faq", HELP.format(href="../get-help-now/"))
    _write(tmp_path, "glossary", BANNER + "<header></header><a class='trd-help-link' href='../get-help-now/'>x</a>")
    # Computed from an empty page path: right text, wrong page.
    _write(tmp_path, "treatments/ect", BANNER + HELP.format(href="../get-help-now/"))
    assert crisis_routes(tmp_path, "get-help-now/") == {
        "faq/": ["no crisis banner with a call link"],
        "glossary/": ['no "Get help now" link in the header'],
        "treatments/ect/": ['"Get help now" leads to ../get-help-now/, not to /get-help-now/'],
    }


def test_summary_fails_only_on_required_checks() -> None:
    summary = Summary()
    summary.add("Zensical: python -m tools.policy", "no such module (yet): skipped")
    assert summary.failures == [] and summary.render().endswith("canary: all required checks passed")
    summary.add("Zensical: LinkChecker", "broken links or anchors (exit 1)", ok=False)
    assert summary.render().endswith("FAILED: Zensical: LinkChecker: broken links or anchors (exit 1)")


def test_crisis_phrases_are_the_ones_search_puts_help_first_for() -> None:
    """The canary types each of them into Zensical's search (a known difference, measured)."""
    phrases = crisis_phrases()
    assert "suicide" in phrases and "quiero morir" in phrases and len(phrases) == len(set(phrases))
