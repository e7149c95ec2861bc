"""Every rule module; importing this package registers all rules in ``core.RULES``."""

from tools.checker.rules import (
    crisis_data,
    data,
    evidence,
    files,
    frontmatter,
    language,
    links,
    markdown,
    readability,
    review,
    security,
    structure,
    theme,
    writing,
)

__all__ = [
    "crisis_data",
    "data",
    "evidence",
    "files",
    "frontmatter",
    "language",
    "links",
    "markdown",
    "readability",
    "review",
    "security",
    "structure",
    "theme",
    "writing",
]
