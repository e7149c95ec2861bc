"""Command line: ``python -m tools.policy [SITE_DIR] [--fill-csp] [--engine NAME] [--root DIR] [--rules]``.

Checks a site already built, by MkDocs or by any other engine (the Zensical and
ProperDocs canaries), with the same code the MkDocs build hook runs
(tools/policy/published.py ``check_site``): EVERY file in the site (HTML of any origin,
SVG, JavaScript, the search index, stylesheets, file kinds) and mkdocs.yml (the hook,
redirects, reviewed scripts). Prints one line per violation, naming the source file
(docs/faq.md for faq/index.html; site/PATH when there is none), and exits 1 if there is
any. ``make build`` and ``make check`` run it after the build, so a build without the hook
still fails.

The theme's own scripts differ per engine: the policy.yml section is the one whose
generator the site's home page names (<meta name="generator">), or ``--engine NAME``.

``--fill-csp`` first does what the MkDocs hook does as it writes each page, for engines
that run no hooks (Zensical): it writes each page's Content-Security-Policy into the
placeholder of overrides/main.html (tools/policy/csp.py ``fill``, the hook's own
function), then checks. Filling a filled site again changes nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from tools.policy import csp, find_symlinks, load, page_base, rules_table
from tools.policy.config import Policy, UnknownEngine, engine_for_generator, engines
from tools.policy.published import check_site
from tools.site import ROOT, mkdocs_config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.policy", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=None, help="the built site (default: ROOT/site)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project whose mkdocs.yml and docs/ apply")
    parser.add_argument(
        "--engine",
        choices=sorted(engines()),
        help="the policy.yml section of the theme's own scripts (default: the one the site's generator names)",
    )
    parser.add_argument(
        "--fill-csp",
        action="store_true",
        help="first write each page's Content-Security-Policy, as the MkDocs hook does (engines without hooks)",
    )
    parser.add_argument("--rules", action="store_true", help="print the rules as a Markdown table and exit")
    args = parser.parse_args(argv)
    if args.rules:
        print(rules_table())
        return 0
    root = args.root.resolve()
    site = (args.site or root / "site").resolve()
    if not (site / "index.html").is_file():
        print(f"{site}: no index.html here; build the site first (make build) or name its folder", file=sys.stderr)
        return 2
    try:
        engine = args.engine or engine_for_generator(generator(site / "index.html"))
    except UnknownEngine as error:
        print(f"{site}: {error}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    config = mkdocs_config(root)
    policy = load(config, engine, root=root)
    pages = sorted(site.rglob("*.html"))
    urls = {page: _url(page.relative_to(site).as_posix()) for page in pages}
    if args.fill_csp:
        filled = sum(fill_page(page, policy, base(urls[page], policy)) for page in pages)
        print(f"Content-Security-Policy written into {filled} of {len(pages)} pages ({engine})")
    # The folders the hook's on_files checks: docs/ and the theme's custom_dir (overrides/).
    custom_dir = (config.get("theme") or {}).get("custom_dir")
    found = find_symlinks(
        [root / str(config.get("docs_dir") or "docs"), *([root / custom_dir] if custom_dir else [])], root
    )
    # Every file in the site, by the code the build hook runs (tools/policy/published.py).
    found += check_site(site, policy)
    for violation in found:
        print(violation.format())
    elapsed = time.perf_counter() - started
    print(
        f"{len(found)} security policy violations in {len({v.src for v in found})} files "
        f"(checked {len(pages)} pages and every other file in {elapsed:.1f}s; theme: {engine})"
    )
    return 1 if found else 0


def generator(page: Path) -> str:
    """The content of a page's <meta name="generator"> ("" when it has none)."""
    node = LexborHTMLParser(page.read_text(encoding="utf-8")).css_first('head > meta[name="generator"]')
    return (node.attributes.get("content") or "") if node is not None else ""


def base(url: str, policy: Policy) -> str:
    """The base URL the theme writes on a page; 404.html is a static template, rendered
    without a page, with the site's path as its base (as the hook computes it)."""
    return page_base(url, policy.site_path, template=url == "404.html")


def fill_page(path: Path, policy: Policy, page_base_url: str) -> bool:
    """Write the page's policy into its placeholder; True if the file changed. Bytes are
    kept as they are everywhere else (no newline translation)."""
    html = path.read_bytes().decode("utf-8")
    filled = csp.fill(html, policy, page_base_url)
    if filled == html:
        return False
    path.write_bytes(filled.encode("utf-8"))
    return True


def _url(path: str) -> str:
    """site path -> page URL as MkDocs writes it: a/b/index.html -> a/b/."""
    return path[: -len("index.html")] if path.endswith("index.html") else path


if __name__ == "__main__":
    sys.exit(main())
