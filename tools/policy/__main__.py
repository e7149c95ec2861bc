"""Command line: ``python -m tools.policy [SITE_DIR] [--root DIR] [--rules]``.

Checks a site already built, by MkDocs or by any other engine (the Zensical and
ProperDocs canaries), against the same rules the MkDocs build hook applies: every
.html page and every .css file. Prints one line per violation, naming the page, and
exits 1 if there is any. The source file is not known here, so pages are named by
their path in the site.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tools.policy import check_page, check_stylesheet, csp, find_symlinks, load, page_base, rules_table
from tools.site import ROOT, mkdocs_config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.policy", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=None, help="the built site (default: ROOT/site)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project whose mkdocs.yml and docs/ apply")
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
    started = time.perf_counter()
    config = mkdocs_config(root)
    policy = load(config)
    pages = sorted(site.rglob("*.html"))
    urls = {page: _url(page.relative_to(site).as_posix()) for page in pages}
    found = find_symlinks([root / str(config.get("docs_dir") or "docs")], root)
    for page in pages:
        # MkDocs renders 404.html as a static template, with the site's path as its base.
        expected = csp.content(policy, [page_base(urls[page], policy.site_path, template=urls[page] == "404.html")])
        found += check_page(
            page.read_text(encoding="utf-8"),
            f"site/{urls[page] or 'index.html'}",
            policy=policy,
            url=urls[page],
            csp=expected,
        )
    for sheet in sorted(site.rglob("*.css")):
        found += check_stylesheet(
            sheet.read_text(encoding="utf-8"), f"site/{sheet.relative_to(site).as_posix()}", policy
        )
    for violation in found:
        print(violation.format())
    elapsed = time.perf_counter() - started
    print(
        f"{len(found)} security policy violations in {len({v.src for v in found})} files (checked {len(pages)} pages in {elapsed:.1f}s)"
    )
    return 1 if found else 0


def _url(path: str) -> str:
    """site path -> page URL as MkDocs writes it: a/b/index.html -> a/b/."""
    return path[: -len("index.html")] if path.endswith("index.html") else path


if __name__ == "__main__":
    sys.exit(main())
