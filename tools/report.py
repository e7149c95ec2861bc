"""`make report`: reading level and citations for every page of the built site.

Prints one row per page (Flesch-Kincaid grade of prose, words, sources cited) and the
thresholds: at most 8 on the median page and at most 10 on any page. Exits non-zero
when a threshold is missed, naming the page and its three longest sentences.

    python -m tools.report [--site DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup

from tools.prose import MAX_GRADE_ANY_PAGE, MAX_GRADE_MEDIAN, median_grade, prose_blocks, readability
from tools.site import ROOT, build_or_fail

# Pages whose clinical claims must be traceable: at least this many cited sources each.
MIN_SOURCES = 3
CITED_SECTIONS = ("understanding/", "treatments/")
# Generated reference pages are lists of data, not prose to grade.
NOT_GRADED = ("about/macros/", "glossary/")


def page_rows(site: Path) -> list[dict]:
    rows = []
    for html_file in sorted(site.rglob("index.html")):
        rel = html_file.parent.relative_to(site).as_posix()
        url = "" if rel == "." else rel + "/"
        if url.startswith(("search/", "assets/")):
            continue
        html = html_file.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        sources = len(soup.select("ol.references > li"))
        result = readability(prose_blocks(html))
        rows.append(
            {
                "page": url or "(home)",
                "grade": round(result.grade, 1),
                "words": result.words,
                "sources": sources,
                "graded": not url.startswith(NOT_GRADED),
                "needs_sources": url.startswith(CITED_SECTIONS),
                "longest": result.longest(),
            }
        )
    return rows


def problems(rows: list[dict]) -> list[str]:
    found = []
    graded = [r for r in rows if r["graded"] and r["words"]]
    for r in graded:
        if r["grade"] > MAX_GRADE_ANY_PAGE:
            longest = "\n      ".join(f"- {s}" for s in r["longest"])
            found.append(
                f"{r['page']}: reading grade {r['grade']} is over {MAX_GRADE_ANY_PAGE}. Shorten these sentences first:\n      {longest}"
            )
    median = median_grade([r["grade"] for r in graded])
    if median > MAX_GRADE_MEDIAN:
        found.append(f"median reading grade {median:.1f} is over {MAX_GRADE_MEDIAN}")
    for r in rows:
        if r["needs_sources"] and r["sources"] < MIN_SOURCES:
            found.append(
                f"{r['page']}: cites {r['sources']} source(s); pages in {', '.join(CITED_SECTIONS)} need at least {MIN_SOURCES}"
            )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one now)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = build_or_fail(ROOT, Path(tmp) / "site")
        rows = page_rows(site)
    print(f"{'page':48} {'grade':>5} {'words':>6} {'sources':>7}")
    for r in rows:
        mark = "" if r["graded"] else "  (not graded: generated list)"
        print(f"{r['page']:48} {r['grade']:>5} {r['words']:>6} {r['sources']:>7}{mark}")
    graded = [r["grade"] for r in rows if r["graded"] and r["words"]]
    print(
        f"\n{len(rows)} pages; median grade {median_grade(graded):.1f} (limit {MAX_GRADE_MEDIAN}); "
        f"highest {max(graded, default=0):.1f} (limit {MAX_GRADE_ANY_PAGE})"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    found = problems(rows)
    for p in found:
        print(f"FAIL {p}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
