"""File rules: every page can be read, and its name makes a clean, lasting URL."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from tools.checker.core import Problem, rule
from tools.checker.project import Project

_GOOD_NAME = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")


@rule(
    "ENC001",
    "not-utf8",
    scope="project",
    fix="Save the file as UTF-8 (in most editors: File > Save with encoding > UTF-8)",
)
def not_utf8(project: Project) -> Iterator[Problem]:
    """Every page is saved as UTF-8. MkDocs reads no other encoding, so the build stops; a
    file saved as Latin-1 or Windows-1252 by an older editor looks fine until then."""
    yield from project.unreadable


@rule(
    "FILE001",
    "file-name",
    scope="project",
    fix="Rename the file with lower-case letters, digits and dashes only, e.g. `docs/treatments/iv-ketamine.md`",
)
def file_name(project: Project) -> Iterator[Problem]:
    """File names under docs/ become web addresses. A space becomes %20, upper case gives
    two addresses that differ only in case (one breaks on case-sensitive hosts), and a
    letter outside ASCII is hard to type or share: readers see and share these addresses."""
    docs = project.root / project.docs_dir
    if not docs.is_dir():
        return
    for path in sorted(docs.rglob("*")):
        rel = path.relative_to(docs)
        if any(part.startswith(".") for part in rel.parts) or path.is_dir():
            continue
        bad = [part for part in rel.parts if not _GOOD_NAME.match(part)]
        if not bad:
            continue
        suggestion = "/".join(_clean(part) for part in rel.parts)
        yield Problem(
            f"{project.docs_dir}/{rel.as_posix()}",
            1,
            f"The name '{bad[0]}' has spaces, upper-case or non-ASCII characters, which end up in the web address",
            f"Rename it to '{project.docs_dir}/{suggestion}' (git mv), and update the links and the nav entry that name it",
        )


def _clean(part: str) -> str:
    ascii_only = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9._]+", "-", ascii_only.lower()).strip("-") or "page"
