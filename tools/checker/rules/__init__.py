"""Every rule module; importing this package registers all rules in ``core.RULES``."""

from tools.checker.rules import (
    data,
    evidence,
    frontmatter,
    language,
    links,
    readability,
    review,
    security,
    structure,
    theme,
)

__all__ = [
    "data",
    "evidence",
    "frontmatter",
    "language",
    "links",
    "readability",
    "review",
    "security",
    "structure",
    "theme",
]
