"""The core needs no engine, and the theme holds templates only (issue 14).

Read from the source, not the running build: ``macros/`` imports nothing from MkDocs or
mkdocs-macros, ``overrides/`` has no Python, and templates use only what both Jinja2
(MkDocs) and MiniJinja (Zensical) run.
"""

from __future__ import annotations

import ast
import re

import pytest

from tools.site import ROOT

ENGINES = ("mkdocs", "mkdocs_macros", "material", "zensical", "properdocs")


def _imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_macros_import_no_engine() -> None:
    found = sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "macros").rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in ENGINES
    )
    assert not found, (
        "macros/ must stay engine-free; engine code goes in macros/adapters/ by duck typing:\n" + "\n".join(found)
    )


def test_overrides_hold_no_python() -> None:
    assert not sorted(str(p.relative_to(ROOT)) for p in (ROOT / "overrides").rglob("*.py"))


# Jinja2-only template logic that MiniJinja (Zensical) does not run, or that edits theme HTML.
NOT_PORTABLE = {
    r"\|\s*replace\s*\(": "no replace() on rendered HTML: override the partial instead",
    r"\.strftime\s*\(": "no Python method calls: format dates in macros/ or data",
    r"\.items\s*\(\s*\)": "no Python method calls: use |dictsort",
    r"\bsrc_uri\b|\bsrc_path\b": "no MkDocs-only page attributes: compute it in macros/",
}


@pytest.mark.parametrize(
    "template", sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "overrides").rglob("*.html"))
)
def test_templates_use_only_portable_logic(template: str) -> None:
    text = (ROOT / template).read_text(encoding="utf-8")
    code = " ".join(re.findall(r"\{\{.*?\}\}|\{%.*?%\}", text, flags=re.DOTALL))
    problems = [f"{template}: {why}" for pattern, why in NOT_PORTABLE.items() if re.search(pattern, code)]
    assert not problems, "\n".join(problems)
