"""Every rule module; importing this package registers all rules in ``core.RULES``."""

from tools.checker.rules import (
    data,
    files,
    frontmatter,
    language,
    links,
    readability,
    review,
    security,
    structure,
    theme,
    writing,
)

__all__ = [
    "data",
    "files",
    "frontmatter",
    "language",
    "links",
    "readability",
    "review",
    "security",
    "structure",
    "theme",
    "writing",
]
