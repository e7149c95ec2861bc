"""TRD Hub macros: shared facts from macros/data rendered into pages.

mkdocs-macros loads this package (``module_name: macros``). ``define_env`` only wires
small modules together; each module registers the macros for one concern.
"""

from __future__ import annotations

from macros import (
    citations,
    crisis,
    crisis_directory,
    glossary,
    phq9,
    reference,
    safety,
    safety_plan,
    search,
    treatments,
)
from macros._registry import run_page_hooks

# citations comes before treatments: treatment cards cite their sources.
_MODULES = (crisis, crisis_directory, citations, treatments, glossary, safety, safety_plan, phq9, search, reference)


def define_env(env) -> None:
    """Validate every data file, then register each module's macros."""
    for module in _MODULES:
        module.register(env)


def on_pre_page_macros(env) -> None:
    run_page_hooks("pre", env)


def on_post_page_macros(env) -> None:
    run_page_hooks("post", env)
