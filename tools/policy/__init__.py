"""The hub's security promises, checked on what readers receive (issue 12).

- ``check_page(html, src)``: every rule over one rendered page (tools/policy/page.py).
- ``find_symlinks``, ``outside_files``: no symlinks in docs/ or overrides/, nothing from outside the project.
- ``csp.content``: the Content-Security-Policy, with the theme's inline-script hashes.
- ``jinja.PageSandbox``: the Jinja environment page text is rendered in.

Pure: nothing here imports MkDocs. tools/mkdocs_hooks.py runs it in every MkDocs build;
``python -m tools.policy site/`` checks a site built by any engine.
"""

from __future__ import annotations

from tools.policy import csp as csp
from tools.policy import jinja as jinja  # registers SEC116 for the rules table
from tools.policy import published as published  # registers SEC117-SEC123
from tools.policy import stylesheet as stylesheet  # registers SEC133-SEC134
from tools.policy.config import Policy, load, page_base
from tools.policy.files import find_symlinks, outside_files
from tools.policy.page import RULES, Violation, check_page, check_stylesheet, rules_table

__all__ = [
    "RULES",
    "Policy",
    "Violation",
    "check_page",
    "check_stylesheet",
    "find_symlinks",
    "load",
    "outside_files",
    "page_base",
    "rules_table",
]
