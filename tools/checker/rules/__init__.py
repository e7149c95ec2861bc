"""Every rule module; importing this package registers all rules in ``core.RULES``."""

from tools.checker.rules import data, frontmatter, language, links, readability, review, security, structure, theme

__all__ = ["data", "frontmatter", "language", "links", "readability", "review", "security", "structure", "theme"]
