"""The security policy on a site built by an engine that runs no hooks (the engine canary).

Zensical runs no MkDocs hooks, so ``python -m tools.policy --fill-csp SITE`` writes each
page's Content-Security-Policy after the build (with the hook's own ``csp.fill``) and
then checks the site with the policy.yml section of the engine the site's generator
names. The theme's own parts pass because they are known exactly; whatever a page's
Markdown adds must still fail, as it does in the MkDocs build. Small hand-made pages
shaped like Zensical 0.0.73's output; the real build is checked in `make canary`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.policy import check_page, csp, load
from tools.policy.__main__ import main
from tools.policy.config import CSP_PLACEHOLDER, UnknownEngine, engine_for_generator
from tools.site import ROOT, mkdocs_config

ZENSICAL = load(mkdocs_config(), "zensical")
MATERIAL = load(mkdocs_config(), "material")
SKIP = '<a id="__skip" tabindex="-1"></a>'


def zensical_page(base: str, content: str = "<h1>T</h1><p>Text.</p>", *, generator: str = "zensical-0.0.73") -> str:
    """A page as Zensical 0.0.73 writes it: placeholder first in <head>, its three inline
    scripts for this base, its __config naming its worker, its bundle, and the skip
    link's target as the article's first element."""
    prefix = "" if base == "/" else base + "/"
    scripts = {name: text.replace("{base}", base) for name, text in ZENSICAL.inline_scripts.items()}
    config = json.dumps({"base": base, "search": f"{prefix}{ZENSICAL.search_worker}"})
    return (
        f'<!doctype html><html lang="en"><head><meta http-equiv="Content-Security-Policy" content="{CSP_PLACEHOLDER}">'
        f'<meta name="referrer" content="no-referrer"><meta charset="utf-8"><meta name="generator" content="{generator}">'
        f"<title>T</title><script>{scripts['zensical-storage']}</script></head><body>"
        f'<div data-md-component="announce"><aside class="md-banner"><a href="tel:988">Call 988</a>'
        '<a href="sms:988">Text 988</a><a href="tel:911">Call 911</a></aside></div>'
        f"<header><script>{scripts['zensical-palette']}</script></header>"
        f'<main><div class="md-content" data-md-component="content"><article class="md-content__inner md-typeset">'
        f"{SKIP}{content}</article></div><script>{scripts['zensical-tabbed-anchor']}</script></main>"
        f'<script id="__config" type="application/json">{config}</script>'
        f'<script src="{prefix}assets/javascripts/bundle.77dd0ce9.min.js"></script></body></html>'
    )


def site(root: Path, content: str = "<h1>T</h1><p>Text.</p>", **kwargs: str) -> Path:
    for url, base in (("", "."), ("treatments/ect/", "../.."), ("about/", "..")):
        (root / url).mkdir(parents=True, exist_ok=True)
        (root / url / "index.html").write_text(zensical_page(base, content, **kwargs), encoding="utf-8")
    (root / "404.html").write_text(zensical_page("/", content, **kwargs), encoding="utf-8")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*.html"))}


def run(root: Path, *args: str) -> int:
    return main([str(root), "--root", str(ROOT), *args])


def test_filled_zensical_site_passes_and_filling_again_changes_nothing(tmp_path: Path, capsys) -> None:
    root = site(tmp_path)
    assert run(root) == 1, "unfilled: every page misses its policy"
    assert "was not filled in" in capsys.readouterr().out
    assert run(root, "--fill-csp") == 0
    out = capsys.readouterr().out
    assert "written into 4 of 4 pages (zensical)" in out and out.rstrip().endswith("theme: zensical)")
    filled = snapshot(root)
    assert all(CSP_PLACEHOLDER.encode() not in html for html in filled.values())
    assert run(root, "--fill-csp") == 0
    assert "written into 0 of 4 pages" in capsys.readouterr().out
    assert snapshot(root) == filled, "filling a filled site changes nothing"


def test_fill_is_the_hooks_policy_for_the_pages_depth() -> None:
    page = zensical_page("../..")
    filled = csp.fill(page, ZENSICAL, "../..")
    assert filled == page.replace(CSP_PLACEHOLDER, csp.content(ZENSICAL, ["../.."]))
    assert csp.fill(filled, ZENSICAL, "../..") == filled
    assert check_page(filled, "x", policy=ZENSICAL, url="treatments/ect/", csp=csp.content(ZENSICAL, ["../.."])) == []
    twice = page.replace("<p>Text.</p>", f"<p>{CSP_PLACEHOLDER}</p>")
    assert csp.fill(twice, ZENSICAL, "../..") == twice, "a page that repeats the placeholder is left for the check"


PLANTED = {
    "inline-script": ("<script>alert(1)</script>", "SEC101"),
    # Zensical's own scripts, but in the page's text: known text, still not the theme's place.
    "theme-config-in-content": ('<script id="__config" type="application/json">{"search": "x.js"}</script>', "SEC101"),
    "skip-target-in-content": (f"<p>{SKIP}</p>", "SEC113"),
    "second-skip-target": (SKIP, "SEC113"),
    "material-bundle-on-zensical": (
        '<script src="../../assets/javascripts/bundle.a5f9d56c.min.js"></script>',
        "SEC101",
    ),
    "handler": ('<img src="a.png" alt="" onerror="alert(1)">', "SEC102"),
}


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_what_a_page_adds_still_fails_on_a_zensical_site(tmp_path: Path, capsys, name: str) -> None:
    planted, rule = PLANTED[name]
    root = site(tmp_path, f"<h1>T</h1>{planted}<p>Text.</p>")
    assert run(root, "--fill-csp") == 1
    out = capsys.readouterr().out
    # Named by the page's source file, as the build hook names it.
    assert any(line.startswith("docs/treatments/ect.md: <") and f": {rule} " in line for line in out.splitlines()), out


def test_only_the_first_skip_target_is_the_themes() -> None:
    """The theme writes one; a second one right after it (a page's text) is refused."""
    page = csp.fill(zensical_page("../..", SKIP + "<h1>T</h1>"), ZENSICAL, "../..")
    found = check_page(page, "x", policy=ZENSICAL, url="treatments/ect/")
    # SEC126 too: the second target repeats the theme's id.
    assert [(v.rule, v.where) for v in found] == [("SEC113", "page content"), ("SEC126", "page content")]


def test_a_planted_inline_script_is_not_in_the_filled_policy() -> None:
    page = csp.fill(zensical_page("../..", "<script>alert(1)</script>"), ZENSICAL, "../..")
    assert csp.script_hash("alert(1)") not in page


def test_the_zensical_theme_fails_the_material_section_and_the_other_way_round() -> None:
    page = csp.fill(zensical_page("../.."), MATERIAL, "../..")
    found = {v.rule for v in check_page(page, "x", policy=MATERIAL, url="treatments/ect/")}
    assert found == {"SEC101", "SEC113"}, "Material's lists know none of Zensical's scripts nor its skip target"


def test_the_theme_section_comes_from_the_generator() -> None:
    assert engine_for_generator("zensical-0.0.73") == "zensical"
    assert engine_for_generator("mkdocs-1.6.1, mkdocs-material-9.8.1") == "material"
    assert engine_for_generator("mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1") == "material"
    with pytest.raises(UnknownEngine, match=r"zensical-0\.0\.74.*Fix: read that theme's templates"):
        engine_for_generator("zensical-0.0.74")


def test_a_site_from_an_unknown_engine_version_stops_with_the_fix(tmp_path: Path, capsys) -> None:
    root = site(tmp_path, generator="zensical-0.0.74")
    assert run(root, "--fill-csp") == 2
    assert "No section of tools/policy/policy.yml matches" in capsys.readouterr().err
    assert snapshot(root)["index.html"].count(CSP_PLACEHOLDER.encode()) == 1, "nothing is filled for an unknown theme"
    assert run(root, "--fill-csp", "--engine", "zensical") == 0


def test_zensicals_search_stylesheet_is_allowed_by_hash_and_only_there() -> None:
    """Zensical's bundle writes its search dialog's stylesheet as a <style> into a shadow
    root (measured in Chromium by make canary); Material writes none."""
    directives = dict(d.split(" ", 1) for d in csp.content(ZENSICAL, ["."]).split("; "))
    assert directives["style-src"] == "'self' 'sha256-NwSx/R2V/U4jnW0Tq5pQ53Y/rzPVJ4dqE7D6UTA/J1k='"
    assert dict(d.split(" ", 1) for d in csp.content(MATERIAL, ["."]).split("; "))["style-src"] == "'self'"


def test_symlinks_in_docs_and_the_theme_folder_fail_the_command_as_the_hook(tmp_path: Path, capsys) -> None:
    """The hook's on_files never runs under Zensical: the command checks the same folders."""
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "overrides").mkdir()
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (project / "overrides" / "secret.html").symlink_to("/etc/hostname")
    root = site(project / "site")
    assert main([str(root), "--root", str(project), "--fill-csp"]) == 1
    assert "overrides/secret.html: overrides/secret.html -> /etc/hostname: SEC114" in capsys.readouterr().out
