"""Never break a published URL: readers bookmark pages and other sites link to them.

``docs/.published-urls.txt`` lists every URL the hub has published, one per line
(MkDocs skips files whose name starts with a dot, so it is not a page). ``make urls``
(``python -m tools.urls --update``) adds the URL of every page in nav and never removes
one. ``make check`` then fails when:

- a listed URL is no longer built: the page was renamed, moved or removed, and no
  redirect (the ``redirects`` plugin in mkdocs.yml, mkdocs-redirects) serves it;
- a page in nav has a URL that is not listed yet: run ``make urls`` and commit the list;
- a URL was deleted from the list: the list only grows, compared with the merge base
  (``git merge-base HEAD origin/main``, else ``main``); a rename must keep its old line.
"""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from tools.checker.core import Problem
from tools.site import ROOT, mkdocs_config

LIST = Path("docs/.published-urls.txt")
HEADER = """\
# Every URL TRD Hub has published. Readers bookmark them and other sites link to them, so
# `make check` fails when one is no longer built. Renamed or removed a page? Keep its line
# and add a redirect in mkdocs.yml (plugins: redirects: redirect_maps). `make urls` adds
# the URL of every page in nav; it never removes a line.
"""


def url_of(src_uri: str) -> str:
    """The URL MkDocs gives a docs file (directory URLs): 'treatments/ect.md' -> '/treatments/ect/'."""
    stem = src_uri[: -len(".md")]
    if stem == "index":
        return "/"
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return f"/{stem}/"


def nav_pages(config: dict) -> list[str]:
    """Every docs file named in nav, in order."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            if node.endswith(".md") and "://" not in node:
                found.append(node.lstrip("/"))
        elif isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            for child in node.values():
                walk(child)

    walk(config.get("nav") or [])
    return found


def read_list(root: Path) -> list[tuple[int, str]]:
    """(line, URL) for every URL in the list."""
    path = root / LIST
    if not path.is_file():
        return []
    return [
        (number, line.strip())
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


def update(root: Path) -> list[str]:
    """Add the URL of every nav page to the list; return the URLs added."""
    listed = [url for _, url in read_list(root)]
    docs = root / str(mkdocs_config(root).get("docs_dir", "docs"))
    # Only pages that exist: a nav typo must not publish a URL that never existed.
    current = [url_of(page) for page in nav_pages(mkdocs_config(root)) if (docs / page).is_file()]
    added = [url for url in dict.fromkeys(current) if url not in listed]
    urls = sorted({*listed, *added}, key=lambda u: (u != "/", u))
    (root / LIST).write_text(HEADER + "\n".join(urls) + "\n", encoding="utf-8")
    return added


def check(site: Path, root: Path) -> list[Problem]:
    """A published URL that is not built, and a nav page whose URL is not listed yet."""
    problems: list[Problem] = []
    listed = read_list(root)
    if not listed:
        return [
            Problem(
                LIST.as_posix(),
                1,
                f"{LIST} is missing or empty, so a renamed page would break readers' links unnoticed",
                "Run make urls and commit the file",
                rule="URL002",
            )
        ]
    config = mkdocs_config(root)
    pages = nav_pages(config)
    known = {url for _, url in listed}
    gone = [(number, url) for number, url in listed if not _built(site, url)]
    new_pages = [page for page in pages if url_of(page) not in known]  # where a moved page may have gone
    went = _where_they_went([_source_for(url) for _, url in gone], new_pages)
    for number, url in gone:
        source = _source_for(url)
        problems.append(
            Problem(
                LIST.as_posix(),
                number,
                f"The published URL {url} is no longer built and nothing redirects it, "
                "so readers' bookmarks and links from other sites to it break",
                "Restore the page, or add a redirect "
                + (
                    f"to where it went in mkdocs.yml, under plugins: - redirects: redirect_maps:, e.g. '{source}': "
                    f"'{went[source]}'"
                    if source in went
                    else f"in mkdocs.yml, under plugins: - redirects: redirect_maps:, from '{source}' to the page "
                    "that replaces it"
                ),
                rule="URL001",
            )
        )
    problems += _removed_lines(root, known)
    nav_line = _nav_line(root)
    docs = root / str(mkdocs_config(root).get("docs_dir", "docs"))
    for page in pages:
        if url_of(page) not in known and (docs / page).is_file():  # a missing file is ST006's
            problems.append(
                Problem(
                    "mkdocs.yml",
                    nav_line.get(page, 1),
                    f"The page {page} is published at {url_of(page)}, which is not in {LIST} yet",
                    f"Run make urls and commit {LIST}, so the URL stays protected if the page is renamed",
                    rule="URL002",
                )
            )
    return problems


def _base_list(root: Path) -> list[str] | None:
    """The list as committed at the merge base with main (None outside git or without main)."""

    def git(*args: str) -> str | None:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
        return result.stdout if result.returncode == 0 else None

    for ref in ("origin/main", "main"):
        base = git("merge-base", "HEAD", ref)
        if base:
            text = git("show", f"{base.strip()}:{LIST.as_posix()}")
            if text is not None:
                return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return None


def _removed_lines(root: Path, known: set[str]) -> list[Problem]:
    base = _base_list(root)
    return [
        Problem(
            LIST.as_posix(),
            1,
            f"The published URL {url} was deleted from {LIST}; the list only grows, so a renamed page "
            "cannot slip through without a redirect",
            f"Put the line '{url}' back; if the page moved, add a redirect in mkdocs.yml (redirect_maps)",
            rule="URL003",
        )
        for url in base or []
        if url not in known
    ]


def _source_for(url: str) -> str:
    """The redirect_maps key for an old URL: '/treatments/ect/' -> 'treatments/ect.md'."""
    stem = url.strip("/")
    return f"{stem}.md" if stem else "index.md"


def _built(site: Path, url: str) -> bool:
    target = site / url.lstrip("/")
    return (target / "index.html").is_file() or (target.is_file() and target.suffix == ".html")


def _where_they_went(sources: list[str], new_pages: list[str]) -> dict[str, str]:
    """The new page of each gone page, only when the match is sure: the same name in another
    folder, a close spelling, or the old name as the new one's initials ('vns.md' ->
    'vagus-nerve-stimulation.md'), and only one way round (two renames never pair crosswise)."""

    def alike(old: str, new: str) -> bool:
        a, b = Path(old).stem.lower(), Path(new).stem.lower()
        initials = "".join(word[0] for word in re.split(r"[-_]", b) if word)
        return a in (b, initials) or difflib.SequenceMatcher(None, a, b).ratio() >= 0.8

    matches = {old: [new for new in new_pages if alike(old, new)] for old in sources}
    claimed = Counter(new for found in matches.values() for new in found)
    return {old: found[0] for old, found in matches.items() if len(found) == 1 and claimed[found[0]] == 1}


def _nav_line(root: Path) -> dict[str, int]:
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    found: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        value = line.strip().rsplit(" ", 1)[-1]
        if value.endswith(".md"):
            found.setdefault(value, number)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.urls", description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help=f"add every nav page's URL to {LIST}")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    if args.update:
        added = update(args.root)
        print(f"{LIST}: added {len(added)} URL(s)" + (": " + ", ".join(added) if added else ""))
        return 0
    for number, url in read_list(args.root):
        print(f"{number}: {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
